"""Trade table models: long form and pivot, on the sample figures."""

from __future__ import annotations

import pytest

from tests import sample_rows
from viewer.app.models.trade_table import (
    COL_PERIOD,
    COL_VALUE,
    ROW_ROLE,
    TradePivotTableModel,
    TradeTableModel,
)
from viewer.domain.model import TradeFigure


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


def test_long_form(qtmodeltester, store):
    figures = store.trade_figures(reporter="PAK", partner="AFG", flow="export",
                            commodity="TOTAL")
    model = TradeTableModel()
    model.set_figures(figures)
    qtmodeltester.check(model)
    # Every coverage: SBP goods and services, goods only (SBP and customs data).
    assert model.rowCount() == len(figures) == len(sample_rows.figures("PAK", "AFG", "export"))
    assert isinstance(model.index(0, 0).data(ROW_ROLE), TradeFigure)
    assert model.index(0, COL_PERIOD).data() == "Jul 2016–May 2017"
    assert model.index(0, COL_VALUE).data() == "1,070,000,000"


def test_pivot_by_flow(qtmodeltester, store):
    figures = store.trade_figures(reporter="PAK", partner="AFG", commodity="TOTAL")
    model = TradePivotTableModel()
    model.set_figures(figures, across="flow")
    qtmodeltester.check(model)
    assert model.columns == ["export", "import", "transit"]
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    row = labels.index("FY 2019-20")
    # FY 2019-20 exports were restated: the cell shows the later figure, never the sum.
    assert model.value(row, 1) == 890_052_000
    assert model.index(row, 1).data() == "890,052,000 †"
    assert "888,913,000" in model.index(row, 1).data(256 - 253)  # ToolTipRole == 3
    assert model.value(row, 2) == 121_832_000


def test_pivot_by_partner(qtmodeltester, store):
    figures = store.trade_figures(reporter="PAK", flow="export", commodity="TOTAL")
    model = TradePivotTableModel()
    model.set_figures(figures, across="partner")
    qtmodeltester.check(model)
    assert model.columns == sorted({f.partner for f in figures})
    assert model.rowCount() == len({(f.period.start, f.period.end, f.period.kind)
                                    for f in figures})
    with pytest.raises(ValueError):
        model.set_figures(figures, across="commodity")
