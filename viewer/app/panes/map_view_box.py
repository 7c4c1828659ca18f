"""The map's view box: drag pans, wheel zooms, and in box mode (or with Shift) a drag
draws the box of a spatial filter; in lasso mode (or with Ctrl) a drag draws a lasso."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

from viewer.domain.area import Area


class MapViewBox(pg.ViewBox):
    """Pan and zoom in degrees; `box_drawn` carries the Area of a finished box drag."""

    box_drawn = Signal(object)  # Area

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.box_mode = False
        self.lasso_mode = False
        self._trail: list[QPointF] = []
        self._lasso = QGraphicsPathItem()
        self._lasso.setZValue(1e9)
        self._lasso.setVisible(False)
        self.addItem(self._lasso, ignoreBounds=True)
        self._band = QGraphicsRectItem()
        pen = QPen(QColor("#d55e00"), 1.5)
        pen.setCosmetic(True)
        self._band.setPen(pen)
        self._band.setBrush(QBrush(QColor(213, 94, 0, 40)))
        self._lasso.setPen(pen)
        self._lasso.setBrush(QBrush(QColor(213, 94, 0, 40)))
        self._band.setZValue(1e9)
        self._band.setVisible(False)
        self.addItem(self._band, ignoreBounds=True)
        self.setLimits(xMin=-200, xMax=200, yMin=-95, yMax=95, minXRange=0.05, minYRange=0.05,
                       maxXRange=400, maxYRange=200)

    def keep_aspect(self, mid_lat: float) -> None:
        """A degree of longitude drawn as wide as it is on the ground at this latitude."""
        self.setAspectLocked(True, ratio=1 / max(0.2, math.cos(math.radians(mid_lat))))

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802, ANN001 (Qt override)
        lasso = self.lasso_mode or ev.modifiers() & Qt.KeyboardModifier.ControlModifier
        if lasso and ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._lasso_drag(ev)
            return
        drawing = self.box_mode or ev.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if not drawing or ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        a = self.mapSceneToView(ev.buttonDownScenePos())
        b = self.mapSceneToView(ev.scenePos())
        if ev.isFinish():
            self._band.setVisible(False)
            self.finish_box(a, b)
            return
        self._band.setRect(QRectF(a, b).normalized())
        self._band.setVisible(True)

    def _lasso_drag(self, ev) -> None:  # noqa: ANN001
        if ev.isStart() or not self._trail:
            self._trail = [self.mapSceneToView(ev.buttonDownScenePos())]
        self._trail.append(self.mapSceneToView(ev.scenePos()))
        if ev.isFinish():
            self._lasso.setVisible(False)
            trail, self._trail = self._trail, []
            self.finish_lasso(trail)
            return
        path = QPainterPath(self._trail[0])
        for p in self._trail[1:]:
            path.lineTo(p)
        path.closeSubpath()
        self._lasso.setPath(path)
        self._lasso.setVisible(True)

    def finish_lasso(self, trail: list[QPointF]) -> None:
        """Announce the lasso through these view points, unless it encloses nothing."""
        try:
            area = Area.lasso([(p.x(), p.y()) for p in trail])
        except ValueError:
            return
        px, py = self.viewPixelSize()
        if area.max_lon - area.min_lon < 3 * px or area.max_lat - area.min_lat < 3 * py:
            return
        self.box_drawn.emit(area)

    def finish_box(self, a: QPointF, b: QPointF) -> None:
        """Announce the box with corners a and b (view coordinates), unless it is a dot."""
        px, py = self.viewPixelSize()
        if abs(a.x() - b.x()) < 3 * px or abs(a.y() - b.y()) < 3 * py:
            return
        self.box_drawn.emit(Area.around(a.x(), a.y(), b.x(), b.y()))
