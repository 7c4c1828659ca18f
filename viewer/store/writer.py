"""Bulk writing of events and trade figures with SQLAlchemy Core, inside one transaction.

Rows are buffered and flushed in chunks: an insert with RETURNING for new rows, an
executemany update for rows whose (origin dataset, origin id) is already stored, then
the link rows. No ORM object is made per row (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, delete, func, insert, select, tuple_, update

from viewer.domain.model import ActorRef, Event, Source, TradeFigure
from viewer.domain.periods import day_number
from viewer.store import schema as s

CHUNK = 2000


@dataclass
class WriteCounts:
    """How many rows a writer added and updated."""

    added: int = 0
    updated: int = 0
    ids: list[int] = field(default_factory=list)


def insert_with_ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids in order.

    SQLite cannot return ids of a batched insert in parameter order, so ids are
    allocated here instead, after a no-op write has taken the database's write lock
    (no other writer can then insert until this transaction ends).
    """
    if not rows:
        return []
    if conn.dialect.name != "sqlite":
        result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                              rows)
        return list(result.scalars())
    conn.exec_driver_sql(f"UPDATE {table.name} SET id = id WHERE 0")
    first = (conn.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    conn.execute(insert(table), [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return ids


class _Lookups:
    """Caches of actor and source ids, creating the missing ones on first use."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.actors: dict[tuple[str, str | None], int] = {
            (name, country): id_ for id_, name, country in conn.execute(
                select(s.Actor.id, s.Actor.name, s.Actor.country_iso3))
        }
        self.sources: dict[tuple[str, str | None], int] = {
            (outlet, url): id_ for id_, outlet, url in conn.execute(
                select(s.Source.id, s.Source.outlet, s.Source.url))
        }
        self.countries: set[str] = set(conn.scalars(select(s.Country.iso3)))

    def _actor_key(self, actor: ActorRef) -> tuple[str, str | None]:
        return actor.name, actor.country if actor.country in self.countries else None

    def prepare(self, actors: Iterable[ActorRef], sources: Iterable[Source]) -> None:
        """Create every missing actor and source of a chunk in one statement each."""
        new_actors = {self._actor_key(a): a for a in actors if self._actor_key(a) not in self.actors}
        if new_actors:
            keys = list(new_actors)
            ids = insert_with_ids(self.conn, s.Actor.__table__, [
                {"name": name, "kind": new_actors[(name, c)].kind, "country_iso3": c,
                 "native_name": new_actors[(name, c)].native_name} for name, c in keys])
            self.actors.update(zip(keys, ids, strict=True))
        new_sources = {(x.outlet, x.url): x for x in sources
                       if x.id is None and (x.outlet, x.url) not in self.sources}
        if new_sources:
            keys = list(new_sources)
            ids = insert_with_ids(self.conn, s.Source.__table__, [
                {"outlet": x.outlet, "url": x.url, "title": x.title, "published": x.published,
                 "language": x.language} for x in new_sources.values()])
            self.sources.update(zip(keys, ids, strict=True))

    def actor_id(self, actor: ActorRef) -> int:
        key = self._actor_key(actor)
        if key not in self.actors:
            self.prepare([actor], [])
        return self.actors[key]

    def source_id(self, source: Source) -> int:
        if source.id is not None:
            return source.id
        key = (source.outlet, source.url)
        if key not in self.sources:
            self.prepare([], [source])
        return self.sources[key]


def _existing(conn: Connection, table, keys: list[tuple[str | None, str | None]]) -> dict:
    keyed = [k for k in keys if k[0] is not None and k[1] is not None]
    found: dict[tuple[str, str], int] = {}
    for i in range(0, len(keyed), 500):
        part = keyed[i:i + 500]
        rows = conn.execute(select(table.c.origin_dataset, table.c.origin_id, table.c.id).where(
            tuple_(table.c.origin_dataset, table.c.origin_id).in_(part)))
        found.update({(d, o): id_ for d, o, id_ in rows})
    return found


class EventWriter:
    """Buffers events and writes them in chunks; a stored origin id is updated, not duplicated."""

    def __init__(self, conn: Connection, batch_id: int | None = None) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.lookups = _Lookups(conn)
        self.counts = WriteCounts()
        self._buffer: list[Event] = []

    def add(self, event: Event) -> None:
        self._buffer.append(event)
        if len(self._buffer) >= CHUNK:
            self.flush()

    def add_all(self, events: Iterable[Event]) -> WriteCounts:
        for event in events:
            self.add(event)
        self.flush()
        return self.counts

    def _row(self, e: Event) -> dict:
        return {
            "title": e.title, "summary": e.summary or None, "type": e.type,
            "start_date": e.start, "end_date": e.end, "start_day": day_number(e.start),
            "end_day": day_number(e.end) if e.end else None, "precision": str(e.precision),
            "location": e.location, "latitude": e.latitude, "longitude": e.longitude,
            "origin_dataset": e.origin_dataset, "origin_id": e.origin_id,
            "import_batch_id": self.batch_id,
        }

    def flush(self) -> None:
        events, self._buffer = self._buffer, []
        if not events:
            return
        table = s.Event.__table__
        existing = _existing(self.conn, table, [(e.origin_dataset, e.origin_id) for e in events])
        new = [e for e in events if (e.origin_dataset, e.origin_id) not in existing]
        old = [e for e in events if (e.origin_dataset, e.origin_id) in existing]
        ids = insert_with_ids(self.conn, table, [self._row(e) for e in new])
        old_ids = [existing[(e.origin_dataset, e.origin_id)] for e in old]
        if old:
            rows = [{**self._row(e), "b_id": id_} for e, id_ in zip(old, old_ids, strict=True)]
            self.conn.execute(
                update(table).where(table.c.id == bindparam("b_id"))
                .values(version=table.c.version + 1), rows)
            for link in (s.EventCountry, s.EventActor, s.EventTag, s.EventSource):
                self.conn.execute(delete(link).where(link.event_id.in_(old_ids)))
        self._write_links(new + old, ids + old_ids)
        self.counts.added += len(new)
        self.counts.updated += len(old)
        self.counts.ids.extend(ids + old_ids)

    def _write_links(self, events: list[Event], ids: list[int]) -> None:
        countries, actors, tags, sources = [], [], [], []
        known = self.lookups.countries
        self.lookups.prepare((a for e in events for a in e.actors),
                             (x for e in events for x in e.sources))
        for e, id_ in zip(events, ids, strict=True):
            countries += [{"event_id": id_, "country_iso3": c}
                          for c in dict.fromkeys(e.countries) if c in known]
            roles = {(self.lookups.actor_id(a), a.role or "participant") for a in e.actors}
            actors += [{"event_id": id_, "actor_id": a, "role": r} for a, r in roles]
            tags += [{"event_id": id_, "tag": t} for t in dict.fromkeys(e.tags) if t]
            sources += [{"event_id": id_, "source_id": sid}
                        for sid in dict.fromkeys(self.lookups.source_id(x) for x in e.sources)]
        for link, rows in ((s.EventCountry, countries), (s.EventActor, actors),
                           (s.EventTag, tags), (s.EventSource, sources)):
            if rows:
                self.conn.execute(insert(link), rows)


class TradeWriter:
    """Buffers trade figures and writes them in chunks, updating by origin id."""

    def __init__(self, conn: Connection, batch_id: int | None = None) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.lookups = _Lookups(conn)
        self.counts = WriteCounts()
        self._buffer: list[TradeFigure] = []

    def add(self, figure: TradeFigure) -> None:
        self._buffer.append(figure)
        if len(self._buffer) >= CHUNK:
            self.flush()

    def add_all(self, figures: Iterable[TradeFigure]) -> WriteCounts:
        for figure in figures:
            self.add(figure)
        self.flush()
        return self.counts

    def _row(self, f: TradeFigure) -> dict:
        p = f.period
        return {
            "reporter_iso3": f.reporter, "partner_iso3": f.partner, "flow": str(f.flow),
            "period_kind": str(p.kind), "period_start": p.start, "period_end": p.end,
            "start_day": day_number(p.start), "end_day": day_number(p.end),
            "fiscal_year": p.fiscal_year, "classification": f.classification,
            "commodity_code": f.commodity_code, "commodity_label": f.commodity_label,
            "value_usd": f.value_usd, "quantity": f.quantity, "quantity_unit": f.quantity_unit,
            "estimated": f.estimated, "note": f.note or None,
            "source_id": self.lookups.source_id(f.sources[0]) if f.sources else None,
            "origin_dataset": f.origin_dataset, "origin_id": f.origin_id,
            "import_batch_id": self.batch_id,
        }

    def flush(self) -> None:
        figures, self._buffer = self._buffer, []
        if not figures:
            return
        self.lookups.prepare((), (x for f in figures for x in f.sources[:1]))
        table = s.TradeFigure.__table__
        existing = _existing(self.conn, table, [(f.origin_dataset, f.origin_id) for f in figures])
        new = [self._row(f) for f in figures if (f.origin_dataset, f.origin_id) not in existing]
        old = [{**self._row(f), "b_id": existing[(f.origin_dataset, f.origin_id)]}
               for f in figures if (f.origin_dataset, f.origin_id) in existing]
        if new:
            self.conn.execute(insert(table), new)
        if old:
            self.conn.execute(update(table).where(table.c.id == bindparam("b_id")), old)
        self.counts.added += len(new)
        self.counts.updated += len(old)
