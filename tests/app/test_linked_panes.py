"""Timeline and trade chart on one time axis: linking, regions, selection, level of detail."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests import sample_rows
from viewer.app.panes.time_axis import DAY, window_to_range
from viewer.app.panes.timeline import TimelinePane
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.state import ViewState
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import TimeWindow
from viewer.domain.periods import day_number

FULL = TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


@pytest.fixture
def panes(qtbot, store):
    state = ViewState(FULL)
    timeline = TimelinePane(store, state)
    chart = TradeChartPane(store, state)
    for pane in (timeline, chart):
        qtbot.addWidget(pane)
        pane.resize(1200, 420)
        pane.show()
    qtbot.waitExposed(chart)
    return state, timeline, chart


def x_range(pane) -> tuple[float, float]:
    return tuple(pane.view_box.viewRange()[0])


def emissions(state: ViewState) -> list:
    seen: list = []
    state.window_changed.connect(seen.append)
    return seen


def test_zooming_the_timeline_moves_the_chart_exactly_once(panes):
    state, timeline, chart = panes
    seen = emissions(state)
    applied = chart.link.applied
    timeline.view_box.scaleBy(x=0.5)  # what a wheel step does
    assert len(seen) == 1
    assert chart.link.applied == applied + 1
    assert x_range(chart) == pytest.approx(window_to_range(state.window))
    t0, t1 = x_range(timeline)
    assert abs(t0 - x_range(chart)[0]) < DAY and abs(t1 - x_range(chart)[1]) < DAY
    assert state.window.end - state.window.start < FULL.end - FULL.start


def test_panning_the_chart_moves_the_timeline_exactly_once(panes):
    state, timeline, chart = panes
    seen = emissions(state)
    x0, x1 = x_range(chart)
    chart.view_box.setXRange(x0 + 100 * DAY, x1 + 100 * DAY, padding=0)
    assert len(seen) == 1
    assert x_range(timeline) == pytest.approx(window_to_range(state.window))
    assert state.window.start == FULL.start + dt.timedelta(days=100)


def test_state_window_reaches_both_panes_and_equal_window_is_silent(panes):
    state, timeline, chart = panes
    seen = emissions(state)
    window = TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    state.set_window(window)
    state.set_window(window)
    assert len(seen) == 1
    for pane in (timeline, chart):
        assert x_range(pane) == pytest.approx(window_to_range(window))


def drag(widget, start: QPointF, end: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A real left-button drag: QTest.mouseMove cannot carry a pressed button."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    steps = [(QEvent.Type.MouseButtonPress, start, left, left)]
    for i in range(1, 6):
        steps.append((QEvent.Type.MouseMove, start + (end - start) * (i / 5), none, left))
    steps.append((QEvent.Type.MouseButtonRelease, end, left, none))
    for kind, pos, button, buttons in steps:
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, modifiers)
        QApplication.sendEvent(widget, event)


def widget_point(pane, view_widget, x: float, y: float) -> QPointF:
    scene = pane.view_box.mapViewToScene(QPointF(x, y))
    return QPointF(view_widget.mapFromScene(scene))


@pytest.mark.parametrize("how", ["toolbar", "shift"])
def test_a_region_drag_sets_the_window(panes, how):
    state, timeline, chart = panes
    if how == "toolbar":
        timeline.select_action.setChecked(True)
        modifiers = Qt.KeyboardModifier.NoModifier
    else:
        modifiers = Qt.KeyboardModifier.ShiftModifier
    seen = emissions(state)
    a = day_number(dt.date(2023, 1, 1)) * DAY
    b = day_number(dt.date(2024, 1, 1)) * DAY
    view = timeline.plot_widget.viewport()
    drag(view, widget_point(timeline, timeline.plot_widget, a, 1),
         widget_point(timeline, timeline.plot_widget, b, 1), modifiers)
    assert len(seen) == 1
    assert abs((state.window.start - dt.date(2023, 1, 1)).days) <= 4
    assert abs((state.window.end - dt.date(2024, 1, 1)).days) <= 4
    assert x_range(chart) == pytest.approx(window_to_range(state.window))


def test_a_region_drag_on_the_chart_sets_the_window(panes):
    state, timeline, chart = panes
    a = day_number(dt.date(2022, 7, 1)) * DAY
    b = day_number(dt.date(2023, 6, 30)) * DAY
    view = chart.layout_widget.viewport()
    y = chart.view_box.viewRange()[1][1] / 2
    drag(view, widget_point(chart, chart.layout_widget, a, y),
         widget_point(chart, chart.layout_widget, b, y), Qt.KeyboardModifier.ShiftModifier)
    assert abs((state.window.start - dt.date(2022, 7, 1)).days) <= 4
    assert x_range(timeline) == pytest.approx(window_to_range(state.window))


def test_a_click_selects_everywhere_and_ctrl_click_adds(panes, store, qtbot):
    state, timeline, chart = panes
    state.set_window(TimeWindow(dt.date(2023, 9, 1), dt.date(2023, 12, 31)))
    ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
    row = int(np.flatnonzero(timeline.arrays.ids == ifrp.id)[0])
    x = (timeline.arrays.start[row] + 0.5) * DAY
    pos = widget_point(timeline, timeline.plot_widget, x, float(timeline.arrays.lane[row]))
    qtbot.mouseClick(timeline.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=pos.toPoint())
    assert state.selection == {ifrp.id}
    sx, _sy = timeline.layers.selected.getData()
    assert list(sx) == [x]
    lines_x, _ = chart.selection_lines.getData()
    assert set(lines_x) == {x}
    assert "Illegal Foreigners Repatriation Plan" in chart.readout.text()
    assert SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services") in chart.before_after

    deadline = store.event_by_origin("sample", "2023-10-03-ifrp-deadline-announced")
    other = int(np.flatnonzero(timeline.arrays.ids == deadline.id)[0])
    pos2 = widget_point(timeline, timeline.plot_widget, (timeline.arrays.start[other] + 0.5) * DAY,
                        float(timeline.arrays.lane[other]))
    qtbot.mouseClick(timeline.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos2.toPoint())
    assert state.selection == {ifrp.id, deadline.id}
    assert len(timeline.layers.selected.getData()[0]) == 2
    assert chart.before_after == {}  # before/after needs exactly one event


def test_level_of_detail_switches_at_its_threshold_and_back(panes):
    state, timeline, _chart = panes
    assert timeline.mode == "events"
    shown = sample_rows.events_in(FULL.start, FULL.end)
    timeline.lod_threshold = len(shown)  # every sample event is in view: still drawable
    timeline.redraw()
    assert timeline.mode == "events"
    timeline.lod_threshold = len(shown) - 1
    timeline.redraw()
    assert timeline.mode == "density"
    assert all(not p.isVisible() for p in timeline.layers.points)
    assert timeline.layers.density.isVisible()
    heights = timeline.layers.density_heights
    assert heights.shape[0] == len(timeline.arrays.lanes)
    assert heights.max() == pytest.approx(1.0) and heights.min() >= 0
    # Every event is counted once, in its lane.
    border = timeline.arrays.lanes.index("Border closure")
    # Every event counted once, in its lane; hovering a bar tells its count.
    assert int(timeline.layers.density_counts.sum()) == len(shown)
    # The Torkham closures and reopening, the October 2025 closure of every crossing,
    # the suspension of transit cargo: every border event.
    assert int(timeline.layers.density_counts[border].sum()) == \
        sample_rows.tally(shown, "type")["border"]
    torkham = day_number(dt.date(2016, 6, 13))
    assert timeline.layers.density_at(border, torkham + 0.5)[0] == 1
    image = timeline.layers.density.image
    assert image.shape[0] == len(timeline.arrays.lanes) * 40
    assert heights[border].sum() > 0
    state.set_window(TimeWindow(dt.date(2025, 10, 1), dt.date(2025, 10, 31)))
    assert timeline.mode == "events"
    assert not timeline.layers.density.isVisible()
    state.set_window(FULL)
    assert timeline.mode == "density"


def test_a_fiscal_year_bar_spans_1_july_to_30_june(panes):
    _state, _timeline, chart = panes
    drawn = chart.drawn[SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")]
    bar = drawn.bars["fiscal_year"]
    x0, x1 = np.asarray(bar.opts["x0"]), np.asarray(bar.opts["x1"])
    i = int(np.flatnonzero(x0 == day_number(dt.date(2022, 7, 1)) * DAY)[0])
    assert x1[i] == day_number(dt.date(2023, 7, 1)) * DAY  # the end of 30 June
    rect = bar.boundingRect()
    assert rect.left() <= x0[i] and rect.right() >= x1[i]
    # Per month average by default: the FY total over its twelve months.
    assert bar.opts["y1"][i] == pytest.approx(522_271_000 / 12)
    chart.scale_combo.setCurrentIndex(1)
    bar = chart.drawn[SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")].bars["fiscal_year"]
    assert bar.opts["y1"][i] == pytest.approx(522_271_000)
    assert "as reported" in chart.plot.getAxis("left").labelText


def test_keys_zoom_fit_and_step(panes, qtbot, store):
    state, timeline, _chart = panes
    before = state.window
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Plus)
    assert (state.window.end - state.window.start) < (before.end - before.start)
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Minus)
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Minus)
    assert (state.window.end - state.window.start) > (before.end - before.start)
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Home)
    assert state.window.start < dt.date(2016, 6, 13) and state.window.end > dt.date(2025, 10, 30)
    ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
    call = store.event_by_origin("sample", "2024-03-16-dar-muttaqi-call")
    state.set_selection({ifrp.id})
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Right)
    assert state.selection == {call.id}
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_Left)
    assert state.selection == {ifrp.id}
    qtbot.keyClick(timeline.plot_widget, Qt.Key.Key_T)
    assert state.window.contains(dt.date.today())


def test_hover_shows_a_tooltip_and_moves_the_charts_time_line(panes, store):
    from PySide6.QtWidgets import QToolTip

    state, timeline, chart = panes
    state.set_window(TimeWindow(dt.date(2023, 9, 1), dt.date(2023, 12, 31)))
    ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
    row = int(np.flatnonzero(timeline.arrays.ids == ifrp.id)[0])
    x = (timeline.arrays.start[row] + 0.5) * DAY
    scene = timeline.view_box.mapViewToScene(QPointF(x, float(timeline.arrays.lane[row])))
    timeline._on_scene_mouse_moved((scene,))
    assert state.hovered_time == dt.date(2023, 11, 1)
    assert chart.cross_v.isVisible() and chart.cross_v.value() == pytest.approx(x)
    text = QToolTip.text()
    assert "Illegal Foreigners Repatriation Plan" in text and "1 Nov 2023" in text
    assert "Source:" in text
    timeline._on_scene_mouse_moved((QPointF(-50, -50),))
    assert state.hovered_time is None and not chart.cross_v.isVisible()


def test_a_real_wheel_step_on_the_timeline_zooms_both_once(panes):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    state, timeline, chart = panes
    seen = emissions(state)
    view = timeline.plot_widget.viewport()
    pos = QPointF(view.width() / 2, view.height() / 2)
    event = QWheelEvent(pos, view.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, event)
    assert len(seen) == 1
    assert (state.window.end - state.window.start) < (FULL.end - FULL.start)
    assert x_range(chart) == pytest.approx(window_to_range(state.window))
