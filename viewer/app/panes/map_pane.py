"""Map pane: where the events of the current window and filter happen, on an offline
base map with the border crossings; a box drawn on it filters every other pane."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolBar, QToolTip, QVBoxLayout, QWidget

from viewer.app.panes.event_memo import remembered_event
from viewer.app.panes.event_text import tooltip_html
from viewer.app.panes.loader import ASYNC_ABOVE, ArrayLoader
from viewer.app.panes.map_layers import DENSITY_ABOVE, BaseMapLayer, EventLayer
from viewer.app.panes.map_view_box import MapViewBox
from viewer.app.panes.time_axis import style_plot
from viewer.app.state import ViewState
from viewer.domain.area import Area
from viewer.domain.base_map import ATTRIBUTION, base_map, border_crossings
from viewer.domain.map_points import MapPoints, empty_points
from viewer.domain.model import Event, Filter
from viewer.domain.periods import day_number
from viewer.domain.search_query import SearchSyntaxError
from viewer.domain.taxonomy import EVENT_TYPES
from viewer.store.service import StoreService

HOME = Area(60.0, 23.3, 78.0, 38.6)  # Pakistan and Afghanistan
PICK_PX = 8  # a marker this close to the mouse is under it
TOOLTIP_LIST = 8  # events named in the tooltip of a place with several


def _map_points(store: StoreService, flt: Filter) -> MapPoints:
    """The filter's placed events; none while its search text cannot be read."""
    try:
        return store.map_points(flt)
    except SearchSyntaxError:
        return empty_points()


