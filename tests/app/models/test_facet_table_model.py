"""FacetTableModel: values with counts, checkable, checked by qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from viewer.app.models.facet_table import COL_COUNT, COL_VALUE, ROW_ROLE, FacetTableModel
from viewer.domain.records import FacetValue

VALUES = [FacetValue("AFG", 24), FacetValue("PAK", 23), FacetValue("QAT", 2)]


def test_qtmodeltester(qtmodeltester):
    model = FacetTableModel("countries", lambda c: f"<{c}>")
    model.set_values(VALUES, ("PAK",))
    qtmodeltester.check(model)


def test_display_check_and_signal(qtbot):
    model = FacetTableModel("countries", lambda c: f"<{c}>")
    model.set_values(VALUES, ("PAK",))
    assert model.index(0, COL_VALUE).data() == "<AFG>"
    assert model.index(0, COL_COUNT).data() == "24"
    assert model.index(1, COL_VALUE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(2, COL_VALUE).data(ROW_ROLE) == FacetValue("QAT", 2)
    with qtbot.waitSignal(model.checked_changed) as blocker:
        assert model.setData(model.index(0, COL_VALUE), Qt.CheckState.Checked.value,
                             Qt.ItemDataRole.CheckStateRole)
    assert blocker.args == ["countries", ("PAK", "AFG")]
    assert model.setData(model.index(1, COL_VALUE), Qt.CheckState.Unchecked,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.checked == ("AFG",)
    # Counts are not editable.
    assert not model.setData(model.index(1, COL_COUNT), Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)
