"""What the trade chart draws: each value as a bar over its own period, a money axis, markers.

Periods of different kinds get different looks so a fiscal year, a part-year span and a
month can sit on one axis truthfully: months solid in front, years and spans translucent
behind with their level drawn as a line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from viewer.app.panes.time_axis import DAY
from viewer.domain.drawing import PERIOD_KINDS, TradeArrays
from viewer.domain.trade_math import money, per_month

# Okabe-Ito, then Paul Tol: readable for colour-blind readers, on light and dark.
SERIES_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                 "#332288", "#999933", "#882255", "#44AA99")
KIND_LOOK = {  # kind: (legend word, fill alpha, z) - longer periods further back
    "month": ("months", 200, 3),
    "quarter": ("quarters", 120, 2),
    "calendar_year": ("calendar years", 60, 1),
    "fiscal_year": ("fiscal years (Jul–Jun)", 60, 1),
    "span": ("part-year spans", 35, 0),
}
EVENT_LINE_LIMIT = 300  # more events in view than this: a density strip instead of lines


class MoneyAxis(pg.AxisItem):
    """A value axis in US$ with K/M/B units, also when the values are log10."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)
        self.log_values = False

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        out = []
        for v in values:
            real = 10 ** v if self.log_values else v
            if not math.isfinite(real):
                out.append("")
            elif not self.log_values and spacing < 1 and abs(real) < 100:
                out.append(f"${real:.2f}")  # cents: else every tick reads "$0" or "$1"
            else:
                out.append(money(real))
        return out


class PeriodBars(pg.BarGraphItem):
    """Bars whose vertical extent, for the y auto-range, counts only the bars that overlap
    the x range shown: pyqtgraph's bars would scale every window to the whole series."""

    def __init__(self, *, x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray,
                 **opts) -> None:
        super().__init__(x0=x0, x1=x1, y0=y0, y1=y1, **opts)
        # On screen the bars are kept as a pixmap until the view moves: a filter change
        # redraws the chart's event marks over them without drawing every bar again
        # (pictures draw them as vectors: see widget_sizing.sized).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._spans = (np.asarray(x0, float), np.asarray(x1, float))
        self._heights = (np.asarray(y0, float), np.asarray(y1, float))

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802 (pyqtgraph override)
        if ax != 1 or orthoRange is None:
            return super().dataBounds(ax, frac, orthoRange)
        x0, x1 = self._spans
        inside = (x1 > orthoRange[0]) & (x0 < orthoRange[1])
        if not inside.any():
            return None, None
        y0, y1 = self._heights
        return (float(min(y0[inside].min(), y1[inside].min())),
                float(max(y0[inside].max(), y1[inside].max())))


@dataclass
class DrawnSeries:
    """The items of one series on the chart, by period kind."""

    arrays: TradeArrays
    color: str
    bars: dict[str, pg.BarGraphItem]
    levels: dict[str, pg.PlotCurveItem]
    mirror: bool = False

    def items(self) -> list:
        return [*self.bars.values(), *self.levels.values()]


def displayed_values(arrays: TradeArrays, per_month_mode: bool) -> np.ndarray:
    """The values as drawn: per-month averages or as reported."""
    if per_month_mode:
        return per_month(arrays.start, arrays.end, arrays.value)
    return arrays.value.astype(np.float64)