class MapPane(QWidget):
    """Events of the window and filter on a map; hover, click to select, draw a box."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None,
                 async_above: int = ASYNC_ABOVE) -> None:
        super().__init__(parent)
        self.store, self.state = store, state
        self.async_above = async_above
        self.density_above = DENSITY_ABOVE
        self.loaded: MapPoints = empty_points()  # the filter's placed events, any time
        self.points: MapPoints = empty_points()  # those overlapping the window
        self.in_view = 0
        self.redraws = 0
        self._loaded_filter: Filter | None = None
        self._events: dict[int, Event] = {}
        self._drawn_key: tuple | None = None
        self.loader = ArrayLoader(self._on_loader_result, self, stage=1)
        self._build_toolbar()
        self._build_plot()
        state.window_changed.connect(self._on_state_window_changed)
        state.filter_changed.connect(self._on_state_filter_changed)
        state.selection_changed.connect(self._on_state_selection_changed)
        self.show_home()
        self.reload()

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.box_action = QAction("Box", self, checkable=True)
        self.box_action.setToolTip("Drag a box on the map to show only the events inside it "
                                   "in every pane (Shift-drag does this at any time)")
        self.box_action.toggled.connect(self._on_box_action_toggled)
        self.toolbar.addAction(self.box_action)
        self.lasso_action = QAction("Lasso", self, checkable=True)
        self.lasso_action.setToolTip("Draw around the events to keep, in every pane "
                                     "(Ctrl-drag does this at any time)")
        self.lasso_action.toggled.connect(self._on_lasso_action_toggled)
        self.toolbar.addAction(self.lasso_action)
        self.clear_action = self.toolbar.addAction("Clear", self.clear_area)
        self.clear_action.setToolTip("Remove the map's box from the filter")
        self.toolbar.addAction("PAK–AFG", self.show_home).setToolTip(
            "Show Pakistan and Afghanistan with the border crossings")
        self.toolbar.addAction("Fit events", self.fit_events).setToolTip(
            "Show where most events of the window are")
        # Below the toolbar rather than in it: a narrow dock keeps the count readable.
        self.status = QLabel()
        self.status.setWordWrap(True)

    def _build_plot(self) -> None:
        self.view_box = MapViewBox()
        self.plot_widget = pg.PlotWidget(viewBox=self.view_box)
        self.plot_widget.setAccessibleName("Map")
        self.plot_widget.setAccessibleDescription(
            "Where the events of the window happen. Drag to pan, wheel to zoom, click a "
            "marker to select its event; with Box or Lasso on, drag to filter by place.")
        self.plot_widget.setMenuEnabled(False)
        self.plot_widget.hideButtons()
        self.plot = self.plot_widget.getPlotItem()
        for side in ("left", "bottom"):
            self.plot.hideAxis(side)
        style_plot(self.plot_widget, [self.plot])
        self.base = BaseMapLayer(self.plot, base_map(), border_crossings())
        self.events = EventLayer(self.plot)
        self.attribution = QLabel(ATTRIBUTION)
        self.attribution.setWordWrap(True)
        small = self.attribution.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        self.attribution.setFont(small)
        # The map and its credit together: pictures and the PDF carry both.
        self.map_frame = QWidget(self)
        frame = QVBoxLayout(self.map_frame)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.setSpacing(0)
        frame.addWidget(self.plot_widget, 1)
        frame.addWidget(self.attribution)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.status)
        layout.addWidget(self.map_frame, 1)
        self.view_box.sigRangeChanged.connect(self._on_view_range_changed)
        self.view_box.sigResized.connect(self._on_view_range_changed)
        self.view_box.box_drawn.connect(self._on_view_box_drawn)
        scene = self.plot.scene()
        self._hover = pg.SignalProxy(scene.sigMouseMoved, rateLimit=60,
                                     slot=self._on_scene_mouse_moved)
        scene.sigMouseClicked.connect(self._on_scene_mouse_clicked)

    def picture_widget(self) -> QWidget:
        """The map with its credit line, without the toolbar: for pictures and the PDF."""
        return self.map_frame

    def selection_items(self) -> list:
        """The ring around the selected events: pictures leave it out unless asked."""
        return [self.events.ring]

    def legend(self) -> list[tuple[str, str]]:
        """(label, colour) of the event types drawn in view, then the crossings."""
        drawn = self.points.type_index[self.events.drawn] if self.mode == "events" else \
            self.points.type_index
        items = [(EVENT_TYPES[int(i)].label, EVENT_TYPES[int(i)].color)
                 for i in np.unique(drawn)]
        if self.mode == "density":
            items.append(("Events per cell (density)", "#c25a2a"))
        return items + [("Border crossing (≈: approximate place)", "#1f2933")]

    # -- loading --------------------------------------------------------------
    def set_store(self, store: StoreService) -> None:
        self.store = store
        self.reload_all()

    def reload_all(self) -> None:
        """The store's rows changed: fetch the points again."""
        self._loaded_filter = None
        self.reload()

    def reload(self) -> None:
        """Fetch the placed events of the filter; the map's own box only dims, so the
        officer still sees what lies outside it."""
        store, flt = self.store, replace(self.state.filter, area=None)
        self._loaded_filter = flt
        background = store.event_count_estimate() > self.async_above
        if background:
            self.status.setText("  Loading events…")
        self.loader.load(lambda: _map_points(store, flt), background)

    @property
    def loading(self) -> bool:
        return self.loader.pending

    def _on_loader_result(self, points: MapPoints) -> None:
        self.loaded = points
        self._events.clear()
        self._apply_window()

    def _apply_window(self) -> None:
        w = self.state.window
        inside = self.loaded.in_window(day_number(w.start), day_number(w.end))
        # A window holding every event (the opening's) keeps the loaded arrays, not a copy
        # of them: 340 MB at ten million events.
        self.points = self.loaded if inside.all() else self.loaded.take(inside)
        self.events.show_selection(self.points, self.state.selection)
        self.events.show_area(self.state.filter.area)
        self.clear_action.setEnabled(self.state.filter.area is not None)
        self._drawn_key = None
        self.redraw()

    # -- drawing --------------------------------------------------------------
    def view_rect(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        return x0, y0, x1, y1

    def redraw(self) -> None:
        """Draw the events in view: markers, or the density grid above the threshold."""
        view = self.view_rect()
        area = self.state.filter.area
        key = (view, self.density_above, id(self.points), area)
        if key == self._drawn_key:
            return
        self._drawn_key = key
        self.in_view = self.events.draw(self.points, view, area, self.density_above)
        width = max(1.0, self.view_box.width())
        self.base.place_names(view[0], view[2], view[1], view[3], width / (view[2] - view[0]))
        self.show_status()
        self.redraws += 1

    @property
    def mode(self) -> str:
        return self.events.mode

    def show_status(self) -> None:
        n = self.in_view
        parts = [f" {n:,} event{'' if n == 1 else 's'} in view"]
        area = self.state.filter.area
        if area is not None:
            inside = f"{self.events.in_area:,} inside the box" if self.mode == "events" else ""
            parts.append(" ".join(p for p in (inside, f"({area.label()})") if p))
        if self.mode == "density":
            parts.append("density (zoom in for single events)")
        self.status.setText(" · ".join(parts))

    def show_area(self, area: Area, margin: float = 0.08) -> None:
        """Frame a box of the map (with a margin)."""
        dx = (area.max_lon - area.min_lon) * margin
        dy = (area.max_lat - area.min_lat) * margin
        self.view_box.keep_aspect((area.min_lat + area.max_lat) / 2)
        self.view_box.setRange(xRange=(area.min_lon - dx, area.max_lon + dx),
                               yRange=(area.min_lat - dy, area.max_lat + dy), padding=0)

    def show_home(self) -> None:
        """Pakistan and Afghanistan, with every crossing."""
        self.show_area(HOME, margin=0.02)

    def fit_events(self) -> None:
        """The box of most events of the window (outliers far away left out)."""
        p = self.points
        if not len(p):
            self.show_home()
            return
        lo_lon, hi_lon = np.percentile(p.lon, [2, 98])
        lo_lat, hi_lat = np.percentile(p.lat, [2, 98])
        pad = 0.5
        self.show_area(Area.around(lo_lon - pad, lo_lat - pad, hi_lon + pad, hi_lat + pad))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            style_plot(self.plot_widget, [self.plot])
            self.base.restyle()
            self.events.restyle()

    # -- state ----------------------------------------------------------------
    def _on_state_window_changed(self, _window) -> None:
        self._apply_window()

    def _on_state_filter_changed(self, flt: Filter) -> None:
        if replace(flt, area=None) != self._loaded_filter:
            self.reload()
            return
        # Only the box changed: the same points, those outside it dimmed.
        self.events.show_area(flt.area)
        self.clear_action.setEnabled(flt.area is not None)
        self.redraw()

    def _on_state_selection_changed(self, ids) -> None:
        self.events.show_selection(self.points, ids)

    def _on_view_range_changed(self, *_args) -> None:
        self.redraw()

    def _on_box_action_toggled(self, on: bool) -> None:
        self.view_box.box_mode = on
        if on:
            self.lasso_action.setChecked(False)

    def _on_lasso_action_toggled(self, on: bool) -> None:
        self.view_box.lasso_mode = on
        if on:
            self.box_action.setChecked(False)

    def _on_view_box_drawn(self, area: Area) -> None:
        # One drag, one box or lasso; the next drag pans again.
        self.box_action.setChecked(False)
        self.lasso_action.setChecked(False)
        self.state.set_filter(replace(self.state.filter, area=area))

    def clear_area(self) -> None:
        """Drop the box from the filter."""
        if self.state.filter.area is not None:
            self.state.set_filter(replace(self.state.filter, area=None))

    # -- hover and click ------------------------------------------------------
    def indices_at(self, scene_pos: QPointF) -> np.ndarray:
        """The drawn events within a few pixels of a scene position, nearest first."""
        drawn = self.events.drawn
        if not len(drawn) or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return np.zeros(0, dtype=np.int64)
        p = self.view_box.mapSceneToView(scene_pos)
        px, py = self.view_box.viewPixelSize()
        d = np.hypot((self.points.lon[drawn] - p.x()) / px, (self.points.lat[drawn] - p.y()) / py)
        near = np.flatnonzero(d <= PICK_PX)
        return drawn[near[np.argsort(d[near], kind="stable")]]

    def index_at(self, scene_pos: QPointF) -> int | None:
        """The drawn event nearest a scene position, within a few pixels."""
        found = self.indices_at(scene_pos)
        return int(found[0]) if len(found) else None

    def event_of(self, index: int) -> Event | None:
        return remembered_event(self.store, self._events, int(self.points.ids[index]))

    def _on_scene_mouse_moved(self, args) -> None:
        pos = args[0]
        text = self.tooltip_at(pos)
        if text:
            QToolTip.showText(self.plot_widget.mapToGlobal(self.plot_widget.mapFromScene(pos)),
                              text, self.plot_widget)
        else:
            QToolTip.hideText()

    def tooltip_at(self, scene_pos: QPointF) -> str:
        """The event under the mouse, the events stacked on one place, or a cell's count."""
        found = self.indices_at(scene_pos)
        if len(found) == 1:
            event = self.event_of(int(found[0]))
            return tooltip_html(event) if event else ""
        if len(found) > 1:
            events = [e for e in (self.event_of(int(i)) for i in found[:TOOLTIP_LIST]) if e]
            lines = [f"<b>{len(found)} events here</b>"] + [
                f"{e.start:%d %b %Y} · {escape(e.title)}" for e in events]
            if len(found) > TOOLTIP_LIST:
                lines.append(f"… and {len(found) - TOOLTIP_LIST} more: zoom in or click")
            return "<br>".join(lines)
        if self.mode == "density" and self.view_box.sceneBoundingRect().contains(scene_pos):
            p = self.view_box.mapSceneToView(scene_pos)
            n = self.events.cell_count(p.x(), p.y())
            if n:
                return f"{n:,} event{'' if n == 1 else 's'} here: zoom in to see them"
        return ""

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        add = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self.click(ev.scenePos(), add)

    def click(self, scene_pos: QPointF, add: bool = False) -> None:
        """Select the event under a point (Ctrl adds or removes); density zooms in."""
        index = self.index_at(scene_pos)
        if index is None:
            if self.mode == "density" and self.view_box.sceneBoundingRect().contains(scene_pos):
                self.view_box.scaleBy((0.5, 0.5), center=self.view_box.mapSceneToView(scene_pos))
            elif not add:
                self.state.set_selection(())
            return
        eid = int(self.points.ids[index])
        self.state.set_selection(self.state.selection ^ {eid} if add else {eid})
