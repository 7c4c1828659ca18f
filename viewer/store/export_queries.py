"""Reads for the exporters: events streamed in chunks with their links, counts, sources.

The exporters write 100k+ events, so events are read in chunks on one connection
and never held all at once; each chunk carries its countries, actors, tags and sources.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, String, func, select

from viewer.domain.model import (
    ActorRef,
    Event,
    Filter,
    Precision,
    Source,
    TimeWindow,
)
from viewer.domain.periods import EPOCH
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered
from viewer.store.tables import window_clause

# Day numbers rather than dates: ints need no per-row parsing (SQLite stores dates as text).
_EVENT_COLUMNS = (
    s.Event.id, s.Event.title, s.Event.summary, s.Event.type, s.Event.start_day,
    s.Event.end_day, s.Event.precision, s.Event.location, s.Event.latitude,
    s.Event.longitude, s.Event.origin_dataset, s.Event.origin_id,
)
EPOCH_ORDINAL = EPOCH.toordinal()
from_ordinal = dt.date.fromordinal
_IN_CHUNK = 900  # below SQLite's old 999-parameter limit


def _in_window(conn, stmt: Select, window: TimeWindow | None, flt: Filter | None,
               **kw) -> Select:
    # Day numbers, not the dates _filtered compares: those have no index, so a count or
    # a date-ordered read of a window would scan the whole event table.
    stmt = _filtered(stmt, None, flt)
    clause = window_clause(conn, window, **kw)
    return stmt if clause is None else stmt.where(clause)


def count_events(store: Store, window: TimeWindow | None = None,
                 flt: Filter | None = None) -> int:
    """How many events a view holds."""
    with store.connect() as conn:
        stmt = _in_window(conn, select(func.count()).select_from(s.Event), window, flt,
                          for_count=True)
        return conn.scalar(stmt) or 0


def iter_events(store: Store, window: TimeWindow | None = None, flt: Filter | None = None,
                chunk: int = 2000) -> Iterator[list[Event]]:
    """Events of a view, oldest first, in lists of at most `chunk`, each with its links."""
    stmt = _filtered(select(*_EVENT_COLUMNS), window, flt).order_by(s.Event.start_day, s.Event.id)
    cache = _LinkCache()
    with store.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk).execute(stmt)
        for part in result.partitions(chunk):
            yield _with_links(conn, part, cache)


def _id_list(ids) -> str:
    # Integer ids straight from the database, inlined: no text from users ever gets here,
    # and binding thousands of parameters costs more than the query itself.
    return ",".join(str(int(i)) for i in ids)


def _rows(conn, sql: str):
    return conn.exec_driver_sql(sql).all()


class _LinkCache:
    """Actors and sources by id: a view cites the same few thousand again and again."""

    def __init__(self) -> None:
        self.actors: dict[int, tuple[str, str | None, str | None, str | None]] = {}
        self.sources: dict[int, Source] = {}

    def load(self, conn, actor_ids: set[int], source_ids: set[int]) -> None:
        a, src = s.Actor, s.Source
        missing = sorted(actor_ids - self.actors.keys())
        for i in range(0, len(missing), _IN_CHUNK):
            for aid, name, kind, iso3, native in conn.execute(
                    select(a.id, a.name, a.kind, a.country_iso3, a.native_name)
                    .where(a.id.in_(missing[i:i + _IN_CHUNK]))).all():
                self.actors[aid] = (name, kind, iso3, native)
        missing = sorted(source_ids - self.sources.keys())
        for i in range(0, len(missing), _IN_CHUNK):
            for sid, outlet, url, title, published, language in conn.execute(
                    select(src.id, src.outlet, src.url, src.title, src.published, src.language)
                    .where(src.id.in_(missing[i:i + _IN_CHUNK]))).all():
                self.sources[sid] = Source(outlet, url, title, published, language, sid)


def _with_links(conn, rows: Sequence, cache: _LinkCache) -> list[Event]:
    countries: dict[int, list[str]] = defaultdict(list)
    actor_links: dict[int, list[tuple[str, int]]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    source_links: dict[int, list[int]] = defaultdict(list)
    if rows:
        ids = _id_list(r[0] for r in rows)
        for eid, iso3 in _rows(conn, "SELECT event_id, country_iso3 FROM event_country "
                                     f"WHERE event_id IN ({ids})"):
            countries[eid].append(iso3)
        for eid, role, aid in _rows(conn, "SELECT event_id, role, actor_id FROM event_actor "
                                          f"WHERE event_id IN ({ids})"):
            actor_links[eid].append((role, aid))
        for eid, tag in _rows(conn, f"SELECT event_id, tag FROM event_tag WHERE event_id IN ({ids})"):
            tags[eid].append(tag)
        for eid, sid in _rows(conn, "SELECT event_id, source_id FROM event_source "
                                    f"WHERE event_id IN ({ids})"):
            source_links[eid].append(sid)
    cache.load(conn, {aid for links in actor_links.values() for _, aid in links},
               {sid for links in source_links.values() for sid in links})
    precision = {p.value: p for p in Precision}
    empty: tuple = ()
    # Unpacking each row once: attribute access on SQLAlchemy rows costs more than the event.
    return [
        Event(
            id=eid, title=title, summary=summary or "", type=kind,
            start=from_ordinal(EPOCH_ORDINAL + start),
            end=None if end is None else from_ordinal(EPOCH_ORDINAL + end),
            precision=precision[prec], location=location, latitude=lat, longitude=lon,
            countries=tuple(sorted(countries[eid])) if eid in countries else empty,
            actors=_actors(actor_links[eid], cache) if eid in actor_links else empty,
            tags=tuple(sorted(tags[eid])) if eid in tags else empty,
            sources=_sources(source_links[eid], cache) if eid in source_links else empty,
            origin_dataset=dataset, origin_id=origin_id,
        )
        for (eid, title, summary, kind, start, end, prec, location, lat, lon, dataset,
             origin_id) in rows
    ]


def _actors(links, cache: _LinkCache) -> tuple[ActorRef, ...]:
    refs = [ActorRef(name, role, kind, iso3, native)
            for role, aid in links for name, kind, iso3, native in (cache.actors[aid],)]
    return tuple(sorted(refs, key=lambda a: (a.role, a.name))) if len(refs) > 1 else tuple(refs)


def _sources(ids, cache: _LinkCache) -> tuple[Source, ...]:
    found = [cache.sources[sid] for sid in ids]
    if len(found) > 1:
        found.sort(key=lambda x: (x.published is None, x.published or 0, x.id))
    return tuple(found)


def event_type_counts(store: Store, window: TimeWindow | None = None,
                      flt: Filter | None = None) -> dict[str, int]:
    """Events of a view per type."""
    with store.connect() as conn:
        stmt = _in_window(conn, select(s.Event.type, func.count()), window, flt, for_count=True)
        return {t: n for t, n in conn.execute(stmt.group_by(s.Event.type))}


# The workbook's lean read: one statement whose correlated sub-selects gather each event's
# links inside SQLite, so no link rows cross into Python; only the written columns are read.
_SEP = "\x1f"  # unit separator: cannot occur in stored text the importers accept
_e = s.Event
_LINKS = (
    select(func.group_concat(s.EventCountry.country_iso3, _SEP))
    .where(s.EventCountry.event_id == _e.id).scalar_subquery(),
    select(func.group_concat(s.EventActor.actor_id.cast(String) + ":" + s.EventActor.role, _SEP))
    .where(s.EventActor.event_id == _e.id).scalar_subquery(),
    select(func.group_concat(s.EventTag.tag, _SEP))
    .where(s.EventTag.event_id == _e.id).scalar_subquery(),
    select(func.group_concat(s.EventSource.source_id, ","))
    .where(s.EventSource.event_id == _e.id).scalar_subquery(),
)
_ROW_COLUMNS = (_e.id, _e.start_day, _e.end_day, _e.precision, _e.type, _e.title, _e.location,
                _e.summary, _e.origin_dataset, _e.origin_id, *_LINKS)

# (id, start, end, precision, type, title, countries, actors, location, summary,
#  tags, sources, dataset, origin id): countries and tags sorted, actors as
#  (name, role, native name) sorted by role and name, sources as `Source`s by date.
ExportRow = tuple


def iter_export_rows(store: Store, window: TimeWindow | None = None,
                     flt: Filter | None = None, chunk: int = 2000,
                     limit: int | None = None) -> Iterator[list[ExportRow]]:
    """The events of a view as plain tuples for the workbook, oldest first, in chunks."""
    cache = _LinkCache()
    with store.connect() as conn:
        stmt = _in_window(conn, select(*_ROW_COLUMNS), window, flt).order_by(_e.start_day, _e.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        # The DBAPI cursor directly: the selected columns need no SQLAlchemy result processing.
        cursor = conn.execute(stmt).cursor
        try:
            while part := cursor.fetchmany(chunk):
                yield _lean_rows(conn, part, cache)
        finally:
            cursor.close()


def _lean_rows(conn, rows: list, cache: _LinkCache) -> list[ExportRow]:
    actor_ids: set[int] = set()
    source_ids: set[int] = set()
    for r in rows:
        if r[11] is not None:
            actor_ids.update(int(a.split(":", 1)[0]) for a in r[11].split(_SEP))
        if r[13] is not None:
            source_ids.update(map(int, r[13].split(",")))
    cache.load(conn, actor_ids, source_ids)
    actors, sources = cache.actors, cache.sources
    out = []
    append = out.append
    empty: tuple = ()
    for (eid, start, end, prec, kind, title, location, summary, dataset, origin_id,
         countries, actor_links, tags, source_links) in rows:
        if countries is not None:
            countries = countries.split(_SEP)
            if len(countries) > 1:
                countries.sort()
        if tags is not None:
            tags = tags.split(_SEP)
            if len(tags) > 1:
                tags.sort()
        if actor_links is None:
            refs = empty
        else:
            refs = []
            for link in actor_links.split(_SEP):
                aid, role = link.split(":", 1)
                name, _kind, _iso3, native = actors[int(aid)]
                refs.append((name, role, native))
            if len(refs) > 1:
                refs.sort(key=lambda a: (a[1], a[0]))
        if source_links is None:
            found = empty
        else:
            found = [sources[int(sid)] for sid in source_links.split(",")]
            if len(found) > 1:
                found.sort(key=lambda x: (x.published is None, x.published or 0, x.id))
        append((eid, from_ordinal(EPOCH_ORDINAL + start),
                None if end is None else from_ordinal(EPOCH_ORDINAL + end), prec, kind, title,
                countries or empty, refs, location, summary or "", tags or empty, found,
                dataset, origin_id))
    return out
