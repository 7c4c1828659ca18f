"""SQLAlchemy 2 typed models: one class per entity of DESIGN §3.

Day numbers (days since 1970-01-01) sit beside the dates: the panes draw from them
as integer arrays, and they index and compare the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Country(Base):
    __tablename__ = "country"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    iso2: Mapped[str | None] = mapped_column(String(2))
    m49: Mapped[int | None] = mapped_column(Integer)  # looked up in memory, not by SQL
    fips: Mapped[str | None] = mapped_column(String(2))
    cameo: Mapped[str | None] = mapped_column(String(3))


class Actor(Base):
    __tablename__ = "actor"
    __table_args__ = (UniqueConstraint("name", "country_iso3"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    country_iso3: Mapped[str | None] = mapped_column(ForeignKey("country.iso3"))
    native_name: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(30))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("outlet", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    outlet: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(12))
    scale: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("origin_dataset", "origin_id"),
        Index("ix_event_start_day_type", "start_day", "type"),
        # For sorting the events table (migration 0002).
        Index("ix_event_title", "title"),
        Index("ix_event_type_start_day", "type", "start_day"),
        Index("ix_event_end_day", "end_day", "start_day",
              sqlite_where=text("end_day IS NOT NULL"),
              postgresql_where=text("end_day IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(40))
    original_type: Mapped[str | None] = mapped_column(String(120))
    original_subtype: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    start_day: Mapped[int] = mapped_column(Integer)
    end_day: Mapped[int | None] = mapped_column(Integer)
    precision: Mapped[str] = mapped_column(String(12), default="day")
    location: Mapped[str | None] = mapped_column(String(300))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    cameo_code: Mapped[str | None] = mapped_column(String(8))
    goldstein: Mapped[float | None] = mapped_column(Float)
    tone: Mapped[float | None] = mapped_column(Float)
    mentions: Mapped[int | None] = mapped_column(Integer)
    origin_dataset: Mapped[str | None] = mapped_column(String(40))
    origin_id: Mapped[str | None] = mapped_column(String(120))
    # Not indexed: no query selects by batch, and import batches are never deleted.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    officer_note: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": version}


class EventCountry(Base):
    __tablename__ = "event_country"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    country_iso3: Mapped[str] = mapped_column(
        ForeignKey("country.iso3"), primary_key=True, index=True
    )


class EventActor(Base):
    __tablename__ = "event_actor"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True, default="participant")


class EventTag(Base):
    __tablename__ = "event_tag"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class EventSource(Base):
    __tablename__ = "event_source"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)


class TradeFigure(Base):
    __tablename__ = "trade_figure"
    __table_args__ = (
        UniqueConstraint("origin_dataset", "origin_id"),
        Index(
            "ix_trade_figure_series",
            "reporter_iso3",
            "partner_iso3",
            "flow",
            "commodity_code",
            "coverage",  # series differ by coverage: the series list reads only this index
            "start_day",
        ),
        # The store's trade date range (the window a store opens on) from the index ends.
        Index("ix_trade_figure_period_start", "period_start"),
        Index("ix_trade_figure_period_end", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_iso3: Mapped[str] = mapped_column(ForeignKey("country.iso3"))
    partner_iso3: Mapped[str] = mapped_column(ForeignKey("country.iso3"))
    flow: Mapped[str] = mapped_column(String(12))
    period_kind: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    start_day: Mapped[int] = mapped_column(Integer)
    end_day: Mapped[int] = mapped_column(Integer)
    fiscal_year: Mapped[str | None] = mapped_column(String(9))
    classification: Mapped[str | None] = mapped_column(String(12))
    commodity_code: Mapped[str] = mapped_column(String(20), default="TOTAL")
    commodity_label: Mapped[str | None] = mapped_column(String(300))
    value_usd: Mapped[float] = mapped_column(Float)
    quantity: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(30))
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    # What the value counts: goods, services, or goods and services together (migration 0004).
    coverage: Mapped[str] = mapped_column(String(20), default="goods", server_default="goods")
    # The figure this one restates (same series and period); the older stays, never summed.
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("trade_figure.id", ondelete="SET NULL", deferrable=True,
                   initially="DEFERRED"), index=True)
    origin_dataset: Mapped[str | None] = mapped_column(String(40))
    origin_id: Mapped[str | None] = mapped_column(String(120))
    # Not indexed: no query selects by batch, and import batches are never deleted.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    officer_note: Mapped[str | None] = mapped_column(Text)


class TradeFigureSource(Base):
    """The sources that report a trade figure, in the order they were cited."""

    __tablename__ = "trade_figure_source"

    trade_figure_id: Mapped[int] = mapped_column(
        ForeignKey("trade_figure.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Era(Base):
    __tablename__ = "era"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    color: Mapped[str] = mapped_column(String(9), default="#8da0cb")
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class SavedView(Base):
    __tablename__ = "saved_view"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    window_start: Mapped[dt.date | None] = mapped_column(Date)
    window_end: Mapped[dt.date | None] = mapped_column(Date)
    filter_json: Mapped[str] = mapped_column(Text, default="{}")
    lane_key: Mapped[str] = mapped_column(String(20), default="type")
    is_startup: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class StoreChange(Base):
    """One row whose counter every write transaction raises: how a window learns that
    another officer (or process) changed the store since it last read it."""

    __tablename__ = "store_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Annotation(Base):
    """An officer's dated note that stands on the timeline by itself ("ask embassy")."""

    __tablename__ = "annotation"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    start_day: Mapped[int] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ChangeLog(Base):
    """One change to one row: who, when, what it was and what it became."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    changed_by: Mapped[str | None] = mapped_column(String(120))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    import_batch_id: Mapped[int | None] = mapped_column(Integer)
    old_values: Mapped[str | None] = mapped_column(Text)  # JSON of the fields that changed
    new_values: Mapped[str | None] = mapped_column(Text)
