"""The candidates an article proposes, each with a tick box, as a table model."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from viewer.app.models.base import Index, RowsTableModel
from viewer.domain.proposals import Proposal

COL_SAVE, COL_KIND, COL_DATE, COL_TITLE, COL_COUNTRIES = range(5)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class ProposalTableModel(RowsTableModel):
    """Candidates to tick; an officer's edit of one replaces it in place."""

    HEADERS = ("Save", "Kind", "Date", "What", "Countries")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ticked: list[bool] = []

    def set_proposals(self, proposals: list[Proposal]) -> None:
        self.beginResetModel()
        self._rows = list(proposals)
        # Events and counts with a date are ticked; figures and undated ones need a look.
        self.ticked = [p.date is not None and p.kind != "trade figure" for p in proposals]
        self.endResetModel()

    def proposals(self, only_ticked: bool = True) -> list[Proposal]:
        return [p for p, t in zip(self._rows, self.ticked, strict=True) if t or not only_ticked]

    def replace_row(self, row: int, proposal: Proposal) -> None:
        """An officer's correction of a candidate, ticked for saving."""
        self._rows[row] = proposal
        self.ticked[row] = True
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == COL_SAVE else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        p = self.row_at(index)
        if p is None:
            return None
        col = index.column()
        if role == ROW_ROLE:
            return p
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_SAVE:
            return Qt.CheckState.Checked if self.ticked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.sentence}\n\nDate: {p.date_from}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_KIND:
            return p.kind
        if col == COL_DATE:
            return f"{p.date:%d %b %Y}" + ("" if p.precision == "day" else f" ({p.precision})") \
                if p.date else "— set a date"
        if col == COL_TITLE:
            return p.title
        if col == COL_COUNTRIES:
            return ", ".join(p.countries)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_SAVE:
            self.ticked[index.row()] = value in (Qt.CheckState.Checked,
                                                 Qt.CheckState.Checked.value)
            self.dataChanged.emit(index, index)
            return True
        return False

