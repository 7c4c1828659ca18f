"""The mouse on the trade chart: tooltips and clicks on its bars and on the event strip.

A click on a bar picks that trade figure (the trade table shows it); a click on an
event's tick selects the event everywhere. Where bars or ticks lie on top of each other,
the tooltip lists them all and a click offers the list to choose from.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu, QToolTip

from viewer.app.panes.popup import show_menu
from viewer.app.panes.time_axis import DAY
from viewer.app.panes.trade_layers import KIND_LOOK, displayed_values
from viewer.app.panes.trade_readout import period_text, readout_text
from viewer.domain.drawing import PERIOD_KINDS, SeriesKey
from viewer.domain.periods import day_number, from_day_number
from viewer.domain.trade_math import money

if TYPE_CHECKING:
    from viewer.app.panes.trade_chart import TradeChartPane

TICK_PX = 4  # an event tick is hit this many pixels either side
LIST_LIMIT = 8  # events named in a tooltip
PICK_LIMIT = 25


@dataclass(frozen=True, slots=True)
class BarHit:
    """One bar under the mouse: which figure, where it is drawn, what it says."""

    key: SeriesKey
    figure_id: int
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


class TradePointer(QObject):
    """Hover and click on the chart's bars and the event strip below them."""

    def __init__(self, pane: TradeChartPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.menu: QMenu | None = None
        fg = pane.palette().color(pane.foregroundRole())
        self.outline = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[], brush=None,
                                       pen=pg.mkPen(fg, width=2))
        self.outline.setZValue(30)
        pane.plot.addItem(self.outline, ignoreBounds=True)
        # The crosshair: a vertical line also where another pane has the mouse.
        self.cross_v = pg.InfiniteLine(angle=90, pen=pg.mkPen(fg, style=Qt.PenStyle.DotLine))
        self.cross_h = pg.InfiniteLine(angle=0, pen=pg.mkPen(fg, style=Qt.PenStyle.DotLine))
        for item in (self.cross_v, self.cross_h):
            item.hide()
            item.setZValue(20)
            pane.plot.addItem(item, ignoreBounds=True)

    def recolor(self, fg) -> None:  # noqa: ANN001
        self.outline.setOpts(pen=pg.mkPen(fg, width=2))
        for line in (self.cross_v, self.cross_h):
            line.setPen(pg.mkPen(fg, style=Qt.PenStyle.DotLine))

    def show_hovered_time(self, day: dt.date | None) -> None:
        """The time under the mouse in another pane, as this chart's vertical line."""
        self.cross_v.setVisible(day is not None)
        if day is not None:
            self.cross_v.setPos((day_number(day) + 0.5) * DAY)

    def left(self) -> None:
        """The mouse left the chart: no crosshair, the resting read-out."""
        self.cross_h.hide()
        self.pane.marks.show_readout()

    # -- what is under the mouse ----------------------------------------------
    def bars_at(self, scene_pos: QPointF) -> list[BarHit]:
        """Every bar under a scene position, shortest period first."""
        pane = self.pane
        if not pane.view_box.sceneBoundingRect().contains(scene_pos):
            return []
        p = pane.view_box.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        hits = []
        unit = "/month" if pane.per_month else ""
        for drawn in pane.drawn.values():
            a = drawn.arrays
            values = displayed_values(a, pane.per_month)
            name = a.key.label() + (" (mirror)" if drawn.mirror else "")
            for kind, bar in drawn.bars.items():
                o = bar.opts
                x0, x1 = np.asarray(o["x0"]), np.asarray(o["x1"])
                y0, y1 = np.asarray(o["y0"]), np.asarray(o["y1"])
                inside = np.flatnonzero((x0 <= x) & (x <= x1) & (np.minimum(y0, y1) <= y)
                                        & (y <= np.maximum(y0, y1)))
                rows = np.flatnonzero(a.kind == PERIOD_KINDS.index(kind))
                for i in inside.tolist():
                    row = int(rows[i])
                    period = period_text(int(a.start[row]), int(a.end[row]), kind)
                    text = (f"{name} · {period} ({KIND_LOOK[kind][0]}): "
                            f"{money(float(values[row]), unit)}")
                    if pane.per_month and kind != "month":
                        text += f" ({money(float(a.value[row]))} as reported)"
                    hits.append(BarHit(a.key, int(a.ids[row]), float(x0[i]), float(x1[i]),
                                       float(y0[i]), float(y1[i]), text))
        hits.sort(key=lambda h: h.x1 - h.x0)
        return hits

    def events_at(self, scene_pos: QPointF) -> np.ndarray:
        """Ids of the events whose ticks are under a scene position (strip, ticks shown)."""
        pane = self.pane
        vb = pane.strip.getViewBox()
        if pane.event_strip.mode != "ticks" or not vb.sceneBoundingRect().contains(scene_pos):
            return np.zeros(0, dtype=np.int64)
        x = vb.mapSceneToView(scene_pos).x()
        px = vb.viewPixelSize()[0]
        days = pane.event_day_array
        lo = int(np.searchsorted(days, math.floor((x - TICK_PX * px) / DAY - 0.5), "left"))
        hi = int(np.searchsorted(days, math.ceil((x + TICK_PX * px) / DAY - 0.5), "right"))
        near = np.arange(lo, hi)
        near = near[np.abs((days[near] + 0.5) * DAY - x) <= TICK_PX * px]
        order = np.argsort(np.abs((days[near] + 0.5) * DAY - x), kind="stable")
        return pane.event_ids[near[order]]

    # -- hover ----------------------------------------------------------------
    def hover(self, scene_pos: QPointF) -> None:
        """Crosshair and read-out in the chart, tooltips on bars and ticks."""
        pane = self.pane
        if pane.view_box.sceneBoundingRect().contains(scene_pos):
            p = pane.view_box.mapSceneToView(scene_pos)
            self.cross_v.show()
            self.cross_h.show()
            self.cross_v.setPos(p.x())
            self.cross_h.setPos(p.y())
            pane.readout.setText(readout_text(
                int(p.x() // DAY), [(d, displayed_values(d.arrays, pane.per_month))
                                    for d in pane.drawn.values()], pane.per_month))
        text = self._bars_text(scene_pos) or self._events_text(scene_pos)
        widget = self.pane.layout_widget
        if text:
            QToolTip.showText(widget.mapToGlobal(widget.mapFromScene(scene_pos))
                              + QPoint(14, 14), text, widget)
        else:
            QToolTip.hideText()

    def _bars_text(self, scene_pos: QPointF) -> str:
        hits = self.bars_at(scene_pos)
        if not hits:
            return ""
        lines = [escape(h.text) for h in hits]
        if len(hits) > 1:
            lines.append(f"<i>{len(hits)} bars here: click to choose one.</i>")
        else:
            lines.append("<i>Click to show it in the trade table.</i>")
        return "<br>".join(lines)

    def _events_text(self, scene_pos: QPointF) -> str:
        pane = self.pane
        ids = self.events_at(scene_pos)
        if len(ids):
            titles = pane.store.event_titles([int(i) for i in ids[:LIST_LIMIT]])
            days = dict(zip(pane.event_ids.tolist(), pane.event_day_array.tolist(),
                            strict=True)) if len(ids) else {}
            lines = [f"{from_day_number(days[int(i)]):%d %b %Y} · "
                     f"{escape(titles.get(int(i), '?'))}" for i in ids[:LIST_LIMIT]]
            if len(ids) > LIST_LIMIT:
                lines.append(f"… and {len(ids) - LIST_LIMIT} more")
            lines.append("<i>Click to select" + (", choosing from the list" if len(ids) > 1
                                                  else "") + "; right-click for more.</i>")
            return "<br>".join(lines)
        vb = pane.strip.getViewBox()
        if pane.event_strip.mode == "density" and vb.sceneBoundingRect().contains(scene_pos):
            x = vb.mapSceneToView(scene_pos).x()
            (x0, x1) = vb.viewRange()[0]
            width = max(vb.width(), 1.0)
            span = (x1 - x0) / width * 8  # about a bar of the density strip
            d0, d1 = math.floor((x - span) / DAY), math.ceil((x + span) / DAY)
            days = pane.event_day_array
            n = int(np.searchsorted(days, d1, "right") - np.searchsorted(days, d0, "left"))
            return (f"{n:,} events {from_day_number(d0):%d %b %Y} – "
                    f"{from_day_number(d1):%d %b %Y}<br><i>Zoom in to see them one by one.</i>")
        return ""

    # -- clicks ---------------------------------------------------------------
    def click(self, ev) -> None:  # noqa: ANN001 - pyqtgraph's MouseClickEvent
        pos, screen = ev.scenePos(), ev.screenPos().toPoint()
        pane = self.pane
        ids = self.events_at(pos)
        if ev.button() == Qt.MouseButton.RightButton:
            if len(ids):
                menu = pane.context_menu(int(ids[0]))
            else:
                hits = self.bars_at(pos)
                menu = pane.figure_menu(hits[0].key, hits[0].figure_id) if hits else None
            if menu is not None:
                self._show(menu, screen)
            return
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        if len(ids):
            if len(ids) == 1:
                pane.state.set_selection({int(ids[0])})
            else:
                self.pick_event(ids, screen)
            return
        if not pane.view_box.sceneBoundingRect().contains(pos):
            return
        hits = self.bars_at(pos)
        if len(hits) == 1:
            pane.state.set_figure((hits[0].key, hits[0].figure_id))
        elif hits:
            self.pick_bar(hits, screen)
        else:
            pane.state.set_figure(None)

    def pick_event(self, ids: np.ndarray, screen: QPoint) -> QMenu:
        pane = self.pane
        menu = QMenu(pane)
        menu.setObjectName("pick_list")
        chosen = [int(i) for i in ids[:PICK_LIMIT]]
        titles = pane.store.event_titles(chosen)
        days = dict(zip(pane.event_ids.tolist(), pane.event_day_array.tolist(), strict=True))
        for eid in chosen:
            menu.addAction(f"{from_day_number(days[eid]):%d %b %Y} · {titles.get(eid, '?')}",
                           lambda e=eid: pane.state.set_selection({e}))
        self._show(menu, screen)
        return menu

    def pick_bar(self, hits: list[BarHit], screen: QPoint) -> QMenu:
        menu = QMenu(self.pane)
        menu.setObjectName("pick_list")
        for hit in hits[:PICK_LIMIT]:
            menu.addAction(hit.text, lambda h=hit: self.pane.state.set_figure(
                (h.key, h.figure_id)))
        self._show(menu, screen)
        return menu

    def _show(self, menu: QMenu, screen: QPoint) -> None:
        self.menu = show_menu(self.menu, menu, screen)

    # -- the picked figure ----------------------------------------------------
    def show_figure(self) -> None:
        """Outline the bar of the state's picked figure, if it is drawn."""
        figure = self.pane.state.figure
        boxes: list[tuple[float, float, float, float]] = []
        if figure is not None:
            key, fid = figure
            drawn = self.pane.drawn.get(key)
            if drawn is not None:
                a = drawn.arrays
                for kind, bar in drawn.bars.items():
                    rows = np.flatnonzero(a.kind == PERIOD_KINDS.index(kind))
                    at = np.flatnonzero(a.ids[rows] == fid)
                    o = bar.opts
                    boxes += [(float(o["x0"][i]), float(o["x1"][i]), float(o["y0"][i]),
                               float(o["y1"][i])) for i in at.tolist()]
        x0, x1, y0, y1 = (np.array(c, dtype=float) for c in zip(*boxes, strict=True)) \
            if boxes else (np.zeros(0),) * 4
        self.outline.setOpts(x0=x0, x1=x1, y0=y0, y1=y1)
        self.outline.setVisible(bool(boxes))

