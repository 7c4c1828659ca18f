"""Trade figures as a table: long form (one figure a row) and a pivot (periods × flows/partners)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from viewer.app.models.base import RowsTableModel
from viewer.domain.model import TradeFigure

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # TradeFigure (long form) or the period key (pivot)

(COL_PERIOD, COL_KIND, COL_REPORTER, COL_PARTNER, COL_FLOW, COL_COMMODITY, COL_VALUE,
 COL_ESTIMATED, COL_SOURCE, COL_NOTE) = range(10)
HEADERS = ("Period", "Kind", "Reporter", "Partner", "Flow", "Commodity", "Value (US$)",
           "Estimated", "Source", "Your note")
MATCH_BACKGROUND = QColor("#fff2a8")  # a figure whose notes match the search
MATCH_TEXT = QColor("#202020")  # dark text on that light mark, in a dark scheme too
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

PeriodKey = tuple[dt.date, dt.date, str]


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


class TradeTableModel(RowsTableModel):
    """One trade figure a row, in period order."""

    HEADERS = HEADERS

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[TradeFigure] = []
        self.marked: frozenset[int] | set[int] = frozenset()

    def set_figures(self, figures: list[TradeFigure],
                    marked: frozenset[int] | set[int] = frozenset()) -> None:
        """Show the figures; those in `marked` (ids matching the search) stand out."""
        self.beginResetModel()
        self._rows = list(figures)
        self.marked = marked
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(f, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VALUE:
            return RIGHT
        if role == SORT_ROLE:
            if column == COL_PERIOD:
                return f.period.start.toordinal()
            return f.value_usd if column == COL_VALUE else self.cell_text(f, column)
        if role == ROW_ROLE:
            return f
        if role == Qt.ItemDataRole.BackgroundRole and f.id in self.marked:
            return MATCH_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and f.id in self.marked:
            return MATCH_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PERIOD:
            return f"{f.period.start} – {f.period.end}"
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_SOURCE and f.sources:
            return "\n".join(x.outlet for x in f.sources)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NOTE and f.officer_note:
            return f.officer_note
        return None

    @staticmethod
    def cell_text(f: TradeFigure, column: int) -> str:
        return {
            COL_PERIOD: f.period.label(), COL_KIND: f.period.kind.value.replace("_", " "),
            COL_REPORTER: f.reporter, COL_PARTNER: f.partner, COL_FLOW: f.flow.value,
            COL_COMMODITY: f.commodity_code if f.commodity_code == "TOTAL"
            else f"{f.commodity_code} {f.commodity_label}".strip(),
            COL_VALUE: money(f.value_usd), COL_ESTIMATED: "estimated" if f.estimated else "",
            COL_SOURCE: (f.sources[0].outlet + (f" +{len(f.sources) - 1}"
                                                if len(f.sources) > 1 else "")
                         if f.sources else ""),
            COL_NOTE: f.officer_note.replace("\n", " "),
        }.get(column, "")


class TradePivotTableModel(QAbstractTableModel):
    """Periods down, flows (or partners) across, US$ values in the cells."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._periods: list[PeriodKey] = []
        self._labels: dict[PeriodKey, str] = {}
        self._columns: list[str] = []
        self._cells: dict[tuple[PeriodKey, str], list[TradeFigure]] = {}

    def set_figures(self, figures: list[TradeFigure], across: str = "flow") -> None:
        """Pivot these figures; `across` is 'flow' or 'partner'."""
        if across not in ("flow", "partner"):
            raise ValueError(f"cannot pivot across {across!r}")
        self.beginResetModel()
        self._cells, self._labels = {}, {}
        columns: set[str] = set()
        for f in sorted(figures, key=lambda f: f.id or 0):
            key: PeriodKey = (f.period.start, f.period.end, f.period.kind.value)
            column = f.flow.value if across == "flow" else f.partner
            self._labels[key] = f.period.label()
            columns.add(column)
            # A restated figure is another report of the same cell, never a part of it:
            # the cell shows the last one stored and its tooltip lists them all.
            self._cells.setdefault((key, column), []).append(f)
        self._periods = sorted(self._labels)
        self._columns = sorted(columns)
        self.endResetModel()

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._periods)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Period"
        if 1 <= section <= len(self._columns):
            return self._columns[section - 1]
        return None

    def figures(self, row: int, column: int) -> list[TradeFigure]:
        """Every figure stored for a cell, oldest first (column 1 is the first flow/partner)."""
        return self._cells.get((self._periods[row], self._columns[column - 1]), [])

    def value(self, row: int, column: int) -> float | None:
        """The US$ value a cell shows: the last figure stored for it."""
        found = self.figures(row, column)
        return found[-1].value_usd if found else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._periods):
            return None
        key, column = self._periods[index.row()], index.column()
        found = self.figures(index.row(), column) if column > 0 else []
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._labels[key]
            if not found:
                return ""
            marks = (" *" if found[-1].estimated else "") + (" †" if len(found) > 1 else "")
            return money(found[-1].value_usd) + marks
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{key[0]} – {key[1]} ({key[2].replace('_', ' ')})"]
            lines += [f"{money(f.value_usd)} US${' (estimated)' if f.estimated else ''}"
                      f"{' – ' + f.note if f.note else ''}" for f in found]
            return "\n".join(lines)
        if role == SORT_ROLE:
            return key[0].toordinal() if column == 0 else self.value(index.row(), column)
        if role == ROW_ROLE:
            return key
        return None
