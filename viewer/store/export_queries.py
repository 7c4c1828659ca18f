"""Reads for the exporters: events streamed in chunks with their links, counts, sources.

The exporters write 100k+ events, so events are read in chunks on one connection
and never held all at once; each chunk carries its countries, actors, tags and sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, func, or_, select

from viewer.domain.model import (
    ActorRef,
    Event,
    Filter,
    Precision,
    Source,
    TimeWindow,
)
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered

_EVENT_COLUMNS = (
    s.Event.id, s.Event.title, s.Event.summary, s.Event.type, s.Event.start_date,
    s.Event.end_date, s.Event.precision, s.Event.location, s.Event.latitude,
    s.Event.longitude, s.Event.origin_dataset, s.Event.origin_id,
)
_IN_CHUNK = 900  # below SQLite's old 999-parameter limit


def _view(stmt: Select, window: TimeWindow | None, flt: Filter | None) -> Select:
    stmt = _filtered(stmt, window, flt)
    if flt is not None and flt.search.strip():
        # Until full-text search exists: a LIKE over title and summary, text bound as a parameter.
        pattern = "%" + flt.search.strip().replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_") + "%"
        stmt = stmt.where(or_(s.Event.title.ilike(pattern, escape="\\"),
                              s.Event.summary.ilike(pattern, escape="\\")))
    return stmt


def count_events(store: Store, window: TimeWindow | None = None,
                 flt: Filter | None = None) -> int:
    """How many events a view holds."""
    stmt = _view(select(func.count()).select_from(s.Event), window, flt)
    with store.connect() as conn:
        return conn.scalar(stmt) or 0


def iter_events(store: Store, window: TimeWindow | None = None, flt: Filter | None = None,
                chunk: int = 2000) -> Iterator[list[Event]]:
    """Events of a view, oldest first, in lists of at most `chunk`, each with its links."""
    stmt = _view(select(*_EVENT_COLUMNS), window, flt).order_by(s.Event.start_day, s.Event.id)
    with store.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk).execute(stmt)
        for part in result.partitions(chunk):
            yield _with_links(conn, part)


def _with_links(conn, rows: Sequence) -> list[Event]:
    ids = [r.id for r in rows]
    countries: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[ActorRef]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, list[Source]] = defaultdict(list)
    ec, ea, et, es, a, src = (s.EventCountry, s.EventActor, s.EventTag, s.EventSource,
                              s.Actor, s.Source)
    for i in range(0, len(ids), _IN_CHUNK):
        part = ids[i:i + _IN_CHUNK]
        for eid, iso3 in conn.execute(select(ec.event_id, ec.country_iso3)
                                      .where(ec.event_id.in_(part)).order_by(ec.country_iso3)).all():
            countries[eid].append(iso3)
        for eid, role, name, kind, iso3, native in conn.execute(
                select(ea.event_id, ea.role, a.name, a.kind, a.country_iso3, a.native_name)
                .join(a, a.id == ea.actor_id).where(ea.event_id.in_(part))
                .order_by(ea.role, a.name)).all():
            actors[eid].append(ActorRef(name, role, kind, iso3, native))
        for eid, tag in conn.execute(select(et.event_id, et.tag)
                                     .where(et.event_id.in_(part)).order_by(et.tag)).all():
            tags[eid].append(tag)
        for eid, sid, outlet, url, title, published, language in conn.execute(
                select(es.event_id, src.id, src.outlet, src.url, src.title, src.published,
                       src.language).join(src, src.id == es.source_id)
                .where(es.event_id.in_(part)).order_by(src.published, src.id)).all():
            sources[eid].append(Source(outlet, url, title, published, language, sid))
    return [
        Event(
            id=r.id, title=r.title, summary=r.summary or "", type=r.type,
            start=r.start_date, end=r.end_date, precision=Precision(r.precision),
            location=r.location, latitude=r.latitude, longitude=r.longitude,
            countries=tuple(countries[r.id]), actors=tuple(actors[r.id]),
            tags=tuple(tags[r.id]), sources=tuple(sources[r.id]),
            origin_dataset=r.origin_dataset, origin_id=r.origin_id,
        )
        for r in rows
    ]


def event_type_counts(store: Store, window: TimeWindow | None = None,
                      flt: Filter | None = None) -> dict[str, int]:
    """Events of a view per type."""
    stmt = _view(select(s.Event.type, func.count()), window, flt).group_by(s.Event.type)
    with store.connect() as conn:
        return {t: n for t, n in conn.execute(stmt)}
