"""Read queries: each returns dataclasses or plain values, never ORM objects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, func, select

from viewer.domain.model import (
    ActorRef,
    DateRange,
    Era,
    Event,
    Filter,
    Flow,
    Period,
    PeriodKind,
    Precision,
    Source,
    StoreInfo,
    TimeWindow,
    TradeFigure,
)
from viewer.domain.periods import from_day_number
from viewer.store import schema as s
from viewer.store.engine import Store


def store_info(store: Store) -> StoreInfo:
    """Counts and date ranges of everything in the store."""
    with store.connect() as conn:
        def count(model) -> int:
            return conn.scalar(select(func.count()).select_from(model)) or 0

        # One MIN or MAX per query: SQLite then reads it from the index's end.
        e = s.Event
        events = count(e)
        first = conn.scalar(select(func.min(e.start_day)))
        last = max((d for d in (conn.scalar(select(func.max(e.start_day))),
                                conn.scalar(select(func.max(e.end_day))
                                            .where(e.end_day.is_not(None)))) if d is not None),
                   default=None)
        ev = (events, from_day_number(first) if first is not None else None,
              from_day_number(last) if last is not None else None)
        tr = conn.execute(select(func.count(), func.min(s.TradeFigure.period_start),
                                 func.max(s.TradeFigure.period_end))).one()
        return StoreInfo(
            url=store.display,
            schema_revision=store.revision,
            read_only=store.read_only,
            read_only_reason=store.read_only_reason,
            events=DateRange(ev[0], ev[1], ev[2]),
            trade_figures=DateRange(tr[0], tr[1], tr[2]),
            sources=count(s.Source),
            actors=count(s.Actor),
            countries=count(s.Country),
            eras=count(s.Era),
            import_batches=count(s.ImportBatch),
        )


def _filtered(stmt: Select, window: TimeWindow | None, flt: Filter | None) -> Select:
    e = s.Event
    if window is not None:
        stmt = stmt.where(e.start_date <= window.end,
                          func.coalesce(e.end_date, e.start_date) >= window.start)
    if flt is None:
        return stmt
    if flt.types:
        stmt = stmt.where(e.type.in_(flt.types))
    if flt.precisions:
        stmt = stmt.where(e.precision.in_(flt.precisions))
    if flt.countries:
        stmt = stmt.where(e.id.in_(select(s.EventCountry.event_id).where(
            s.EventCountry.country_iso3.in_(flt.countries))))
    if flt.tags:
        stmt = stmt.where(e.id.in_(select(s.EventTag.event_id).where(s.EventTag.tag.in_(flt.tags))))
    if flt.actors:
        stmt = stmt.where(e.id.in_(select(s.EventActor.event_id).join(s.Actor).where(
            s.Actor.name.in_(flt.actors))))
    if flt.outlets:
        stmt = stmt.where(e.id.in_(select(s.EventSource.event_id).join(s.Source).where(
            s.Source.outlet.in_(flt.outlets))))
    if flt.search.strip():
        from viewer.store.search import event_matches

        stmt = stmt.where(event_matches(flt.search, e.id))
    return stmt


def events(store: Store, window: TimeWindow | None = None, flt: Filter | None = None,
           limit: int | None = None) -> list[Event]:
    """Events in a window and filter, oldest first, with countries, actors, tags and sources."""
    e = s.Event
    stmt = _filtered(select(e), window, flt).order_by(e.start_date, e.id).limit(limit)
    with store.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
        return _with_links(conn, rows)


def events_by_id(store: Store, ids: Sequence[int]) -> list[Event]:
    """The events with these ids, in date order."""
    e = s.Event
    with store.connect() as conn:
        rows = conn.execute(select(e).where(e.id.in_(list(ids))).order_by(e.start_date)).mappings().all()
        return _with_links(conn, rows)


def event_by_origin(store: Store, dataset: str, origin_id: str) -> Event | None:
    e = s.Event
    with store.connect() as conn:
        rows = conn.execute(select(e).where(e.origin_dataset == dataset,
                                            e.origin_id == origin_id)).mappings().all()
        found = _with_links(conn, rows)
    return found[0] if found else None


def _with_links(conn, rows) -> list[Event]:
    ids = [r["id"] for r in rows]
    countries: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[ActorRef]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, list[Source]] = defaultdict(list)
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        for eid, iso3 in conn.execute(select(s.EventCountry.event_id, s.EventCountry.country_iso3)
                                      .where(s.EventCountry.event_id.in_(part))
                                      .order_by(s.EventCountry.country_iso3)):
            countries[eid].append(iso3)
        for eid, role, name, kind, iso3, native in conn.execute(
                select(s.EventActor.event_id, s.EventActor.role, s.Actor.name, s.Actor.kind,
                       s.Actor.country_iso3, s.Actor.native_name).join(s.Actor)
                .where(s.EventActor.event_id.in_(part)).order_by(s.EventActor.role, s.Actor.name)):
            actors[eid].append(ActorRef(name, role, kind, iso3, native))
        for eid, tag in conn.execute(select(s.EventTag.event_id, s.EventTag.tag)
                                     .where(s.EventTag.event_id.in_(part)).order_by(s.EventTag.tag)):
            tags[eid].append(tag)
        src = s.Source
        for eid, outlet, url, title, published, language, sid in conn.execute(
                select(s.EventSource.event_id, src.outlet, src.url, src.title, src.published,
                       src.language, src.id).join(src)
                .where(s.EventSource.event_id.in_(part)).order_by(src.published, src.id)):
            sources[eid].append(Source(outlet, url, title, published, language, sid))
    return [
        Event(
            id=r["id"], title=r["title"], summary=r["summary"] or "", type=r["type"],
            start=r["start_date"], end=r["end_date"], precision=Precision(r["precision"]),
            location=r["location"], latitude=r["latitude"], longitude=r["longitude"],
            countries=tuple(countries[r["id"]]), actors=tuple(actors[r["id"]]),
            tags=tuple(tags[r["id"]]), sources=tuple(sources[r["id"]]),
            origin_dataset=r["origin_dataset"], origin_id=r["origin_id"],
        )
        for r in rows
    ]


def trade_figures(store: Store, *, reporter: str | None = None, partner: str | None = None,
                  flow: str | None = None, commodity: str | None = None,
                  window: TimeWindow | None = None) -> list[TradeFigure]:
    """Trade figures of a series (any argument left out matches all), in period order."""
    t = s.TradeFigure
    stmt = select(t, s.Source).outerjoin(s.Source, t.source_id == s.Source.id)
    for column, value in ((t.reporter_iso3, reporter), (t.partner_iso3, partner),
                          (t.flow, flow), (t.commodity_code, commodity)):
        if value is not None:
            stmt = stmt.where(column == value)
    if window is not None:
        stmt = stmt.where(t.period_start <= window.end, t.period_end >= window.start)
    stmt = stmt.order_by(t.period_start, t.period_end, t.id)
    with store.session() as session:
        return [
            TradeFigure(
                id=f.id, reporter=f.reporter_iso3, partner=f.partner_iso3, flow=Flow(f.flow),
                period=Period(f.period_start, f.period_end, PeriodKind(f.period_kind),
                              f.fiscal_year),
                value_usd=f.value_usd, commodity_code=f.commodity_code,
                commodity_label=f.commodity_label or "", classification=f.classification,
                quantity=f.quantity, quantity_unit=f.quantity_unit, estimated=f.estimated,
                note=f.note or "",
                sources=(Source(src.outlet, src.url, src.title, src.published, src.language,
                                src.id),) if src else (),
                origin_dataset=f.origin_dataset, origin_id=f.origin_id,
            )
            for f, src in session.execute(stmt)
        ]


def eras(store: Store) -> list[Era]:
    """Every era, oldest first."""
    with store.connect() as conn:
        return [Era(r.name, r.start_date, r.end_date, r.color, r.note or "", r.id)
                for r in conn.execute(select(s.Era).order_by(s.Era.start_date))]
