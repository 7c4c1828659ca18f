"""Facet counts for the filters pane: how many events each value has in the current view.

Each facet is counted under the window and every filter except its own, so ticking a
second country widens the view instead of emptying the other country counts (the usual
faceted-search rule); values of a facet combine with OR, facets with AND.

At a million events, GROUP BY queries that join the link tables to the events of a
window take seconds here. So the facet columns are read once per store contents into
compact numpy arrays (about 40 MB for 1M events) and every count after that is a few
masks and `bincount`s: tens of milliseconds for any window and filter. The arrays are
kept by the store service, keyed by a `fingerprint` of the store's contents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, func, select

from viewer.domain.model import Filter, Precision, TimeWindow
from viewer.domain.periods import day_number
from viewer.domain.records import FACETS, FacetValue
from viewer.store import schema as s
from viewer.store.search import matching_ids

MAX_VALUES = 200  # per facet, most frequent first; selected values are always kept
LINKS = ("countries", "actors", "tags", "outlets")


@dataclass(frozen=True)
class _Coded:
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
    facets: dict[str, _Coded]
    # No coordinates: a map box is a mask the service makes from the map's points, which
    # hold them already (16 bytes an event fewer: 160 MB at ten million).

    @property
    def nbytes(self) -> int:
        parts = [self.ids, self.start, self.last]
        for c in self.facets.values():
            parts += [c.codes] + ([c.events] if c.events is not None else [])
        return sum(p.nbytes for p in parts)


def _unique_sorted(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values; numpy's hash-based unique takes seconds on millions here."""
    keys = np.sort(keys)
    if len(keys) == 0:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _pairs(event_ids: np.ndarray, codes: np.ndarray, values: tuple[str, ...],
           ids: np.ndarray) -> _Coded:
    """(event id, value code) links as deduplicated (event position, value code) arrays."""
    width = max(1, len(values))
    positions = np.searchsorted(ids, event_ids)
    # One pair per event and value: an actor in two roles, or two articles of one outlet,
    # still make one event.
    pairs = _unique_sorted(positions * width + codes)
    return _Coded(values, _narrow(pairs % width, width), (pairs // width).astype(np.int32))


def _narrow(codes: np.ndarray, count: int) -> np.ndarray:
    """Codes in the smallest integer type that holds `count` values: at ten million events
    int8 and int16 instead of int32 keep ~170 MB fewer in the window."""
    for kind in (np.int8, np.int16):
        if count <= np.iinfo(kind).max:
            return codes.astype(kind)
    return codes.astype(np.int32)


SEP = "\x1f"  # unit separator: not found in codes, tags or names


def _columns(conn: Connection, sql: str, kinds: str, params: tuple = ()) -> list:
    """The columns of a query as int64 arrays ('i'), lists of text ('t') or, on SQLite,
    the joined text itself ('r').

    On SQLite the whole result comes back as one row of group_concat text, parsed by
    numpy: one sqlite3_step for a million rows. Fetching rows one by one makes the
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
                elif kind == "f":
                    out.append(np.fromstring(text, dtype=np.float64, sep=SEP) if text
                               else np.zeros(0))
                elif kind == "r":
                    out.append(text or "")
                else:
                    out.append(text.split(SEP) if text else [])
            return out
        cur.execute(sql.replace("?", "%s"), params)
        rows = cur.fetchall()
        return [np.array([r[i] for r in rows], dtype=np.int64) if kind == "i"
                else np.array([r[i] for r in rows], dtype=np.float64) if kind == "f"
                else SEP.join(r[i] for r in rows) if kind == "r"
                else [r[i] for r in rows] for i, kind in enumerate(kinds)]
    finally:
        cur.close()


def _parse_ints(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=SEP)  # C parser: 0.09 s per million


def _text_links(conn: Connection, sql: str, ids: np.ndarray) -> _Coded:
    """Links whose value is the text itself (countries, tags)."""
    event_ids, raw = _columns(conn, sql, "ir")
    if not raw:
        return _Coded((), np.zeros(0, np.int32), np.zeros(0, np.int32))
    if len(raw) == 4 * len(event_ids) - 1 and raw.isascii():
        # All three letters (ISO3 codes): as 24-bit integers, which numpy sorts without
        # holding the GIL, unlike two million strings (a frozen GUI while this runs).
        cells = np.frombuffer((raw + SEP).encode("ascii"), dtype=np.uint8).reshape(-1, 4)
        keys = ((cells[:, 0].astype(np.int64) << 16) | (cells[:, 1].astype(np.int64) << 8)
                | cells[:, 2])
        uniq, codes = np.unique(keys, return_inverse=True)
        values = tuple(bytes([(k >> 16) & 255, (k >> 8) & 255, k & 255]).decode("ascii")
                       for k in uniq.tolist())
    else:
        found, codes = np.unique(np.array(raw.split(SEP)), return_inverse=True)
        values = tuple(str(v) for v in found)
    return _pairs(event_ids, codes.astype(np.int64), values, ids)


def _id_links(conn: Connection, sql: str, names_sql: str, ids: np.ndarray) -> _Coded:
    """Links through a small table (actors, sources), mapped to names in numpy: joining
    in SQL reads the big link table in random order and is five times slower."""
    named_ids, named = _columns(conn, names_sql, "it")
    # Codes in name order, as np.unique gives the text facets: equal counts then list
    # alphabetically, whatever order the database returned the rows in.
    names = {name: code for code, name in enumerate(sorted(set(named)))}
    lookup = np.zeros(int(named_ids.max(initial=0)) + 1, dtype=np.int64)
    for id_, name in zip(named_ids.tolist(), named, strict=True):
        lookup[id_] = names[name]
    event_ids, target = _columns(conn, sql, "ii")
    return _pairs(event_ids, lookup[target], tuple(names), ids)


def _case(column: str, values: list[str]) -> tuple[str, list[str]]:
    """An SQL CASE giving each value its position, so rows arrive as integers only."""
    whens = " ".join(f"WHEN ? THEN {i}" for i in range(len(values)))
    return (f"CASE {column} {whens} ELSE {len(values)} END" if values else "0"), values


def load_arrays(conn: Connection) -> FacetArrays:
    """Read the facet columns of every event (one pass per table)."""
    # The distinct types come from an index; precisions are the known ones plus 'other'.
    types = list(conn.scalars(select(s.Event.type).distinct().order_by(s.Event.type)))
    precisions = [p.value for p in Precision]
    type_case, type_args = _case("type", types)
    precision_case, precision_args = _case("precision", precisions)
    ids, start, last, type_codes, precision_codes = _columns(
        conn, f"SELECT id AS c0, start_day AS c1, coalesce(end_day, start_day) AS c2, "
              f"{type_case} AS c3, {precision_case} AS c4 FROM event ORDER BY id",
        "iiiii", tuple(type_args + precision_args))
    facets = {
        "types": _Coded(tuple(types) + ("other",), _narrow(type_codes, len(types) + 1)),
        "precisions": _Coded(tuple(precisions) + ("other",),
                             _narrow(precision_codes, len(precisions) + 1)),
        "countries": _text_links(
            conn, "SELECT event_id AS c0, country_iso3 AS c1 FROM event_country", ids),
        "tags": _text_links(conn, "SELECT event_id AS c0, tag AS c1 FROM event_tag", ids),
        "actors": _id_links(conn, "SELECT event_id AS c0, actor_id AS c1 FROM event_actor",
                            "SELECT id AS c0, name AS c1 FROM actor", ids),
        "outlets": _id_links(conn, "SELECT event_id AS c0, source_id AS c1 FROM event_source",
                             "SELECT id AS c0, outlet AS c1 FROM source", ids),
    }
    start, last = start.astype(np.int32), last.astype(np.int32)
    return FacetArrays(ids, start, last, facets)


def fingerprint(conn: Connection) -> tuple:
    """What changes whenever the facet and drawing arrays would: the highest event id, the
    newest import batch and the change counter every write raises (a delete too).

    Each is read from an index's end, never by counting: the panes' drawing reads ask for
    it every time (a count of 1M events costs ~100 ms on PostgreSQL)."""
    e = s.Event
    return (conn.scalar(select(func.max(e.id))),
            conn.scalar(select(func.max(s.ImportBatch.id))),
            conn.scalar(select(s.StoreChange.counter).where(s.StoreChange.id == 1)))


def _mask_of(a: FacetArrays, facet: str, chosen: tuple[str, ...]) -> np.ndarray:
    """Events having any of the chosen values of a facet."""
    coded = a.facets[facet]
    wanted = np.array([i for i, v in enumerate(coded.values) if v in set(chosen)],
                      dtype=np.int32)
    hit = np.isin(coded.codes, wanted)
    if coded.events is None:
        return hit
    mask = np.zeros(len(a.ids), dtype=bool)
    mask[coded.events[hit]] = True
    return mask


def _search_mask(conn: Connection, a: FacetArrays, text: str) -> np.ndarray:
    hits = np.asarray(matching_ids(conn, text), dtype=np.int64)
    positions = np.searchsorted(a.ids, hits)
    inside = positions < len(a.ids)
    positions = positions[inside]
    positions = positions[a.ids[positions] == hits[inside]]  # drop ids no longer stored
    mask = np.zeros(len(a.ids), dtype=bool)
    mask[positions] = True
    return mask


def _view_mask(conn: Connection, a: FacetArrays, window: TimeWindow | None,
               flt: Filter, in_area: np.ndarray | None) -> np.ndarray:
    """Events of the window, the search text and the map's box (facet choices aside);
    `in_area`: which of `a`'s events lie in the filter's box, when it has one."""
    base = np.ones(len(a.ids), dtype=bool)
    if window is not None:
        base &= (a.start <= day_number(window.end)) & (a.last >= day_number(window.start))
    if flt.search.strip():
        base &= _search_mask(conn, a, flt.search)
    if flt.area is not None:
        if in_area is None:
            raise ValueError("a filter with a map box needs the events inside it")
        base &= in_area
    return base


def count_in_view(conn: Connection, a: FacetArrays, window: TimeWindow | None,
                  flt: Filter, in_area: np.ndarray | None = None) -> int:
    """How many events the window and the whole filter hold, from the facet arrays."""
    view = _view_mask(conn, a, window, flt, in_area)
    for f in FACETS:
        if getattr(flt, f):
            view &= _mask_of(a, f, getattr(flt, f))
    return int(view.sum())


def facet_counts(conn: Connection, a: FacetArrays, window: TimeWindow | None,
                 flt: Filter | None, facets: tuple[str, ...] = FACETS,
                 in_area: np.ndarray | None = None) -> dict[str, list[FacetValue]]:
    """Per facet, its values with event counts, most frequent first, from the store's
    facet arrays `a` (the search text, if any, is matched on `conn`; `in_area` as for
    `count_in_view`)."""
    flt = flt or Filter()
    base = _view_mask(conn, a, window, flt, in_area)
    masks = {f: _mask_of(a, f, getattr(flt, f)) for f in FACETS if getattr(flt, f)}
    result: dict[str, list[FacetValue]] = {}
    for facet in facets:
        view = base.copy()
        for other, mask in masks.items():
            if other != facet:
                view &= mask
        coded = a.facets[facet]
        if coded.events is None:
            counts = np.bincount(coded.codes[view], minlength=len(coded.values))
        else:
            counts = np.bincount(coded.codes[view[coded.events]], minlength=len(coded.values))
        order = np.argsort(-counts, kind="stable")[:MAX_VALUES]
        values = sorted(((coded.values[i], int(counts[i])) for i in order if counts[i]),
                        key=lambda vn: (-vn[1], vn[0]))
        found = [FacetValue(v, n) for v, n in values]
        have = {v.value for v in found}
        found += [FacetValue(v, 0) for v in getattr(flt, facet) if v not in have]
        result[facet] = found
    return result


__all__ = ["FACETS", "FacetArrays", "count_in_view", "facet_counts", "fingerprint",
           "load_arrays"]
