"""The facet columns of every event, read a range of events at a time into numpy.

Each value facet is integer codes: per event (types, precisions) or per (event, value)
link (countries, tags, actors, outlets). The event table is read in chunks of
`CHUNK_EVENTS` ids; each link table is then read over the same id ranges through its
primary key (a covering index), so what is held besides the finished columns is one
chunk's text and arrays: at ten million events the read peaked 1.4 GB above its result
when it took each table whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, select

from viewer.domain.model import Precision
from viewer.store import schema as s

CHUNK_EVENTS = 500_000
SEP = "\x1f"  # unit separator: not found in codes, tags or names
_BEFORE_ANY_ID = -(2**62)


@dataclass(frozen=True)
class Coded:
    """One facet as integer codes: per event (types, precisions) or per (event, value) link."""

    values: tuple[str, ...]
    codes: np.ndarray  # code per event, or per link (int8/16/32 by the number of values)
    events: np.ndarray | None = None  # int32 event position per link; None for event facets


@dataclass(frozen=True)
class FacetArrays:
    """The columns facets are counted from, for every event of one store."""

    ids: np.ndarray  # sorted event ids
    start: np.ndarray  # start day numbers
    last: np.ndarray  # end day, or start day when there is no end
    facets: dict[str, Coded]
    # No coordinates: a map box is a mask the service makes from the map's points, which
    # hold them already (16 bytes an event fewer: 160 MB at ten million).

    @property
    def nbytes(self) -> int:
        parts = [self.ids, self.start, self.last]
        for c in self.facets.values():
            parts += [c.codes] + ([c.events] if c.events is not None else [])
        return sum(p.nbytes for p in parts)


def load_arrays(conn: Connection) -> FacetArrays:
    """Read the facet columns of every event (each table a range of events at a time)."""
    # The distinct types come from an index; precisions are the known ones plus 'other'.
    types = list(conn.scalars(select(s.Event.type).distinct().order_by(s.Event.type)))
    precisions = [p.value for p in Precision]
    type_case, type_args = _case("type", types)
    precision_case, precision_args = _case("precision", precisions)
    parts: list[list[np.ndarray]] = [[], [], [], [], []]
    ranges: list[tuple[int, int]] = []
    after = _BEFORE_ANY_ID
    while True:
        chunk = _columns(
            conn, f"SELECT id AS c0, start_day AS c1, coalesce(end_day, start_day) AS c2, "
                  f"{type_case} AS c3, {precision_case} AS c4 FROM event WHERE id > ? "
                  f"ORDER BY id LIMIT {CHUNK_EVENTS}",
            "iiiii", (*type_args, *precision_args, after))
        if not len(chunk[0]):
            break
        ids, start, last, type_codes, precision_codes = chunk
        for column, got in zip(parts, (ids, start.astype(np.int32), last.astype(np.int32),
                                       _narrow(type_codes, len(types) + 1),
                                       _narrow(precision_codes, len(precisions) + 1)),
                               strict=True):
            column.append(got)
        ranges.append((after, int(ids[-1])))
        after = int(ids[-1])
        if len(ids) < CHUNK_EVENTS:
            break
    # One column at a time, each chunk let go as soon as it is joined.
    ids, start, last, type_codes, precision_codes = (_joined(parts.pop(0), np.int64)
                                                     for _ in range(5))
    facets = {
        "types": Coded(tuple(types) + ("other",), type_codes),
        "precisions": Coded(tuple(precisions) + ("other",), precision_codes),
        "countries": _text_links(conn, "event_country", "country_iso3", ids, ranges),
        "tags": _text_links(conn, "event_tag", "tag", ids, ranges),
        "actors": _id_links(conn, "event_actor", "actor_id",
                            "SELECT id AS c0, name AS c1 FROM actor", ids, ranges),
        "outlets": _id_links(conn, "event_source", "source_id",
                             "SELECT id AS c0, outlet AS c1 FROM source", ids, ranges),
    }
    return FacetArrays(ids, start.astype(np.int32), last.astype(np.int32), facets)


def _joined(parts: list[np.ndarray], empty: type) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=empty)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _links(conn: Connection, table: str, column: str, kinds: str,
           ranges: list[tuple[int, int]]) -> Iterator[list]:
    """(event id, value) columns of a link table, one range of events at a time."""
    for after, last in ranges:
        yield _columns(conn, f"SELECT event_id AS c0, {column} AS c1 FROM {table} "
                             "WHERE event_id > ? AND event_id <= ?", kinds, (after, last))


def _pairs(positions: np.ndarray, codes: np.ndarray, width: int) -> tuple[np.ndarray, ...]:
    """(event position, value code) links without repeats, by position then code: an actor
    in two roles, or two articles of one outlet, still make one event."""
    width = max(1, width)
    pairs = _unique_sorted(positions * width + codes)
    return (pairs // width).astype(np.int32), pairs % width


def _coded_links(values: tuple[str, ...], events: list[np.ndarray],
                 codes: list[np.ndarray]) -> Coded:
    return Coded(values, _narrow(_joined(codes, np.int64), len(values)),
                 _joined(events, np.int32))


def _text_links(conn: Connection, table: str, column: str, ids: np.ndarray,
                ranges: list[tuple[int, int]]) -> Coded:
    """Links whose value is the text itself (countries, tags); codes in value order, as
    the counts list equal values alphabetically."""
    seen: dict[str, int] = {}  # value -> code in order of first sight
    events: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for event_ids, raw in _links(conn, table, column, "ir", ranges):
        if not raw:
            continue
        found, local = _distinct_text(raw, len(event_ids))
        first_sight = np.array([seen.setdefault(v, len(seen)) for v in found], dtype=np.int64)
        at, code = _pairs(np.searchsorted(ids, event_ids), local, len(found))
        events.append(at)
        codes.append(first_sight[code])
    values = tuple(sorted(seen))
    in_order = np.zeros(max(1, len(seen)), dtype=np.int64)
    in_order[[seen[v] for v in values]] = np.arange(len(values))
    return _coded_links(values, events, [in_order[c] for c in codes])


def _distinct_text(raw: str, rows: int) -> tuple[list[str], np.ndarray]:
    """The distinct values of SEP-joined text and each row's index among them."""
    if len(raw) == 4 * rows - 1 and raw.isascii():
        # All three letters (ISO3 codes): as 24-bit integers, which numpy sorts without
        # holding the GIL, unlike two million strings (a frozen GUI while this runs).
        cells = np.frombuffer((raw + SEP).encode("ascii"), dtype=np.uint8).reshape(-1, 4)
        keys = ((cells[:, 0].astype(np.int64) << 16) | (cells[:, 1].astype(np.int64) << 8)
                | cells[:, 2])
        uniq, local = np.unique(keys, return_inverse=True)
        found = [bytes([(k >> 16) & 255, (k >> 8) & 255, k & 255]).decode("ascii")
                 for k in uniq.tolist()]
        return found, local.astype(np.int64)
    uniq, local = np.unique(np.array(raw.split(SEP)), return_inverse=True)
    return [str(v) for v in uniq], local.astype(np.int64)


