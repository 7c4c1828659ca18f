"""Timeline pane: events in lanes on the shared time axis, with level of detail and eras."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QToolTip, QVBoxLayout, QWidget

from viewer.app.panes.event_text import tooltip_html
from viewer.app.panes.loader import ASYNC_ABOVE, ArrayLoader
from viewer.app.panes.time_axis import (
    DAY,
    LEFT_AXIS_PX,
    WindowLink,
    add_eras,
    make_time_plot,
    range_to_window,
    x_to_date,
)
from viewer.app.panes.timeline_layers import (
    LABEL_LIMIT,
    LOD_THRESHOLD,
    EraLabels,
    EventLayers,
)
from viewer.app.panes.timeline_notes import TimelineNotes
from viewer.app.state import ViewState
from viewer.domain.drawing import LANE_KEYS, TimelineArrays, empty_timeline
from viewer.domain.model import Event, Filter, TimeWindow
from viewer.domain.periods import EPOCH, day_number
from viewer.domain.search_query import SearchSyntaxError
from viewer.domain.taxonomy import EVENT_TYPES
from viewer.store.service import StoreService

LANE_LABEL_PX = LEFT_AXIS_PX - 16  # lane names are elided to this width
NEUTRAL_LANE = "#7f8c99"
_TYPE_BY_LABEL = {t.label: t for t in EVENT_TYPES}


def _arrays_and_hits(store: StoreService, flt: Filter,
                     key: str) -> tuple[TimelineArrays, np.ndarray]:
    """All events of the filter without its search text, and the ids the search matches.

    The timeline shows search hits among the other events (highlighted) rather than
    alone; the table and the facets narrow to the hits.
    """
    if not flt.search.strip():
        return store.timeline_arrays(flt, key), np.zeros(0, np.int64)
    arrays = store.timeline_arrays(replace(flt, search=""), key)
    try:
        hits = store.search(flt.search, limit=None, ranked=False)
    except SearchSyntaxError:  # the filters pane shows the hint
        hits = []
    return arrays, np.asarray(hits, dtype=np.int64)


def lane_label(name: str, metrics: QFontMetrics, width: int) -> str:
    """A lane name elided to `width` pixels, a native (right-to-left) part kept whole."""
    latin, sep, native = name.partition(" \u2068")
    if not sep:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
    native = "\u2068" + native
    room = max(width - metrics.horizontalAdvance(native) - 6, 40)
    return metrics.elidedText(latin, Qt.TextElideMode.ElideRight, room) + " " + native


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
        self.arrays: TimelineArrays = empty_timeline()
        self.hit_ids = np.zeros(0, np.int64)  # events a search matched, drawn highlighted
        self.loader = ArrayLoader(self._on_loader_result, self)
        self._titles: dict[int, str] = {}
        self._events: dict[int, Event] = {}
        self._era_items: list[pg.LinearRegionItem] = []
        self.eras: list = []
        self.era_top = -0.6
        self.redraws = 0  # frames drawn; the bench and tests read it
        self._drawn_key: tuple | None = None

        self.toolbar = QToolBar()
        self.lane_combo = QComboBox()
        for key, label in LANE_KEYS.items():
            self.lane_combo.addItem(label, key)
        self.lane_combo.setCurrentIndex(list(LANE_KEYS).index(state.lane_key))
        self.lane_combo.currentIndexChanged.connect(self._on_lane_combo_changed)
        self.toolbar.addWidget(QLabel(" Lanes: "))
        self.toolbar.addWidget(self.lane_combo)
        self.select_action = QAction("Select window", self, checkable=True)
        self.select_action.setToolTip("Drag across the timeline to set the window "
                                      "(Shift-drag does this at any time)")
        self.select_action.toggled.connect(self._on_select_action_toggled)
        self.toolbar.addAction(self.select_action)
        self.toolbar.addAction("Fit all", self.fit_all).setToolTip("Show every event (Home)")
        self.status = QLabel()
        self.toolbar.addWidget(self.status)

        self.plot_widget = make_time_plot()
        self.plot = self.plot_widget.getPlotItem()
        self.view_box = self.plot.getViewBox()
        self.view_box.invertY(True)
        self.layers = EventLayers(self.plot)
        self.era_labels = EraLabels(self.plot)
        self.notes = TimelineNotes(self.plot, self.note_clicked.emit)
        self.link = WindowLink(state, self.view_box, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.plot_widget)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot_widget.installEventFilter(self)

        self.view_box.sigXRangeChanged.connect(self._on_view_x_changed)
        self.view_box.sigResized.connect(self._on_view_resized)
        self._hover = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=60,
                                     slot=self._on_scene_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        state.filter_changed.connect(self._on_state_filter_changed)
        state.lane_key_changed.connect(self._on_state_lane_key_changed)
        state.selection_changed.connect(self._on_state_selection_changed)
        self.selected_rows = np.zeros(0, dtype=np.int64)
        self._load_eras()
        self._after_load()  # empty until the arrays arrive, but fully set up
        self.reload()

    # -- loading --------------------------------------------------------------
    def picture_widget(self) -> QWidget:
        """The plot alone, for pictures and the briefing pack."""
        return self.plot_widget

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

    def _on_loader_result(self, result: tuple[TimelineArrays, np.ndarray]) -> None:
        self.arrays, self.hit_ids = result
        self._titles.clear()
        self._events.clear()
        self._after_load()

    def _after_load(self) -> None:
        a = self.arrays
        colors = []
        for name in a.lanes:
            t = _TYPE_BY_LABEL.get(name) if self.state.lane_key == "type" else None
            colors.append(t.color if t else NEUTRAL_LANE)
        self.layers.set_lanes(a, colors)
        self._drawn_key = None
        axis = self.plot.getAxis("left")
        metrics = QFontMetrics(axis.font() if hasattr(axis, "font") else self.font())
        labels = [(i, lane_label(n, metrics, LANE_LABEL_PX)) for i, n in enumerate(a.lanes)]
        axis.setWidth(LEFT_AXIS_PX)
        axis.setTicks([labels, []])
        self._fit_lanes()
        self._show_selection()
        self.layers.show_hits(a, np.flatnonzero(np.isin(a.ids, self.hit_ids)))
        self.redraw()

    def _load_eras(self) -> None:
        for item in self._era_items:
            self.plot.removeItem(item)
        last = day_number(dt.date.today())
        if len(self.arrays):
            last = max(last, int(self.arrays.end.max()))
        self.eras = self.store.eras()
        self._era_items = add_eras(self.plot, self.eras, last)
        self.era_labels.set_eras(self.eras)
        self.notes.set_notes(self.store.annotations())
        self._fit_lanes()

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
        mode = self.layers.draw(a, x0, x1, width, self._titles, self.lod_threshold)
        self.era_labels.place(x0, x1, width, self.era_top)
        self.status.setText(f"  {count:,} events in view" +
                            (" · density (zoom in for single events)" if mode == "density" else ""))
        self.redraws += 1

    @property
    def mode(self) -> str:
        return self.layers.mode

    def _fit_lanes(self) -> None:
        """All lanes in view, plus one text line of room above them for the era names."""
        n = max(len(self.arrays.lanes), 1)
        height = max(self.view_box.height(), 1.0)
        line = self.era_labels.line_px if self.eras else 0.0
        # Solve margin m (in lanes) so that m lanes are `line` pixels: m = line*(n+m)/height.
        margin = line * (n + 0.1) / max(height - line, 1.0)
        self.era_top = -0.5 - margin
        self.view_box.setYRange(self.era_top, n - 0.4, padding=0)
        self.notes.place(n - 0.45)

    def _on_view_resized(self, *_args) -> None:
        self._fit_lanes()
        self.redraw()

    def _on_view_x_changed(self, *_args) -> None:
        self.redraw()

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
        self.reload()

    def _on_state_selection_changed(self, _ids) -> None:
        self._show_selection()

    def _on_lane_combo_changed(self, _index: int) -> None:
        self.state.set_lane_key(self.lane_combo.currentData())

    def _on_select_action_toggled(self, on: bool) -> None:
        self.view_box.select_mode = on

    # -- hit testing, hover, click --------------------------------------------
    def row_at(self, scene_pos) -> int | None:
        """The drawn event under a scene position, if any (events mode only)."""
        sl = self.layers.drawn
        if not len(sl) or not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.view_box.mapSceneToView(scene_pos)
        px = self.view_box.viewPixelSize()[0]
        lane = round(p.y())
        a = self.arrays
        x0 = a.start[sl] * DAY
        x1 = (a.end[sl] + 1) * DAY
        mx = (a.start[sl] + 0.5) * DAY
        near = np.abs(mx - p.x()) <= 7 * px
        inside = (x0 <= p.x()) & (p.x() <= x1) & (a.end[sl] > a.start[sl])
        hits = np.flatnonzero((a.lane[sl] == lane) & (near | inside)
                              & (abs(p.y() - lane) < 0.4))
        if not len(hits):
            return None
        best = hits[np.argmin(np.abs(mx[hits] - p.x()))]
        return int(sl[best])

    def event_at_row(self, row: int) -> Event | None:
        """The full event of a row, fetched once and kept for tooltips."""
        eid = int(self.arrays.ids[row])
        if eid not in self._events:
            found = self.store.events_by_id([eid])
            if not found:
                return None
            self._events[eid] = found[0]
        return self._events[eid]

    def _on_scene_mouse_moved(self, args) -> None:
        pos = args[0]
        if self.view_box.sceneBoundingRect().contains(pos):
            x = self.view_box.mapSceneToView(pos).x()
            self.state.set_hovered_time(x_to_date(x))
        else:
            self.state.set_hovered_time(None)
        if self.mode == "density" and self.view_box.sceneBoundingRect().contains(pos):
            p = self.view_box.mapSceneToView(pos)
            lane = round(p.y())
            found = self.layers.density_at(lane, p.x() / DAY)
            if found is None:
                QToolTip.hideText()
                return
            n, d0, d1 = found
            text = (f"<b>{n:,} events</b> · {escape(self.arrays.lanes[lane])}<br>"
                    f"{x_to_date(d0 * DAY):%d %b %Y} – {x_to_date(d1 * DAY - 1):%d %b %Y}")
            global_pos = self.plot_widget.mapToGlobal(self.plot_widget.mapFromScene(pos))
            QToolTip.showText(global_pos + QPoint(12, 12), text, self.plot_widget)
            return
        row = self.row_at(pos)
        if row is None:
            QToolTip.hideText()
            return
        ev = self.event_at_row(row)
        if ev is not None:
            global_pos = self.plot_widget.mapToGlobal(self.plot_widget.mapFromScene(pos))
            QToolTip.showText(global_pos + QPoint(12, 12), tooltip_html(ev), self.plot_widget)

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        row = self.row_at(ev.scenePos())
        add = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self.click_row(row, add)

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

    # -- keys -----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and self.handle_key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """←/→ previous/next event, +/− zoom, Home fit all, T today."""
        key = event.key()
        k = Qt.Key
        if key in (k.Key_Left, k.Key_Right):
            self.step_event(-1 if key == k.Key_Left else 1)
        elif key in (k.Key_Plus, k.Key_Equal):
            self.zoom(0.5)
        elif key in (k.Key_Minus, k.Key_Underscore):
            self.zoom(2.0)
        elif key == k.Key_Home:
            self.fit_all()
        elif key == k.Key_T:
            self.go_to(dt.date.today())
        else:
            return False
        return True

    def zoom(self, factor: float) -> None:
        """Zoom the window about its centre."""
        w = self.state.window
        mid = (day_number(w.start) + day_number(w.end) + 1) / 2
        half = max((day_number(w.end) + 1 - day_number(w.start)) * factor / 2, 1.5)
        self.state.set_window(range_to_window((mid - half) * DAY, (mid + half) * DAY))

    def go_to(self, day: dt.date) -> None:
        """Centre the window on a day, keeping its width."""
        w = self.state.window
        width = (w.end - w.start).days
        start = day - dt.timedelta(days=width // 2)
        self.state.set_window(TimeWindow(start, start + dt.timedelta(days=width)))

    def fit_all(self) -> None:
        """Window over every event, with a small margin."""
        a = self.arrays
        if not len(a):
            return
        first, last = int(a.start.min()), int(a.end.max())
        margin = max(15, (last - first) // 40)
        self.state.set_window(range_to_window((first - margin) * DAY, (last + margin + 1) * DAY))

    def step_event(self, direction: int) -> None:
        """Select the previous or next event, from the selection or the window centre."""
        a = self.arrays
        if not len(a):
            return
        if len(self.selected_rows):
            row = int(self.selected_rows[0 if direction < 0 else -1]) + direction
        else:
            w = self.state.window
            mid = (day_number(w.start) + day_number(w.end)) / 2
            row = int(np.searchsorted(a.start, mid)) - (1 if direction < 0 else 0)
        row = min(max(row, 0), len(a) - 1)
        self.state.set_selection({int(a.ids[row])})
        day = EPOCH + dt.timedelta(days=int(a.start[row]))
        if not self.state.window.contains(day):
            self.go_to(day)
