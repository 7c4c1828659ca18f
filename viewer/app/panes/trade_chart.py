"""Trade chart pane: series drawn over their own periods, on the shared time axis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.app.panes.event_menu import event_menu
from viewer.app.panes.loader import ASYNC_ABOVE, ArrayLoader
from viewer.app.panes.time_axis import (
    DAY,
    FIRST_DAY,
    LAST_DAY,
    MIN_DAYS,
    TimeAxis,
    TimeViewBox,
    WindowLink,
    add_eras,
    left_axis_px,
    palette_colors,
    style_plot,
)
from viewer.app.panes.trade_layers import (
    DrawnSeries,
    EventStrip,
    MoneyAxis,
    displayed_values,
    draw_series,
)
from viewer.app.panes.trade_marks import BeforeAfterMarks
from viewer.app.panes.trade_notes import ChartNotes
from viewer.app.panes.trade_pointer import TradePointer
from viewer.app.panes.trade_series import SeriesListPane
from viewer.app.state import ViewState
from viewer.domain.before_after import BeforeAfter
from viewer.domain.drawing import SeriesKey
from viewer.domain.periods import day_number
from viewer.domain.search_query import SearchSyntaxError
from viewer.store.service import StoreService

DEFAULT_SERIES = (SeriesKey("PAK", "AFG", "export"), SeriesKey("PAK", "AFG", "import"))
PER_MONTH, AS_REPORTED = "Per month average", "As reported"
def _event_days(store: StoreService, flt) -> tuple[np.ndarray, np.ndarray]:
    """The filter's events by day; none while its search text cannot be read."""
    try:
        return store.event_days(flt)
    except SearchSyntaxError:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)


