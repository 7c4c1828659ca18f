"""The selected events on the trade chart: a line at each, and for one event the mean
monthly value of every drawn series before and after it (lines and the read-out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from viewer.app.panes.time_axis import DAY, palette_colors
from viewer.app.panes.trade_readout import before_after_lines, before_after_text, fit_line
from viewer.domain.before_after import BeforeAfter, before_after
from viewer.domain.drawing import SeriesKey
from viewer.domain.periods import day_number

if TYPE_CHECKING:
    from viewer.app.panes.trade_chart import TradeChartPane

KIND_HELP = ("Bars span their periods: solid = months, pale with a line = fiscal "
             "(Jul–Jun) or calendar years, dashed = part-year spans. Select an event for "
             "before/after.")
KIND_HELP_SHORT = "Solid: months · pale: years (fiscal Jul–Jun) · dashed: part-years"


def selection_color() -> QColor:
    _bg, _fg, dark = palette_colors()
    return QColor("#ffd400") if dark else QColor("#000000")


class BeforeAfterMarks:
    """Lines at the selected events and the before/after of exactly one."""

    def __init__(self, pane: TradeChartPane) -> None:
        self.pane = pane
        self.selected_days = np.zeros(0, dtype=np.int32)
        self.results: dict[SeriesKey, BeforeAfter] = {}
        self.title = ""
        sel = selection_color()
        self.selection_lines = pg.PlotCurveItem(pen=pg.mkPen(sel, width=2), connect="pairs")
        self.ba_lines = pg.PlotCurveItem(pen=pg.mkPen(sel, width=2, style=Qt.PenStyle.DashLine),
                                         connect="pairs")
        for item in (self.selection_lines, self.ba_lines):
            item.setZValue(20)
            pane.plot.addItem(item, ignoreBounds=True)

    def recolor(self) -> None:
        sel = selection_color()
        self.selection_lines.setPen(pg.mkPen(sel, width=2))
        self.ba_lines.setPen(pg.mkPen(sel, width=2, style=Qt.PenStyle.DashLine))

    def update(self) -> None:
        """Read the state's selection again: lines, before/after, read-out."""
        pane = self.pane
        sel = pane.state.selection
        rows = np.flatnonzero(np.isin(pane.event_ids, list(sel))) if sel else np.zeros(0, int)
        self.selected_days = pane.event_day_array[rows]
        self.results = {}
        self.title = ""
        if len(sel) == 1:
            found = pane.store.events_by_id(list(sel))
            if found:
                event_day = day_number(found[0].start)
                self.title = found[0].title
                for key, drawn in pane.drawn.items():
                    if drawn.mirror:
                        continue
                    a = drawn.arrays
                    self.results[key] = before_after(a.start, a.end, a.value, event_day,
                                                     pane.months_spin.value())
        self.place_lines()
        self.show_readout()

    def show_readout(self) -> None:
        """The before/after summary when an event is selected, else how to read the bars;
        the fullest wording that fits the line, all of it in the tooltip."""
        pane = self.pane
        months = pane.months_spin.value()
        lines = before_after_lines(self.title, self.results, months)
        if not lines[0]:
            lines = [KIND_HELP, KIND_HELP_SHORT]
        readout = pane.readout
        readout.setText(fit_line(lines, readout.fontMetrics(), readout.width() - 12))
        readout.setToolTip(before_after_text(self.title, self.results, months) or KIND_HELP)

    def place_lines(self) -> None:
        pane = self.pane
        (y0, y1) = pane.view_box.viewRange()[1]
        x = np.repeat((self.selected_days + 0.5) * DAY, 2)
        self.selection_lines.setData(x=x, y=np.tile([y0, y1], len(self.selected_days)))
        xs, ys = [], []
        log = pane.log_check.isChecked()
        if pane.per_month:
            for ba in self.results.values():
                for side in (ba.before, ba.after):
                    if side.mean_monthly is not None and side.mean_monthly > 0:
                        y = np.log10(side.mean_monthly) if log else side.mean_monthly
                        xs += [side.first_day * DAY, (side.last_day + 1) * DAY]
                        ys += [y, y]
        self.ba_lines.setData(x=np.array(xs, float), y=np.array(ys, float))
