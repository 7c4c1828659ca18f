"""What a store holds in a few numbers (counts and date ranges) and its eras."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from viewer.domain.model import ActorRef, DateRange, Era, StoreInfo
from viewer.domain.periods import from_day_number
from viewer.store import schema as s
from viewer.store.engine import Store


def store_info(store: Store, conn: Connection) -> StoreInfo:
    """Counts and date ranges of everything in the store."""
    def count(model) -> int:  # noqa: ANN001
        return conn.scalar(select(func.count()).select_from(model)) or 0

    # One MIN or MAX per query: both backends then read it from the index's end.
    e = s.Event
    first = conn.scalar(select(func.min(e.start_day)))
    ends = (conn.scalar(select(func.max(e.start_day))),
            conn.scalar(select(func.max(e.end_day)).where(e.end_day.is_not(None))))
    last = max((d for d in ends if d is not None), default=None)
    events = DateRange(count(e), from_day_number(first) if first is not None else None,
                       from_day_number(last) if last is not None else None)
    t = s.TradeFigure
    n = count(t)
    lo, hi = conn.scalar(select(func.min(t.period_start))), \
        conn.scalar(select(func.max(t.period_end)))
    return StoreInfo(
        url=store.display, schema_revision=store.revision, read_only=store.read_only,
        read_only_reason=store.read_only_reason, events=events,
        trade_figures=DateRange(n, lo, hi), sources=count(s.Source), actors=count(s.Actor),
        countries=count(s.Country), eras=count(s.Era), import_batches=count(s.ImportBatch))


def eras(conn: Connection) -> list[Era]:
    """Every era, oldest first."""
    return [Era(r.name, r.start_date, r.end_date, r.color, r.note or "", r.id)
            for r in conn.execute(select(s.Era).order_by(s.Era.start_date, s.Era.id))]


def actors(conn: Connection) -> list[ActorRef]:
    """Every actor, by name (then country)."""
    a = s.Actor
    return [ActorRef(name, "participant", kind, country, native)
            for name, kind, country, native in conn.execute(
                select(a.name, a.kind, a.country_iso3, a.native_name)
                .order_by(a.name, a.country_iso3.asc().nulls_first(), a.id))]
