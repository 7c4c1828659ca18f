"""Edit ▸ Sources…, Actors…, Eras…: the rows in a list, the chosen one in a form with each
field checked; New, Save and Delete are commands on the window's undo stack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.app.edit_commands import CreateRowCommand, DeleteRowCommand, EditRowCommand
from viewer.app.models.base import Index, RowsTableModel
from viewer.domain.model import ActorKind
from viewer.domain.reference_rows import ENTITIES, FieldSpec, ReferenceRow, check_row

NO_DATE = QDate(1900, 1, 1)


class ReferenceTableModel(RowsTableModel):
    """The rows of one entity, its fields as columns."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, entity: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specs = [s for s in ENTITIES[entity][1] if s.kind != "long"]
        self.HEADERS = tuple(s.label for s in self.specs)

    def set_rows(self, rows: list[ReferenceRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.values.get(self.specs[index.column()].name)
            return "" if value is None else str(value)
        return None


class _Field:
    """One form field for a FieldSpec: the widget, and reading and showing its value."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        if spec.kind == "date":
            self.widget: QWidget = QDateEdit()
            self.widget.setCalendarPopup(True)
            self.widget.setDisplayFormat("yyyy-MM-dd")
            self.widget.setMinimumDate(NO_DATE)
            self.widget.setSpecialValueText("(none)")
        elif spec.kind == "actor_kind":
            self.widget = QComboBox()
            self.widget.addItem("(not known)", None)
            for kind in ActorKind:
                self.widget.addItem(kind.value.replace("_", " "), kind.value)
        elif spec.kind == "long":
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setMaximumHeight(110)
        else:
            self.widget = QLineEdit()
            if spec.kind == "colour":
                self.widget.setPlaceholderText("#8da0cb")
            elif spec.kind == "country":
                self.widget.setPlaceholderText("PAK, or a name: Pakistan")
            elif spec.kind == "url":
                self.widget.setPlaceholderText("https://…")
        self.widget.setAccessibleName(spec.label)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()

    def show(self, value: object) -> None:
        w = self.widget
        if isinstance(w, QDateEdit):
            w.setDate(QDate(value.year, value.month, value.day)
                      if isinstance(value, dt.date) else NO_DATE)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        else:
            w.setText("" if value is None else str(value))

    def value(self) -> object:
        w = self.widget
        if isinstance(w, QDateEdit):
            return None if w.date() == NO_DATE else w.date().toPython()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return w.text()

    def changed_signal(self):  # noqa: ANN201
        w = self.widget
        if isinstance(w, QDateEdit):
            return w.dateChanged
        if isinstance(w, QComboBox):
            return w.currentIndexChanged
        return w.textChanged


class ReferenceDialog(QDialog):
    """List and edit one kind of reference row; `run(step)` performs a change."""

    def __init__(self, entity: str, rows: Callable[[], list[ReferenceRow]],
                 one: Callable[[int], ReferenceRow | None],
                 save: Callable[[ReferenceRow | None, dict], ReferenceRow | None],
                 remove: Callable[[ReferenceRow], bool], read_only: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title, specs = ENTITIES[entity]
        self.setWindowTitle(title)
        self.entity, self._rows, self._one = entity, rows, one
        self._save, self._remove = save, remove
        self.current: ReferenceRow | None = None
        self.model = ReferenceTableModel(entity, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields = {spec.name: _Field(spec) for spec in specs}
        form = QFormLayout()
        for f in self.fields.values():
            caption = QLabel(f.spec.label + (" *" if f.spec.required else ""))
            caption.setBuddy(f.widget)
            form.addRow(caption, f.widget)
            form.addRow("", f.problem)
            f.changed_signal().connect(self._recheck)
        self.new_button = QPushButton("&New")
        self.save_button = QPushButton("&Save")
        self.delete_button = QPushButton("&Delete")
        self.uses = QLabel()
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
            b.setEnabled(not read_only)
            b.setToolTip(read_only)
        buttons.addStretch(1)
        buttons.addWidget(self.uses)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.read_only = read_only
        self.reload()
        self.resize(860, 640)

    def reload(self, select_id: int | None = None) -> None:
        rows = self._rows()
        self.model.set_rows(rows)
        target = next((i for i, r in enumerate(rows) if r.id == select_id), 0 if rows else -1)
        if target >= 0:
            self.table.selectRow(target)
        else:
            self.start_new()

    def _on_current_row_changed(self, current, _previous) -> None:  # noqa: ANN001
        row = self.model.row_at(current)
        if row is not None and row.id is not None:
            self.show_row(self._one(row.id) or row)  # fresh, with what cites it

    def show_row(self, row: ReferenceRow | None) -> None:
        self.current = row
        for name, f in self.fields.items():
            f.show(row.values.get(name) if row else None)
        self.uses.setText(f"cited by {row.uses:,}" if row and row.uses else "")
        self.delete_button.setEnabled(bool(row) and not self.read_only)
        self._recheck()

    def start_new(self) -> None:
        self.table.clearSelection()
        self.show_row(None)

    def values(self) -> dict:
        return {name: f.value() for name, f in self.fields.items()}

    def _recheck(self, *_args) -> None:
        _values, errors = check_row(self.entity, self.values())
        for name, f in self.fields.items():
            f.problem.setText(f"⚠ {errors[name]}" if name in errors else "")
            f.problem.setVisible(name in errors)
        self.save_button.setEnabled(not errors and not self.read_only)

    def save(self) -> None:
        values, errors = check_row(self.entity, self.values())
        if errors:
            return
        saved = self._save(self.current, values)
        if saved is not None:
            self.reload(saved.id)

    def delete(self) -> None:
        if self.current is not None and self._remove(self.current):
            self.reload()


def edit_reference_rows(editing, entity: str) -> None:  # noqa: ANN001 - an EditController
    """Open the list of an entity's rows; each save or delete is an undoable command."""
    store = editing.store
    reason = f"The store is read-only: {store.read_only_reason}" if store.read_only else ""

    def save(current: ReferenceRow | None, values: dict) -> ReferenceRow | None:
        if current is None or current.id is None:
            created = editing.try_write(lambda: store.create_reference_row(entity, values))
            if created is not None:
                editing.stack.push(CreateRowCommand(store, created, editing.changed, editing.tell))
                editing.changed()
            return created
        after = editing.try_write(lambda: store.update_reference_row(entity, current.id, values,
                                                             current.version))
        if after is not None and after.version != current.version:
            editing.stack.push(EditRowCommand(store, current, after, editing.changed,
                                           editing.tell))
            editing.changed()
        return after

    def remove(row: ReferenceRow) -> bool:
        deleted = editing.try_write(lambda: store.delete_reference_row(entity, row.id, row.version))
        if deleted is None:
            return False
        editing.stack.push(DeleteRowCommand(store, deleted, editing.changed, editing.tell))
        editing.changed()
        return True

    editing.editor = dialog = ReferenceDialog(
        entity, lambda: store.reference_rows(entity),
        lambda row_id: store.reference_row(entity, row_id), save, remove, reason,
        editing.window)
    try:
        dialog.exec()
    finally:
        editing.editor = None
        dialog.deleteLater()
