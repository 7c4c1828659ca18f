"""What the trade chart says in words: the value axis's unit, and why nothing is drawn."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

LABEL_PT = 8


class ChartNotes:
    """The value axis label (as long as its height allows) and the empty-chart message."""

    def __init__(self, plot: pg.PlotItem, axis: pg.AxisItem, color) -> None:  # noqa: ANN001
        self.plot = plot
        self.view_box = plot.getViewBox()
        self.axis = axis
        self.empty = pg.TextItem("", color=color, anchor=(0.5, 0.5))
        self.empty.hide()
        plot.addItem(self.empty, ignoreBounds=True)

    def label_axis(self, per_month: bool, log: bool) -> str:
        """Name the unit: the longest wording that fits the axis; returns it."""
        scale, brief = (", log scale", ", log") if log else ("", "")
        words = (["US$ per month (average)" + scale, "US$ per month" + brief, "US$/mo" + brief]
                 if per_month else ["US$ as reported" + scale, "US$" + brief])
        font = self.axis.label.font()
        font.setPointSizeF(LABEL_PT)
        metrics = QFontMetrics(font)
        room = self.view_box.height() - 8
        text = next((w for w in words if metrics.horizontalAdvance(w) <= room), words[-1])
        self.axis.setLabel(text, **{"font-size": f"{LABEL_PT}pt"})
        return text

    @staticmethod
    def why_empty(series: dict, checked: list, drawn: dict) -> str:
        """Why no bar is drawn ("" when some are)."""
        if any(d.bars for d in drawn.values()):
            return ""
        if not series:
            return "No trade figures in this store."
        if not checked:
            return "No series ticked: choose one under Series…"
        return "No trade figures for the ticked series."

    def show_legend(self, legend: pg.LegendItem) -> None:
        """The legend, unless nothing is drawn or it would cover much of a narrow chart
        (the read-out names the series under the mouse)."""
        room = self.view_box.width() >= 1.8 * legend.boundingRect().width()
        legend.setVisible(not self.empty.isVisible() and room)

    def show_empty(self, why: str) -> None:
        """With nothing drawn, say why instead of a value axis of meaningless ticks."""
        empty = bool(why)
        self.axis.setStyle(showValues=not empty)
        if empty:
            self.view_box.disableAutoRange(axis="y")
            self.view_box.setYRange(0, 1, padding=0)
        else:
            self.view_box.enableAutoRange(axis="y")
        self.empty.setText(why)
        self.empty.setVisible(empty)
        self.place()

    def place(self) -> None:
        if self.empty.isVisible():
            (x0, x1), (y0, y1) = self.view_box.viewRange()
            self.empty.setPos((x0 + x1) / 2, (y0 + y1) / 2)
