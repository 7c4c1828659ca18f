"""ViewState: the one object that links the panes (DESIGN §4).

Setters emit their `*_changed` signal only when the value really changes, so a pane
that mirrors the state back cannot start a loop. `batch()` holds signals back while
several values change and emits each changed one once at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Filter, TimeWindow


class ViewState(QObject):
    """Time window, filter, selected event ids, hovered time, lane key and selected trade
    figure, shared by every pane."""

    window_changed = Signal(object)  # TimeWindow
    filter_changed = Signal(object)  # Filter
    selection_changed = Signal(object)  # frozenset[int]
    hovered_time_changed = Signal(object)  # dt.date | None
    lane_key_changed = Signal(str)
    figure_changed = Signal(object)  # (SeriesKey, trade figure id) | None

    def __init__(self, window: TimeWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._filter = Filter()
        self._selection: frozenset[int] = frozenset()
        self._hovered: dt.date | None = None
        self._lane_key = "type"
        self._figure: tuple[SeriesKey, int] | None = None
        self._depth = 0
        self._pending: dict[str, Signal] = {}

    # -- batching -------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Change several values; each changed value is announced once, at the end."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                pending, self._pending = self._pending, {}
                for name in ("window", "filter", "selection", "hovered", "lane_key",
                             "figure"):
                    if name in pending:
                        pending[name].emit(self._value(name))

    def _value(self, name: str) -> object:
        return {"window": self._window, "filter": self._filter, "selection": self._selection,
                "hovered": self._hovered, "lane_key": self._lane_key,
                "figure": self._figure}[name]

    def _announce(self, name: str, signal: Signal) -> None:
        if self._depth:
            self._pending[name] = signal
        else:
            signal.emit(self._value(name))

    # -- values ---------------------------------------------------------------
    @property
    def window(self) -> TimeWindow:
        return self._window

    def set_window(self, window: TimeWindow) -> None:
        if window != self._window:
            self._window = window
            self._announce("window", self.window_changed)

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_filter(self, flt: Filter) -> None:
        if flt != self._filter:
            self._filter = flt
            self._announce("filter", self.filter_changed)

    @property
    def selection(self) -> frozenset[int]:
        return self._selection

    def set_selection(self, ids: Iterable[int]) -> None:
        ids = frozenset(ids)
        if ids != self._selection:
            self._selection = ids
            self._announce("selection", self.selection_changed)

    @property
    def hovered_time(self) -> dt.date | None:
        return self._hovered

    def set_hovered_time(self, day: dt.date | None) -> None:
        if day != self._hovered:
            self._hovered = day
            self._announce("hovered", self.hovered_time_changed)

    @property
    def lane_key(self) -> str:
        return self._lane_key

    def set_lane_key(self, key: str) -> None:
        if key != self._lane_key:
            self._lane_key = key
            self._announce("lane_key", self.lane_key_changed)

    @property
    def figure(self) -> tuple[SeriesKey, int] | None:
        """The trade figure picked on the chart: its series and id."""
        return self._figure

    def set_figure(self, figure: tuple[SeriesKey, int] | None) -> None:
        if figure != self._figure:
            self._figure = figure
            self._announce("figure", self.figure_changed)
