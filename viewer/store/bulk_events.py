"""Bulk loading of events: rows prepared away from the store, written here in few steps.

`prepare` turns a chunk of parsed events into plain tuples and lists, everything that does
not depend on what the store holds: event rows with their ids, country and tag links,
each distinct actor and source once with the links that name them, and the search
document columns but the actors' and sources'. It needs no connection, so it runs in the
parser process and its result crosses a pipe cheaply (a pickled dataclass costs twice the
parse; plain tuples a tenth of it). `BulkEventWriter.write` then does what needs the
store: actor and source ids, the rows already stored (given again: they go through
`EventWriter`'s update path, as do the rare events `prepare` leaves whole), and the
driver's executemany per table. The result is what `EventWriter` would have written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.domain.search_text import COLUMNS, actor_words, is_plain, normalized, source_words
from viewer.store import schema as s
from viewer.store.bulk import copy_rows
from viewer.store.history import changed_by
from viewer.store.search import FTS_TABLE
from viewer.store.writer import (
    _EPOCH_ORDINAL,
    EVENT_COLUMNS,
    EVENT_EXTRA,
    EventWriter,
    WriteCounts,
    _dedupe,
    _existing,
    _links_have_nul,
    _Lookups,
    _without_nul,
)

# The event row without its import batch, which the INSERT names as a constant.
ROW_COLUMNS = tuple(c for c in EVENT_COLUMNS if c != "import_batch_id")
_ORIGIN = ROW_COLUMNS.index("origin_dataset")
_EXTRA_AT = ROW_COLUMNS.index(EVENT_EXTRA[0])
# The tables a bulk load fills whose plain indexes it sets aside (bulk.indexes_set_aside);
# the change log's index grows at its end (entity ids in order), cheaper kept than made.
BULK_TABLES = ("event", "event_country", "event_actor", "event_tag", "event_source")


@dataclass
class PreparedChunk:
    """One chunk of events as plain values; ids run from `first_id` in event order."""

    first_id: int
    rows: list[tuple] = field(default_factory=list)  # ROW_COLUMNS, one per event
    duplicates: int = 0  # repeats of an origin id within the chunk, the last one kept
    countries: list[tuple[int, str]] = field(default_factory=list)
    tags: list[tuple[int, str]] = field(default_factory=list)
    actor_keys: list[tuple[str, str | None]] = field(default_factory=list)
    actor_info: list[tuple[str | None, str | None]] = field(default_factory=list)  # kind, native
    actor_links: list[tuple[int, int, str]] = field(default_factory=list)  # id, key index, role
    source_keys: list[tuple[str, str | None]] = field(default_factory=list)
    source_info: list[tuple] = field(default_factory=list)  # title, published, language, scale
    source_links: list[tuple[int, int]] = field(default_factory=list)  # id, key index
    # Per event: its actors' key indexes in document order, and whether two actors share
    # a role and name (then the stored ids order them, so the writer sorts them).
    doc_actors: list[tuple[int, ...]] = field(default_factory=list)
    actor_ties: list[int] = field(default_factory=list)  # positions of such events
    doc_sources: list[tuple[int, ...]] = field(default_factory=list)  # distinct key indexes
    titles: list[str] = field(default_factory=list)  # the search columns, normalized
    summaries: list[str] = field(default_factory=list)
    tag_words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw_notes: dict[int, str] = field(default_factory=dict)  # position -> note, when any
    # Events kept whole (a source cited by stored id): written by EventWriter with the
    # ids reserved for them here.
    whole: list[tuple[Event, dict | None]] = field(default_factory=list)
    whole_ids: list[int] = field(default_factory=list)

    @property
    def next_id(self) -> int:
        return self.first_id + len(self.rows) + len(self.whole_ids)


def prepare(records: Iterable[tuple[Event, dict | None]], known: set[str] | frozenset[str],
            first_id: int) -> PreparedChunk:
    """A chunk of (event, extra) records as plain rows; `known` are the store's countries."""
    items = []
    for e, extra in records:
        if "\x00" in e.title or "\x00" in e.summary or _links_have_nul(e):
            e = _without_nul(e)
        items.append((e, extra))
    items, dups = _dedupe(items, [(e.origin_dataset, e.origin_id) for e, _ in items])
    c = PreparedChunk(first_id, duplicates=dups)
    rows, countries, tags = c.rows, c.countries, c.tags
    akeys: dict[tuple[str, str | None], int] = {}
    skeys: dict[tuple[str, str | None], int] = {}
    id_ = first_id
    empty: dict = {}
    for e, extra in items:
        for x in e.sources:
            if x.id is not None:
                break
        else:
            x = None
        if x is not None:
            c.whole.append((e, extra))
            c.whole_ids.append(id_)
            id_ += 1
            continue
        start, end = e.start, e.end
        more = extra or empty
        rows.append((id_, e.title, e.summary or None, e.type, start.isoformat(),
                     end.isoformat() if end else None, start.toordinal() - _EPOCH_ORDINAL,
                     end.toordinal() - _EPOCH_ORDINAL if end else None, str(e.precision),
                     e.location, e.latitude, e.longitude, e.origin_dataset, e.origin_id,
                     *map(more.get, EVENT_EXTRA)))
        for iso3 in e.countries:
            if iso3 in known:
                countries.append((id_, iso3))
        # Document order: by role and name; the same role and name under two keys is
        # ordered by stored id, which the writer knows (a tie).
        doc: dict[tuple[str, str], int] = {}
        tie = False
        for a in e.actors:
            key = (a.name, a.country if a.country in known else None)
            j = akeys.get(key)
            if j is None:
                j = akeys[key] = len(c.actor_keys)
                c.actor_keys.append(key)
                c.actor_info.append((a.kind, a.native_name))
            role = a.role or "participant"
            c.actor_links.append((id_, j, role))
            if doc.setdefault((role, a.name), j) != j:
                tie = True
        if tie:
            c.actor_ties.append(len(rows) - 1)
            c.doc_actors.append(())
        else:
            c.doc_actors.append(tuple([doc[k] for k in sorted(doc)]) if len(doc) > 1
                                else tuple(doc.values()))
        cited: dict[int, None] = {}
        for x in e.sources:
            key = (x.outlet, x.url)
            j = skeys.get(key)
            if j is None:
                j = skeys[key] = len(c.source_keys)
                c.source_keys.append(key)
                c.source_info.append((x.title, x.published, x.language, x.scale))
            c.source_links.append((id_, j))
            cited[j] = None
        c.doc_sources.append(tuple(cited))
        if e.tags:
            kept = [t for t in e.tags if t]
            tags += [(id_, t) for t in kept]
            c.tag_words.append(normalized(" ".join(sorted(set(kept)))))
        else:
            c.tag_words.append("")
        c.titles.append(normalized(e.title))
        c.summaries.append(normalized(e.summary or ""))
        if e.note:
            c.raw_notes[len(rows) - 1] = e.note
            c.notes.append(normalized(e.note))
        else:
            c.notes.append("")
        id_ += 1
    return c


