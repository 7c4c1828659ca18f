"""The editor of an officer's timeline note: its text and its date (or dates)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from viewer.domain.model import Annotation


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class AnnotationDialog(QDialog):
    """Text and dates of a timeline note; an existing note can be deleted from here."""

    DELETE = 3  # the dialog's result when the officer deletes the note

    def __init__(self, title: str, note: Annotation | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text_edit = QPlainTextEdit(note.text if note else "")
        self.text_edit.setPlaceholderText("e.g. Minister's visit planned; ask the embassy")
        self.text_edit.setTabChangesFocus(True)
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        start = note.start if note else dt.date.today()
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(note.end if note and note.end else start))
        self.has_end = QCheckBox("until")
        self.has_end.setChecked(bool(note and note.end))
        self.end_edit.setEnabled(self.has_end.isChecked())
        self.has_end.toggled.connect(self.end_edit.setEnabled)
        self.problem = QLabel()
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(self.has_end)
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        form = QFormLayout(self)
        form.addRow("&Note", self.text_edit)
        form.addRow("&Date", dates)
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        if note is not None and note.id is not None:  # a stored note, not a template
            delete = self.buttons.addButton("Delete note",
                                            QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(lambda: self.done(self.DELETE))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for signal in (self.text_edit.textChanged, self.start_edit.dateChanged,
                       self.end_edit.dateChanged, self.has_end.toggled):
            signal.connect(self._recheck)
        self._recheck()

    def _recheck(self, *_args) -> None:
        problem = ""
        if not self.text_edit.toPlainText().strip():
            problem = "a note needs some text"
        elif self.has_end.isChecked() and self.end_edit.date() < self.start_edit.date():
            problem = "it ends before it starts"
        self.problem.setText(f"⚠ {problem}" if problem else "")
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def annotation(self) -> Annotation:
        """The note as typed (without id; the editor's caller knows which note it is)."""
        end = _date(self.end_edit.date()) if self.has_end.isChecked() else None
        return Annotation(self.text_edit.toPlainText().strip(), _date(self.start_edit.date()),
                          end)
