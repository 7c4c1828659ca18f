"""What the map pane draws: the base map, the crossings, and the events as markers or,
above a few thousand in view, as a density grid; plus the ring around the selection and
the outline of the spatial filter."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from viewer.app.panes.time_axis import palette_colors
from viewer.domain.area import Area
from viewer.domain.base_map import BaseMap, Crossing
from viewer.domain.map_points import MapPoints
from viewer.domain.taxonomy import EVENT_TYPES

DENSITY_ABOVE = 2000  # events in view: above this the map draws a density grid
GRID_CELLS = 96  # at least this many density cells across the wider side of the view
LATTICE_MAX_CELLS = 4_000_000  # above this a lattice over every point is not kept
WHOLE_IMAGE_CELLS = 250_000  # a lattice up to this size is drawn whole, else by the view
LABEL_MIN_PX = 70  # a country's name is drawn when its box is this wide on screen
MARKER_PX = 9
STACK_LABELS = 40  # places with several events that get a count beside their marker
STACK_LABELS_UPTO = DENSITY_ABOVE  # events in view above which no counts are drawn


def _land_path(base: BaseMap) -> QPainterPath:
    """Every land ring in one path, built from the arrays at once (a ring's last point
    does not join the next ring's first; a fill closes each ring by itself)."""
    x = np.concatenate([ring[:, 0] for ring in base.land])
    y = np.concatenate([ring[:, 1] for ring in base.land])
    joined = np.ones(len(x), dtype=bool)
    joined[np.cumsum([len(ring) for ring in base.land]) - 1] = False
    path = pg.arrayToQPath(x, y, connect=joined)
    path.setFillRule(Qt.FillRule.WindingFill)
    return path


class BaseMapLayer:
    """Land, coasts, borders, country names and the named crossings."""

    def __init__(self, plot: pg.PlotItem, base: BaseMap, crossings: tuple[Crossing, ...]):
        self.plot, self.base = plot, base
        self.land = QGraphicsPathItem(_land_path(base))
        self.land.setPen(QPen(Qt.PenStyle.NoPen))
        self.land.setZValue(-20)
        plot.addItem(self.land)
        self.coasts = pg.PlotCurveItem(base.coast_lon, base.coast_lat, connect="finite")
        self.borders = pg.PlotCurveItem(base.border_lon, base.border_lat, connect="finite")
        for item, z in ((self.coasts, -15), (self.borders, -14)):
            item.setZValue(z)
            plot.addItem(item)
        # Country names are made when first shown: most never are in a session.
        self.names: dict[int, pg.TextItem] = {}
        placed = [c for c in crossings if c.placed]
        self.crossings = placed
        self.crossing_marks = pg.ScatterPlotItem(
            [c.longitude for c in placed], [c.latitude for c in placed], symbol="d", size=11)
        self.crossing_marks.setZValue(5)
        plot.addItem(self.crossing_marks)
        self.crossing_names: list[pg.TextItem] = []
        for c in placed:
            text = c.name if c.coordinates == "stated" else f"{c.name} (≈)"
            label = pg.TextItem(text, anchor=_crossing_anchor(c, placed))
            label.setPos(c.longitude, c.latitude)
            label.setZValue(6)
            plot.addItem(label)
            self.crossing_names.append(label)
        self.restyle()

    def restyle(self) -> None:
        bg, fg, dark = palette_colors()
        land = QColor("#3a3f44") if dark else QColor("#efeae0")
        self.land.setBrush(QBrush(land))
        self.coasts.setPen(pg.mkPen(QColor("#6f8fa8"), width=1))
        self.borders.setPen(pg.mkPen(QColor("#c9c9c9") if dark else QColor("#7a6f66"),
                                     width=1))
        for label in self.names.values():
            label.setColor(_muted(fg))
        self.crossing_marks.setBrush(pg.mkBrush(fg))
        self.crossing_marks.setPen(pg.mkPen(bg, width=1))
        for label in self.crossing_names:
            label.setColor(fg)

    def place_names(self, x0: float, x1: float, y0: float, y1: float, px_per_deg: float) -> None:
        """Country names inside the view and wide enough on screen to read."""
        boxes, points = self.base.country_boxes, self.base.country_labels
        wide = (boxes[:, 2] - boxes[:, 0]) * px_per_deg >= LABEL_MIN_PX
        inside = ((points[:, 0] >= x0) & (points[:, 0] <= x1)
                  & (points[:, 1] >= y0) & (points[:, 1] <= y1))
        show = wide & inside
        for i, label in self.names.items():
            if not show[i] and label.isVisible():
                label.setVisible(False)
        for i in np.flatnonzero(show).tolist():
            label = self.names.get(i)
            if label is None:
                label = self._name_label(i)
            if not label.isVisible():
                label.setVisible(True)

    def _name_label(self, i: int) -> pg.TextItem:
        x, y = self.base.country_labels[i]
        label = pg.TextItem(self.base.country_names[i], anchor=(0.5, 0.5))
        label.setPos(float(x), float(y))
        label.setZValue(-10)
        label.setColor(_muted(palette_colors()[1]))
        self.plot.addItem(label)
        self.names[i] = label
        return label


def _muted(fg: QColor) -> QColor:
    muted = QColor(fg)
    muted.setAlpha(150)
    return muted


def _crossing_anchor(c: Crossing, placed: list[Crossing]) -> tuple[float, float]:
    """West of the marker (the events of a crossing sit on it), unless another crossing
    lies just west of it: then above and to the east, so the two names do not overlap."""
    crowded = any(o is not c and 0 < c.longitude - o.longitude < 2.0
                  and abs(c.latitude - o.latitude) < 0.8 for o in placed)
    return (-0.08, 1.0) if crowded else (1.08, 0.5)


class EventLayer:
    """The events in view: a marker each, coloured like its timeline type, or a grid."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.mode = "events"
        self.brushes = [pg.mkBrush(t.color) for t in EVENT_TYPES]
        # Outside the map's box: faint, so what the box holds stands out.
        self.dim_brushes = [pg.mkBrush(_faint(t.color)) for t in EVENT_TYPES]
        self.in_area = 0  # drawn events inside the box
        self.markers = pg.ScatterPlotItem(size=MARKER_PX, pen=pg.mkPen("w", width=1))
        self.markers.setZValue(10)
        plot.addItem(self.markers)
        self.grid = pg.ImageItem()
        self.grid.setZValue(8)
        self.grid.setOpacity(0.85)
        self.grid.setLookupTable(_density_lut())
        plot.addItem(self.grid)
        self.drawn = np.zeros(0, dtype=np.int64)  # indices into the window's points, drawn
        self.cells: tuple[np.ndarray, float, float, float] | None = None  # counts, x0, y0, step
        self._lattice: tuple[tuple, tuple[np.ndarray, float, float]] | None = None
        self._grid_key: tuple | None = None  # the lattice the grid image shows
        self.stack_labels: list[pg.TextItem] = []
        self.ring = pg.ScatterPlotItem(size=MARKER_PX + 9, symbol="o", brush=None,
                                       pen=pg.mkPen("#000000", width=2.5))
        self.ring.setZValue(12)
        plot.addItem(self.ring)
        self.area_box = QGraphicsPathItem()
        self.area_box.setZValue(15)
        self.area_box.setVisible(False)
        plot.addItem(self.area_box)
        self.restyle()

    def restyle(self) -> None:
        bg, fg, _dark = palette_colors()
        self.markers.setPen(pg.mkPen(bg, width=1))
        self.ring.setPen(pg.mkPen(fg, width=2.5))
        for label in self.stack_labels:
            label.setColor(fg)
        pen = QPen(QColor("#d55e00"), 2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.area_box.setPen(pen)
        self.area_box.setBrush(QBrush(Qt.BrushStyle.NoBrush))

    def draw(self, points: MapPoints, view: tuple[float, float, float, float],
             area: Area | None, threshold: int = DENSITY_ABOVE) -> int:
        """Draw the points inside `view` (x0, y0, x1, y1); returns how many there are."""
        x0, y0, x1, y1 = view
        count = points.count_in_box(x0, y0, x1, y1)
        if count > threshold:
            self._draw_grid(points, view)
            return count
        inside = points.in_box(x0, y0, x1, y1)
        self.mode = "events"
        self.grid.setVisible(False)
        self.cells = None
        self.drawn = inside
        types = points.type_index[inside]
        if area is None:
            brushes = [self.brushes[t] for t in types.tolist()]
            self.in_area = len(inside)
        else:
            keep = area.contains(points.lon[inside], points.lat[inside])
            self.in_area = int(keep.sum())
            brushes = [(self.brushes if k else self.dim_brushes)[t]
                       for t, k in zip(types.tolist(), keep.tolist(), strict=True)]
        self.markers.setData(points.lon[inside], points.lat[inside], brush=brushes)
        self.markers.setVisible(True)
        self._show_stack_counts(points, inside, view)
        return len(inside)

    def _show_stack_counts(self, points: MapPoints, inside: np.ndarray,
                           view: tuple[float, float, float, float]) -> None:
        """A count beside each place that holds several events (one marker hides them);
        the biggest first, and none over another one's."""
        places: dict[tuple[float, float], int] = {}
        if len(inside) <= STACK_LABELS_UPTO:
            for xy in zip(points.lon[inside].tolist(), points.lat[inside].tolist(), strict=True):
                places[xy] = places.get(xy, 0) + 1
        vb = self.plot.getViewBox()
        px = (view[2] - view[0]) / max(1.0, vb.width())
        py = (view[3] - view[1]) / max(1.0, vb.height())
        stacked: list[tuple[int, tuple[float, float]]] = []
        for n, (x, y) in sorted(((n, xy) for xy, n in places.items() if n > 1), reverse=True):
            if len(stacked) == STACK_LABELS:
                break
            if all(abs(x - ox) > 34 * px or abs(y - oy) > 16 * py for _, (ox, oy) in stacked):
                stacked.append((n, (x, y)))
        while len(self.stack_labels) < len(stacked):
            label = pg.TextItem(anchor=(-0.25, 0.5))
            label.setZValue(11)
            label.setColor(palette_colors()[1])
            self.plot.addItem(label)
            self.stack_labels.append(label)
        for i, label in enumerate(self.stack_labels):
            if i < len(stacked):
                n, (x, y) = stacked[i]
                label.setText(f"×{n}")
                label.setPos(x, y)
            label.setVisible(i < len(stacked))

    def _hide_stack_counts(self) -> None:
        for label in self.stack_labels:
            label.setVisible(False)

    def _draw_grid(self, points: MapPoints, view: tuple[float, float, float, float]) -> None:
        self.mode = "density"
        self.markers.setVisible(False)
        self._hide_stack_counts()
        self.drawn = np.zeros(0, dtype=np.int64)
        x0, y0, x1, y1 = view
        # Cells on a global lattice whose step halves zoom level by zoom level: the
        # window's points are counted once per zoom level, and a pan only moves the image.
        step = 360.0 / 2.0 ** math.ceil(math.log2(GRID_CELLS * 360.0 / max(x1 - x0, y1 - y0)))
        lattice = self._lattice_for(points, step)
        if lattice is not None and lattice[0].size <= WHOLE_IMAGE_CELLS:
            # The whole lattice is the image: a pan at this zoom moves it, nothing more.
            counts, gx0, gy0 = lattice
            key = (id(points), step)
            self.cells = (counts, gx0, gy0, step)
            if self._grid_key != key:
                self._grid_key = key
                self._show_counts(counts, gx0, gy0, step)
            self.grid.setVisible(True)
            return
        if lattice is not None:
            # A big lattice (points far apart, zoomed in): draw the view's slice of it.
            all_counts, lx0, ly0 = lattice
            i0 = max(0, int((x0 - lx0) // step))
            j0 = max(0, int((y0 - ly0) // step))
            i1 = min(all_counts.shape[0], int((x1 - lx0) // step) + 1)
            j1 = min(all_counts.shape[1], int((y1 - ly0) // step) + 1)
            counts = all_counts[i0:max(i0, i1), j0:max(j0, j1)]
            self._grid_key = None
            self.cells = (counts, lx0 + i0 * step, ly0 + j0 * step, step)
            self._show_counts(*self.cells)
            self.grid.setVisible(True)
            return
        # Zoomed in too far for a lattice over every point: count the view's.
        self._grid_key = None
        inside = points.in_box(x0, y0, x1, y1)
        gx0, gy0 = math.floor(x0 / step) * step, math.floor(y0 / step) * step
        counts = _count_cells(points.lon[inside], points.lat[inside], gx0, gy0, step,
                              int((x1 - gx0) / step) + 1, int((y1 - gy0) / step) + 1)
        self.cells = (counts, gx0, gy0, step)
        self._show_counts(counts, gx0, gy0, step)
        self.grid.setVisible(True)

    def _show_counts(self, counts: np.ndarray, gx0: float, gy0: float, step: float) -> None:
        top = counts.max() if counts.size else 0
        # Log scale: a border town with thousands beside villages with a few stays readable.
        level = np.log1p(counts) / np.log1p(top) if top else np.zeros_like(counts, float)
        self.grid.setImage(level, autoLevels=False, levels=(0.0, 1.0))
        self.grid.setRect(QRectF(gx0, gy0, counts.shape[0] * step, counts.shape[1] * step))

    def _lattice_for(self, points: MapPoints,
                     step: float) -> tuple[np.ndarray, float, float] | None:
        """Counts of all the window's points on the lattice of this step, kept per step."""
        key = (id(points), step)
        if self._lattice is not None and self._lattice[0] == key:
            return self._lattice[1]
        if not len(points):
            return None
        lx0 = math.floor(float(points.lon[0]) / step) * step  # sorted by longitude
        ly0 = math.floor(float(points.lat.min()) / step) * step
        nx = int((float(points.lon[-1]) - lx0) / step) + 1
        ny = int((float(points.lat.max()) - ly0) / step) + 1
        if nx * ny > LATTICE_MAX_CELLS:
            return None
        found = (_count_cells(points.lon, points.lat, lx0, ly0, step, nx, ny), lx0, ly0)
        self._lattice = (key, found)
        return found

    def cell_count(self, lon: float, lat: float) -> int:
        """Events in the density cell under a point (0 outside the grid)."""
        if self.cells is None:
            return 0
        counts, gx0, gy0, step = self.cells
        i, j = int((lon - gx0) // step), int((lat - gy0) // step)
        if 0 <= i < counts.shape[0] and 0 <= j < counts.shape[1]:
            return int(counts[i, j])
        return 0

    def show_selection(self, points: MapPoints, ids: frozenset[int]) -> None:
        """A ring around every selected event the map holds."""
        if not ids or not len(points):
            self.ring.setData([], [])
            return
        rows = np.flatnonzero(np.isin(points.ids, np.fromiter(ids, dtype=np.int64)))
        self.ring.setData(points.lon[rows], points.lat[rows])

    def show_area(self, area: Area | None) -> None:
        if area is None:
            self.area_box.setVisible(False)
            return
        path = QPainterPath()
        if area.outline:
            path.moveTo(*area.outline[0])
            for x, y in area.outline[1:]:
                path.lineTo(x, y)
            path.closeSubpath()
        else:
            path.addRect(QRectF(area.min_lon, area.min_lat, area.max_lon - area.min_lon,
                                area.max_lat - area.min_lat))
        self.area_box.setPath(path)
        self.area_box.setVisible(True)


def _faint(color: str) -> QColor:
    faint = QColor(color)
    faint.setAlpha(70)
    return faint


def _count_cells(lon: np.ndarray, lat: np.ndarray, x0: float, y0: float, step: float,
                 nx: int, ny: int) -> np.ndarray:
    """Points per cell of an nx-by-ny grid whose corner is (x0, y0)."""
    ix = ((lon - x0) / step).astype(np.int32)
    iy = ((lat - y0) / step).astype(np.int32)
    np.clip(ix, 0, nx - 1, out=ix)
    np.clip(iy, 0, ny - 1, out=iy)
    return np.bincount(ix * ny + iy, minlength=nx * ny).reshape(nx, ny)


def _density_lut() -> np.ndarray:
    """Transparent for empty cells, then pale to deep orange-red."""
    lut = np.zeros((256, 4), dtype=np.ubyte)
    t = np.linspace(0, 1, 255)
    lut[1:, 0] = (253 - 60 * t).astype(np.ubyte)
    lut[1:, 1] = (208 - 160 * t).astype(np.ubyte)
    lut[1:, 2] = (162 - 150 * t).astype(np.ubyte)
    lut[1:, 3] = (120 + 135 * t).astype(np.ubyte)
    return lut
