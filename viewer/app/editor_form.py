"""What the editors share: a form whose every row has its problem shown beneath it, in a
scroll area over Save and Cancel, and the date and text fields they are built of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, str, QWidget | QLayout, QWidget | None]  # name, caption, field, buddy


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def py_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def date_edit() -> QDateEdit:
    """A date field with its calendar, shown as 2025-06-01."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def text_box(placeholder: str) -> QPlainTextEdit:
    """A few lines of text; Tab moves on, as in every other field."""
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(90)
    return edit


def checked_form(dialog: QDialog, rows: Sequence[Row]
                 ) -> tuple[dict[str, QLabel], QDialogButtonBox]:
    """Lay out the rows in `dialog`: each caption reaches its field (or buddy) by
    Alt+letter, a hidden problem label under each; returns the labels by name and the
    Save/Cancel buttons."""
    form = QFormLayout()
    problems: dict[str, QLabel] = {}
    for name, label, field, buddy in rows:
        caption = QLabel(label)
        if buddy is not None or isinstance(field, QWidget):
            caption.setBuddy(buddy or field)
        problem = QLabel()
        problem.setWordWrap(True)
        problem.setAccessibleName(f"{label.replace('&', '') or name} problem")
        problem.hide()
        # The problem under its field, in one cell: hidden, it takes no room at all.
        cell = QVBoxLayout()
        cell.setSpacing(2)
        if isinstance(field, QWidget):
            cell.addWidget(field)
        else:
            cell.addLayout(field)
        cell.addWidget(problem)
        form.addRow(caption, cell)
        problems[name] = problem
    body = QWidget()
    body.setLayout(form)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll)
    layout.addWidget(buttons)
    return problems, buttons