class BulkEventWriter:
    """Writes prepared chunks in the caller's transaction (SQLite), as EventWriter would."""

    def __init__(self, conn: Connection, batch_id: int, *, history: bool = True) -> None:
        self.conn = conn
        self.batch_id = int(batch_id)
        self.history = history
        self.who = changed_by(conn) if history else ""
        self.lookups = _Lookups(conn)
        self.counts = WriteCounts()
        self._reserved: list[int] = []
        # Stored and updated events go through the ordinary writer, which must not pick
        # ids of its own: the prepared chunks hold theirs.
        self.updates = EventWriter(conn, batch_id, keep_ids=False, history=history)
        self.updates.lookups = self.lookups
        self.updates.allocate = self._take_reserved
        names = ", ".join((*ROW_COLUMNS, "import_batch_id"))
        marks = ", ".join("?" * len(ROW_COLUMNS))
        self._insert_event = (f"INSERT INTO event ({names}) VALUES ({marks}, "
                              f"{self.batch_id})")

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.lookups.countries)

    def first_id(self) -> int:
        """The first free event id; the store's write lock is held, so it stays free."""
        return self.updates.driver.ids("event", 1)[0]

    def _take_reserved(self, n: int) -> list[int]:
        taken, self._reserved = self._reserved[:n], self._reserved[n:]
        if len(taken) < n:
            raise RuntimeError("bulk load: more new events than ids reserved for them")
        return taken

    def write(self, c: PreparedChunk) -> None:
        """Write one prepared chunk."""
        self.counts.duplicates += c.duplicates
        rows = c.rows
        by_dataset: dict[str, list[str]] = {}
        for r in rows:
            if r[_ORIGIN] is not None and r[_ORIGIN + 1] is not None:
                by_dataset.setdefault(r[_ORIGIN], []).append(r[_ORIGIN + 1])
        stored = _existing(self.conn, s.Event.__table__,
                           [(d, o) for d, origins in by_dataset.items() for o in origins])
        again: list[tuple[Event, dict | None]] = []
        if stored:
            gone = {c.first_id + i for i, r in enumerate(rows)
                    if (r[_ORIGIN], r[_ORIGIN + 1]) in stored}
            again = [_rebuilt(c, i) for i, r in enumerate(rows) if r[0] in gone]
            c = _without(c, gone)
            rows = c.rows
            # As EventWriter does: the stored events' actors and sources get ids first.
            self.lookups.resolve_actors(a for e, _ in again for a in e.actors)
            self.lookups.resolve_sources(x for e, _ in again for x in e.sources)
        self._write_new(c)
        self.counts.added += len(rows)
        if again or c.whole:
            self._reserved = list(c.whole_ids)
            for e, extra in [*again, *c.whole]:
                self.updates.add(e, extra)
            self.updates.flush()
            self._reserved = []
            done, self.updates.counts = self.updates.counts, WriteCounts()
            self.counts.added += done.added
            self.counts.updated += done.updated
            self.counts.unchanged += done.unchanged
            self.counts.duplicates += done.duplicates

    def _write_new(self, c: PreparedChunk) -> None:
        if not c.rows:
            return
        conn, lookups = self.conn, self.lookups
        lookups.resolve_actor_keys(
            (key, ActorRef(key[0], kind=kind, country=key[1], native_name=native))
            for key, (kind, native) in zip(c.actor_keys, c.actor_info, strict=True))
        lookups.resolve_sources(
            Source(key[0], key[1], title, published, language, scale=scale)
            for key, (title, published, language, scale) in zip(c.source_keys,
                                                                  c.source_info, strict=True))
        actors, natives = lookups.actors, lookups.native_names
        sources, titles = lookups.sources, lookups.source_titles
        aid = [actors[k] for k in c.actor_keys]
        sid = [sources[k] for k in c.source_keys]
        conn.exec_driver_sql(self._insert_event, c.rows)
        copy_rows(conn, "event_country", ("event_id", "country_iso3"), c.countries,
                  ignore=True)
        copy_rows(conn, "event_actor", ("event_id", "actor_id", "role"),
                  [(e, aid[j], role) for e, j, role in c.actor_links], ignore=True)
        copy_rows(conn, "event_tag", ("event_id", "tag"), c.tags, ignore=True)
        copy_rows(conn, "event_source", ("event_id", "source_id"),
                  [(e, sid[j]) for e, j in c.source_links], ignore=True)
        # The search document's actors and sources, in the order a rebuild reads them.
        aw = [actor_words(k[0], natives.get(k)) for k in c.actor_keys]
        sw = [source_words(k[0], titles.get(k)) for k in c.source_keys]
        actor_col = [" ".join([aw[j] for j in js]) for js in c.doc_actors]
        for i in c.actor_ties:
            event_id = c.rows[i][0]
            cited = {(role, c.actor_keys[j][0], aid[j], j) for e, j, role in c.actor_links
                     if e == event_id}
            actor_col[i] = " ".join(aw[j] for *_, j in sorted(cited))
        source_col = [sw[js[0]] if len(js) == 1 else
                      " ".join([sw[j] for j in sorted(js, key=sid.__getitem__)]) if js else ""
                      for js in c.doc_sources]
        for col in (actor_col, source_col):
            for i, text in enumerate(col):
                if not is_plain(text):
                    col[i] = normalized(text)
        copy_rows(conn, FTS_TABLE, ("rowid", *COLUMNS),
                  list(zip([r[0] for r in c.rows], c.titles, c.summaries, actor_col,
                           source_col, c.tag_words, c.notes, strict=True)))
        if self.history:
            copy_rows(conn, "change_log",
                      ("changed_by", "entity", "entity_id", "action", "import_batch_id"),
                      [(self.who, "event", r[0], "imported", self.batch_id) for r in c.rows])


