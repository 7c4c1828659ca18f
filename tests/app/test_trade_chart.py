"""Trade chart options: series list, stacking, log scale, mirror flows, crosshair read-out."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from viewer.app.panes.time_axis import DAY
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.state import ViewState
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Coverage, Flow, TimeWindow, TradeFigure
from viewer.domain.periods import day_number, month_period
from viewer.store.writer import TradeWriter

EXPORTS = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")
IMPORTS = SeriesKey("PAK", "AFG", "import", "TOTAL", "goods-and-services")


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


@pytest.fixture
def chart(qtbot, store):
    pane = TradeChartPane(store, ViewState(TimeWindow(dt.date(2022, 1, 1), dt.date(2024, 12, 31))))
    qtbot.addWidget(pane)
    pane.resize(1200, 420)
    pane.show()
    return pane


def bar_top(chart, key, kind, start: dt.date) -> float:
    bar = chart.drawn[key].bars[kind]
    i = int(np.flatnonzero(np.asarray(bar.opts["x0"]) == day_number(start) * DAY)[0])
    return float(bar.opts["y1"][i]), float(bar.opts["y0"][i])


def test_default_series_and_ticking_one_off(chart):
    assert set(chart.drawn) == {EXPORTS, IMPORTS}
    item = chart.side.list.item(1)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert set(chart.drawn) == {EXPORTS}
    chart.side.combos["partner"].setCurrentText("WLD")
    chart.side.add_button.click()
    assert SeriesKey("PAK", "WLD", "export", "TOTAL", "goods") in chart.drawn


def test_stacked_bars_sit_on_the_series_before(chart):
    may = dt.date(2024, 5, 1)
    assert bar_top(chart, IMPORTS, "month", may) == (2_800_000, 0)
    chart.stacked_check.setChecked(True)
    assert bar_top(chart, IMPORTS, "month", may) == (74_369_000 + 2_800_000, 74_369_000)


def test_log_scale_draws_log10_and_labels_money(chart):
    chart.log_check.setChecked(True)
    top, _base = bar_top(chart, EXPORTS, "month", dt.date(2024, 5, 1))
    assert top == pytest.approx(np.log10(74_369_000))
    assert chart.money_axis.tickStrings([6.0, 7.0, 9.0], 1, 1) == ["$1M", "$10M", "$1B"]
    assert "log" in chart.plot.getAxis("left").labelText


def test_mirror_draws_the_partners_report_beside(chart, store):
    with store.write() as conn:
        TradeWriter(conn).add_all([TradeFigure(
            "AFG", "PAK", Flow.IMPORT, month_period(2024, 5), 70_000_000,
            origin_dataset="test", origin_id="afg-m-2024-05",
            coverage=Coverage.GOODS_AND_SERVICES)])
    chart.set_store(store)
    chart.mirror_check.setChecked(True)
    mirror = EXPORTS.mirror()
    assert mirror == SeriesKey("AFG", "PAK", "import", "TOTAL", "goods-and-services")
    assert mirror in chart.drawn and chart.drawn[mirror].mirror
    assert bar_top(chart, mirror, "month", dt.date(2024, 5, 1)) == (70_000_000, 0)
    chart.mirror_check.setChecked(False)
    assert mirror not in chart.drawn


def test_crosshair_reads_the_finest_period_under_the_mouse(chart):
    x = (day_number(dt.date(2024, 5, 15)) + 0.5) * DAY
    scene = chart.view_box.mapViewToScene(QPointF(x, 1e6))
    chart._on_scene_mouse_moved((scene,))
    text = chart.readout.text()
    assert "15 May 2024" in text
    assert "$74.4M/month" in text and "May 2024" in text


def test_goods_only_and_goods_and_services_are_two_labelled_series(chart):
    """Asked for by reporter, partner, flow and commodity, each coverage is its own line."""
    goods = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods")
    assert goods not in chart.drawn  # the default is the coverage most figures have
    chart.add_series(SeriesKey("PAK", "AFG", "export"))
    assert {EXPORTS, goods} <= set(chart.drawn)
    legend = {label.text for _sample, label in chart.legend.items}
    assert {"PAK→AFG export (goods and services)", "PAK→AFG export (goods only)"} <= legend
    # FY2023-24 (per month): SBP's 544 m and the customs data's 1,065 m stay apart.
    fy = dt.date(2023, 7, 1)
    assert bar_top(chart, EXPORTS, "fiscal_year", fy)[0] == pytest.approx(544_008_000 / 12)
    assert bar_top(chart, goods, "fiscal_year", fy)[0] == pytest.approx(1_065_000_000 / 12)
