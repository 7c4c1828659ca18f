"""ShortcutsTableModel: every keyboard shortcut of the window, for Help ▸ Keyboard shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from viewer.app.models.base import RowsTableModel

COL_KEYS, COL_WHAT, COL_WHERE = range(3)
HEADERS = ("Keys", "What it does", "Where")
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One shortcut: the keys as the platform writes them, what it does, where it works."""

    keys: str
    what: str
    where: str


class ShortcutsTableModel(RowsTableModel):
    """A read-only list of shortcuts."""

    HEADERS = HEADERS

    def set_shortcuts(self, rows: list[Shortcut]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.keys, row.what, row.where)[index.column()]
        if role == ROW_ROLE:
            return row
        return None
