"""Timeline pane: events in lanes on the shared time axis, with level of detail and eras."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from viewer.app.panes.event_memo import remembered_event
from viewer.app.panes.event_menu import event_menu
from viewer.app.panes.lane_control import TYPE_BY_LABEL, LaneControl
from viewer.app.panes.loader import ASYNC_ABOVE, ArrayLoader
from viewer.app.panes.time_axis import (
    DAY,
    WindowLink,
    add_eras,
    make_time_plot,
    style_plot,
)
from viewer.app.panes.timeline_lanes import event_rows
from viewer.app.panes.timeline_layers import LABEL_LIMIT, LOD_THRESHOLD, EraLabels, EventLayers
from viewer.app.panes.timeline_navigation import TimelineNavigation
from viewer.app.panes.timeline_notes import TimelineNotes
from viewer.app.panes.timeline_pointer import TimelinePointer
from viewer.app.state import ViewState
from viewer.domain.drawing import LANE_KEYS, TimelineArrays, empty_timeline
from viewer.domain.model import Event, Filter
from viewer.domain.periods import day_number
from viewer.domain.search_query import SearchSyntaxError
from viewer.store.service import StoreService

NEUTRAL_LANE = "#7f8c99"


def _arrays_and_hits(store: StoreService, flt: Filter,
                     key: str) -> tuple[TimelineArrays, np.ndarray, bool]:
    """All events of the filter without its search text, the ids the search matches, and
    whether the search text was understood.

    The timeline shows search hits among the other events (highlighted) rather than
    alone; the table and the facets narrow to the hits.
    """
    if not flt.search.strip():
        return store.timeline_arrays(flt, key), np.zeros(0, np.int64), True
    arrays = store.timeline_arrays(replace(flt, search=""), key)
    try:
        hits = store.search(flt.search, limit=None, ranked=False)
    except SearchSyntaxError:  # the filters pane shows the hint
        return arrays, np.zeros(0, np.int64), False
    return arrays, np.asarray(hits, dtype=np.int64), True


class TimelinePane(QWidget):
    """Events of the current filter in lanes; zoom, pan, hover, select and pick a window."""

    note_clicked = Signal(object)  # Annotation: an officer's timeline note was clicked

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None,
                 async_above: int = ASYNC_ABOVE) -> None:
        super().__init__(parent)
        self.async_above = async_above  # events; bigger stores load in the background
        self.store = store
        self.state = state
        self.lod_threshold = LOD_THRESHOLD
        self.loaded: TimelineArrays = empty_timeline()  # as the store gave them
        self.arrays: TimelineArrays = empty_timeline()  # as drawn: lanes named and grouped
        self.hit_ids = np.zeros(0, np.int64)  # events a search matched, drawn highlighted
        self.search_understood = True
        self.loader = ArrayLoader(self._on_loader_result, self)
        self._titles: dict[int, str] = {}
        self._events: dict[int, Event] = {}
        self._era_items: list[pg.LinearRegionItem] = []
        self.eras: list = []
        self.era_top = -0.6
        self.redraws = 0  # frames drawn; the bench and tests read it
        # More right-click entries, given by the window (editing): (menu, event) and
        # (menu, day).
        self.event_entries = None
        self.day_entries = None
        self._drawn_key: tuple | None = None
        self.navigation = TimelineNavigation(self)
        self.pointer = TimelinePointer(self)
        self.lanes = LaneControl(self)
        self._build_toolbar()
        self._build_plot()
        state.filter_changed.connect(self._on_state_filter_changed)
        state.lane_key_changed.connect(self._on_state_lane_key_changed)
        state.selection_changed.connect(self._on_state_selection_changed)
        self.selected_rows = np.zeros(0, dtype=np.int64)
        self._load_eras()
        self._after_load()  # empty until the arrays arrive, but fully set up
        self.reload()

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.lane_combo = QComboBox()
        self.lane_combo.setAccessibleName("Lanes by")
        for key, label in LANE_KEYS.items():
            self.lane_combo.addItem(label, key)
        self.lane_combo.setCurrentIndex(list(LANE_KEYS).index(self.state.lane_key))
        self.lane_combo.currentIndexChanged.connect(self._on_lane_combo_changed)
        lanes_label = QLabel(" Lanes: ")
        lanes_label.setBuddy(self.lane_combo)
        self.toolbar.addWidget(lanes_label)
        self.toolbar.addWidget(self.lane_combo)
        self.toolbar.addWidget(self.lanes.limit_combo)
        self.select_action = QAction("Select window", self, checkable=True)
        self.select_action.setToolTip("Drag across the timeline once to set the window "
                                      "(Shift-drag does this at any time)")
        self.select_action.toggled.connect(self._on_select_action_toggled)
        self.toolbar.addAction(self.select_action)
        self.toolbar.addAction("Fit all", self.fit_all).setToolTip("Show every event (Home)")
        self.status = QLabel()
        self.toolbar.addWidget(self.status)

    def _build_plot(self) -> None:
        self.plot_widget = make_time_plot()
        self.plot_widget.setAccessibleName("Timeline plot")
        self.plot_widget.setAccessibleDescription(
            "Events in lanes over time. Arrow keys step from event to event, plus and minus "
            "zoom, Home fits every event, the menu key opens the selected event's menu.")
        self.plot = self.plot_widget.getPlotItem()
        self.view_box = self.plot.getViewBox()
        self.view_box.invertY(True)
        self.layers = EventLayers(self.plot)
        self.era_labels = EraLabels(self.plot)
        self.notes = TimelineNotes(self.plot, self.note_clicked.emit)
        self.link = WindowLink(self.state, self.view_box, self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        # Left of the lane names, inside the shared axis width: the time axes of the
        # timeline and the chart stay aligned.
        row.addWidget(self.lanes.bar)
        row.addWidget(self.plot_widget, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addLayout(row, 1)
        # Keys go to the plot: one tab stop for the timeline, with its name.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plot_widget.installEventFilter(self)
        self.plot_widget.viewport().installEventFilter(self)
        self.view_box.sigXRangeChanged.connect(self._on_view_x_changed)
        self.view_box.sigResized.connect(self._on_view_resized)
        self.view_box.sigWindowSelected.connect(self._on_view_window_selected)
        self._hover = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=60,
                                     slot=self._on_scene_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    # -- loading --------------------------------------------------------------
    def picture_widget(self) -> QWidget:
        """The plot alone, for pictures and the briefing pack."""
        return self.plot_widget

    def settle_layout(self) -> None:
        """Finish at once what a resize of the plot leaves for later (the busiest lanes
        that fit, lane names for the axis width): a picture is drawn before."""
        self.lanes.settle()

    def selection_items(self) -> list:
        """What marks the selected events (rings, span outlines): pictures leave it out
        unless asked."""
        return [self.layers.selected, self.layers.selected_spans]

    def set_store(self, store: StoreService) -> None:
        """Show another store's events and eras."""
        self.store = store
        self._load_eras()
        self.reload()

    def reload_all(self) -> None:
        """Eras and events again: the store's rows changed (an import)."""
        self.set_store(self.store)

    def reload(self) -> None:
        """Fetch the arrays again (filter, lane key or store changed); big stores in the background."""
        store, flt, key = self.store, self.state.filter, self.state.lane_key
        background = store.event_count_estimate() > self.async_above
        if background:
            self.status.setText("  Loading events…")
        self.loader.load(lambda: _arrays_and_hits(store, flt, key), background)

    @property
    def loading(self) -> bool:
        return self.loader.pending

    def _on_loader_result(self, result: tuple[TimelineArrays, np.ndarray, bool]) -> None:
        loaded, self.hit_ids, self.search_understood = result
        self.loaded = self.lanes.named(loaded, self.state.lane_key)
        self._titles.clear()
        self._events.clear()
        self._after_load()

    def _after_load(self) -> None:
        self.show_lanes()

    def show_lanes(self) -> None:
        """Group the lanes as the officer chose, then set up everything drawn per lane."""
        a = self.arrays = self.lanes.group()
        colors = []
        for name in a.lanes:
            t = TYPE_BY_LABEL.get(name) if self.state.lane_key == "type" else None
            colors.append(t.color if t else NEUTRAL_LANE)
        self.layers.set_lanes(a, colors, event_rows(a))
        self._drawn_key = None
        self.lanes.set_labels()
        self.lanes.fit()
        self._show_selection()
        self.layers.show_hits(a, np.flatnonzero(np.isin(a.ids, self.hit_ids)))
        self.redraw()

    def _load_eras(self) -> None:
        self.eras = self.store.eras()
        self._draw_eras()

    def _draw_eras(self) -> None:
        for item in self._era_items:
            self.plot.removeItem(item)
        last = day_number(dt.date.today())
        if len(self.arrays):
            last = max(last, int(self.arrays.end.max()))
        self._era_items = add_eras(self.plot, self.eras, last)
        self.era_labels.set_eras(self.eras)
        self.notes.set_notes(self.store.annotations())
        self.lanes.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()

    def restyle(self) -> None:
        """Draw again in the palette's colours (the colour scheme changed)."""
        style_plot(self.plot_widget, [self.plot])
        self.layers.restyle()
        self._draw_eras()
        self._drawn_key = None
        self.redraw()

    # -- drawing --------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the visible range: events, or density above the threshold."""
        (x0, x1) = self.view_box.viewRange()[0]
        width = self.view_box.width()
        # A pan can report the same range twice (range, then resize): draw it once.
        key = (x0, x1, width, self.lod_threshold, id(self.arrays))
        if key == self._drawn_key:
            return
        self._drawn_key = key
        a = self.arrays
        count = self.layers.cache.overlapping(a, x0 / DAY, x1 / DAY)
        if 0 < count <= LABEL_LIMIT:
            rows = self.layers.visible_rows(a, x0 / DAY, x1 / DAY)
            missing = [int(i) for i in a.ids[rows] if int(i) not in self._titles]
            if missing:
                self._titles.update(self.store.event_titles(missing))
        self.layers.draw(a, x0, x1, width, self._titles, self.lod_threshold)
        self.era_labels.place(x0, x1, width, self.era_top)
        self.show_status()
        self.redraws += 1

    def show_status(self) -> None:
        """Events in view (not markers: an event in three lanes counts once), and more."""
        (x0, x1) = self.view_box.viewRange()[0]
        events = self.layers.cache.events_overlapping(x0 / DAY, x1 / DAY)
        parts = [f"  {events:,} event{'' if events == 1 else 's'} in view"]
        lanes = self.lanes.status()
        if lanes:
            parts.append(lanes)
        if self.mode == "density":
            parts.append("density (zoom in for single events)")
        if not self.search_understood:
            parts.append("search text not understood: nothing highlighted")
        self.status.setText(" · ".join(parts))

    @property
    def mode(self) -> str:
        return self.layers.mode

    def lane_event_counts(self) -> np.ndarray:
        """Events in view per drawn lane."""
        (x0, x1) = self.view_box.viewRange()[0]
        rows = self.layers.visible_rows(self.arrays, x0 / DAY, x1 / DAY)
        return np.bincount(self.arrays.lane[rows], minlength=len(self.arrays.lanes))

    def _on_view_resized(self, *_args) -> None:
        self.lanes.on_view_resized()
        self.redraw()

    def _on_view_x_changed(self, *_args) -> None:
        self.redraw()
        self.lanes.on_view_x_changed()

    def _show_selection(self) -> None:
        rows = np.flatnonzero(np.isin(self.arrays.ids, list(self.state.selection)))
        self.selected_rows = rows
        self.layers.show_selection(self.arrays, rows)

    # -- state ----------------------------------------------------------------
    def _on_state_filter_changed(self, _flt) -> None:
        self.reload()

    def _on_state_lane_key_changed(self, key: str) -> None:
        index = self.lane_combo.findData(key)
        if index >= 0 and index != self.lane_combo.currentIndex():
            self.lane_combo.setCurrentIndex(index)
        self.lanes.scroll.first = 0
        self.reload()

    def _on_state_selection_changed(self, _ids) -> None:
        self._show_selection()

    def _on_lane_combo_changed(self, _index: int) -> None:
        self.state.set_lane_key(self.lane_combo.currentData())

    def _on_select_action_toggled(self, on: bool) -> None:
        self.view_box.select_mode = on

    def _on_view_window_selected(self, _x0: float, _x1: float) -> None:
        # One drag picks one window; the next drag pans again.
        self.select_action.setChecked(False)

    # -- hit testing, hover, click --------------------------------------------
    def event_at_row(self, row: int) -> Event | None:
        """The full event of a row, fetched once and kept for tooltips and menus."""
        return remembered_event(self.store, self._events, int(self.arrays.ids[row]))

    def _on_scene_mouse_moved(self, args) -> None:
        self.pointer.hover(args[0])

    def _on_scene_mouse_clicked(self, ev) -> None:
        self.pointer.click(ev)

    def click_row(self, row: int | None, add: bool = False) -> None:
        """Select a row's event (or add it to the selection); a click on nothing clears."""
        if row is None:
            if not add:
                self.state.set_selection(())
            return
        eid = int(self.arrays.ids[row])
        if add:
            self.state.set_selection(self.state.selection ^ {eid})
        else:
            self.state.set_selection({eid})

    # -- menus ----------------------------------------------------------------
    def context_menu(self, row: int) -> QMenu | None:
        """The right-click menu of the event drawn at `row`."""
        event = self.event_at_row(row)
        return None if event is None else event_menu(self, event, self.state,
                                                     self.event_entries)

    def day_menu(self, day: dt.date) -> QMenu | None:
        """The right-click menu of the timeline's empty space: what can start that day."""
        if self.day_entries is None:
            return None
        menu = QMenu(self)
        menu.setObjectName("day_menu")
        self.day_entries(menu, day)
        return menu

    def lane_menu(self, lane: int) -> QMenu | None:
        """The right-click menu of a drawn lane's name."""
        return self.lanes.menu(lane)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.pointer.selected_event_menu()

    # -- keys -----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.KeyPress and self.handle_key(event):
            return True
        if kind == QEvent.Type.Wheel and watched is self.plot_widget.viewport() \
                and self.lanes.scroll.scrolls \
                and event.position().x() < self.plot.getAxis("left").width():
            # The wheel over the lane names scrolls the lanes; over the events it zooms.
            self.lanes.scroll_by(-1 if event.angleDelta().y() > 0 else 1)
            return True
        if kind == QEvent.Type.ContextMenu and watched is self.plot_widget:
            self.contextMenuEvent(event)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """←/→ previous/next event, +/− zoom, Home fit all, T today, PgUp/PgDn lanes."""
        return self.navigation.handle_key(event)

    def zoom(self, factor: float) -> None:
        self.navigation.zoom(factor)

    def fit_all(self) -> None:
        """Window over every event, with a small margin."""
        self.navigation.fit_all()

    def step_event(self, direction: int) -> None:
        self.navigation.step_event(direction)