def _without(c: PreparedChunk, gone: set[int]) -> PreparedChunk:
    """The chunk without the events of these ids (stored already: they are updated)."""
    keep = [i for i, r in enumerate(c.rows) if r[0] not in gone]
    ties = set(c.actor_ties)
    out = PreparedChunk(
        c.first_id, rows=[c.rows[i] for i in keep],
        countries=[x for x in c.countries if x[0] not in gone],
        tags=[x for x in c.tags if x[0] not in gone],
        actor_keys=c.actor_keys, actor_info=c.actor_info,
        actor_links=[x for x in c.actor_links if x[0] not in gone],
        source_keys=c.source_keys, source_info=c.source_info,
        source_links=[x for x in c.source_links if x[0] not in gone],
        doc_actors=[c.doc_actors[i] for i in keep],
        actor_ties=[n for n, i in enumerate(keep) if i in ties],
        doc_sources=[c.doc_sources[i] for i in keep],
        titles=[c.titles[i] for i in keep], summaries=[c.summaries[i] for i in keep],
        tag_words=[c.tag_words[i] for i in keep], notes=[c.notes[i] for i in keep],
        whole=c.whole, whole_ids=c.whole_ids)
    return out


def _rebuilt(c: PreparedChunk, i: int) -> tuple[Event, dict | None]:
    """The event at position i as EventWriter takes it (for the update path)."""
    r = c.rows[i]
    id_ = r[0]
    v = dict(zip(ROW_COLUMNS, r, strict=True))
    end = v["end_date"]
    sources = []
    for e, j in c.source_links:
        if e == id_:
            title, published, language, scale = c.source_info[j]
            outlet, url = c.source_keys[j]
            sources.append(Source(outlet, url, title, published, language, scale=scale))
    actors = []
    for e, j, role in c.actor_links:
        if e == id_:
            kind, native = c.actor_info[j]
            name, country = c.actor_keys[j]
            actors.append(ActorRef(name, role, kind, country, native))
    event = Event(
        title=v["title"], start=dt.date.fromisoformat(v["start_date"]), type=v["type"],
        precision=Precision(v["precision"]),
        end=dt.date.fromisoformat(end) if end else None, summary=v["summary"] or "",
        location=v["location"], latitude=v["latitude"], longitude=v["longitude"],
        countries=tuple(iso3 for e, iso3 in c.countries if e == id_),
        actors=tuple(actors), tags=tuple(t for e, t in c.tags if e == id_),
        sources=tuple(sources), origin_dataset=v["origin_dataset"],
        origin_id=v["origin_id"], note=c.raw_notes.get(i, ""))
    extra = {k: r[_EXTRA_AT + n] for n, k in enumerate(EVENT_EXTRA)}
    return event, extra


def store_countries(conn: Connection) -> frozenset[str]:
    """The store's country codes, which links may name."""
    return frozenset(conn.scalars(select(s.Country.iso3)))

