"""The timeline's drawn layers: markers, spans, fuzzy ends, density, labels, selection.

Every item is made once per data load and then only fed new arrays (`setData`), so a
frame costs array slicing plus painting, never item creation (DESIGN §4, §8).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGradient, QLinearGradient

from viewer.app.panes.time_axis import DAY, palette_colors
from viewer.domain.drawing import PRECISIONS, TimelineArrays
from viewer.domain.periods import EPOCH as EPOCH_DATE
from viewer.domain.taxonomy import EVENT_TYPES

LOD_THRESHOLD = 2000  # more visible events than this: draw per-lane density instead
LABEL_LIMIT = 120  # labels are tried only when at most this many events are visible
LABEL_POOL = 60
LABEL_CHARS = 42
DENSITY_ROWS, DENSITY_PAD = 40, 4  # image rows per lane, empty rows above and below bars
SPAN_HALF = 0.17  # half the height of a span bar, in lanes
FUZZ_DAYS = 3  # an approximate day is drawn as a faded bar this many days each side
_APPROX = PRECISIONS.index("approximate")
_COARSE = (PRECISIONS.index("month"), PRECISIONS.index("year"))


def _fuzzy_brush(color: str, alpha: int) -> QBrush:
    """A brush that fades in and out across each bar, whatever its size: fuzzy ends."""
    c = QColor(color)
    grad = QLinearGradient(0, 0, 1, 0)
    grad.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    for pos, a in ((0.0, 0), (0.25, alpha), (0.75, alpha), (1.0, 0)):
        c.setAlpha(a)
        grad.setColorAt(pos, QColor(c))
    return QBrush(grad)


def rows_overlapping(a: TimelineArrays, d0: float, d1: float, max_length: int) -> np.ndarray:
    """Rows overlapping the days [d0, d1], in start order; `max_length` is the longest
    event's length in days (a start that early may still reach d0)."""
    lo = int(np.searchsorted(a.start, math.ceil(d0) - max_length, "left"))
    hi = int(np.searchsorted(a.start, math.floor(d1), "right"))
    return lo + np.flatnonzero(a.end[lo:hi] >= math.floor(d0))


class LaneCache:
    """Per-lane sorted start days, so density bins are counted with searchsorted."""

    def __init__(self, arrays: TimelineArrays, event_rows: np.ndarray | None = None) -> None:
        lanes = len(arrays.lanes)
        # Rows are in start order, so each lane's starts are too after one stable sort by
        # lane (a radix sort on 16-bit lanes: 6 ms at 1M rows, 22 ms for a mask per lane).
        lane = arrays.lane.astype(np.int16) if lanes < 2**15 else arrays.lane
        order = np.argsort(lane, kind="stable")
        bounds = np.searchsorted(lane[order], np.arange(lanes + 1), "left")
        by_lane = arrays.start[order]
        self.starts = [by_lane[bounds[i]:bounds[i + 1]] for i in range(lanes)]
        # Ends follow the start order but for spans: a merge sort finds the runs (10 ms at
        # 1M rows, 30 ms for quicksort).
        self.ends = np.sort(arrays.end, kind="stable")
        self.max_length = arrays.max_length  # once per load: it scans every row
        # One row per event (an event in three lanes has three rows): for counting events.
        if event_rows is None or len(event_rows) == len(arrays):
            self.event_starts, self.event_ends = arrays.start, self.ends
        else:
            self.event_starts = arrays.start[event_rows]
            self.event_ends = np.sort(arrays.end[event_rows], kind="stable")

    def overlapping(self, arrays: TimelineArrays, d0: float, d1: float) -> int:
        """How many rows overlap [d0, d1]: started by d1, minus those ended before d0."""
        return int(np.searchsorted(arrays.start, math.floor(d1), "right")
                   - np.searchsorted(self.ends, math.floor(d0), "left"))

    def events_overlapping(self, d0: float, d1: float) -> int:
        """How many events (not markers) overlap [d0, d1]."""
        return int(np.searchsorted(self.event_starts, math.floor(d1), "right")
                   - np.searchsorted(self.event_ends, math.floor(d0), "left"))

    def counts(self, edges: np.ndarray) -> list[np.ndarray]:
        # Integer edges of the arrays' own dtype: a float key would make numpy copy the
        # whole array to float64 on every call. Days before ceil(edge) = days < edge.
        keys = np.ceil(edges).astype(np.int32)
        return [np.diff(np.searchsorted(s, keys, "left")) for s in self.starts]


