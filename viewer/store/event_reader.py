"""The one reader of events with their links (countries, actors, tags, sources).

One statement reads the event columns and, through correlated sub-selects, each event's
links as aggregated strings (`aggregate_strings`: group_concat on SQLite, string_agg on
PostgreSQL), so no link rows cross into Python; actors and sources are then named from a
cache keyed by id, since a view cites the same few thousand again and again. Results come
in chunks on one connection, so a 100k-event export never holds them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, Select, String, cast, func, select

from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.domain.periods import EPOCH
from viewer.store import schema as s

_SEP = "\x1f"  # unit separator: cannot occur in stored codes, tags or ids
_IN_CHUNK = 900  # ids per IN (...), below SQLite's old 999-parameter limit
_EPOCH_ORDINAL = EPOCH.toordinal()
_from_ordinal = dt.date.fromordinal
_PRECISION = {p.value: p for p in Precision}

_e = s.Event
# Day numbers rather than dates: integers need no per-row parsing.
_COLUMNS = (
    _e.id, _e.title, _e.summary, _e.type, _e.start_day, _e.end_day, _e.precision, _e.location,
    _e.latitude, _e.longitude, _e.origin_dataset, _e.origin_id,
    select(func.aggregate_strings(s.EventCountry.country_iso3, _SEP))
    .where(s.EventCountry.event_id == _e.id).scalar_subquery(),
    select(func.aggregate_strings(cast(s.EventActor.actor_id, String) + ":" + s.EventActor.role,
                                  _SEP))
    .where(s.EventActor.event_id == _e.id).scalar_subquery(),
    select(func.aggregate_strings(s.EventTag.tag, _SEP))
    .where(s.EventTag.event_id == _e.id).scalar_subquery(),
    select(func.aggregate_strings(cast(s.EventSource.source_id, String), ","))
    .where(s.EventSource.event_id == _e.id).scalar_subquery(),
    _e.officer_note,
)


def event_select() -> Select:
    """The reader's statement: add WHERE, ORDER BY and LIMIT, then read it here."""
    return select(*_COLUMNS)


class _Names:
    """Actors and sources by id, loaded as chunks cite them."""

    def __init__(self) -> None:
        self.actors: dict[int, tuple[str, str | None, str | None, str | None]] = {}
        self.sources: dict[int, Source] = {}

    def load(self, conn: Connection, actor_ids: set[int], source_ids: set[int]) -> None:
        a, src = s.Actor, s.Source
        missing = sorted(actor_ids - self.actors.keys())
        for i in range(0, len(missing), _IN_CHUNK):
            for aid, name, kind, iso3, native in conn.execute(
                    select(a.id, a.name, a.kind, a.country_iso3, a.native_name)
                    .where(a.id.in_(missing[i:i + _IN_CHUNK]))):
                self.actors[aid] = (name, kind, iso3, native)
        missing = sorted(source_ids - self.sources.keys())
        for i in range(0, len(missing), _IN_CHUNK):
            for sid, outlet, url, title, published, language, scale in conn.execute(
                    select(src.id, src.outlet, src.url, src.title, src.published, src.language,
                           src.scale).where(src.id.in_(missing[i:i + _IN_CHUNK]))):
                self.sources[sid] = Source(outlet, url, title, published, language, sid, scale)


def _source_order(x: Source) -> tuple:
    return (x.published is None, x.published or dt.date.min, x.id or 0)


def _events(conn: Connection, rows: Sequence, names: _Names) -> list[Event]:
    actor_ids: set[int] = set()
    source_ids: set[int] = set()
    for r in rows:
        if r[13] is not None:
            actor_ids.update(int(link.split(":", 1)[0]) for link in r[13].split(_SEP))
        if r[15] is not None:
            source_ids.update(map(int, r[15].split(",")))
    names.load(conn, actor_ids, source_ids)
    actors, sources = names.actors, names.sources
    empty: tuple = ()
    out = []
    for (eid, title, summary, kind, start, end, precision, location, lat, lon, dataset,
         origin_id, countries, actor_links, tags, source_links, note) in rows:
        refs: tuple[ActorRef, ...] = empty
        if actor_links is not None:
            found = []
            for link in actor_links.split(_SEP):
                aid, role = link.split(":", 1)
                name, actor_kind, iso3, native = actors[int(aid)]
                found.append(ActorRef(name, role, actor_kind, iso3, native))
            if len(found) > 1:
                found.sort(key=lambda a: (a.role, a.name))
            refs = tuple(found)
        cited: tuple[Source, ...] = empty
        if source_links is not None:
            cited = tuple(sorted((sources[int(i)] for i in source_links.split(",")),
                                 key=_source_order))
        out.append(Event(
            id=eid, title=title, summary=summary or "", type=kind,
            start=_from_ordinal(_EPOCH_ORDINAL + start),
            end=None if end is None else _from_ordinal(_EPOCH_ORDINAL + end),
            precision=_PRECISION[precision], location=location, latitude=lat, longitude=lon,
            countries=tuple(sorted(countries.split(_SEP))) if countries else empty,
            actors=refs, tags=tuple(sorted(tags.split(_SEP))) if tags else empty,
            sources=cited, origin_dataset=dataset, origin_id=origin_id, note=note or ""))
    return out


def iter_events(conn: Connection, stmt: Select, chunk: int = 2000) -> Iterator[list[Event]]:
    """The events `stmt` (made from `event_select`) reads, in its order, `chunk` at a time."""
    names = _Names()
    # The DBAPI cursor itself: these columns need no SQLAlchemy result processing.
    cursor = conn.execute(stmt).cursor
    try:
        while part := cursor.fetchmany(chunk):
            yield _events(conn, part, names)
    finally:
        cursor.close()


def read_events(conn: Connection, stmt: Select) -> list[Event]:
    """Every event `stmt` (made from `event_select`) reads, in its order."""
    return [e for part in iter_events(conn, stmt) for e in part]


def events_by_id(conn: Connection, ids: Sequence[int]) -> list[Event]:
    """The events with these ids (those still stored), in date order."""
    wanted = sorted({int(i) for i in ids})
    found: list[Event] = []
    for i in range(0, len(wanted), _IN_CHUNK):
        found += read_events(conn, event_select().where(_e.id.in_(wanted[i:i + _IN_CHUNK])))
    return sorted(found, key=lambda e: (e.start, e.id or 0))


def event_by_origin(conn: Connection, dataset: str, origin_id: str) -> Event | None:
    """The event a dataset row was stored as, if any."""
    found = read_events(conn, event_select().where(_e.origin_dataset == dataset,
                                                   _e.origin_id == origin_id))
    return found[0] if found else None
