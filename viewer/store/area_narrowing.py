"""A map box changed: narrow the answer without the box in memory, not in SQL.

Drawing a box on the map changes only `Filter.area`. The timeline's arrays, the chart's
event marks and the event count for the other choices are then already known (the
panes asked for them a moment ago); the box is a mask on the map's points (the whole
store's, read with the timeline), so a new box costs a few numpy passes instead of a
scan of every event, and what is counted inside a box is what the map draws there. The answers are
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

T = TypeVar("T")


def inside_by_id(points: MapPoints, area: Area) -> np.ndarray:
    """A boolean lookup indexed by event id: placed inside the box."""
    inside = points.ids[area.contains(points.lon, points.lat)]
    lookup = np.zeros(int(inside.max()) + 1 if len(inside) else 1, dtype=bool)
    lookup[inside] = True
    return lookup


def inside_rows(lookup: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of `ids` the lookup has inside the box."""
    inside = np.zeros(len(ids), dtype=bool)
    known = ids < len(lookup)
    inside[known] = lookup[ids[known]]
    return inside


def narrow_timeline(arrays: TimelineArrays, lookup: np.ndarray) -> TimelineArrays:
    """The rows of events inside the box, lanes renumbered to those still present."""
    keep = inside_rows(lookup, arrays.ids)
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
    keep = inside_rows(lookup, ids)
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
        # The whole store's placed events, which boxes are found among: kept apart from
        # the map's answer, which may be of another filter.
        self.whole_map: _Kept[MapPoints] = _Kept()
        self._lookup: tuple[tuple, np.ndarray] | None = None

    @staticmethod
    def without_box(flt: Filter | None) -> Filter:
        return replace(flt or Filter(), area=None)

    def lookup(self, key: tuple, points: MapPoints, area: Area) -> np.ndarray:
        """Events inside the box by id, from the whole store's map points (kept per
        store contents `key` and box)."""
        with self._lock:
            if self._lookup and self._lookup[0] == (key, area):
                return self._lookup[1]
        found = inside_by_id(points, area)
        with self._lock:
            self._lookup = ((key, area), found)
        return found
