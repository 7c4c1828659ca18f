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

import numpy as np
from sqlalchemy import Connection, func, select

from viewer.domain.model import Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.domain.records import FACETS, FacetValue
from viewer.store import schema as s
from viewer.store.facet_columns import FacetArrays, load_arrays
from viewer.store.search import matching_ids

MAX_VALUES = 200  # per facet, most frequent first; selected values are always kept
LINKS = ("countries", "actors", "tags", "outlets")


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
