"""How the main window's docks share its space: minimums, who gets extra room, side widths.

Qt lays a main window out as a grid: side dock areas, and between them a middle column
with the central widget. Without a central widget that column counts as empty, so a
wider window widens the side panes too and a separator drag can squeeze the middle
panes to nothing. So the window has a central widget of no height (the floor of the
middle column): the column then takes every extra pixel of width and keeps its
minimum under a drag. The charts and tables share one dock area above that floor,
where only the charts may grow in height. Every pane has a minimum size, and a side
pane shown again gets back the width it had.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSizePolicy, QWidget

# Smallest width and height of each pane: room for its controls and for a readable
# line of text. A separator drag stops there.
MINIMUMS: dict[str, tuple[int, int]] = {
    "timeline": (360, 170),
    "trade": (360, 170),
    "events": (360, 110),
    "trade_table": (360, 110),
    "filters": (190, 260),
    "detail": (230, 200),
    "map": (230, 200),
}
SIDE = ("filters", "detail")
GROWS_IN_HEIGHT = ("timeline", "trade")
# Default widths of the side panes: a share of the window, within these bounds.
# The right column holds the map above the detail: wide enough to read the map.
SIDE_WIDTH = {"filters": (0.15, 190, 280), "detail": (0.23, 240, 440)}
# Default heights in the middle column: timeline, chart, tables.
HEIGHT_SHARES = (0.40, 0.33, 0.27)


def column_floor() -> QWidget:
    """The central widget: no height, any width; it makes the middle column count."""
    floor = QWidget()
    floor.setObjectName("column_floor")
    floor.setFixedHeight(0)
    floor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return floor


class DockLayout(QObject):
    """Applies the sizing rules to a window's docks; side panes come back at their width."""

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.widths: dict[str, int] = {}  # side pane: its width when last seen
        for name, dock in docks.items():
            dock.widget().setMinimumSize(*MINIMUMS.get(name, (200, 100)))
            # Qt gives spare height in a dock area to the docks that may grow: the charts.
            grow = QSizePolicy.Policy.Expanding if name in GROWS_IN_HEIGHT else \
                QSizePolicy.Policy.Maximum
            dock.setSizePolicy(QSizePolicy(QSizePolicy.Policy.Preferred, grow))
            if name in SIDE:
                dock.visibilityChanged.connect(
                    lambda visible, n=name: self._on_side_visibility_changed(n, visible))

    def apply_defaults(self) -> None:
        """Side panes at their share of the window, the middle column split by shares."""
        d = self.docks
        width = self.window.width()
        for name in SIDE:
            share, low, high = SIDE_WIDTH[name]
            self.widths[name] = int(min(max(width * share, low), high))
        # In one call with a middle pane: sized one by one, Qt balances the two sides.
        self.window.resizeDocks([d["timeline"], *(d[n] for n in SIDE)],
                                [width, *(self.widths[n] for n in SIDE)],
                                Qt.Orientation.Horizontal)
        column = sum(d[n].height() for n in ("timeline", "trade", "events"))
        self.window.resizeDocks([d["timeline"], d["trade"], d["events"]],
                                [int(column * share) for share in HEIGHT_SHARES],
                                Qt.Orientation.Vertical)

    def remember(self) -> None:
        """Take the side panes' current widths as the ones to come back to."""
        for name in SIDE:
            dock = self.docks[name]
            if dock.isVisible() and not dock.isFloating():
                self.widths[name] = dock.width()

    def _on_side_visibility_changed(self, name: str, visible: bool) -> None:
        dock = self.docks[name]
        if not visible:
            if dock.width() >= MINIMUMS[name][0]:
                self.widths[name] = dock.width()
            return
        width = self.widths.get(name)
        if width and not dock.isFloating():
            # Shown again (View menu): at the width it had, not squeezed to its minimum.
            QTimer.singleShot(0, lambda: self._restore_width(name, width))

    def _restore_width(self, name: str, width: int) -> None:
        others = [(self.docks[n], self.widths.get(n, self.docks[n].width())) for n in SIDE
                  if n != name and self.docks[n].isVisible() and not self.docks[n].isFloating()]
        self.window.resizeDocks([self.docks["timeline"], self.docks[name], *(d for d, _ in others)],
                                [self.window.width(), width, *(w for _, w in others)],
                                Qt.Orientation.Horizontal)
