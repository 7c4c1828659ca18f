"""Trade chart pane: series drawn over their own periods, on the shared time axis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.app.panes.loader import ASYNC_ABOVE, ArrayLoader
from viewer.app.panes.time_axis import (
    DAY,
    FIRST_DAY,
    LAST_DAY,
    LEFT_AXIS_PX,
    MIN_DAYS,
    TimeAxis,
    TimeViewBox,
    WindowLink,
    add_eras,
    palette_colors,
)
from viewer.app.panes.trade_layers import (
    DrawnSeries,
    EventStrip,
    MoneyAxis,
    displayed_values,
    draw_series,
)
from viewer.app.panes.trade_readout import before_after_text, readout_text
from viewer.app.panes.trade_series import SeriesListPane
from viewer.app.state import ViewState
from viewer.domain.before_after import BeforeAfter, before_after
from viewer.domain.drawing import SeriesKey
from viewer.domain.periods import day_number
from viewer.store.service import StoreService

DEFAULT_SERIES = (SeriesKey("PAK", "AFG", "export"), SeriesKey("PAK", "AFG", "import"))
PER_MONTH, AS_REPORTED = "Per month average", "As reported"
KIND_HELP = ("Bars span their periods: solid = months, pale with a line = fiscal "
             "(Jul–Jun) or calendar years, dashed = part-year spans. Select an event for "
             "before/after.")


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
        self.selected_days = np.zeros(0, dtype=np.int32)
        self.ba_event_title = ""
        self.loader = ArrayLoader(self._on_loader_result, self)
        self.events_loader = ArrayLoader(self._on_events_loaded, self)
        self.before_after: dict[SeriesKey, BeforeAfter] = {}
        self.redraws = 0
        self._build_controls()
        self._build_plot()
        self.link = WindowLink(state, self.view_box, self)
        state.filter_changed.connect(self._on_state_filter_changed)
        state.selection_changed.connect(self._on_state_selection_changed)
        state.hovered_time_changed.connect(self._on_state_hovered_time_changed)
        self.view_box.sigXRangeChanged.connect(self._on_view_x_changed)
        self._mouse = pg.SignalProxy(self.layout_widget.scene().sigMouseMoved, rateLimit=60,
                                     slot=self._on_scene_mouse_moved)
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

        self.side = SeriesListPane()
        self.side.series_changed.connect(self._on_side_series_changed)
        self.side.message.connect(self.readout.setText)

    def _build_plot(self) -> None:
        bg, fg, _dark = palette_colors()
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setBackground(bg)
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
        self.plot.getAxis("bottom").setStyle(showValues=False)
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
        for plot in (self.plot, self.strip):
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(pg.mkPen(fg))
                plot.getAxis(name).setTextPen(pg.mkPen(fg))
            plot.getAxis("left").setWidth(LEFT_AXIS_PX)
        self.event_strip = EventStrip(self.strip, fg)
        self.cross_v = pg.InfiniteLine(angle=90, pen=pg.mkPen(fg, style=Qt.PenStyle.DotLine))
        self.cross_h = pg.InfiniteLine(angle=0, pen=pg.mkPen(fg, style=Qt.PenStyle.DotLine))
        sel = QColor("#ffd400") if _dark else QColor("#000000")
        self.selection_lines = pg.PlotCurveItem(pen=pg.mkPen(sel, width=2), connect="pairs")
        self.ba_lines = pg.PlotCurveItem(pen=pg.mkPen(sel, width=2, style=Qt.PenStyle.DashLine),
                                         connect="pairs")
        self.cross_v.hide()
        self.cross_h.hide()
        for item in (self.cross_v, self.cross_h, self.selection_lines, self.ba_lines):
            item.setZValue(20)
            self.plot.addItem(item, ignoreBounds=True)
        self.view_box.sigYRangeChanged.connect(self._on_view_y_changed)

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

    # -- data -----------------------------------------------------------------
    def picture_widget(self) -> QWidget:
        """The plot alone, for pictures and the briefing pack."""
        return self.layout_widget

    def set_store(self, store: StoreService) -> None:
        """Show another store: its series, events and eras; default series checked."""
        self.store = store
        for item in self._era_items:
            self.plot.removeItem(item)
        self._era_items = add_eras(self.plot, store.eras(), day_number(dt.date.today()))
        flt = self.state.filter
        background = store.event_count_estimate() > self.async_above
        if background:
            self.readout.setText("Loading series and events…")
        self.loader.load(lambda: (store.trade_series(), store.event_days(flt)), background)

    def reload(self) -> None:
        """Series, events and eras again, keeping the listed series: the rows changed."""
        self._keep_listed = [key for key, _c in self.side.checked()]
        self.set_store(self.store)

    @property
    def loading(self) -> bool:
        return self.loader.pending or self.events_loader.pending

    def _on_loader_result(self, result) -> None:
        series_list, (days, ids) = result
        self.series = {info.key: info for info in series_list}
        self.event_day_array, self.event_ids = days, ids
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
        self.events_loader.load(lambda: store.event_days(flt),
                                store.event_count_estimate() > self.async_above)

    def _on_events_loaded(self, result) -> None:
        self.event_day_array, self.event_ids = result
        self._update_selection()
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
        unit = "US$/month (avg)" if self.per_month else "US$ as reported"
        self.plot.getAxis("left").setLabel(unit + (", log" if log else ""),
                                           **{"font-size": "8pt"})
        self._update_selection()
        self.redraw()

    def redraw(self) -> None:
        """Per frame: the event strip for the visible range (series items stay as they are)."""
        (x0, x1) = self.view_box.viewRange()[0]
        self.event_strip.draw(self.event_day_array, x0, x1, self.view_box.width())
        self.redraws += 1

    def _on_view_x_changed(self, *_args) -> None:
        self.redraw()

    def _on_view_y_changed(self, *_args) -> None:
        self._place_selection_lines()

    # -- selection and before/after -------------------------------------------
    def _update_selection(self) -> None:
        sel = self.state.selection
        rows = np.flatnonzero(np.isin(self.event_ids, list(sel))) if sel else np.zeros(0, int)
        self.selected_days = self.event_day_array[rows]
        self.before_after = {}
        self.ba_event_title = ""
        if len(sel) == 1:
            found = self.store.events_by_id(list(sel))
            if found:
                event_day = day_number(found[0].start)
                self.ba_event_title = found[0].title
                for key, drawn in self.drawn.items():
                    if drawn.mirror:
                        continue
                    a = drawn.arrays
                    self.before_after[key] = before_after(a.start, a.end, a.value, event_day,
                                                          self.months_spin.value())
        self._place_selection_lines()
        self._show_resting_readout()

    def _show_resting_readout(self) -> None:
        """The before/after summary when an event is selected, else how to read the bars."""
        months = self.months_spin.value()
        line = before_after_text(self.ba_event_title, self.before_after, months, one_line=True)
        self.readout.setText(line or KIND_HELP)
        self.readout.setToolTip(before_after_text(self.ba_event_title, self.before_after, months)
                                or KIND_HELP)

    def _place_selection_lines(self) -> None:
        (y0, y1) = self.view_box.viewRange()[1]
        x = np.repeat((self.selected_days + 0.5) * DAY, 2)
        self.selection_lines.setData(x=x, y=np.tile([y0, y1], len(self.selected_days)))
        xs, ys = [], []
        log = self.log_check.isChecked()
        if self.per_month:
            for ba in self.before_after.values():
                for side in (ba.before, ba.after):
                    if side.mean_monthly is not None and side.mean_monthly > 0:
                        y = np.log10(side.mean_monthly) if log else side.mean_monthly
                        xs += [side.first_day * DAY, (side.last_day + 1) * DAY]
                        ys += [y, y]
        self.ba_lines.setData(x=np.array(xs, float), y=np.array(ys, float))

    def _on_state_selection_changed(self, _ids) -> None:
        self._update_selection()

    def _on_state_filter_changed(self, _flt) -> None:
        self._load_events()

    def _on_state_hovered_time_changed(self, day) -> None:
        """The time under the mouse in another pane, as this chart's vertical line."""
        self.cross_v.setVisible(day is not None)
        if day is not None:
            self.cross_v.setPos((day_number(day) + 0.5) * DAY)

    # -- controls -------------------------------------------------------------
    def _on_option_changed(self, *_args) -> None:
        self.rebuild()

    def _on_side_series_changed(self) -> None:
        self.rebuild()

    def _on_scene_mouse_moved(self, args) -> None:
        pos = args[0]
        if not self.view_box.sceneBoundingRect().contains(pos):
            return
        p = self.view_box.mapSceneToView(pos)
        self.cross_v.show()
        self.cross_h.show()
        self.cross_v.setPos(p.x())
        self.cross_h.setPos(p.y())
        day = int(p.x() // DAY)
        text = readout_text(day, [(d, displayed_values(d.arrays, self.per_month))
                                  for d in self.drawn.values()], self.per_month)
        self.readout.setText(text)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.cross_h.hide()
        self._show_resting_readout()
        super().leaveEvent(event)
