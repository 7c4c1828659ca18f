"""Which lanes the timeline shows and how they are named.

A store after a GDELT import has hundreds of actors or outlets: drawn all at once, their
lanes are a pixel high. Either every lane is kept at a readable height and the lanes
scroll, or the lanes with most events in view are shown and the rest share one "Other"
lane; the officer picks (lane_control). These functions work on the drawing arrays the
pane holds.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from viewer.domain.countries import country_name
from viewer.domain.drawing import NO_LANE, TimelineArrays

MIN_LANE_PX = 18  # a lane is never drawn lower than this: its name stays readable
# The officer's choice: N = the N busiest in view plus Other; FIT = as many as fit the
# pane's height; ALL = every lane, scrolling.
FIT, ALL = -1, 0
LANE_LIMITS: dict[int, str] = {FIT: "Busiest that fit + Other", 10: "Top 10 + Other",
                               20: "Top 20 + Other", ALL: "All lanes (scroll)"}
NOUNS = {"type": ("type", "types"), "country": ("country", "countries"),
         "actor": ("actor", "actors"), "source": ("outlet", "outlets")}


def lane_label(name: str, metrics: QFontMetrics, width: int) -> str:
    """A lane name elided to `width` pixels, a native (right-to-left) part kept whole."""
    latin, sep, native = name.partition(" \u2068")
    if not sep:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    native = "\u2068" + native
    room = max(width - metrics.horizontalAdvance(native) - 6, 40)
    return metrics.elidedText(latin, Qt.TextElideMode.ElideRight, room) + " " + native


def display_names(lanes: tuple[str, ...], key: str) -> tuple[str, ...]:
    """Lane names as the officer reads them: countries by name, with their code."""
    if key != "country":
        return lanes
    return tuple(n if n == NO_LANE else f"{country_name(n)} ({n})" for n in lanes)


def event_rows(arrays: TimelineArrays) -> np.ndarray:
    """The first row of each event: an event in three actor lanes has three rows."""
    ids = arrays.ids
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]  # rows of one event are adjacent (sorted by start, id)
    return np.flatnonzero(first)


def busiest(counts: np.ndarray, limit: int) -> np.ndarray | None:
    """The `limit` lanes with most events, busiest first; None when all fit anyway."""
    if limit <= 0 or len(counts) <= limit + 1:
        return None  # an "Other" of a single lane would hide it for nothing
    order = np.lexsort((np.arange(len(counts)), -counts))  # ties: in name order
    return order[:limit]


def regroup(arrays: TimelineArrays, top: np.ndarray, key: str) -> TimelineArrays:
    """The arrays with only the `top` lanes, in that order, and one "Other" lane after."""
    n = len(top)
    mapping = np.full(len(arrays.lanes), n, dtype=np.int32)
    mapping[top] = np.arange(n, dtype=np.int32)
    lane = mapping[arrays.lane]
    # An event in several lanes that all went to Other is drawn there once.
    other = np.flatnonzero(lane == n)
    keep = np.ones(len(lane), dtype=bool)
    if len(other):
        ids = arrays.ids[other]
        keep[other[1:][ids[1:] == ids[:-1]]] = False
    rest = len(arrays.lanes) - n
    singular, plural = NOUNS.get(key, ("lane", "lanes"))
    names = tuple(arrays.lanes[i] for i in top.tolist()) + (
        f"Other ({rest} {singular if rest == 1 else plural})",)
    if keep.all():
        return TimelineArrays(arrays.ids, arrays.start, arrays.end, arrays.type_index, lane,
                              arrays.precision, arrays.has_end, names)
    return TimelineArrays(arrays.ids[keep], arrays.start[keep], arrays.end[keep],
                          arrays.type_index[keep], lane[keep], arrays.precision[keep],
                          arrays.has_end[keep], names)


class LaneScroll:
    """Which lanes are in view when they do not all fit at MIN_LANE_PX."""

    def __init__(self) -> None:
        self.first = 0  # the top lane in view
        self.count = 0  # lanes in view
        self.total = 0

    @property
    def scrolls(self) -> bool:
        return self.count < self.total

    @staticmethod
    def room(height_px: float, reserved_px: float = 0.0) -> int:
        """How many lanes fit a height at their minimum height."""
        return max(int(math.floor((height_px - reserved_px) / MIN_LANE_PX)), 1)

    def fit(self, total: int, height_px: float, reserved_px: float = 0.0) -> None:
        """As many lanes as fit at their minimum height (all, if they fit)."""
        self.total = total
        self.count = min(total, self.room(height_px, reserved_px)) if total else 0
        self.first = min(max(self.first, 0), max(total - self.count, 0))

    def scroll_to(self, first: int) -> bool:
        """Make `first` the top lane; False if nothing moved."""
        first = min(max(first, 0), max(self.total - self.count, 0))
        moved = first != self.first
        self.first = first
        return moved

    def show_lane(self, lane: int) -> bool:
        """Scroll just enough to bring a lane into view."""
        if lane < self.first:
            return self.scroll_to(lane)
        if lane >= self.first + self.count:
            return self.scroll_to(lane - self.count + 1)
        return False
