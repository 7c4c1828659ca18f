"""A map box changed: narrow the answer without the box in memory, not in SQL.

Drawing a box on the map changes only `Filter.area`. The timeline's arrays, the chart's
event marks and the event count for the other choices are then already known (the
panes asked for them a moment ago); the box is a mask on the facet arrays' coordinates,
so a new box costs a few numpy passes instead of a scan of every event. The answers are
the same as the SQL's: rows kept in their order, lanes renumbered to the ones present.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Generic, TypeVar

import numpy as np

from viewer.domain.area import Area
from viewer.domain.drawing import TimelineArrays, empty_timeline
from viewer.domain.map_points import MapPoints
from viewer.domain.model import Filter
from viewer.store.facets import FacetArrays

T = TypeVar("T")


def inside_by_id(a: FacetArrays, area: Area) -> np.ndarray:
    """A boolean lookup indexed by event id: placed inside the box."""
    lookup = np.zeros(int(a.ids[-1]) + 1 if len(a.ids) else 1, dtype=bool)
    lookup[a.ids[area.contains(a.lon, a.lat)]] = True
    return lookup


def _kept(lookup: np.ndarray, ids: np.ndarray) -> np.ndarray:
    inside = np.zeros(len(ids), dtype=bool)
    known = ids < len(lookup)
    inside[known] = lookup[ids[known]]
    return inside


def narrow_timeline(arrays: TimelineArrays, lookup: np.ndarray) -> TimelineArrays:
    """The rows of events inside the box, lanes renumbered to those still present."""
    keep = _kept(lookup, arrays.ids)
    if not keep.any():
        return empty_timeline()
    lane = arrays.lane[keep]
    present = np.unique(lane)
    return TimelineArrays(arrays.ids[keep], arrays.start[keep], arrays.end[keep],
                          arrays.type_index[keep],
                          np.searchsorted(present, lane).astype(np.int32),
                          arrays.precision[keep], arrays.has_end[keep],
                          tuple(arrays.lanes[int(i)] for i in present))


def narrow_days(days: np.ndarray, ids: np.ndarray,
                lookup: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = _kept(lookup, ids)
    return days[keep], ids[keep]


class _Kept(Generic[T]):
    """The last answer of one kind with the key it answers (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[tuple, T] | None = None

    def get(self, key: tuple) -> T | None:
        with self._lock:
            return self._kept[1] if self._kept and self._kept[0] == key else None

    def keep(self, key: tuple, answer: T) -> None:
        with self._lock:
            self._kept = (key, answer)


class AreaAnswers:
    """The last answers without a box, per store contents, for narrowing by a box."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.timeline: _Kept[TimelineArrays] = _Kept()
        self.days: _Kept[tuple[np.ndarray, np.ndarray]] = _Kept()
        self.map: _Kept[MapPoints] = _Kept()
        self._lookup: tuple[tuple, np.ndarray] | None = None

    @staticmethod
    def without_box(flt: Filter | None) -> Filter:
        return replace(flt or Filter(), area=None)

    def lookup(self, key: tuple, a: FacetArrays, area: Area) -> np.ndarray:
        with self._lock:
            if self._lookup and self._lookup[0] == (key, area):
                return self._lookup[1]
        found = inside_by_id(a, area)
        with self._lock:
            self._lookup = ((key, area), found)
        return found