def draw_series(plot: pg.PlotItem, arrays: TradeArrays, color: str, values: np.ndarray,
                base: np.ndarray, log_floor: float | None, name: str,
                mirror: bool = False) -> DrawnSeries:
    """Bars from `base` to `base + values` over each period, one item per period kind."""
    bars: dict[str, pg.BarGraphItem] = {}
    levels: dict[str, pg.PlotCurveItem] = {}
    top = base + values
    bottom = base
    if log_floor is not None:
        top = np.log10(np.maximum(top, 1.0))
        bottom = np.where(base > 0, np.log10(np.maximum(base, 1.0)), log_floor)
    for k, kind in enumerate(PERIOD_KINDS):
        rows = np.flatnonzero(arrays.kind == k)
        if not len(rows):
            continue
        word, alpha, z = KIND_LOOK[kind]
        fill = QColor(color)
        fill.setAlpha(alpha // 2 if mirror else alpha)
        x0 = arrays.start[rows] * DAY
        x1 = (arrays.end[rows] + 1) * DAY
        brush = pg.mkBrush(fill)
        if mirror:
            brush.setStyle(Qt.BrushStyle.BDiagPattern)
        bar = PeriodBars(x0=x0, x1=x1, y0=bottom[rows], y1=top[rows], pen=None, brush=brush)
        bar.legend_name = f"{name} · {word}"
        bar.setZValue(z)
        plot.addItem(bar)
        bars[kind] = bar
        if kind != "month":
            # The level of a long period as a line, so months in front do not hide it.
            xs = np.column_stack([x0, x1]).ravel()
            ys = np.repeat(top[rows], 2)
            style = Qt.PenStyle.DashLine if kind == "span" else Qt.PenStyle.SolidLine
            level = pg.PlotCurveItem(x=xs, y=ys, connect="pairs",
                                     pen=pg.mkPen(color, width=1, style=style))
            level.setZValue(z + 0.5)
            plot.addItem(level)
            levels[kind] = level
    return DrawnSeries(arrays, color, bars, levels, mirror)


def kind_of(arrays: TradeArrays, row: int) -> str:
    return PERIOD_KINDS[int(arrays.kind[row])]


def value_at(arrays: TradeArrays, values: np.ndarray, day: int) -> tuple[int, float] | None:
    """The finest period of a series covering a day: (row, displayed value)."""
    covering = np.flatnonzero((arrays.start <= day) & (arrays.end >= day))
    if not len(covering):
        return None
    lengths = arrays.end[covering] - arrays.start[covering]
    # Shortest first; among equals the later (revised) figure.
    best = covering[np.lexsort((-covering, lengths))[0]]
    return int(best), float(values[best])


class EventStrip:
    """The filtered events under the chart: ticks, or a density strip when too many."""

    def __init__(self, plot: pg.PlotItem, color: QColor) -> None:
        self.plot = plot
        self.ticks = pg.PlotCurveItem(connect="pairs")
        self.density = pg.PlotCurveItem(x=np.zeros(2), y=np.zeros(1), stepMode="center",
                                        fillLevel=0, pen=None)
        self.recolor(color)
        for item in (self.ticks, self.density):
            plot.addItem(item)
        plot.setYRange(0, 1, padding=0)
        self.mode = "ticks"

    def recolor(self, color: QColor) -> None:
        c = QColor(color)
        c.setAlpha(170)
        self.ticks.setPen(pg.mkPen(c, width=1))
        self.density.setBrush(c)

    def draw(self, days: np.ndarray, x0: float, x1: float, width_px: float) -> str:
        # Integer keys: a float key makes numpy copy the whole int32 array each frame.
        lo = int(np.searchsorted(days, math.ceil(x0 / DAY), "left"))
        hi = int(np.searchsorted(days, math.floor(x1 / DAY), "right"))
        if hi - lo <= EVENT_LINE_LIMIT:
            x = np.repeat((days[lo:hi] + 0.5) * DAY, 2)
            y = np.tile(np.array([0.05, 0.95]), hi - lo)
            self.ticks.setData(x=x, y=y)
            self.density.setVisible(False)
            self.ticks.setVisible(True)
            self.mode = "ticks"
        else:
            bins = int(min(max(width_px / 4, 20), 400))
            edges = np.linspace(x0 / DAY, x1 / DAY, bins + 1)
            counts = np.diff(np.searchsorted(days, np.ceil(edges).astype(np.int32), "left"))
            self.density.setData(x=edges * DAY, y=counts / max(int(counts.max()), 1) * 0.95)
            self.ticks.setVisible(False)
            self.density.setVisible(True)
            self.mode = "density"
        return self.mode
