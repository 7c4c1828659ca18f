"""The shared time axis: x is seconds since 1970 (what DateAxisItem reads), day numbers × 86400.

`TimeViewBox` zooms and pans in x only and turns a Shift-drag (or any drag while the
"select window" tool is on) into a window selection. `WindowLink` keeps a view's x-range
and the ViewState window equal in both directions without loops.
"""

from __future__ import annotations

import datetime as dt
import math

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication

from viewer.app.panes.time_ticks import Ticks, ticks_for
from viewer.app.panes.time_ticks import labels as tick_labels
from viewer.app.state import ViewState
from viewer.domain.model import Era, TimeWindow
from viewer.domain.periods import EPOCH, day_number

DAY = 86400.0
# Both panes' value/lane axes are this wide (less in a narrow pane, by one rule for both),
# so their time axes line up in the window.
LEFT_AXIS_PX = 190
NARROW_LEFT_AXIS_PX = 110
MIN_DAYS = 3  # the narrowest window: three days, labelled by the hour
FIRST_DAY = day_number(dt.date(1900, 1, 1))
LAST_DAY = day_number(dt.date(2100, 12, 31))


def left_axis_px(pane_width: int) -> int:
    """The lane or value axis width for a pane this wide: a narrow pane keeps room to plot."""
    return int(min(LEFT_AXIS_PX, max(NARROW_LEFT_AXIS_PX, pane_width * 0.28)))


def day_to_x(day: float) -> float:
    return day * DAY


def window_to_range(window: TimeWindow) -> tuple[float, float]:
    """x-range of a window: from the start of its first day to the end of its last."""
    return day_number(window.start) * DAY, (day_number(window.end) + 1) * DAY


def range_to_window(x0: float, x1: float) -> TimeWindow:
    """The whole days an x-range shows (the inverse of window_to_range on whole days)."""
    first = round(x0 / DAY)
    last = max(first, round(x1 / DAY) - 1)
    first = min(max(first, FIRST_DAY), LAST_DAY)
    last = min(max(last, first), LAST_DAY)
    return TimeWindow(EPOCH + dt.timedelta(days=first), EPOCH + dt.timedelta(days=last))


def x_to_date(x: float) -> dt.date:
    day = min(max(math.floor(x / DAY), FIRST_DAY), LAST_DAY)
    return EPOCH + dt.timedelta(days=day)


def palette_colors() -> tuple[QColor, QColor, bool]:
    """Background, foreground and whether the palette is dark, from the application palette."""
    pal = QApplication.palette()
    bg = pal.color(QPalette.ColorRole.Base)
    fg = pal.color(QPalette.ColorRole.Text)
    return bg, fg, bg.lightness() < 128


class TimeAxis(pg.AxisItem):
    """A calendar axis (UTC) labelled at every span from hours to centuries.

    The labelled step is the finest whose labels fit the axis's pixels (time_ticks);
    only that row has text, so no label is ever dropped for crowding and none overlap.
    """

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation=orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        # Our labels are spaced to fit; pyqtgraph's own crowding limit must not hide them.
        self.setStyle(textFillLimits=[(0, 0.95)], hideOverlappingLabels=True)
        self.ticks: Ticks | None = None
        self._widths: dict[str, float] = {}
        self._metrics = QFontMetricsF(self.font())
        self._px = 1.0
        self._x0 = 0.0

    def setTickFont(self, font) -> None:  # noqa: N802 (pyqtgraph override)
        super().setTickFont(font)
        self._metrics = QFontMetricsF(font if font is not None else self.font())
        self._widths.clear()

    def text_width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self._metrics.horizontalAdvance(text)
        return width

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph override)
        self.ticks = ticks_for(minVal, maxVal, size, self.text_width)
        self._px = size / max(maxVal - minVal, 1e-9)
        self._x0 = minVal
        t = self.ticks
        levels = [(t.major.seconds, t.major_x.tolist())]
        if t.minor is not None and len(t.minor_x):
            levels.append((t.minor.seconds, t.minor_x.tolist()))
        return levels

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        t = self.ticks
        if t is None or spacing != t.major.seconds:
            return [None] * len(values)
        return tick_labels(list(values), t.major, self._px, self.text_width, self._x0)