class TradeChartPane(QWidget):
    """Trade series of chosen reporter/partner/flow/commodity, linked to the time window."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None,
                 async_above: int = ASYNC_ABOVE) -> None:
        super().__init__(parent)
        self.async_above = async_above  # events; bigger stores load in the background
        self.store = store
        self.state = state
        self.drawn: dict[SeriesKey, DrawnSeries] = {}
        self.series: dict = {}
        self._keep_listed: list[SeriesKey] = []
        self.event_day_array = np.zeros(0, dtype=np.int32)
        self.event_ids = np.zeros(0, dtype=np.int64)
        # At start-up the series list (an index scan, mostly the database's own work) is
        # read beside every stage (it waits for none and none waits for it); the event
        # marks after the timeline (stage 1), since they are taken from its arrays
        # instead of a second read of every event.
        self.loader = ArrayLoader(self._on_loader_result, self, stage=None)
        self.events_loader = ArrayLoader(self._on_events_loaded, self, stage=1)
        self.redraws = 0
        # More right-click entries, given by the window (editing): (menu, event) and
        # (menu, trade figure id).
        self.event_entries = None
        self.figure_entries = None
        self._build_controls()
        self._build_plot()
        self.link = WindowLink(state, self.view_box, self)
        state.filter_changed.connect(self._on_state_filter_changed)
        state.selection_changed.connect(self._on_state_selection_changed)
        state.hovered_time_changed.connect(self._on_state_hovered_time_changed)
        self.view_box.sigXRangeChanged.connect(self._on_view_x_changed)
        self._mouse = pg.SignalProxy(self.layout_widget.scene().sigMouseMoved, rateLimit=60,
                                     slot=self._on_scene_mouse_moved)
        self.layout_widget.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        state.figure_changed.connect(self._on_state_figure_changed)
        self.set_store(store)

    # -- construction ---------------------------------------------------------
    def _build_controls(self) -> None:
        self.toolbar = QToolBar()
        self.scale_combo = QComboBox()
        self.scale_combo.addItems([PER_MONTH, AS_REPORTED])
        self.scale_combo.setToolTip("Per month average divides each figure by the months of "
                                    "its period, so fiscal-year and monthly bars compare")
        self.stacked_check = QCheckBox("Stacked")
        self.log_check = QCheckBox("Log")
        self.mirror_check = QCheckBox("Mirror")
        self.mirror_check.setToolTip("Also draw the partner's own report of each flow "
                                     "(its imports beside these exports), hatched")
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 60)
        self.months_spin.setValue(6)
        self.months_spin.setPrefix("±")
        self.months_spin.setSuffix(" months")
        self.months_spin.setToolTip("Before/after window around the selected event")
        self.months_spin.setAccessibleName("Before/after months")
        self.scale_combo.setAccessibleName("Value scale")
        self.toolbar.addWidget(self.scale_combo)
        for w in (self.stacked_check, self.log_check, self.mirror_check):
            self.toolbar.addWidget(w)
        self.toolbar.addWidget(QLabel(" Before/after: "))
        self.toolbar.addWidget(self.months_spin)
        # The picker is hidden at first so the chart spans the timeline's width and the
        # two time axes line up; the legend names what is drawn.
        self.series_action = self.toolbar.addAction("Series…")
        self.series_action.setCheckable(True)
        self.series_action.setToolTip("Choose series by reporter, partner, flow and commodity")
        self.scale_combo.currentIndexChanged.connect(self._on_option_changed)
        for box in (self.stacked_check, self.log_check, self.mirror_check):
            box.toggled.connect(self._on_option_changed)
        self.months_spin.valueChanged.connect(self._on_option_changed)

        self.readout = QLabel(" ")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setContentsMargins(6, 1, 6, 1)
        # One line, always there: the plot must not jump when the text changes.
        self.readout.setFixedHeight(self.readout.fontMetrics().height() + 4)
        # Its text must never widen the pane (and squeeze the side panes): it is cut
        # instead, and said in full in its tooltip.
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.side = SeriesListPane()
        self.side.series_changed.connect(self._on_side_series_changed)
        self.side.message.connect(self.readout.setText)

    def _build_plot(self) -> None:
        bg, fg, _dark = palette_colors()
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setAccessibleName("Trade chart plot")
        self.layout_widget.setAccessibleDescription(
            "Trade figures as bars over their periods, and the filtered events as ticks "
            "below. The read-out above the chart says the values and the before/after.")
        # No margins of its own: the plot must start and end where the timeline's does.
        self.layout_widget.ci.setContentsMargins(0, 0, 0, 0)
        self.layout_widget.ci.setSpacing(0)
        self.view_box = TimeViewBox()
        self.money_axis = MoneyAxis("left")
        self.plot = self.layout_widget.addPlot(
            row=0, col=0, viewBox=self.view_box,
            axisItems={"left": self.money_axis, "bottom": TimeAxis()})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        # The strip right below carries the time axis; a second one here would only cost
        # every frame its ticks.
        self.plot.hideAxis("bottom")
        self.view_box.disableAutoRange()
        self.view_box.enableAutoRange(axis="y")
        self.view_box.setAutoVisible(y=True)
        self.view_box.setLimits(xMin=FIRST_DAY * DAY, xMax=LAST_DAY * DAY, minXRange=MIN_DAYS * DAY)
        # Translucent, so bars under the legend still show.
        self.legend = self.plot.addLegend(offset=(-6, 2), labelTextColor=fg, labelTextSize="8pt",
                                          colCount=6, verSpacing=-8)
        self.legend.setBrush(pg.mkBrush(QColor(bg.red(), bg.green(), bg.blue(), 150)))
        self.strip = self.layout_widget.addPlot(
            row=1, col=0, axisItems={"bottom": TimeAxis()})
        self.strip.setMaximumHeight(52)
        self.strip.setMenuEnabled(False)
        self.strip.hideButtons()
        self.strip.setMouseEnabled(x=False, y=False)
        self.strip.setXLink(self.plot)  # inside this pane only; the state links the panes
        self.strip.getAxis("left").setStyle(showValues=False, tickLength=0)
        style_plot(self.layout_widget, [self.plot, self.strip])
        self._set_axis_width()
        self.event_strip = EventStrip(self.strip, fg)
        self.marks = BeforeAfterMarks(self)
        self.view_box.sigYRangeChanged.connect(self._on_view_y_changed)
        self.view_box.sigResized.connect(self._on_view_resized)
        self.pointer = TradePointer(self)
        self.cross_v, self.cross_h = self.pointer.cross_v, self.pointer.cross_h
        self.notes = ChartNotes(self.plot, self.money_axis, fg)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.toolbar)
        column.addWidget(self.readout)
        column.addWidget(self.layout_widget, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(right, 1)
        row.addWidget(self.side)
        self.side.setVisible(False)
        self.series_action.toggled.connect(self.side.setVisible)
        self._era_items: list = []
        self._eras: list = []

    # -- data -----------------------------------------------------------------
    def picture_widget(self) -> QWidget:
        """The plot alone, for pictures and the briefing pack."""
        return self.layout_widget

    def selection_items(self) -> list:
        """What marks the selected events (their lines, the before/after means): pictures
        leave it out unless asked."""
        return [self.marks.selection_lines, self.marks.ba_lines]

    def set_store(self, store: StoreService) -> None:
        """Show another store: its series, events and eras; default series checked."""
        self.store = store
        self._eras = store.eras()
        self._draw_eras()
        flt = self.state.filter
        background = store.event_count_estimate() > self.async_above
        if background:
            self.readout.setText("Loading series and events…")
        self.loader.load(store.trade_series, background)
        self.events_loader.load(lambda: _event_days(store, flt), background)

    def _set_axis_width(self) -> None:
        for plot in (self.plot, self.strip):
            plot.getAxis("left").setWidth(left_axis_px(self.width()))

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        super().resizeEvent(event)
        if self.plot.getAxis("left").width() != left_axis_px(self.width()):
            self._set_axis_width()  # as the timeline does, so the time axes stay aligned

    def _draw_eras(self) -> None:
        for item in self._era_items:
            self.plot.removeItem(item)
        self._era_items = add_eras(self.plot, self._eras, day_number(dt.date.today()))

    def changeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()

    def restyle(self) -> None:
        """Draw again in the palette's colours (the colour scheme changed)."""
        bg, fg, _dark = palette_colors()
        style_plot(self.layout_widget, [self.plot, self.strip])
        self.legend.setBrush(pg.mkBrush(QColor(bg.red(), bg.green(), bg.blue(), 150)))
        self.legend.setLabelTextColor(fg)
        self.event_strip.recolor(fg)
        self.marks.recolor()
        self.pointer.recolor(fg)
        self.notes.empty.setColor(fg)
        self._draw_eras()
        self.rebuild()

    def reload(self) -> None:
        """Series, events and eras again, keeping the listed series: the rows changed."""
        self._keep_listed = [key for key, _c in self.side.checked()]
        self.set_store(self.store)

    @property
    def loading(self) -> bool:
        return self.loader.pending or self.events_loader.pending

    def _on_loader_result(self, series_list) -> None:
        self.series = {info.key: info for info in series_list}
        kept, self._keep_listed = [k for k in self._keep_listed if k in self.series], []
        # Each default series in the coverage most of its figures have; the others are
        # series of their own, listed beside it.
        defaults = kept or [max(found, key=lambda k: self.series[k].count)
                            for d in DEFAULT_SERIES
                            if (found := [k for k in self.series if k.any_coverage() == d])]
        if not defaults and self.series:
            defaults = [max(self.series.values(), key=lambda i: i.count).key]
        self.side.set_series(self.series, defaults)
        self.rebuild()

    def _load_events(self) -> None:
        store, flt = self.store, self.state.filter
        self.events_loader.load(lambda: _event_days(store, flt),
                                store.event_count_estimate() > self.async_above)

    def _on_events_loaded(self, result) -> None:
        self.event_day_array, self.event_ids = result
        self.marks.update()
        self.redraw()

    def add_series(self, key: SeriesKey) -> None:
        """Show one more series (ticked again if it is listed); named without its coverage,
        every coverage the store has of it, each a series of its own."""
        for k in [k for k in self.series if k.any_coverage() == key] or [key]:
            self.side.add(k)

    def checked_series(self) -> list[tuple[SeriesKey, str]]:
        return self.side.checked()

    @property
    def per_month(self) -> bool:
        return self.scale_combo.currentText() == PER_MONTH

    # -- drawing --------------------------------------------------------------
    def rebuild(self) -> None:
        """Make the series items again: on store, series or option changes only."""
        for drawn in self.drawn.values():
            for item in drawn.items():
                self.plot.removeItem(item)
        self.drawn = {}
        self.legend.clear()
        log = self.log_check.isChecked()
        self.money_axis.log_values = log
        wanted: list[tuple[SeriesKey, str, bool]] = []
        for key, color in self.checked_series():
            wanted.append((key, color, False))
            mirror = key.mirror()
            checked = {k for k, _c in self.checked_series()}
            if self.mirror_check.isChecked() and mirror in self.series and mirror not in checked:
                wanted.append((mirror, color, True))
        loaded = [(self.store.trade_arrays(key), color, m) for key, color, m in wanted]
        positive = [v for a, _c, _m in loaded for v in displayed_values(a, self.per_month) if v > 0]
        floor = float(np.floor(np.log10(min(positive)))) if (log and positive) else None
        if log and floor is None:
            floor = 0.0
        stack: dict[tuple[int, int], float] = {}
        for arrays, color, mirror in loaded:
            values = displayed_values(arrays, self.per_month)
            base = np.zeros(len(values))
            if self.stacked_check.isChecked():
                for i, (s, e) in enumerate(zip(arrays.start.tolist(), arrays.end.tolist(),
                                               strict=True)):
                    base[i] = stack.get((s, e), 0.0)
                    stack[(s, e)] = base[i] + values[i]
            name = arrays.key.label() + (" (mirror)" if mirror else "")
            drawn = draw_series(self.plot, arrays, color, values, base, floor, name, mirror)
            self.drawn[arrays.key] = drawn
            if drawn.bars:
                # One legend entry per series; the kinds' looks are told in the read-out.
                self.legend.addItem(next(iter(drawn.bars.values())), name)
        self.notes.show_empty(self.notes.why_empty(self.series, self.checked_series(),
                                                   self.drawn))
        self.notes.show_legend(self.legend)
        self.notes.label_axis(self.per_month, log)
        self.marks.update()
        self.pointer.show_figure()
        self.redraw()

    def _on_view_resized(self, *_args) -> None:
        self.notes.show_legend(self.legend)
        self.notes.label_axis(self.per_month, self.log_check.isChecked())
        self.notes.place()
        self.marks.show_readout()

    def redraw(self) -> None:
        """Per frame: the event strip for the visible range (series items stay as they are)."""
        (x0, x1) = self.view_box.viewRange()[0]
        self.event_strip.draw(self.event_day_array, x0, x1, self.view_box.width())
        self.redraws += 1

    def _on_view_x_changed(self, *_args) -> None:
        self.redraw()
        self.notes.place()

    def _on_view_y_changed(self, *_args) -> None:
        self.marks.place_lines()

    # -- selection and before/after -------------------------------------------
    @property
    def before_after(self) -> dict[SeriesKey, BeforeAfter]:
        """Before/after means of the drawn series around the one selected event."""
        return self.marks.results

    @property
    def selection_lines(self) -> pg.PlotCurveItem:
        return self.marks.selection_lines

    def _on_state_selection_changed(self, _ids) -> None:
        self.marks.update()

    def _on_state_filter_changed(self, _flt) -> None:
        self._load_events()

    def _on_state_hovered_time_changed(self, day) -> None:
        self.pointer.show_hovered_time(day)

    # -- controls -------------------------------------------------------------
    def _on_option_changed(self, *_args) -> None:
        self.rebuild()

    def _on_side_series_changed(self) -> None:
        self.rebuild()

    def context_menu(self, event_id: int) -> QMenu | None:
        """The right-click menu of an event's tick under the chart."""
        found = self.store.events_by_id([event_id])
        return event_menu(self, found[0], self.state, self.event_entries) if found else None

    def figure_menu(self, key: SeriesKey, figure_id: int) -> QMenu:
        """The right-click menu of a trade figure's bar: show it in the trade table, then
        the window's editing entries."""
        menu = QMenu(self)
        menu.setObjectName("figure_menu")
        menu.addAction("Show in the trade table",
                       lambda: self.state.set_figure((key, figure_id)))
        if self.figure_entries is not None:
            self.figure_entries(menu, figure_id)
        return menu

    def _on_scene_mouse_clicked(self, ev) -> None:
        self.pointer.click(ev)

    def _on_state_figure_changed(self, _figure) -> None:
        self.pointer.show_figure()

    def _on_scene_mouse_moved(self, args) -> None:
        self.pointer.hover(args[0])

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.pointer.left()
        super().leaveEvent(event)
