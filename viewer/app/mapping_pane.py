"""Column mapping for a CSV/XLSX file: which column holds which field, with a preview."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.io.errors import InputError
from viewer.io.importers.mapping import REQUIRED, Mapping
from viewer.io.importers.preview import Preview, RowCheck, check_rows, preview

_NONE = "(not in the file)"
_REJECTED = QColor("#f4c7c3")  # rows the import would reject
_AMBIGUOUS = QColor("#fce8b2")  # dates that read two ways until an order is chosen
_ON_MARKED = QColor("#202020")  # text on those light backgrounds, in a dark scheme too
DATE_ORDERS = (("Decide from the dates", None), ("Day first (03/05/2024 is 3 May)", "DMY"),
               ("Month first (03/05/2024 is 5 March)", "MDY"), ("Year first (2024/03/05)", "YMD"))


class PreviewTableModel(QAbstractTableModel):
    """The first rows of a file, read-only, with its header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.check = RowCheck()

    def set_rows(self, header: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.header, self.rows = list(header), [list(r) for r in rows]
        self.check = RowCheck()
        self.endResetModel()

    def set_check(self, check: RowCheck) -> None:
        """Mark the rows the import would reject and the dates that read two ways."""
        self.check = check
        if self.rows and self.header:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.header) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self.rows) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.rows[index.row()]
            return row[index.column()][:200] if index.column() < len(row) else ""
        cell = (index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell in self.check.ambiguous:
                return _AMBIGUOUS
            if index.row() in self.check.rejected:
                return _REJECTED
        if role == Qt.ItemDataRole.ForegroundRole and (
                cell in self.check.ambiguous or index.row() in self.check.rejected):
            return _ON_MARKED
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.check.ambiguous.get(cell) or self.check.rejected.get(index.row())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header[section] if section < len(self.header) else None
        # Line numbers as in the file and the report; a cross on rows that would be rejected.
        return f"{section + 2} ✗" if section in self.check.rejected else str(section + 2)


class MappingPane(QWidget):
    """Edits a Mapping for one file; shows the sheet choice for workbooks and a preview."""

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Preview | None = None
        self.mapping = Mapping()
        self.title = QLabel()
        self.sheet_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Events", "events")
        self.kind_combo.addItem("Trade figures", "trade")
        self.order_combo = QComboBox()
        for text, order in DATE_ORDERS:
            self.order_combo.addItem(text, order)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.form = QFormLayout()
        self.field_combos: dict[str, QComboBox] = {}
        form_host = QWidget()
        form_host.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        self.model = PreviewTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.load_button = QPushButton("Load mapping…")
        self.save_button = QPushButton("Save mapping…")
        top = QHBoxLayout()
        top.addWidget(QLabel("Sheet:"))
        top.addWidget(self.sheet_combo)
        top.addWidget(QLabel("Rows are:"))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel("Dates:"))
        top.addWidget(self.order_combo)
        top.addStretch(1)
        top.addWidget(self.load_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(scroll, 2)
        layout.addWidget(self.check_label)
        layout.addWidget(self.table, 3)
        self.sheet_combo.currentTextChanged.connect(self._on_sheet_combo_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.order_combo.currentIndexChanged.connect(self._on_field_combo_changed)
        self.load_button.clicked.connect(self._on_load_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def show_preview(self, found: Preview) -> None:
        """Show a file's first rows and its proposed mapping."""
        self.preview = found
        self.title.setText(f"<b>{found.path.name}</b>: choose the column of each field")
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(found.sheets)
        if found.sheet:
            self.sheet_combo.setCurrentText(found.sheet)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setEnabled(found.workbook)
        self.model.set_rows(found.header, found.rows)
        # Columns as wide as their first rows need, within reason, so values can be read.
        header = self.table.horizontalHeader()
        header.setMaximumSectionSize(320)
        self.table.resizeColumnsToContents()
        self.set_mapping(found.mapping or Mapping())

    def set_mapping(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(0 if mapping.kind == "events" else 1)
        self.kind_combo.blockSignals(False)
        self.order_combo.blockSignals(True)
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(mapping.date_order)))
        self.order_combo.blockSignals(False)
        self._build_form()
        self._recheck()
        self.mapping_changed.emit()

    def _build_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.field_combos.clear()
        header = self.preview.header if self.preview else []
        required = REQUIRED[self.mapping.kind]
        for ours in self.mapping.fields():
            combo = QComboBox()
            combo.addItem(_NONE, "")
            for h in header:
                combo.addItem(h, h)
            combo.setCurrentIndex(max(0, combo.findData(self.mapping.columns.get(ours, ""))))
            combo.currentIndexChanged.connect(self._on_field_combo_changed)
            self.field_combos[ours] = combo
            label = ours.replace("_", " ") + (" *" if ours in required else "")
            self.form.addRow(label, combo)

    def current_mapping(self) -> Mapping:
        """The mapping as the combos show it."""
        columns = {ours: combo.currentData() for ours, combo in self.field_combos.items()
                   if combo.currentData()}
        return Mapping(kind=self.mapping.kind, columns=columns, defaults=self.mapping.defaults,
                       dataset=self.mapping.dataset, sheet=self.sheet_combo.currentText() or None,
                       value_scale=self.mapping.value_scale,
                       date_order=self.order_combo.currentData())

    def undecided_dates(self) -> list[str]:
        """Date columns whose order the officer still has to choose."""
        return list(self.model.check.undecided)

    def _recheck(self) -> None:
        if self.preview is None:
            return
        check = check_rows(self.preview, self.mapping, self.mapping.date_order)
        self.model.set_check(check)
        parts = []
        if check.rejected:
            parts.append(f"{len(check.rejected)} of the first {len(self.preview.rows)} rows "
                         "would be rejected (red; hover for why)")
        if check.undecided:
            parts.append(f"dates in {', '.join(check.undecided)} read both day first and month "
                         "first (yellow): choose the order under “Dates”")
        self.check_label.setText("; ".join(parts))
        self.check_label.setVisible(bool(parts))

    def _on_field_combo_changed(self, _index: int) -> None:
        self.mapping = self.current_mapping()
        self._recheck()
        self.mapping_changed.emit()

    def _on_kind_combo_changed(self, _index: int) -> None:
        self.mapping = Mapping(kind=self.kind_combo.currentData(),
                               date_order=self.order_combo.currentData())
        self._build_form()
        self._recheck()
        self.mapping_changed.emit()

    def _on_sheet_combo_changed(self, sheet: str) -> None:
        if self.preview is not None and sheet:
            found = preview(self.preview.path, sheet=sheet)
            if not found.error:
                self.show_preview(found)

    def _on_load_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load column mapping", "",
                                              "Mappings (*.json)")
        if not path:
            return
        try:
            self.set_mapping(Mapping.load(path))
        except InputError as exc:
            QMessageBox.warning(self, "Cannot load the mapping", str(exc))

    def _on_save_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save column mapping", "mapping.json",
                                              "Mappings (*.json)")
        if path:
            self.current_mapping().save(path)