def _id_links(conn: Connection, table: str, column: str, names_sql: str, ids: np.ndarray,
              ranges: list[tuple[int, int]]) -> Coded:
    """Links through a small table (actors, sources), mapped to names in numpy: joining
    in SQL reads the big link table in random order and is five times slower."""
    named_ids, named = _columns(conn, names_sql, "it")
    # Codes in name order, as for the text facets: equal counts then list alphabetically,
    # whatever order the database returned the rows in.
    names = {name: code for code, name in enumerate(sorted(set(named)))}
    lookup = np.zeros(int(named_ids.max(initial=0)) + 1, dtype=np.int64)
    for id_, name in zip(named_ids.tolist(), named, strict=True):
        lookup[id_] = names[name]
    events: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for event_ids, target in _links(conn, table, column, "ii", ranges):
        at, code = _pairs(np.searchsorted(ids, event_ids), lookup[target], len(names))
        events.append(at)
        codes.append(code)
    return _coded_links(tuple(names), events, codes)


def _case(column: str, values: list[str]) -> tuple[str, list[str]]:
    """An SQL CASE giving each value its position, so rows arrive as integers only."""
    whens = " ".join(f"WHEN ? THEN {i}" for i in range(len(values)))
    return (f"CASE {column} {whens} ELSE {len(values)} END" if values else "0"), values


def _unique_sorted(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values; numpy's hash-based unique takes seconds on millions here."""
    keys = np.sort(keys)
    if len(keys) == 0:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _narrow(codes: np.ndarray, count: int) -> np.ndarray:
    """Codes in the smallest integer type that holds `count` values: at ten million events
    int8 and int16 instead of int32 keep ~170 MB fewer in the window."""
    for kind in (np.int8, np.int16):
        if count <= np.iinfo(kind).max:
            return codes.astype(kind)
    return codes.astype(np.int32)


def _columns(conn: Connection, sql: str, kinds: str, params: tuple = ()) -> list:
    """The columns of a query as int64 arrays ('i'), lists of text ('t') or, on SQLite,
    the joined text itself ('r').

    On SQLite the whole result comes back as one row of group_concat text, parsed by
    numpy: one sqlite3_step for a chunk of rows. Fetching rows one by one makes the
    driver take and drop the GIL per row, which starves the GUI thread for seconds
    while this runs in a worker (PySide drops the GIL on every Qt call).
    """
    cur = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "sqlite":
            joined = ", ".join(f"group_concat(c{i}, '{SEP}')" for i in range(len(kinds)))
            cur.execute(f"SELECT {joined} FROM ({sql})", params)
            row = cur.fetchone()
            out = []
            for kind, text in zip(kinds, row, strict=True):
                if kind == "i":
                    out.append(_parse_ints(text))
                elif kind == "r":
                    out.append(text or "")
                else:
                    out.append(text.split(SEP) if text else [])
            return out
        cur.execute(sql.replace("?", "%s"), params)
        rows = cur.fetchall()
        return [np.array([r[i] for r in rows], dtype=np.int64) if kind == "i"
                else SEP.join(r[i] for r in rows) if kind == "r"
                else [r[i] for r in rows] for i, kind in enumerate(kinds)]
    finally:
        cur.close()


def _parse_ints(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=SEP)  # C parser: 0.09 s per million
