"""Bulk writing of events and trade figures inside one transaction, at driver speed.

Rows are buffered and flushed in chunks. Each flush looks up which (origin dataset,
origin id) pairs are already stored, allocates ids for the new rows inside the write
transaction, and writes plain tuples with the driver's `executemany`; stored rows are
updated, never duplicated. Actors and sources are resolved per chunk with one query,
so memory stays flat however long the file is. No ORM object is made per row (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text, update

from viewer.domain.model import ActorRef, Event, Source, TradeFigure
from viewer.domain.periods import EPOCH, day_number
from viewer.domain.search_text import SearchDocument, actor_words, source_words
from viewer.store import schema as s
from viewer.store.bulk import copy_rows
from viewer.store.history import changed_by, record_import
from viewer.store.search import delete_documents, write_documents

CHUNK = 2000
_EMPTY: dict = {}
_EPOCH_ORDINAL = EPOCH.toordinal()  # day numbers count from 1970-01-01
IN_LIMIT = 500  # parameters per IN (...) query, well below every driver's limit
OR_LIMIT = 250  # (a = ? AND b = ?) terms per query, well below SQLite's expression depth
CACHE_LIMIT = 50_000  # actor/source keys kept between chunks before the cache is dropped

# Columns that say where a row came from, not what it says: not compared on update.
_PROVENANCE = ("id", "origin_dataset", "origin_id", "import_batch_id")
# Event columns beyond the Event dataclass that importers may fill per row.
EVENT_EXTRA = ("original_type", "original_subtype", "admin1", "admin2", "fatalities",
               "cameo_code", "goldstein", "tone", "mentions")
EVENT_COLUMNS = ("id", "title", "summary", "type", "start_date", "end_date", "start_day",
                 "end_day", "precision", "location", "latitude", "longitude",
                 "origin_dataset", "origin_id", "import_batch_id", *EVENT_EXTRA)


# The columns an officer's edit writes; origin, import batch and the dataset's own extra
# columns stay as the import left them.
_HAND_EDITED = ("title", "summary", "type", "start_day", "end_day", "precision", "location",
                "latitude", "longitude")

TRADE_COLUMNS = ("id", "reporter_iso3", "partner_iso3", "flow", "period_kind", "period_start",
                 "period_end", "start_day", "end_day", "fiscal_year", "classification",
                 "commodity_code", "commodity_label", "value_usd", "quantity", "quantity_unit",
                 "estimated", "note", "coverage", "origin_dataset", "origin_id",
                 "import_batch_id")


@dataclass
class WriteCounts:
    """How many rows a writer added, changed and found unchanged, and duplicates in the input."""

    added: int = 0
    updated: int = 0  # stored rows whose content changed
    unchanged: int = 0  # stored rows given again as they are: left alone, version kept
    duplicates: int = 0
    ids: list[int] = field(default_factory=list)


class _Driver:
    """Raw executemany and id allocation for the connection's dialect."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self._locked: set[str] = set()

    def date(self, value):  # noqa: ANN001, ANN201
        # SQLAlchemy's SQLite Date type stores ISO text; other drivers take date objects.
        return value.isoformat() if (self.sqlite and value is not None) else value

    def ids(self, table: str, n: int) -> list[int]:
        """n fresh primary keys, allocated inside the open write transaction."""
        if not self.sqlite:
            seq = self.conn.scalar(text(f"SELECT pg_get_serial_sequence('{table}', 'id')"))
            return list(self.conn.scalars(
                text(f"SELECT nextval('{seq}') FROM generate_series(1, :n)"), {"n": n}))
        if table not in self._locked:
            # A no-op write takes the database's write lock first; SQLite has one writer
            # at a time, so max(id) cannot move under this transaction afterwards.
            self.conn.exec_driver_sql(f"UPDATE {table} SET id = id WHERE 0")
            self._locked.add(table)
        # Read each time (a rowid lookup): another writer on this connection may have
        # allocated ids in the same transaction.
        first = (self.conn.scalar(text(f"SELECT max(id) FROM {table}")) or 0) + 1
        return list(range(first, first + n))

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple], *,
               ignore: bool = False) -> None:
        """Plain tuples at driver speed; `ignore` skips rows whose key is already there."""
        copy_rows(self.conn, table, columns, rows, ignore=ignore)

    def delete_in(self, table: str, column: str, ids: list[int]) -> None:
        for i in range(0, len(ids), IN_LIMIT):
            part = ids[i:i + IN_LIMIT]
            marks = ", ".join([self.mark] * len(part))
            self.conn.exec_driver_sql(f"DELETE FROM {table} WHERE {column} IN ({marks})",
                                      tuple(part))


