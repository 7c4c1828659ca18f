"""Moving about the timeline from the keyboard: zoom, fit, today, previous and next event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from viewer.app.panes.time_axis import DAY, range_to_window
from viewer.domain.model import TimeWindow
from viewer.domain.periods import EPOCH, day_number

if TYPE_CHECKING:
    from viewer.app.panes.timeline import TimelinePane

# What the keys do, for Help ▸ Keyboard shortcuts (the pane's own keys).
KEYS: tuple[tuple[str, str], ...] = (
    ("← / →", "Select the previous / next event"),
    ("+ / −  (Ctrl++ / Ctrl+−)", "Zoom in / out about the middle"),
    ("Home", "Fit every event"),
    ("T", "Show up to today, keeping the width"),
    ("Page Up / Page Down", "Scroll the lanes, when they do not all fit"),
    ("Shift+drag", "Pick a new window"),
    ("Menu key / Shift+F10", "Menu of the selected event"),
)
TODAY_MARGIN = 0.05  # of the window's width, left free after today


class TimelineNavigation:
    """Keys of the timeline pane and the moves they make."""

    def __init__(self, pane: TimelinePane) -> None:
        self.pane = pane

    def handle_key(self, event: QKeyEvent) -> bool:
        """←/→ previous/next event, +/− zoom, Home fit all, T today, PgUp/PgDn lanes."""
        key, k = event.key(), Qt.Key
        if event.matches(QKeySequence.StandardKey.ZoomIn) or key in (k.Key_Plus, k.Key_Equal):
            self.zoom(0.5)
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or key in (k.Key_Minus,
                                                                          k.Key_Underscore):
            self.zoom(2.0)
        elif key in (k.Key_Left, k.Key_Right):
            self.step_event(-1 if key == k.Key_Left else 1)
        elif key == k.Key_Home:
            self.fit_all()
        elif key == k.Key_T and not event.modifiers():
            self.show_today()
        elif key in (k.Key_PageUp, k.Key_PageDown):
            self.pane.lanes.scroll_by(-1 if key == k.Key_PageUp else 1, page=True)
        else:
            return False
        return True

    def zoom(self, factor: float) -> None:
        """Zoom the window about its centre."""
        state = self.pane.state
        w = state.window
        mid = (day_number(w.start) + day_number(w.end) + 1) / 2
        half = max((day_number(w.end) + 1 - day_number(w.start)) * factor / 2, 1.5)
        state.set_window(range_to_window((mid - half) * DAY, (mid + half) * DAY))

    def go_to(self, day: dt.date) -> None:
        """Centre the window on a day, keeping its width."""
        state = self.pane.state
        w = state.window
        width = (w.end - w.start).days
        start = day - dt.timedelta(days=width // 2)
        state.set_window(TimeWindow(start, start + dt.timedelta(days=width)))

    def show_today(self) -> None:
        """Today near the right edge, the window's width kept: what led up to now."""
        state = self.pane.state
        w = state.window
        width = (w.end - w.start).days
        end = dt.date.today() + dt.timedelta(days=max(int(width * TODAY_MARGIN), 1))
        state.set_window(TimeWindow(end - dt.timedelta(days=width), end))

    def fit_all(self) -> None:
        """Window over every event, with a small margin."""
        a = self.pane.arrays
        if not len(a):
            return
        first, last = int(a.start.min()), int(a.end.max())
        margin = max(15, (last - first) // 40)
        self.pane.state.set_window(range_to_window((first - margin) * DAY,
                                                   (last + margin + 1) * DAY))

    def step_event(self, direction: int) -> None:
        """Select the previous or next event, from the selection or the window centre."""
        pane = self.pane
        a, state = pane.arrays, pane.state
        if not len(a):
            return
        if len(pane.selected_rows):
            row = int(pane.selected_rows[0 if direction < 0 else -1]) + direction
        else:
            w = state.window
            mid = (day_number(w.start) + day_number(w.end)) / 2
            row = int(np.searchsorted(a.start, mid)) - (1 if direction < 0 else 0)
        row = min(max(row, 0), len(a) - 1)
        state.set_selection({int(a.ids[row])})
        pane.lanes.show_lane(int(a.lane[row]))
        day = EPOCH + dt.timedelta(days=int(a.start[row]))
        if not state.window.contains(day):
            self.go_to(day)
