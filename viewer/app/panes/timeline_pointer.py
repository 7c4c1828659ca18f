"""The mouse on the timeline: tooltips of events, density bars and lane names; clicks that
select, pick among overlapping markers, or open a menu."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu, QToolTip

from viewer.app.panes.event_text import date_text, tooltip_html
from viewer.app.panes.popup import show_menu
from viewer.app.panes.time_axis import DAY, x_to_date

if TYPE_CHECKING:
    from viewer.app.panes.timeline import TimelinePane

PICK_LIMIT = 25  # overlapping events listed in a pick list


class TimelinePointer(QObject):
    """Hover and click on the timeline's plot (scene positions from pyqtgraph)."""

    def __init__(self, pane: TimelinePane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.menu: QMenu | None = None  # the last pick list or context menu shown

    # -- what is under the mouse ----------------------------------------------
    def rows_at(self, scene_pos) -> np.ndarray:
        """The drawn events under a scene position, nearest first (events mode only)."""
        pane = self.pane
        sl = pane.layers.drawn
        if not len(sl) or not pane.view_box.sceneBoundingRect().contains(scene_pos):
            return np.zeros(0, dtype=np.int64)
        p = pane.view_box.mapSceneToView(scene_pos)
        px = pane.view_box.viewPixelSize()[0]
        lane = round(p.y())
        a = pane.arrays
        x0 = a.start[sl] * DAY
        x1 = (a.end[sl] + 1) * DAY
        mx = pane.layers.marker_x(a, sl)
        near = np.abs(mx - p.x()) <= 7 * px
        inside = (x0 <= p.x()) & (p.x() <= x1) & (a.end[sl] > a.start[sl])
        hits = np.flatnonzero((a.lane[sl] == lane) & (near | inside)
                              & (abs(p.y() - lane) < 0.4))
        order = np.argsort(np.abs(mx[hits] - p.x()), kind="stable")
        return sl[hits[order]]

    def row_at(self, scene_pos) -> int | None:
        """The drawn event under a scene position, if any (events mode only)."""
        rows = self.rows_at(scene_pos)
        return int(rows[0]) if len(rows) else None

    # -- hover ----------------------------------------------------------------
    def hover(self, pos: QPointF) -> None:
        pane = self.pane
        vb = pane.view_box
        inside = vb.sceneBoundingRect().contains(pos)
        pane.state.set_hovered_time(x_to_date(vb.mapSceneToView(pos).x()) if inside else None)
        text = (self._hover_text(pos) if inside else self._lane_text(pos))
        if text:
            widget = pane.plot_widget
            QToolTip.showText(widget.mapToGlobal(widget.mapFromScene(pos)) + QPoint(12, 12),
                              text, widget)
        else:
            QToolTip.hideText()

    def _hover_text(self, pos: QPointF) -> str:
        pane = self.pane
        if pane.mode == "density":
            p = pane.view_box.mapSceneToView(pos)
            lane = round(p.y())
            found = pane.layers.density_at(lane, p.x() / DAY)
            if found is None or not 0 <= lane < len(pane.arrays.lanes):
                return ""
            n, d0, d1 = found
            return (f"<b>{n:,} events</b> · {escape(pane.arrays.lanes[lane])}<br>"
                    f"{x_to_date(d0 * DAY):%d %b %Y} – {x_to_date(d1 * DAY - 1):%d %b %Y}"
                    "<br><i>Zoom in to see single events</i>")
        rows = self.rows_at(pos)
        if not len(rows):
            return ""
        event = pane.event_at_row(int(rows[0]))
        if event is None:
            return ""
        text = tooltip_html(event)
        if len(rows) > 1:
            text += (f"<p><i>{len(rows)} events overlap here: click to choose one.</i></p>")
        return text

    def _lane_text(self, pos: QPointF) -> str:
        """The full name of the lane under the mouse on the lane axis, with its count."""
        pane = self.pane
        axis = pane.plot.getAxis("left")
        if not axis.sceneBoundingRect().contains(pos):
            return ""
        lane = round(pane.view_box.mapSceneToView(pos).y())
        if not 0 <= lane < len(pane.arrays.lanes):
            return ""
        n = pane.lane_event_counts()[lane]
        return (f"<b>{escape(pane.arrays.lanes[lane])}</b><br>{n:,} event"
                f"{'' if n == 1 else 's'} in view<br><i>Right-click to filter to it</i>")

    # -- clicks ---------------------------------------------------------------
    def click(self, ev) -> None:  # noqa: ANN001 - pyqtgraph's MouseClickEvent
        pane = self.pane
        pos = ev.scenePos()
        screen = ev.screenPos().toPoint()
        if ev.button() == Qt.MouseButton.RightButton:
            self.context(pos, screen)
            return
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        add = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        rows = self.rows_at(pos)
        if len(rows) > 1:
            self.pick(rows, screen, add)
        else:
            pane.click_row(int(rows[0]) if len(rows) else None, add)

    def pick(self, rows: np.ndarray, screen: QPoint, add: bool = False) -> QMenu:
        """A list of the overlapping events under the mouse; choosing one selects it."""
        pane = self.pane
        menu = QMenu(pane)
        menu.setObjectName("pick_list")
        seen: set[int] = set()
        for row in rows.tolist():
            eid = int(pane.arrays.ids[row])
            if eid in seen or len(seen) >= PICK_LIMIT:
                continue
            seen.add(eid)
            event = pane.event_at_row(row)
            if event is None:
                continue
            text = f"{date_text(event.start, event.end, event.precision)} · {event.title}"
            action = menu.addAction(text, lambda r=row: pane.click_row(r, add))
            action.setCheckable(True)
            action.setChecked(eid in pane.state.selection)
        self._show(menu, screen)
        return menu

    def context(self, pos: QPointF, screen: QPoint) -> QMenu | None:
        """The menu of the event under the mouse, of the lane whose name is there, or of
        the day under an empty spot."""
        pane = self.pane
        rows = self.rows_at(pos)
        menu = None
        if len(rows):
            menu = pane.context_menu(int(rows[0]))
        elif pane.plot.getAxis("left").sceneBoundingRect().contains(pos):
            lane = round(pane.view_box.mapSceneToView(pos).y())
            if 0 <= lane < len(pane.arrays.lanes):
                menu = pane.lane_menu(lane)
        elif pane.view_box.sceneBoundingRect().contains(pos):
            menu = pane.day_menu(x_to_date(pane.view_box.mapSceneToView(pos).x()))
        if menu is not None:
            self._show(menu, screen)
        return menu

    def selected_event_menu(self) -> QMenu | None:
        """The menu of the selected event, at its marker (the keyboard's menu key)."""
        pane = self.pane
        if not len(pane.selected_rows):
            return None
        row = int(pane.selected_rows[0])
        menu = pane.context_menu(row)
        if menu is not None:
            x = float(pane.layers.marker_x(pane.arrays, np.array([row]))[0])
            point = pane.view_box.mapViewToScene(QPointF(x, float(pane.arrays.lane[row])))
            widget = pane.plot_widget
            self._show(menu, widget.mapToGlobal(widget.mapFromScene(point)))
        return menu

    def _show(self, menu: QMenu, screen: QPoint) -> None:
        self.menu = show_menu(self.menu, menu, screen)