class EventLayers:
    """The items of the timeline plot and how to fill them for a visible range."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        _bg, fg, dark = palette_colors()
        self.fg = fg
        outline = pg.mkPen(QColor(255, 255, 255, 150) if dark else QColor(0, 0, 0, 110), width=1)
        self.points: list[pg.ScatterPlotItem] = []
        self.spans: list[pg.BarGraphItem] = []
        self.fuzzy: list[pg.BarGraphItem] = []
        for t in EVENT_TYPES:
            fuzzy = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], pen=None,
                                    brush=_fuzzy_brush(t.color, 120 if dark else 95))
            span_color = QColor(t.color)
            span_color.setAlpha(140 if dark else 115)
            span = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], pen=None, brush=span_color)
            pts = pg.ScatterPlotItem(symbol=t.symbol, size=10, brush=pg.mkBrush(t.color),
                                     pen=outline, pxMode=True)
            for item, z in ((fuzzy, 1), (span, 2), (pts, 3)):
                item.setZValue(z)
                plot.addItem(item)
            self.fuzzy.append(fuzzy)
            self.spans.append(span)
            self.points.append(pts)
        # Density is one image, its bars rasterised in numpy: a filled curve per lane
        # spent ~15 ms a frame in QPainter.fillPath at 1600x900.
        self.density = pg.ImageItem(axisOrder="row-major")
        self.density.setZValue(2)
        self.density.hide()
        plot.addItem(self.density, ignoreBounds=True)
        self.density_heights = np.zeros((0, 0))  # per lane and bin, 0..1 of a lane's bar room
        self.density_counts = np.zeros((0, 0), dtype=np.int64)
        self.density_edges = np.zeros(0)
        self.lane_rgba = np.zeros((0, 4), np.uint8)
        sel_color = QColor("#ffd400") if dark else QColor("#000000")
        self.selected = pg.ScatterPlotItem(symbol="o", size=20, brush=None,
                                           pen=pg.mkPen(sel_color, width=2), pxMode=True)
        self.selected_spans = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], brush=None,
                                              pen=pg.mkPen(sel_color, width=1))
        for item in (self.selected, self.selected_spans):
            item.setZValue(10)
            plot.addItem(item)
        # Search hits: an amber halo behind the marker, so hits stand out among all events.
        self.hits = pg.ScatterPlotItem(symbol="o", size=24, pen=None, pxMode=True,
                                       brush=pg.mkBrush(255, 190, 0, 150))
        self.hits.setZValue(-1)
        plot.addItem(self.hits)
        self.font = QFont()
        self.metrics = QFontMetricsF(self.font)
        self.labels: list[pg.TextItem] = []
        for _ in range(LABEL_POOL):
            label = pg.TextItem(color=fg, anchor=(0, 0.5))
            label.setFont(self.font)
            label.setZValue(5)
            label.hide()
            plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        self.mode = "events"
        self.drawn = np.zeros(0, dtype=np.int64)  # rows drawn as events, for hit tests

    def restyle(self) -> None:
        """Colours from the palette again: the colour scheme changed (light, dark)."""
        _bg, fg, dark = palette_colors()
        self.fg = fg
        outline = pg.mkPen(QColor(255, 255, 255, 150) if dark else QColor(0, 0, 0, 110), width=1)
        for t, pts, span, fuzzy in zip(EVENT_TYPES, self.points, self.spans, self.fuzzy,
                                       strict=True):
            pts.setPen(outline)
            span_color = QColor(t.color)
            span_color.setAlpha(140 if dark else 115)
            span.setOpts(brush=span_color)
            fuzzy.setOpts(brush=_fuzzy_brush(t.color, 120 if dark else 95))
        sel_color = QColor("#ffd400") if dark else QColor("#000000")
        self.selected.setPen(pg.mkPen(sel_color, width=2))
        self.selected_spans.setOpts(pen=pg.mkPen(sel_color, width=1))
        for label in self.labels:
            label.setColor(fg)

    # -- data -----------------------------------------------------------------
    def set_lanes(self, arrays: TimelineArrays, lane_colors: list[str],
                  event_rows: np.ndarray | None = None) -> None:
        """Lane colours and the sorted per-lane caches; called on load, not per frame."""
        self.lane_rgba = np.array([QColor(c).getRgb()[:3] + (215,) for c in lane_colors],
                                  dtype=np.uint8).reshape(-1, 4)
        self.cache = LaneCache(arrays, event_rows)

    # -- frame ----------------------------------------------------------------
    def draw(self, a: TimelineArrays, x0: float, x1: float, width_px: float,
             titles: dict[int, str], threshold: int = LOD_THRESHOLD) -> str:
        """Fill the items for the x-range [x0, x1] (seconds); returns the mode drawn."""
        d0, d1 = x0 / DAY, x1 / DAY
        if self.cache.overlapping(a, d0, d1) > threshold:
            self._draw_density(d0, d1, width_px)
            self.mode = "density"
        else:
            rows = self.visible_rows(a, d0, d1)
            self._draw_events(a, rows)
            self._draw_labels(a, rows, x0, x1, width_px, titles)
            self.mode = "events"
        return self.mode

    def density_at(self, lane: int, day: float) -> tuple[int, float, float] | None:
        """(events, first day, end day) of the density bar under a point, if any."""
        e = self.density_edges
        if self.mode != "density" or not 0 <= lane < len(self.density_counts) or len(e) < 2:
            return None
        i = int(np.searchsorted(e, day, "right")) - 1
        if not 0 <= i < len(e) - 1:
            return None
        return int(self.density_counts[lane, i]), float(e[i]), float(e[i + 1])

    def visible_rows(self, a: TimelineArrays, d0: float, d1: float) -> np.ndarray:
        """Rows overlapping [d0, d1], in start order."""
        return rows_overlapping(a, d0, d1, self.cache.max_length)

    def _draw_density(self, d0: float, d1: float, width_px: float) -> None:
        bins = int(min(max(width_px / 5, 40), 400))
        edges = np.linspace(d0, d1, bins + 1)
        counts = self.cache.counts(edges)
        lanes = len(counts)
        self.density_edges = edges
        self.density_counts = np.array(counts, dtype=np.int64).reshape(lanes, bins)
        heights = self.density_counts.astype(np.float64)
        top = heights.max() if heights.size else 0
        heights = heights / top if top else heights
        self.density_heights = heights
        # Each lane is DENSITY_ROWS image rows; a bar fills rows up from the lane's base.
        room = DENSITY_ROWS - 2 * DENSITY_PAD
        filled = np.ceil(heights * room).astype(np.int32)  # (lanes, bins)
        row = np.arange(DENSITY_ROWS)[None, :, None]
        on = (row >= DENSITY_ROWS - DENSITY_PAD - filled[:, None, :]) & (
            row < DENSITY_ROWS - DENSITY_PAD)
        image = np.where(on[..., None], self.lane_rgba[:, None, None, :], np.uint8(0))
        self.density.setImage(image.astype(np.uint8, copy=False).reshape(
            lanes * DENSITY_ROWS, bins, 4), autoLevels=False)
        self.density.setRect(d0 * DAY, -0.5, (d1 - d0) * DAY, max(lanes, 1))
        self.density.show()
        for items in (self.points, self.spans, self.fuzzy):
            for item in items:
                item.setVisible(False)
        for label in self.labels:
            label.hide()
        self.drawn = np.zeros(0, dtype=np.int64)

    def _draw_events(self, a: TimelineArrays, rows: np.ndarray) -> None:
        self.density.hide()
        sl = rows
        start, end, lane = a.start[sl], a.end[sl], a.lane[sl]
        types, prec = a.type_index[sl], a.precision[sl]
        span = end > start
        coarse = np.isin(prec, _COARSE)
        fuzzy = (prec == _APPROX) | coarse
        # Markers sit at the start, or mid-span when only the month or year is known.
        mx = np.where(coarse, (start + end + 1) / 2.0, start + 0.5) * DAY
        for t in range(len(EVENT_TYPES)):
            of_type = types == t
            self._set_points(self.points[t], mx[of_type], lane[of_type])
            exact = of_type & span & ~fuzzy
            self._set_bars(self.spans[t], start[exact], end[exact] + 1, lane[exact])
            fz = of_type & fuzzy
            s0 = np.where(span[fz], start[fz], start[fz] - FUZZ_DAYS)
            s1 = np.where(span[fz], end[fz] + 1, start[fz] + 1 + FUZZ_DAYS)
            self._set_bars(self.fuzzy[t], s0, s1, lane[fz])
        self.drawn = rows

    @staticmethod
    def _set_points(item: pg.ScatterPlotItem, x: np.ndarray, y: np.ndarray) -> None:
        item.setVisible(len(x) > 0)
        item.setData(x=x, y=y.astype(float))

    @staticmethod
    def _set_bars(item: pg.BarGraphItem, d0: np.ndarray, d1: np.ndarray, lane: np.ndarray,
                  half: float = SPAN_HALF) -> None:
        item.setVisible(len(d0) > 0)
        item.setOpts(x0=d0 * DAY, x1=d1 * DAY, y0=lane - half, y1=lane + half)

    def _draw_labels(self, a: TimelineArrays, rows: np.ndarray, x0: float, x1: float,
                     width_px: float, titles: dict[int, str]) -> None:
        """Titles right of their marker, only where they do not run into the next one."""
        used = 0
        if len(rows) <= LABEL_LIMIT and width_px > 0:
            px = (x1 - x0) / width_px  # seconds per pixel
            free_from: dict[int, float] = {}
            for k, row in enumerate(rows.tolist()):
                if used >= LABEL_POOL:
                    break
                title = titles.get(int(a.ids[row]))
                lane = int(a.lane[row])
                x = (a.start[row] + 0.5) * DAY + 9 * px
                if title is None or x < free_from.get(lane, x0):
                    continue
                text = title if len(title) <= LABEL_CHARS else title[:LABEL_CHARS - 1] + "…"
                room = (x1 - x) / px - 12  # pixels left before the plot's right edge
                if self.metrics.horizontalAdvance(text) > room:
                    # Shortened with a mark rather than cut off mid-word by the edge.
                    if room < 60:
                        continue
                    text = self.metrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                   int(room))
                width = (self.metrics.horizontalAdvance(text) + 12) * px
                nxt = self._next_start_in_lane(a, rows[k + 1:], lane)
                if nxt is not None and x + width > nxt * DAY:
                    continue  # would overlap the next event of the lane
                label = self.labels[used]
                label.setText(text)
                label.setPos(QPointF(x, lane - 0.02))
                label.show()
                free_from[lane] = x + width
                used += 1
        for label in self.labels[used:]:
            label.hide()

    @staticmethod
    def _next_start_in_lane(a: TimelineArrays, later: np.ndarray, lane: int) -> float | None:
        same = later[a.lane[later] == lane]
        return float(a.start[same[0]]) if len(same) else None

    @staticmethod
    def marker_x(a: TimelineArrays, rows: np.ndarray) -> np.ndarray:
        """Where the markers of these rows sit: mid-span for coarse dates, else on the day."""
        coarse = np.isin(a.precision[rows], _COARSE)
        start, end = a.start[rows], a.end[rows]
        return np.where(coarse, (start + end + 1) / 2.0, start + 0.5) * DAY

    def show_hits(self, a: TimelineArrays, rows: np.ndarray) -> None:
        """Halos behind the markers of the events a search matched."""
        self.hits.setData(x=self.marker_x(a, rows), y=a.lane[rows].astype(float))

    def show_selection(self, a: TimelineArrays, rows: np.ndarray) -> None:
        """Rings round the selected events' markers, outlines round their spans."""
        start, end = a.start[rows], a.end[rows]
        self.selected.setData(x=self.marker_x(a, rows), y=a.lane[rows].astype(float))
        spans = end > start
        self._set_bars(self.selected_spans, start[spans], end[spans] + 1, a.lane[rows][spans],
                       half=SPAN_HALF + 0.06)