def insert_with_ids(conn: Connection, table, rows: list[dict]) -> list[int]:  # noqa: ANN001
    """Insert rows (dicts of column values) and return their new ids in order."""
    if not rows:
        return []
    ids = _Driver(conn).ids(table.name, len(rows))
    conn.execute(table.insert(), [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return ids


class _Lookups:
    """Actor and source ids, resolved per chunk and created when missing."""

    def __init__(self, conn: Connection, driver: _Driver | None = None) -> None:
        self.conn = conn
        self.driver = driver or _Driver(conn)
        self.cache_limit = CACHE_LIMIT
        self.actors: dict[tuple[str, str | None], int] = {}
        self.sources: dict[tuple[str, str | None], int] = {}
        # The stored native name of each cached actor and title of each cached source
        # that has one, for the search documents of the events that cite them.
        self.native_names: dict[tuple[str, str | None], str] = {}
        self.source_titles: dict[tuple[str, str | None], str] = {}
        self.countries: set[str] = set(conn.scalars(select(s.Country.iso3)))

    def actor_key(self, actor: ActorRef) -> tuple[str, str | None]:
        return actor.name, (actor.country if actor.country in self.countries else None)

    def resolve_actors(self, actors: Iterable[ActorRef]) -> None:
        """Make sure every actor has an id in the cache, with one query and one insert."""
        known = self.countries
        self.resolve_actor_keys(((a.name, a.country if a.country in known else None), a)
                                for a in actors)

    def resolve_actor_keys(self, pairs: Iterable[tuple[tuple[str, str | None], ActorRef]]) -> None:
        """Like resolve_actors, for (key, actor) pairs whose keys are already made."""
        # Trim first: every key of this chunk must still be cached when its links are written.
        self._trim(self.actors, self.cache_limit, self.native_names)
        cache = self.actors
        missing = {}
        for key, a in pairs:
            if key not in cache and key not in missing:
                missing[key] = a
        if not missing:
            return
        table = s.Actor.__table__
        self._fetch(table, table.c.name, table.c.country_iso3, table.c.native_name,
                    list(missing), self.actors, self.native_names)
        new = [(k, a) for k, a in missing.items() if k not in self.actors]
        ids = self.driver.ids("actor", len(new)) if new else []
        rows = []
        for id_, (key, a) in zip(ids, new, strict=True):
            self.actors[key] = id_
            if a.native_name:
                self.native_names[key] = a.native_name
            rows.append((id_, key[0], a.kind, key[1], a.native_name))
        self.driver.insert("actor", ("id", "name", "kind", "country_iso3", "native_name"), rows)

    def resolve_sources(self, sources: Iterable[Source]) -> None:
        """Make sure every source has an id in the cache, with one query and one insert."""
        self._trim(self.sources, self.cache_limit, self.source_titles)
        cache = self.sources
        missing = {}
        for x in sources:
            key = (x.outlet, x.url)
            if key not in cache and x.id is None and key not in missing:
                missing[key] = x
        if not missing:
            return
        table = s.Source.__table__
        self._fetch(table, table.c.outlet, table.c.url, table.c.title, list(missing),
                    self.sources, self.source_titles)
        new = [(k, x) for k, x in missing.items() if k not in self.sources]
        ids = self.driver.ids("source", len(new)) if new else []
        rows = []
        for id_, (key, x) in zip(ids, new, strict=True):
            self.sources[key] = id_
            if x.title:
                self.source_titles[key] = x.title
            rows.append((id_, x.outlet, x.url, x.title, self.driver.date(x.published),
                         x.language, x.scale))
        self.driver.insert("source", ("id", "outlet", "url", "title", "published", "language",
                                      "scale"), rows)

    def _fetch(self, table, first, second, label, keys: list[tuple], into: dict,  # noqa: ANN001
               labels: dict) -> None:
        """Stored ids of (first, second) keys into `into`, their non-empty `label` into
        `labels`."""
        d = self.driver
        if not d.sqlite:
            self._fetch_by_arrays(table, first, second, label, keys, into, labels)
            return
        # One OR of exact pairs per query: SQLite answers each term from the unique index,
        # where `a IN (...) AND b IN (...)` would scan the cross product.
        same = "IS" if d.sqlite else "IS NOT DISTINCT FROM"
        term = f"({first.name} = {d.mark} AND {second.name} {same} {d.mark})"
        for i in range(0, len(keys), OR_LIMIT):
            part = keys[i:i + OR_LIMIT]
            sql = (f"SELECT {first.name}, {second.name}, id, {label.name} FROM {table.name} "
                   "WHERE " + " OR ".join([term] * len(part)))
            for a, b, id_, text_ in self.conn.exec_driver_sql(
                    sql, tuple(x for k in part for x in k)):
                into[(a, b)] = id_
                if text_:
                    labels[(a, b)] = text_

    def _fetch_by_arrays(self, table, first, second, label, keys: list[tuple],  # noqa: ANN001
                         into: dict, labels: dict) -> None:
        """PostgreSQL: the pairs as two arrays joined to the table through its unique
        index (`IS NOT DISTINCT FROM` would scan it); keys without a second part apart."""
        both = [k for k in keys if k[1] is not None]
        alone = [k[0] for k in keys if k[1] is None]
        columns = f"t.{first.name}, t.{second.name}, t.id, t.{label.name}"
        found = []
        if both:
            found += self.conn.exec_driver_sql(
                f"SELECT {columns} FROM {table.name} t JOIN unnest(%s::text[], %s::text[]) "
                f"AS k(a, b) ON t.{first.name} = k.a AND t.{second.name} = k.b",
                ([k[0] for k in both], [k[1] for k in both])).all()
        if alone:
            found += self.conn.exec_driver_sql(
                f"SELECT {columns} FROM {table.name} t WHERE t.{first.name} = ANY(%s) AND "
                f"t.{second.name} IS NULL", (alone,)).all()
        for a, b, id_, text_ in found:
            into[(a, b)] = id_
            if text_:
                labels[(a, b)] = text_

    @staticmethod
    def _trim(cache: dict, limit: int, labels: dict) -> None:
        if len(cache) > limit:
            cache.clear()
            labels.clear()

    def actor_id(self, actor: ActorRef) -> int:
        self.resolve_actors([actor])
        return self.actors[self.actor_key(actor)]

    def source_id(self, source: Source) -> int:
        if source.id is not None:
            return source.id
        self.resolve_sources([source])
        return self.sources[(source.outlet, source.url)]


def _existing(conn: Connection, table, keys: Iterable[tuple[str, str]]) -> dict:  # noqa: ANN001
    """Stored ids of (origin dataset, origin id) pairs."""
    by_dataset: dict[str, list[str]] = {}
    for dataset, origin in keys:
        by_dataset.setdefault(dataset, []).append(origin)
    found: dict[tuple[str, str], int] = {}
    if conn.dialect.name == "postgresql":
        # One array parameter: the unique index answers it (an IN list of 500 bound
        # values gets a generic plan that scans, slower as the table grows).
        for dataset, origins in by_dataset.items():
            rows = conn.exec_driver_sql(
                f"SELECT origin_id, id FROM {table.name} WHERE origin_dataset = %s AND "
                "origin_id = ANY(%s)", (dataset, origins))
            found.update({(dataset, o): id_ for o, id_ in rows})
        return found
    mark = "?"
    for dataset, origins in by_dataset.items():
        for i in range(0, len(origins), IN_LIMIT):
            part = origins[i:i + IN_LIMIT]
            rows = conn.exec_driver_sql(
                f"SELECT origin_id, id FROM {table.name} WHERE origin_dataset = {mark} AND "
                f"origin_id IN ({', '.join([mark] * len(part))})", (dataset, *part))
            found.update({(dataset, o): id_ for o, id_ in rows})
    return found


def _dedupe(items: list, keys: list[tuple]) -> tuple[list, int]:
    """The items with the last of each origin key kept (a file may repeat a row)."""
    last: dict[tuple, int] = {}
    plain = 0
    for i, k in enumerate(keys):
        if k[0] is not None and k[1] is not None:
            last[k] = i
        else:
            plain += 1
    if len(last) + plain == len(items):
        return items, 0
    out = [it for i, (it, k) in enumerate(zip(items, keys, strict=True))
           if k[0] is None or k[1] is None or last[k] == i]
    return out, len(items) - len(out)


def _links_have_nul(e: Event) -> bool:
    # Plain loops: a generator over every name costs more than the import's own parsing.
    if e.location and "\x00" in e.location:
        return True
    for t in e.tags:
        if "\x00" in t:
            return True
    for a in e.actors:
        if "\x00" in a.name or (a.native_name and "\x00" in a.native_name):
            return True
    for x in e.sources:
        if "\x00" in x.outlet or (x.title and "\x00" in x.title) or (x.url and "\x00" in x.url):
            return True
    return False


def _clean(text: str | None) -> str | None:
    return text.replace("\x00", "") if text else text


def _without_nul(e: Event) -> Event:
    """The event without NUL characters, which PostgreSQL cannot store in text: both
    backends then hold the same text."""
    return replace(
        e, title=_clean(e.title) or "", summary=_clean(e.summary) or "",
        location=_clean(e.location), tags=tuple(_clean(t) or "" for t in e.tags),
        actors=tuple(replace(a, name=_clean(a.name) or "", native_name=_clean(a.native_name))
                     for a in e.actors),
        sources=tuple(replace(x, outlet=_clean(x.outlet) or "", title=_clean(x.title),
                              url=_clean(x.url)) for x in e.sources))


class EventWriter:
    """Buffers events and writes them in chunks; a stored origin id is updated, not duplicated."""

    def __init__(self, conn: Connection, batch_id: int | None = None, *,
                 keep_ids: bool = True, index: bool = True, history: bool = True) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.history = history  # one change-history row per row imported
        self.driver = _Driver(conn)
        self.lookups = _Lookups(conn, self.driver)
        self.counts = WriteCounts()
        self.keep_ids = keep_ids
        # The search index is written here with each chunk, in the same transaction.
        self.index = index
        self.who = changed_by(conn)
        self._buffer: list[tuple[Event, dict | None]] = []
        # Where new events' ids come from (a bulk load hands out ids it reserved).
        self.allocate: Callable[[int], list[int]] = lambda n: self.driver.ids("event", n)

    def add(self, event: Event, extra: dict[str, Any] | None = None) -> None:
        """Queue one event; `extra` fills columns of EVENT_EXTRA (fatalities, goldstein...)."""
        if "\x00" in event.title or "\x00" in event.summary or _links_have_nul(event):
            event = _without_nul(event)
        self._buffer.append((event, extra))
        if len(self._buffer) >= CHUNK:
            self.flush()

    def add_all(self, events: Iterable[Event]) -> WriteCounts:
        for event in events:
            self.add(event)
        self.flush()
        return self.counts

    def write_one(self, event: Event, event_id: int | None = None) -> int:
        """Write one event by hand, at once: a new row, or over the row `event_id` (its
        origin and import batch kept), links and search document replaced; the version
        is raised. The caller checks the version it edited first. Returns the id."""
        if "\x00" in event.title or "\x00" in event.summary or _links_have_nul(event):
            event = _without_nul(event)
        table = s.Event.__table__
        if event_id is None:
            (event_id,) = self.driver.ids("event", 1)
            self.driver.insert("event", EVENT_COLUMNS, [self._row(event_id, event, None)])
            self.conn.execute(update(table).where(table.c.id == event_id)
                              .values(officer_note=event.note or None))
        else:
            row = dict(zip(EVENT_COLUMNS, self._row(event_id, event, None), strict=True))
            values = {k: row[k] for k in _HAND_EDITED}
            values["start_date"], values["end_date"] = event.start, event.end
            self.conn.execute(update(table).where(table.c.id == event_id).values(
                **values, officer_note=event.note or None, version=table.c.version + 1,
                updated_at=func.now()))
        self.replace_links(event, event_id)
        return event_id

    def replace_links(self, event: Event, event_id: int) -> None:
        """The event's countries, actors, tags, sources and search document, written anew."""
        for link in ("event_country", "event_actor", "event_tag", "event_source"):
            self.driver.delete_in(link, "event_id", [event_id])
        if self.index:
            delete_documents(self.conn, [event_id])
        self._write_links([(event, None)], [event_id])

    def _row(self, id_: int | None, e: Event, extra: dict | None) -> tuple:
        start, end = e.start, e.end
        more = extra or _EMPTY
        if self.driver.sqlite:
            first, last = start.isoformat(), end.isoformat() if end else None
        else:
            first, last = start, end
        return (id_, e.title, e.summary or None, e.type, first, last,
                start.toordinal() - _EPOCH_ORDINAL,
                end.toordinal() - _EPOCH_ORDINAL if end else None, str(e.precision),
                e.location, e.latitude, e.longitude, e.origin_dataset, e.origin_id,
                self.batch_id, *map(more.get, EVENT_EXTRA))

    def flush(self) -> None:
        items, self._buffer = self._buffer, []
        if not items:
            return
        keys = [(e.origin_dataset, e.origin_id) for e, _ in items]
        items, dups = _dedupe(items, keys)
        if dups:
            keys = [(e.origin_dataset, e.origin_id) for e, _ in items]
        self.counts.duplicates += dups
        table = s.Event.__table__
        existing = _existing(self.conn, table, [
            k for k in keys if k[0] is not None and k[1] is not None])
        if existing:
            new = [it for it in items if (it[0].origin_dataset, it[0].origin_id) not in existing]
            old = [it for it in items if (it[0].origin_dataset, it[0].origin_id) in existing]
        else:
            new, old = items, []
        ids = self.allocate(len(new)) if new else []
        self.driver.insert("event", EVENT_COLUMNS,
                           [self._row(id_, e, x) for id_, (e, x) in zip(ids, new, strict=True)])
        old_ids = [existing[(e.origin_dataset, e.origin_id)] for e, _ in old]
        same: set[int] = set()
        if old:
            # Rows given again as they are stored keep their version and batch.
            same = self._unchanged(old, old_ids)
            if same:
                self.counts.unchanged += len(same)
                old = [it for it, id_ in zip(old, old_ids, strict=True) if id_ not in same]
                old_ids = [id_ for id_ in old_ids if id_ not in same]
        if old:
            names = EVENT_COLUMNS[1:]
            rows = []
            for id_, (e, x) in zip(old_ids, old, strict=True):
                row = dict(zip(names, self._row(None, e, x)[1:], strict=True))
                row["start_date"], row["end_date"] = e.start, e.end  # Core converts dates
                row["b_id"] = id_
                rows.append(row)
            self.conn.execute(
                update(table).where(table.c.id == bindparam("b_id"))
                .values(version=table.c.version + 1), rows)
            for link in ("event_country", "event_actor", "event_tag", "event_source"):
                self.driver.delete_in(link, "event_id", old_ids)
            if self.index:
                delete_documents(self.conn, old_ids)
        if new or old:
            self._write_links(new + old, ids + old_ids)
            if self.history:
                record_import(self.conn, "event", ids, "imported", self.who, self.batch_id)
                record_import(self.conn, "event", old_ids, "re-imported", self.who,
                              self.batch_id)
        self.counts.added += len(new)
        self.counts.updated += len(old)
        if self.keep_ids:
            self.counts.ids.extend(ids + old_ids + [id_ for id_ in existing.values()
                                                    if id_ in same])

    def _unchanged(self, old: list[tuple[Event, dict | None]], ids: list[int]) -> set[int]:
        """The ids among `ids` whose stored columns and links equal the incoming events'."""
        keep = [i for i, c in enumerate(EVENT_COLUMNS) if c not in _PROVENANCE]
        columns = [EVENT_COLUMNS[i] for i in keep]
        stored = {r[0]: tuple(r[1:]) for r in self._select("event", "id", ["id", *columns], ids)}
        links = {link: self._links(link, column, ids) for link, column in (
            ("event_country", "country_iso3"), ("event_tag", "tag"),
            ("event_actor", "actor_id, role"), ("event_source", "source_id"))}
        lookups, known = self.lookups, self.lookups.countries
        lookups.resolve_actors(a for e, _ in old for a in e.actors)
        lookups.resolve_sources(x for e, _ in old for x in e.sources)
        same = set()
        for id_, (e, x) in zip(ids, old, strict=True):
            row = self._row(None, e, x)
            if stored.get(id_) != tuple(row[i] for i in keep):
                continue
            if links["event_country"].get(id_, set()) != {c for c in e.countries if c in known}:
                continue
            if links["event_tag"].get(id_, set()) != {t for t in e.tags if t}:
                continue
            if links["event_actor"].get(id_, set()) != {
                    (lookups.actors[lookups.actor_key(a)], a.role or "participant")
                    for a in e.actors}:
                continue
            if links["event_source"].get(id_, set()) != {
                    x.id if x.id is not None else lookups.sources[(x.outlet, x.url)]
                    for x in e.sources}:
                continue
            same.add(id_)
        return same

    def _select(self, table: str, key: str, columns: list[str], ids: list[int]) -> list:
        mark, rows = self.driver.mark, []
        for i in range(0, len(ids), IN_LIMIT):
            part = ids[i:i + IN_LIMIT]
            rows += self.conn.exec_driver_sql(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {key} IN "
                f"({', '.join([mark] * len(part))})", tuple(part)).all()
        return rows

    def _links(self, table: str, columns: str, ids: list[int]) -> dict[int, set]:
        found: dict[int, set] = {}
        for row in self._select(table, "event_id", ["event_id", columns], ids):
            found.setdefault(row[0], set()).add(row[1] if len(row) == 2 else tuple(row[1:]))
        return found

    def _write_links(self, items: list[tuple[Event, dict | None]], ids: list[int]) -> None:
        lookups = self.lookups
        known = lookups.countries
        pairs = list(zip(items, ids, strict=True))
        # Keys are made once per actor and source, then used to resolve and to link.
        actor_rows = [(id_, (a.name, a.country if a.country in known else None), a)
                      for (e, _), id_ in pairs for a in e.actors]
        lookups.resolve_actor_keys((key, a) for _, key, a in actor_rows)
        source_rows = [(id_, x) for (e, _), id_ in pairs for x in e.sources]
        lookups.resolve_sources(x for _, x in source_rows)
        actor_ids, source_ids = lookups.actors, lookups.sources
        # Repeats within one event (two equal actors, a country named twice) are left to
        # INSERT OR IGNORE rather than deduplicated here row by row.
        insert = self.driver.insert
        insert("event_country", ("event_id", "country_iso3"),
               [(id_, c) for (e, _), id_ in pairs for c in e.countries if c in known],
               ignore=True)
        insert("event_actor", ("event_id", "actor_id", "role"),
               [(id_, actor_ids[key], a.role or "participant") for id_, key, a in actor_rows],
               ignore=True)
        insert("event_tag", ("event_id", "tag"),
               [(id_, t) for (e, _), id_ in pairs for t in e.tags if t], ignore=True)
        source_links = [(id_, x.id if x.id is not None else source_ids[(x.outlet, x.url)])
                        for id_, x in source_rows]
        insert("event_source", ("event_id", "source_id"), source_links, ignore=True)
        if self.index:
            self._write_documents(pairs, actor_rows, source_rows, source_links)

    def _write_documents(self, pairs: list, actor_rows: list, source_rows: list,
                         source_links: list[tuple[int, int]]) -> None:
        """The chunk's search documents, from the rows in memory (see search.write_documents).

        Each holds what the link tables hold, in the order a rebuild reads them: an actor
        once per role (by role and name), a source once per event (by id), a tag once (by
        name), with the stored native names and source titles, so it is the document
        `rebuild_index` would make.
        """
        natives, titles = self.lookups.native_names, self.lookups.source_titles
        actor_ids = self.lookups.actors
        actors: dict[int, dict] = {}
        for id_, key, a in actor_rows:
            role = a.role or "participant"
            actors.setdefault(id_, {})[(role, key[0], actor_ids[key])] = \
                actor_words(a.name, natives.get(key))
        # Sources cited by id: their stored outlet and title (rare; one query a chunk).
        by_id = [x.id for _, x in source_rows if x.id is not None]
        stored = {sid: source_words(outlet, title) for sid, outlet, title in self.conn.execute(
            select(s.Source.id, s.Source.outlet, s.Source.title)
            .where(s.Source.id.in_(set(by_id)))).all()} if by_id else {}
        sources: dict[int, dict[int, str]] = {}
        for (id_, x), (_, sid) in zip(source_rows, source_links, strict=True):
            words = stored.get(sid, x.outlet) if x.id is not None else \
                source_words(x.outlet, titles.get((x.outlet, x.url)))
            sources.setdefault(id_, {})[sid] = words
        none: dict = {}

        def joined(parts: dict) -> str:
            return " ".join(parts[k] for k in sorted(parts)) if parts else ""

        write_documents(self.conn, [
            SearchDocument(id_, e.title, e.summary or "", joined(actors.get(id_, none)),
                           joined(sources.get(id_, none)),
                           " ".join(sorted({t for t in e.tags if t})) if e.tags else "",
                           e.note or "")
            for (e, _), id_ in pairs])


class TradeWriter:
    """Buffers trade figures and writes them in chunks, updating by origin id.

    Every source of a figure is linked, in the order given; a figure that names the
    figure it restates (`supersedes`, an origin id of the same dataset) is linked to it
    once both are stored, whichever came first.
    """

    def __init__(self, conn: Connection, batch_id: int | None = None, *,
                 history: bool = True) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.history = history  # one change-history row per figure imported
        self.who = changed_by(conn) if history else ""
        self.driver = _Driver(conn)
        self.lookups = _Lookups(conn, self.driver)
        self.counts = WriteCounts()
        self._buffer: list[TradeFigure] = []
        self._restating: list[tuple[str, str, str]] = []  # (dataset, origin id, restated id)

    def add(self, figure: TradeFigure) -> None:
        self._buffer.append(figure)
        if len(self._buffer) >= CHUNK:
            self.flush()

    def add_all(self, figures: Iterable[TradeFigure]) -> WriteCounts:
        for figure in figures:
            self.add(figure)
        self.flush()
        return self.counts

    def write_one(self, figure: TradeFigure, figure_id: int | None = None) -> int:
        """Write one figure by hand, at once: a new row, or over the row `figure_id` (its
        origin, import batch and restatement kept), its sources replaced; the version is
        raised. The caller checks the version it edited first. Returns the id."""
        table = s.TradeFigure.__table__
        self.lookups.resolve_sources(figure.sources)
        if figure_id is None:
            (figure_id,) = self.driver.ids("trade_figure", 1)
            self.driver.insert("trade_figure", TRADE_COLUMNS, [self._tuple(figure_id, figure)])
            values: dict = {"officer_note": figure.officer_note or None}
        else:
            row = self._row(figure)
            values = {k: v for k, v in row.items() if k not in _PROVENANCE}
            values.update(officer_note=figure.officer_note or None,
                          version=table.c.version + 1)
        self.conn.execute(update(table).where(table.c.id == figure_id).values(**values))
        self.driver.delete_in("trade_figure_source", "trade_figure_id", [figure_id])
        self.driver.insert("trade_figure_source", ("trade_figure_id", "source_id", "position"),
                           [(figure_id, source_id, n)
                            for n, source_id in enumerate(self.source_ids(figure))])
        return figure_id

    def _tuple(self, id_: int | None, f: TradeFigure) -> tuple:
        p = f.period
        date = self.driver.date
        return (id_, f.reporter, f.partner, str(f.flow), str(p.kind), date(p.start),
                date(p.end), p.start.toordinal() - _EPOCH_ORDINAL,
                p.end.toordinal() - _EPOCH_ORDINAL, p.fiscal_year, f.classification,
                f.commodity_code, f.commodity_label, f.value_usd, f.quantity, f.quantity_unit,
                bool(f.estimated), f.note or None, str(f.coverage), f.origin_dataset,
                f.origin_id, self.batch_id)

    def _row(self, f: TradeFigure) -> dict:
        p = f.period
        return {
            "reporter_iso3": f.reporter, "partner_iso3": f.partner, "flow": str(f.flow),
            "period_kind": str(p.kind), "period_start": p.start, "period_end": p.end,
            "start_day": day_number(p.start), "end_day": day_number(p.end),
            "fiscal_year": p.fiscal_year, "classification": f.classification,
            "commodity_code": f.commodity_code, "commodity_label": f.commodity_label,
            "value_usd": f.value_usd, "quantity": f.quantity, "quantity_unit": f.quantity_unit,
            "estimated": f.estimated, "note": f.note or None, "coverage": str(f.coverage),
            "origin_dataset": f.origin_dataset, "origin_id": f.origin_id,
            "import_batch_id": self.batch_id,
        }

    def source_ids(self, f: TradeFigure) -> list[int]:
        """The figure's sources as ids, each once, in the order cited."""
        ids = (x.id if x.id is not None else self.lookups.sources[(x.outlet, x.url)]
               for x in f.sources)
        return list(dict.fromkeys(ids))

    def flush(self) -> None:
        figures, self._buffer = self._buffer, []
        if not figures:
            self._link_restatements()
            return
        figures, dups = _dedupe(figures, [(f.origin_dataset, f.origin_id) for f in figures])
        self.counts.duplicates += dups
        table = s.TradeFigure.__table__
        existing = _existing(self.conn, table, [
            (f.origin_dataset, f.origin_id) for f in figures
            if f.origin_dataset is not None and f.origin_id is not None])
        self.lookups.resolve_sources(x for f in figures for x in f.sources)
        new = [f for f in figures if (f.origin_dataset, f.origin_id) not in existing]
        given = [(f, existing[(f.origin_dataset, f.origin_id)]) for f in figures
                 if (f.origin_dataset, f.origin_id) in existing]
        same = self._unchanged(given) if given else set()
        self.counts.unchanged += len(same)
        changed = [(f, id_) for f, id_ in given if id_ not in same]
        old = [{**self._row(f), "b_id": id_} for f, id_ in changed]
        # New rows as plain tuples through the driver's executemany (Core's dict path is
        # ~4x slower here), with ids allocated here so that their sources can be linked.
        ids = self.driver.ids("trade_figure", len(new)) if new else []
        self.driver.insert("trade_figure", TRADE_COLUMNS,
                           [self._tuple(id_, f) for id_, f in zip(ids, new, strict=True)])
        if old:
            self.conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                              .values(version=table.c.version + 1), old)
            self.driver.delete_in("trade_figure_source", "trade_figure_id",
                                  [id_ for _, id_ in changed])
        self.driver.insert("trade_figure_source", ("trade_figure_id", "source_id", "position"),
                           [(id_, source_id, n)
                            for f, id_ in [*zip(new, ids, strict=True), *changed]
                            for n, source_id in enumerate(self.source_ids(f))])
        if self.history:
            record_import(self.conn, "trade_figure", ids, "imported", self.who, self.batch_id)
            record_import(self.conn, "trade_figure", [id_ for _, id_ in changed],
                          "re-imported", self.who, self.batch_id)
        self._restating += [(f.origin_dataset, f.origin_id, f.supersedes) for f in figures
                            if f.supersedes and f.origin_dataset and f.origin_id]
        self._link_restatements()
        self.counts.added += len(new)
        self.counts.updated += len(old)

    def _link_restatements(self) -> None:
        """Point each restating figure at the figure it restates, once that is stored."""
        if not self._restating:
            return
        pending, self._restating = self._restating, []
        found = _existing(self.conn, s.TradeFigure.__table__,
                          {(d, o) for d, o, _ in pending} | {(d, r) for d, _, r in pending})
        rows = []
        for dataset, origin, restated in pending:
            if (dataset, restated) in found and (dataset, origin) in found:
                rows.append({"b_id": found[(dataset, origin)],
                             "b_restated": found[(dataset, restated)]})
            else:
                self._restating.append((dataset, origin, restated))
        if rows:
            table = s.TradeFigure.__table__
            self.conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                              .values(supersedes_id=bindparam("b_restated")), rows)

    def _unchanged(self, given: list[tuple[TradeFigure, int]]) -> set[int]:
        """The stored ids whose columns and sources equal the incoming figures'."""
        keep = [i for i, c in enumerate(TRADE_COLUMNS) if c not in _PROVENANCE]
        columns = ", ".join(TRADE_COLUMNS[i] for i in keep)
        mark, stored = self.driver.mark, {}
        links: dict[int, list[tuple[int, int]]] = {}
        ids = [id_ for _, id_ in given]
        for i in range(0, len(ids), IN_LIMIT):
            part = ids[i:i + IN_LIMIT]
            marks = ", ".join([mark] * len(part))
            for row in self.conn.exec_driver_sql(
                    f"SELECT id, {columns} FROM trade_figure WHERE id IN ({marks})",
                    tuple(part)):
                stored[row[0]] = tuple(row[1:])
            for figure_id, source_id, position in self.conn.exec_driver_sql(
                    "SELECT trade_figure_id, source_id, position FROM trade_figure_source "
                    f"WHERE trade_figure_id IN ({marks})", tuple(part)):
                links.setdefault(figure_id, []).append((position, source_id))
        same = set()
        for f, id_ in given:
            row = self._tuple(id_, f)
            cited = [source_id for _, source_id in sorted(links.get(id_, []))]
            if stored.get(id_) == tuple(row[i] for i in keep) and cited == self.source_ids(f):
                same.add(id_)
        return same
