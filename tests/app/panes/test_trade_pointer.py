"""The trade chart under the mouse: bars and event ticks tell what they are and can be picked."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.helpers import sample_event
from viewer.app.panes.time_axis import DAY
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.panes.trade_table import TradeTablePane
from viewer.app.state import ViewState
from viewer.domain.drawing import PERIOD_KINDS, SeriesKey
from viewer.domain.model import TimeWindow
from viewer.domain.periods import day_number

EXPORTS = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")
FULL = TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def chart(qtbot, sample_store):
    pane = TradeChartPane(sample_store, ViewState(FULL))
    qtbot.addWidget(pane)
    pane.resize(1200, 420)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def bar_centre(chart, kind: str, index: int = 0) -> tuple[QPointF, int]:
    """Scene point in the middle of a bar of the export series, and its figure id."""
    drawn = chart.drawn[EXPORTS]
    o = drawn.bars[kind].opts
    rows = np.flatnonzero(drawn.arrays.kind == PERIOD_KINDS.index(kind))
    x = (o["x0"][index] + o["x1"][index]) / 2
    y = (o["y0"][index] + o["y1"][index]) / 2
    return chart.view_box.mapViewToScene(QPointF(x, y)), int(drawn.arrays.ids[rows[index]])


def click(chart, scene: QPointF, button=Qt.MouseButton.LeftButton) -> None:
    view = chart.layout_widget.viewport()
    at = chart.layout_widget.mapFromScene(scene)
    for kind, buttons in ((QEvent.Type.MouseButtonPress, button),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(view, QMouseEvent(kind, QPointF(at), QPointF(view.mapToGlobal(at)),
                                                 button, buttons, Qt.KeyboardModifier.NoModifier))


def test_a_bar_tells_its_series_period_and_value(chart) -> None:
    scene, _fid = bar_centre(chart, "fiscal_year")
    chart._on_scene_mouse_moved((scene,))
    text = QToolTip.text()
    assert "PAK→AFG export (goods and services) · FY" in text and "fiscal years" in text
    assert "/month" in text and "as reported" in text


def test_a_clicked_bar_is_picked_and_shown_in_the_trade_table(qtbot, chart) -> None:
    table = TradeTablePane(chart.store, chart.state)
    qtbot.addWidget(table)
    table.show()
    table.flow.setCurrentIndex(table.flow.findData("import"))  # another series at first
    scene, fid = bar_centre(chart, "month", 5)
    hits = chart.pointer.bars_at(scene)
    assert [h.figure_id for h in hits][:1] == [fid]
    if len(hits) == 1:
        click(chart, scene)
    else:  # a month under a year's bar: choose it from the list
        click(chart, scene)
        menu = chart.pointer.menu
        assert menu.objectName() == "pick_list" and len(menu.actions()) == len(hits)
        menu.actions()[0].trigger()
        menu.hide()
    assert chart.state.figure == (EXPORTS, fid)
    assert chart.pointer.outline.isVisible()
    qtbot.waitUntil(lambda: table.view.selectionModel() is not None
                    and table.view.selectionModel().hasSelection())
    row = table.view.selectionModel().selectedRows()[0].row()
    assert table.long_model.row_at(table.long_model.index(row, 0)).id == fid
    assert table.flow.currentData() == "export"
    (x0, _x1), (_y0, y1) = chart.view_box.viewRange()
    empty = chart.view_box.mapViewToScene(QPointF(x0 + DAY, y1 * 0.98))
    assert chart.pointer.bars_at(empty) == []
    click(chart, empty)
    assert chart.state.figure is None and not chart.pointer.outline.isVisible()


def test_overlapping_bars_offer_a_pick_list(chart) -> None:
    drawn = chart.drawn[EXPORTS]
    fy = drawn.bars["fiscal_year"].opts
    month = drawn.bars["month"].opts
    # A month inside a fiscal year, low enough to be inside both bars.
    for i in range(len(month["x0"])):
        j = np.flatnonzero((fy["x0"] <= month["x0"][i]) & (month["x1"][i] <= fy["x1"]))
        if len(j):
            y = min(month["y1"][i], fy["y1"][j[0]]) / 2
            x = (month["x0"][i] + month["x1"][i]) / 2
            break
    else:
        pytest.skip("no month inside a fiscal year in the sample")
    scene = chart.view_box.mapViewToScene(QPointF(x, y))
    hits = chart.pointer.bars_at(scene)
    assert len(hits) >= 2
    assert hits[0].x1 - hits[0].x0 < hits[-1].x1 - hits[-1].x0  # the month first
    click(chart, scene)
    menu = chart.pointer.menu
    assert menu.objectName() == "pick_list"
    assert [a.text() for a in menu.actions()] == [h.text for h in hits]
    menu.actions()[-1].trigger()
    assert chart.state.figure == (hits[-1].key, hits[-1].figure_id)
    menu.hide()


def strip_point(chart, day: dt.date) -> QPointF:
    vb = chart.strip.getViewBox()
    return vb.mapViewToScene(QPointF((day_number(day) + 0.5) * DAY, 0.5))


def test_event_ticks_tell_their_event_and_select_it(chart, sample_store) -> None:
    chart.state.set_window(TimeWindow(dt.date(2023, 9, 1), dt.date(2023, 12, 31)))
    ifrp = sample_store.event_by_origin("sample", "2023-11-01-ifrp-start")
    assert chart.event_strip.mode == "ticks"
    scene = strip_point(chart, dt.date(2023, 11, 1))
    chart._on_scene_mouse_moved((scene,))
    assert "Illegal Foreigners Repatriation Plan" in QToolTip.text()
    assert "01 Nov 2023" in QToolTip.text()
    click(chart, scene)
    assert chart.state.selection == {ifrp.id}
    click(chart, scene, Qt.MouseButton.RightButton)
    menu = chart.pointer.menu
    assert menu.objectName() == "event_menu"
    assert any(a.text().startswith("Filter to type") for a in menu.actions())
    menu.hide()


def test_events_on_one_day_offer_a_pick_list(qtbot, tmp_path) -> None:
    from viewer.store.service import StoreService
    from viewer.store.writer import EventWriter

    store = StoreService.open(tmp_path / "s.sqlite", create=True)
    with store.write() as conn:
        EventWriter(conn).add_all([sample_event(3, "Talks at Torkham"),
                                   sample_event(3, "Talks in Kabul", origin_id="e3b")])
    try:
        pane = TradeChartPane(store, ViewState(TimeWindow(dt.date(2023, 12, 1),
                                                          dt.date(2024, 2, 1))))
        qtbot.addWidget(pane)
        pane.resize(1000, 400)
        pane.show()
        qtbot.waitExposed(pane)
        assert "No trade figures in this store." == pane.notes.empty.textItem.toPlainText()
        click(pane, strip_point(pane, dt.date(2024, 1, 4)))
        menu = pane.pointer.menu
        assert menu.objectName() == "pick_list"
        titles = sorted(a.text().split(" · ", 1)[1] for a in menu.actions())
        assert titles == ["Talks at Torkham", "Talks in Kabul"]
        menu.actions()[1].trigger()
        assert len(pane.state.selection) == 1
        menu.hide()
        pane.close()
    finally:
        store.close()


def test_an_empty_chart_says_why_and_shows_no_value_ticks(chart) -> None:
    for i in range(chart.side.list.count()):
        chart.side.list.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert chart.drawn == {} or not any(d.bars for d in chart.drawn.values())
    assert chart.notes.empty.isVisible()
    assert "choose one under Series" in chart.notes.empty.textItem.toPlainText()
    assert chart.money_axis.style["showValues"] is False
    assert not chart.legend.isVisible()
    # Small values are told apart, not all rounded to "$0" and "$1".
    assert chart.money_axis.tickStrings([0.0, 0.25, 0.5, 0.75], 1, 0.25) == \
        ["$0.00", "$0.25", "$0.50", "$0.75"]


def test_the_value_axis_label_fits_its_height(qtbot, chart) -> None:
    chart.log_check.setChecked(True)
    for height in (420, 260, 200):
        chart.resize(1200, height)
        qtbot.wait(20)
        axis = chart.plot.getAxis("left")
        font = axis.label.font()
        assert "log" in axis.labelText
        assert QFontMetrics(font).horizontalAdvance(axis.labelText) <= chart.view_box.height()


def test_before_after_says_plainly_where_figures_are_missing(qtbot, chart, sample_store) -> None:
    goods = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods")  # from 1 July 2016
    chart.add_series(goods)
    qtbot.waitUntil(lambda: goods in chart.drawn)
    first_figure = int(min(chart.drawn[goods].arrays.start))
    earliest = min(sample_store.events(), key=lambda e: e.start)  # 13 June 2016
    assert day_number(earliest.start) < first_figure  # nothing to compare before it
    chart.state.set_selection({earliest.id})
    text = chart.readout.toolTip()
    assert "PAK→AFG export (goods only): no figures before, $" in text
    assert "0%" not in text and "no data" not in text
    line = chart.readout.text()
    plain = line.replace("<i>", "").replace("</i>", "").replace("<b>", "").replace("</b>", "")
    assert QFontMetrics(chart.readout.font()).horizontalAdvance(plain) <= chart.readout.width()
