"""FacetTableModel: the values of one facet with counts, each value checkable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from viewer.app.models.base import RowsTableModel
from viewer.domain.records import FacetValue

COL_VALUE, COL_COUNT = range(2)
HEADERS = ("Value", "Events")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the FacetValue

Index = QModelIndex | QPersistentModelIndex


class FacetTableModel(RowsTableModel):
    """Values of one facet (countries, types, ...) with their event counts."""

    HEADERS = HEADERS

    checked_changed = Signal(str, tuple)  # facet name, checked values

    def __init__(self, facet: str, label: Callable[[str], str] = str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.facet = facet
        self._label = label
        self._rows: list[FacetValue] = []
        self._checked: tuple[str, ...] = ()

    def set_values(self, values: list[FacetValue], checked: tuple[str, ...]) -> None:
        """Show these values; `checked` are the ones the filter holds."""
        self.beginResetModel()
        self._rows, self._checked = list(values), tuple(checked)
        self.endResetModel()

    @property
    def checked(self) -> tuple[str, ...]:
        return self._checked

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_VALUE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(item.value) if column == COL_VALUE else f"{item.count:,}"
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_VALUE:
            return item.value
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_VALUE:
            return (Qt.CheckState.Checked if item.value in self._checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return item.value if column == COL_VALUE else item.count
        if role == ROW_ROLE:
            return item
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or index.column() != COL_VALUE or not 0 <= index.row() < len(self._rows)):
            return False
        name = self._rows[index.row()].value
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        checked = [v for v in self._checked if v != name] + ([name] if on else [])
        if tuple(checked) == self._checked:
            return False
        self._checked = tuple(checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(self.facet, self._checked)
        return True
