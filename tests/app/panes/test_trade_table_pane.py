"""TradeTablePane: series choice, long form and pivots, following the window."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import sample_rows
from viewer.app.models.trade_table import TradePivotTableModel, TradeTableModel
from viewer.app.panes.trade_table import TradeTablePane
from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow
from viewer.io.sample import load_sample
from viewer.store.service import StoreService

ALL = TimeWindow(dt.date(2010, 1, 1), dt.date(2026, 12, 31))


def exports() -> int:
    """PAK's exports to AFG in the sample files, every coverage and report."""
    return len(sample_rows.figures("PAK", "AFG", "export"))


@pytest.fixture
def pane(qtbot, tmp_path):
    store = StoreService.open(tmp_path / "trade.sqlite", create=True)
    load_sample(store)
    pane = TradeTablePane(store, ViewState(ALL))
    qtbot.addWidget(pane)
    assert pane.view.model() is None  # nothing is read until the pane is shown
    pane.show()
    yield pane
    store.close()


def test_defaults_to_pakistan_exports_to_afghanistan(pane):
    assert pane.reporter.currentData() == "PAK"
    assert pane.partner.currentData() == "AFG"
    assert pane.flow.currentData() == "export"
    assert pane.commodity.currentData() == "TOTAL"
    assert isinstance(pane.view.model(), TradeTableModel)
    assert pane.view.model().rowCount() == exports()
    assert pane.count_label.text() == f"{exports()} figures"


def test_pivot_modes(pane):
    pane.mode.setCurrentIndex(pane.mode.findData("flow"))
    model = pane.view.model()
    assert isinstance(model, TradePivotTableModel)
    assert model.columns == ["export", "import", "transit"]
    assert not pane.flow.isEnabled()
    pane.mode.setCurrentIndex(pane.mode.findData("partner"))
    assert pane.view.model().columns == ["AFG", "WLD"]
    assert pane.flow.isEnabled() and not pane.partner.isEnabled()


def test_follows_the_window(pane):
    pane.state.set_window(TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    shown = pane.view.model().rowCount()
    assert 0 < shown < exports()
    pane.only_in_window.setChecked(False)
    assert pane.view.model().rowCount() == exports()


def test_commodities_follow_the_partner(pane):
    def codes() -> list:
        return [pane.commodity.itemData(i) for i in range(pane.commodity.count())]

    assert codes() == [None, "SERVICES", "TOTAL"]
    pane.partner.setCurrentIndex(pane.partner.findData("WLD"))
    assert codes() == [None, "TOTAL"]
    assert pane.commodity.currentData() == "TOTAL"
    assert 0 < pane.view.model().rowCount() <= 4  # the PAK-World figures of that flow


def test_hidden_pane_refreshes_when_shown(pane):
    pane.hide()
    pane.state.set_window(TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert pane.view.model().rowCount() == exports()  # not requeried while hidden
    pane.show()
    assert 0 < pane.view.model().rowCount() < exports()
