"""The timeline's lanes: how many are shown, which, in what order, scrolled where.

The officer picks between the busiest lanes in view plus one "Other" lane (as many as
fit, or a fixed number) and every lane at a readable height with a scroll bar. The
busiest lanes are chosen again once the window stops moving, from the arrays the pane
already holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QMenu, QScrollBar

from viewer.app.panes.event_menu import filter_to
from viewer.app.panes.time_axis import DAY, left_axis_px
from viewer.app.panes.timeline_lanes import (
    FIT,
    LANE_LIMITS,
    LaneScroll,
    busiest,
    display_names,
    lane_label,
    regroup,
)
from viewer.app.panes.timeline_layers import rows_overlapping
from viewer.domain.drawing import NO_LANE, TimelineArrays
from viewer.domain.taxonomy import EVENT_TYPES

if TYPE_CHECKING:
    from viewer.app.panes.timeline import TimelinePane

REGROUP_DELAY_MS = 400  # the busiest lanes are chosen again once the window stops moving
TYPE_BY_LABEL = {t.label: t for t in EVENT_TYPES}
# Which filter a lane narrows to, by lane key.
LANE_FACET = {"type": "types", "country": "countries", "actor": "actors", "source": "outlets"}


class LaneControl(QObject):
    """Groups, scrolls and labels the timeline's lanes."""

    def __init__(self, pane: TimelinePane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.scroll = LaneScroll()
        self.top: tuple[int, ...] | None = None  # loaded lanes shown, the rest in Other
        self.keys: tuple[str, ...] = ()  # what each loaded lane filters on
        self.limit_combo = QComboBox()
        self.limit_combo.setAccessibleName("Lanes shown")
        self.limit_combo.setToolTip("Many lanes: the busiest in view plus one Other lane, "
                                    "or every lane at a readable height with a scroll bar")
        for limit, label in LANE_LIMITS.items():
            self.limit_combo.addItem(label, limit)
        self.limit_combo.currentIndexChanged.connect(self._on_limit_combo_changed)
        self.bar = QScrollBar(Qt.Orientation.Vertical)
        self.bar.setAccessibleName("Scroll the lanes")
        self.bar.hide()
        self.bar.valueChanged.connect(self._on_bar_value_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REGROUP_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- grouping -------------------------------------------------------------
    def named(self, loaded: TimelineArrays, key: str) -> TimelineArrays:
        """The store's arrays with lane names for reading; keeps their filter values."""
        self.keys = loaded.lanes
        self.top = None
        return TimelineArrays(loaded.ids, loaded.start, loaded.end, loaded.type_index,
                              loaded.lane, loaded.precision, loaded.has_end,
                              display_names(loaded.lanes, key))

    def limit(self) -> int:
        """How many lanes before the rest go to Other (0: no limit)."""
        limit = self.limit_combo.currentData()
        if limit == FIT:
            return max(LaneScroll.room(self.pane.view_box.height(), self._era_px()) - 1, 1)
        return limit or 0

    def busiest(self) -> tuple[int, ...] | None:
        """The loaded lanes to show by name, busiest in view first; None: all of them."""
        limit = self.limit()
        a = self.pane.loaded
        if limit <= 0 or len(a.lanes) <= limit + 1:
            return None
        d0, d1 = (x / DAY for x in self.pane.view_box.viewRange()[0])
        rows = rows_overlapping(a, d0, d1, a.max_length)
        # In view first; the whole store breaks ties, so quiet lanes keep a stable order.
        counts = np.bincount(a.lane[rows], minlength=len(a.lanes)) * (len(a) + 1) + \
            np.bincount(a.lane, minlength=len(a.lanes))
        top = busiest(counts, limit)
        return None if top is None else tuple(top.tolist())

    def group(self) -> TimelineArrays:
        """The pane's loaded arrays as drawn: the chosen lanes, the rest in Other."""
        self.top = self.busiest()
        if self.top is None:
            return self.pane.loaded
        return regroup(self.pane.loaded, np.array(self.top, dtype=np.int64),
                       self.pane.state.lane_key)

    def _on_timer_timeout(self) -> None:
        if self.busiest() != self.top:
            self.pane.show_lanes()

    def _on_limit_combo_changed(self, _index: int) -> None:
        self.scroll.first = 0
        self.pane.show_lanes()

    def on_view_x_changed(self) -> None:
        if self.top is not None:
            self._timer.start()

    def on_view_resized(self) -> None:
        if self.limit_combo.currentData() == FIT and self.busiest() != self.top:
            self._timer.start()  # another height fits another number of lanes
        bar = self.bar.sizeHint().width() if self.scroll.scrolls else 0
        if self.pane.plot.getAxis("left").width() + bar != \
                left_axis_px(self.pane.plot_widget.width()):
            self.set_labels()  # the lane axis follows the plot's width
        self.fit()

    # -- scrolling and labels -------------------------------------------------
    def _era_px(self) -> float:
        return self.pane.era_labels.line_px if self.pane.eras else 0.0

    def fit(self) -> None:
        """The lanes that fit at a readable height, plus a text line above for era names."""
        pane = self.pane
        n = len(pane.arrays.lanes)
        height = max(pane.view_box.height(), 1.0)
        line = self._era_px()
        was_scrolling = self.scroll.scrolls
        self.scroll.fit(n, height, line)
        if self.scroll.scrolls != was_scrolling:
            self.bar.setVisible(self.scroll.scrolls)
            self.set_labels()
        self.bar.blockSignals(True)
        self.bar.setRange(0, max(self.scroll.total - self.scroll.count, 0))
        self.bar.setPageStep(max(self.scroll.count, 1))
        self.bar.setValue(self.scroll.first)
        self.bar.blockSignals(False)
        shown = max(self.scroll.count, 1)
        # Solve margin m (in lanes) so that m lanes are `line` pixels: m = line*(n+m)/height.
        margin = line * (shown + 0.1) / max(height - line, 1.0)
        first = self.scroll.first
        pane.era_top = first - 0.5 - margin
        pane.view_box.setYRange(pane.era_top, first + shown - 0.4, padding=0)
        pane.era_labels.place(*pane.view_box.viewRange()[0], pane.view_box.width(),
                              pane.era_top)
        pane.notes.place(first + shown - 0.45)

    def settle(self) -> None:
        """The lanes and their names for the plot's size, now, not after the regrouping
        delay (a picture is drawn before it ends)."""
        if self._timer.isActive():
            self._timer.stop()
            self._on_timer_timeout()
        self.set_labels()

    def set_labels(self) -> None:
        """Lane names on the left axis, elided to the axis width, beside the scroll bar."""
        axis = self.pane.plot.getAxis("left")
        bar = self.bar.sizeHint().width() if self.scroll.scrolls else 0
        # Lane names and scroll bar share the width of the chart's value axis, so the two
        # panes' time axes stay aligned; the plot's width, which a picture sets.
        width = left_axis_px(self.pane.plot_widget.width()) - bar
        metrics = QFontMetrics(axis.font() if hasattr(axis, "font") else self.pane.font())
        axis.setWidth(width)
        axis.setTicks([[(i, lane_label(n, metrics, width - 16))
                        for i, n in enumerate(self.pane.arrays.lanes)], []])

    def scroll_by(self, steps: int, page: bool = False) -> None:
        """Scroll the lanes by `steps` lanes (or pages)."""
        size = self.scroll.count if page else 1
        if self.scroll.scroll_to(self.scroll.first + steps * max(size, 1)):
            self.fit()
            self.pane.show_status()

    def show_lane(self, lane: int) -> None:
        """Scroll so that this lane is in view."""
        if self.scroll.show_lane(lane):
            self.fit()

    def _on_bar_value_changed(self, value: int) -> None:
        if self.scroll.scroll_to(value):
            self.fit()
            self.pane.show_status()

    def status(self) -> str:
        """What the lanes show, for the pane's status line ('' when all are in view)."""
        if self.top is not None:
            return f"busiest {len(self.top)} of {len(self.pane.loaded.lanes):,} lanes"
        if self.scroll.scrolls:
            first = self.scroll.first + 1
            return f"lanes {first}–{first + self.scroll.count - 1} of {self.scroll.total:,}"
        return ""

    # -- menu -----------------------------------------------------------------
    def menu(self, lane: int) -> QMenu | None:
        """The right-click menu of a lane's name: narrow every pane to it."""
        if self.top is not None:
            if lane >= len(self.top):
                return None  # "Other" is no single value
            lane = self.top[lane]
        if not 0 <= lane < len(self.keys) or self.keys[lane] == NO_LANE:
            return None
        pane = self.pane
        key = pane.state.lane_key
        value = self.keys[lane]
        if key == "type":
            value = TYPE_BY_LABEL[value].code if value in TYPE_BY_LABEL else value
        elif key == "actor":
            value = value.partition(" \u2068")[0]  # the Latin name, without the native one
        menu = QMenu(pane)
        menu.setObjectName("lane_menu")
        menu.addAction(f"Filter to {pane.loaded.lanes[lane]}",
                       lambda: filter_to(pane.state, LANE_FACET[key], value))
        return menu