class TimeViewBox(pg.ViewBox):
    """A ViewBox that zooms/pans in time only and lets a drag pick a window."""

    sigWindowSelected = Signal(float, float)  # noqa: N815 (pyqtgraph naming)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.select_mode = False
        self.setMouseEnabled(x=True, y=False)
        self._region = pg.LinearRegionItem(movable=False, brush=QColor(90, 140, 220, 60),
                                           pen=pg.mkPen(QColor(60, 110, 200), width=1))
        self._region.setZValue(1000)
        self._region.hide()
        self.addItem(self._region, ignoreBounds=True)

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802 (Qt override)
        selecting = self.select_mode or bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if ev.button() != Qt.MouseButton.LeftButton or not selecting:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        x0 = self.mapSceneToView(ev.buttonDownScenePos()).x()
        x1 = self.mapSceneToView(ev.scenePos()).x()
        lo, hi = min(x0, x1), max(x0, x1)
        self._region.setRegion((lo, hi))
        self._region.show()
        if ev.isFinish():
            self._region.hide()
            if hi - lo >= DAY:
                self.sigWindowSelected.emit(lo, hi)


def style_plot(widget: pg.GraphicsView, plots: list[pg.PlotItem]) -> QColor:
    """Background and axes in the palette's colours; returns the text colour."""
    bg, fg, _dark = palette_colors()
    widget.setBackground(bg)
    for plot in plots:
        for name in ("bottom", "left"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(fg))
            axis.setTextPen(pg.mkPen(fg))
            if axis.label is not None:
                axis.label.setDefaultTextColor(fg)
    return fg


def make_time_plot(view_box: TimeViewBox | None = None) -> pg.PlotWidget:
    """A PlotWidget on the shared time axis, coloured from the application palette."""
    vb = view_box or TimeViewBox()
    plot = pg.PlotWidget(viewBox=vb, axisItems={"bottom": TimeAxis()})
    style_plot(plot, [plot.getPlotItem()])
    vb.disableAutoRange()
    vb.setLimits(xMin=FIRST_DAY * DAY, xMax=LAST_DAY * DAY, minXRange=MIN_DAYS * DAY)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


class WindowLink(QObject):
    """Keeps a ViewBox's x-range and the state's window equal, each way, without echo."""

    def __init__(self, state: ViewState, view_box: pg.ViewBox, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.view_box = view_box
        self.applied = 0  # how many times the state moved this view (tests count it)
        self._applying = False
        view_box.sigXRangeChanged.connect(self._on_view_x_changed)
        view_box.sigWindowSelected.connect(self._on_view_window_selected)
        state.window_changed.connect(self._on_state_window_changed)
        self.apply(state.window)

    def apply(self, window: TimeWindow) -> None:
        """Show `window` without reporting the change back to the state."""
        x0, x1 = window_to_range(window)
        (cx0, cx1) = self.view_box.viewRange()[0]
        if abs(cx0 - x0) < 1 and abs(cx1 - x1) < 1:
            return
        self.applied += 1
        # A guard rather than a QSignalBlocker: the pane itself must still hear the range
        # change to redraw; only the echo back to the state is dropped.
        self._applying = True
        try:
            self.view_box.setXRange(x0, x1, padding=0)
        finally:
            self._applying = False

    def _on_view_x_changed(self, _vb, rng) -> None:
        if not self._applying:
            self.state.set_window(range_to_window(*rng))

    def _on_view_window_selected(self, x0: float, x1: float) -> None:
        self.state.set_window(range_to_window(x0, x1))

    def _on_state_window_changed(self, window: TimeWindow) -> None:
        self.apply(window)


def add_eras(plot: pg.PlotItem, eras: list[Era], last_day: int) -> list[pg.LinearRegionItem]:
    """Eras as shaded, unmovable regions behind everything, open eras running to `last_day`."""
    items = []
    _bg, _fg, dark = palette_colors()
    for era in eras:
        end = day_number(era.end) + 1 if era.end else max(last_day, day_number(era.start) + 1)
        color = QColor(era.color)
        color.setAlpha(34 if dark else 26)
        item = pg.LinearRegionItem((day_number(era.start) * DAY, end * DAY), movable=False,
                                   brush=color, pen=pg.mkPen(None))
        item.setZValue(-100)
        item.setToolTip(f"{era.name}\n{era.start:%d %b %Y} – "
                        f"{era.end.strftime('%d %b %Y') if era.end else 'ongoing'}"
                        + (f"\n{era.note}" if era.note else ""))
        plot.addItem(item, ignoreBounds=True)
        items.append(item)
    return items
