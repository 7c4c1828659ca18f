"""Officers' timeline notes: a dashed line at each note's date (a band when it spans
days) with its text at the foot of the lanes; clicking a note opens it."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from viewer.app.panes.time_axis import DAY
from viewer.domain.model import Annotation
from viewer.domain.periods import EPOCH as EPOCH_DATE


def _x(day) -> float:  # noqa: ANN001
    return (day - EPOCH_DATE).days * DAY


class TimelineNotes:
    """The notes drawn on a timeline plot; `on_click(note)` when one is clicked."""

    def __init__(self, plot: pg.PlotItem, on_click: Callable[[Annotation], None]) -> None:
        self.plot, self.on_click = plot, on_click
        self.items: list[pg.GraphicsObject] = []
        self.notes: list[Annotation] = []

    def set_notes(self, notes: list[Annotation]) -> None:
        for item in self.items:
            self.plot.removeItem(item)
        self.items, self.notes = [], list(notes)
        color = QApplication.palette().color(QPalette.ColorRole.Highlight)
        pen = pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine)
        hover = pg.mkPen(color, width=3)
        for note in notes:
            line = pg.InfiniteLine(_x(note.start), angle=90, pen=pen, hoverPen=hover,
                                   movable=False)
            line.setToolTip(f"Note, {note.start:%d %b %Y}: {note.text}")
            line.setZValue(8)
            line.sigClicked.connect(lambda _line, _ev, n=note: self.on_click(n))
            self.plot.addItem(line, ignoreBounds=True)
            self.items.append(line)
            if note.end is not None and note.end > note.start:
                band = pg.LinearRegionItem((_x(note.start), _x(note.end) + DAY),
                                           movable=False,
                                           brush=QColor(color.red(), color.green(),
                                                        color.blue(), 28))
                band.setZValue(-9)
                self.plot.addItem(band, ignoreBounds=True)
                self.items.append(band)
            label = pg.TextItem(f"✎ {note.text.splitlines()[0][:60]}", color=color,
                                anchor=(0, 1))
            label.setPos(_x(note.start), self.plot.getViewBox().viewRange()[1][1])
            label.setZValue(8)
            self.plot.addItem(label, ignoreBounds=True)
            self.items.append(label)

    def place(self, bottom: float) -> None:
        """Keep the labels at the foot of the lanes when the lanes are fitted again."""
        for item in self.items:
            if isinstance(item, pg.TextItem):
                item.setPos(item.pos().x(), bottom)