class EraLabels:
    """Era names in a row above the lanes, each shown only where it fits."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.items: list[tuple[pg.TextItem, float, float]] = []  # item, x, width in px
        self.font = QFont()
        self.font.setPointSizeF(max(self.font.pointSizeF() * 0.85, 7))
        self.metrics = QFontMetricsF(self.font)

    def set_eras(self, eras) -> None:
        for item, _x, _w in self.items:
            self.plot.removeItem(item)
        self.items = []
        _bg, fg, dark = palette_colors()
        for era in eras:
            color = QColor(era.color).lighter(130) if dark else QColor(era.color).darker(170)
            item = pg.TextItem(era.name, color=color, anchor=(0, 0))
            item.setFont(self.font)
            item.setZValue(6)
            self.plot.addItem(item, ignoreBounds=True)
            x = (era.start - EPOCH_DATE).days * DAY
            self.items.append((item, x, self.metrics.horizontalAdvance(era.name) + 8))

    @property
    def line_px(self) -> float:
        return self.metrics.height() + 6

    def place(self, x0: float, x1: float, width_px: float, top: float) -> None:
        """Greedy, left to right: a name is shown only if it clears the previous one."""
        if width_px <= 0:
            return
        px = (x1 - x0) / width_px
        free = x0
        for item, x, w in self.items:
            at = max(x, x0)
            if at < free or at > x1:
                item.hide()
                continue
            item.setPos(QPointF(at + 3 * px, top))
            item.show()
            free = at + w * px
