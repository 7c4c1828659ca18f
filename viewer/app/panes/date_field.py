"""A date typed as the officer writes it, or picked from a calendar.

QDateEdit edits its date section by section, so a whole date typed over it ("2023-10-01")
keeps the old year. Here the text is read whole when the officer presses Enter or leaves
the field: "2023-10-01", "2023/10/01", "1 Oct 2023", "Oct 1 2023", or a month ("2023-10",
"Oct 2023") or a year ("2023"), which mean their first day in From and their last in To.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

FIRST, LAST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")


def parse_date(text: str, end: bool = False) -> dt.date | None:
    """The day a typed text names; a month or year gives its first day (its last if `end`)."""
    t = " ".join(text.strip().split())
    year = month = day = None
    if m := _ISO.match(t):
        year, month = int(m[1]), int(m[2])
        day = int(m[3]) if m[3] else None
    elif m := _YEAR.match(t):
        year = int(m[1])
    elif m := _DAY_MONTH_YEAR.match(t):
        day, month, year = int(m[1]), _MONTHS.get(m[2].lower()), int(m[3])
    elif m := _MONTH_DAY_YEAR.match(t):
        month, day, year = _MONTHS.get(m[1].lower()), int(m[2]), int(m[3])
    elif m := _MONTH_YEAR.match(t):
        month, year = _MONTHS.get(m[1].lower()), int(m[2])
    if year is None or (month is None and (day is not None or not _YEAR.match(t))):
        return None
    try:
        if month is None:
            found = dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        elif day is None:
            found = dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        else:
            found = dt.date(year, month, day)
    except ValueError:
        return None
    return found if FIRST <= found <= LAST else None


class DateField(QWidget):
    """A line for a typed date and a button for a calendar; says when a text is no date."""

    date_edited = Signal(object)  # dt.date, typed or picked by the officer
    problem = Signal(str)  # why the typed text was not taken ("" once it is fine again)

    def __init__(self, name: str, end: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.end = end
        self._date = FIRST
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(name)
        self.edit.setToolTip("Type a date (2023-10-01, 1 Oct 2023), a month (2023-10) or a "
                             "year, then press Enter; or pick one from the calendar")
        self.edit.setPlaceholderText("yyyy-mm-dd")
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(f"{name}: calendar")
        self.button.setToolTip("Pick the date from a calendar")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar: QCalendarWidget | None = None  # made when first opened: it is slow
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.returnPressed.connect(self.commit)
        self.edit.installEventFilter(self)

    def date(self) -> dt.date:
        return self._date

    def set_date(self, day: dt.date) -> None:
        """Show a date (from the window) unless the officer is typing one."""
        self._date = day
        if not self.edit.hasFocus() or not self.edit.isModified():
            self.edit.setText(day.isoformat())
            self.edit.setModified(False)

    def commit(self) -> bool:
        """Take the typed text: a new date is announced, a bad one explained."""
        day = parse_date(self.edit.text(), self.end)
        if day is None:
            self.problem.emit(f"“{self.edit.text().strip()}” is not a date between "
                              f"{FIRST.year} and {LAST.year}: type e.g. 2023-10-01, "
                              "1 Oct 2023, 2023-10 or 2023.")
            return False
        self.problem.emit("")
        self.edit.setModified(False)
        self.edit.setText(day.isoformat())
        if day != self._date:
            self._date = day
            self.date_edited.emit(day)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.edit and event.type() == QEvent.Type.FocusOut \
                and self.edit.isModified():
            self.commit()
        return super().eventFilter(watched, event)

    def _on_menu_about_to_show(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            self.calendar.setDateRange(QDate(FIRST.year, 1, 1), QDate(LAST.year, 12, 31))
            self.calendar.clicked.connect(self._on_calendar_clicked)
            picker = QWidgetAction(self.button.menu())
            picker.setDefaultWidget(self.calendar)
            self.button.menu().addAction(picker)
        self.calendar.setSelectedDate(QDate(self._date.year, self._date.month, self._date.day))

    def _on_calendar_clicked(self, day: QDate) -> None:
        self.edit.setText(day.toPython().isoformat())
        self.button.menu().hide()
        self.commit()
