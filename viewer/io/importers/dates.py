"""Dates as colleagues' sheets write them, with the day/month order decided per column.

A column's order comes from all its values: a value whose first number is over 12 can
only be day first, one whose second number is over 12 only month first. When no value
tells, the order is a question for the officer (the CLI's --date-order, the dialog's
choice, kept in the mapping). ISO dates (with or without a time), 8-digit dates, month
names in English, Excel serial day numbers, months and years need no order. Each
distinct text is parsed once per column: a sheet repeats few dates many times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from viewer.domain.model import Precision
from viewer.io.importers.report import RowError


class DateOrder(StrEnum):
    """Order of day, month and year in numeric dates such as 03/05/2024."""

    DMY = "DMY"
    MDY = "MDY"
    YMD = "YMD"


ORDER_NAMES = {DateOrder.DMY: "day first (03/05/2024 is 3 May)",
               DateOrder.MDY: "month first (03/05/2024 is 5 March)",
               DateOrder.YMD: "year first (2024/03/05)"}
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december"), 1)}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T].*)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$|^(\d{4})[/.\-](\d{1,2})$")
_TOKENS = re.compile(r"[A-Za-z]+|\d+(?::\d+)*(?:st|nd|rd|th)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, past its 1900 leap-year slip
EXAMPLES = "2024-03-05, 05/03/2024, 5 Mar 2024, March 5, 2024, 2024-03, Mar 2024 or 2024"


@dataclass(frozen=True)
class OrderEvidence:
    """What a column's values say about its order: the order and a value that shows it."""

    order: DateOrder | None  # None: no value tells (see `ambiguous`)
    example: str = ""  # a value that decides it, or an ambiguous one
    ambiguous: bool = False  # numeric dates whose order no value tells


def orders_of(text: str) -> frozenset[DateOrder] | None:
    """The orders a numeric date allows; None when its reading needs no order."""
    m = _NUMERIC.match(text.strip())
    if not m:
        return None
    a, b, c = m.groups()
    if len(a) == 4:
        return frozenset({DateOrder.YMD})
    first, second = int(a), int(b)
    if first == second or (first > 12 and second > 12):
        return frozenset({DateOrder.DMY, DateOrder.MDY})  # the same date, or none at all
    if first > 12:
        return frozenset({DateOrder.DMY})
    if second > 12:
        return frozenset({DateOrder.MDY})
    return frozenset({DateOrder.DMY, DateOrder.MDY})


def is_ambiguous(text: str) -> bool:
    """A numeric date that reads as two different days ('03/05/2024')."""
    m = _NUMERIC.match(text.strip())
    if not m or len(m.group(1)) == 4:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return first != second and first <= 12 and second <= 12


def decide_order(values: Iterable[str], column: str) -> OrderEvidence:
    """The order all values of one column agree on; RowError when they contradict."""
    seen: dict[DateOrder, str] = {}
    ambiguous = ""
    for value in values:
        orders = orders_of(value)
        if orders is None:
            continue
        if len(orders) == 1:
            seen.setdefault(next(iter(orders)), value.strip())
        elif not ambiguous and is_ambiguous(value):
            ambiguous = value.strip()
    if DateOrder.DMY in seen and DateOrder.MDY in seen:
        raise RowError(column, f"mixes day-first dates ({seen[DateOrder.DMY]!r}) and "
                               f"month-first dates ({seen[DateOrder.MDY]!r})")
    for order in (DateOrder.DMY, DateOrder.MDY):
        if order in seen:
            return OrderEvidence(order, seen[order])
    if ambiguous:
        return OrderEvidence(None, ambiguous, ambiguous=True)
    return OrderEvidence(DateOrder.YMD if seen else None, seen.get(DateOrder.YMD, ""))


def two_readings(text: str) -> str:
    """'3 May or 5 March 2024' for an ambiguous date, to put the question plainly."""
    m = _NUMERIC.match(text.strip())
    if not m:
        return text
    a, b, c = (int(x) for x in m.groups())
    year = _year(m.group(3))
    day_first, month_first = dt.date(year, b, a), dt.date(year, a, b)
    return f"{day_first:%-d %B} or {month_first:%-d %B %Y}"


class DateColumn:
    """Parser of one column's dates in a given order, cached per distinct text."""

    def __init__(self, field: str, order: DateOrder | None) -> None:
        self.field = field
        self.order = order
        self._cache: dict[str, tuple[dt.date, Precision]] = {}

    def parse(self, text: str) -> tuple[dt.date, Precision]:
        found = self._cache.get(text)
        if found is None:
            found = self._parse(text.strip())
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[text] = found
        return found

    def _parse(self, t: str) -> tuple[dt.date, Precision]:
        try:
            found = _fixed(t) or self._numeric(t) or _month_year(t) or _named(t)
        except RowError:
            raise
        except (ValueError, OverflowError):
            raise RowError(self.field, f"not a valid date: {t[:40]!r}") from None
        if found is None:
            raise RowError(self.field, f"not a date (e.g. {EXAMPLES}): {t!r}")
        return found

    def _numeric(self, t: str) -> tuple[dt.date, Precision] | None:
        m = _NUMERIC.match(t)
        if not m:
            return None
        a, b, c = m.groups()
        if len(a) == 4:
            return dt.date(int(a), int(b), int(c)), Precision.DAY
        order = self.order
        if order is None and is_ambiguous(t):
            raise RowError(self.field, f"{t!r} reads as {two_readings(t)}; say which order "
                                       "the dates are in")
        if order is DateOrder.YMD:
            raise RowError(self.field, f"not a year-first date: {t!r}")
        first, second = int(a), int(b)
        if order is None:
            order = DateOrder.DMY if first > 12 or first == second else DateOrder.MDY
        day, month = (first, second) if order is DateOrder.DMY else (second, first)
        return dt.date(_year(c), month, day), Precision.DAY


def _year(text: str) -> int:
    """A year of 4 digits, or of 2 read as Python's %y does (69–99 are 1900s)."""
    year = int(text)
    if len(text) == 2:
        return year + (1900 if year >= 69 else 2000)
    if len(text) != 4:
        raise ValueError(text)
    return year


def _fixed(t: str) -> tuple[dt.date, Precision] | None:
    """Forms that need no order: ISO (with a time), YYYYMMDD, YYYYMM, YYYY, Excel serials."""
    if len(t) >= 10 and t[4] == "-" and t[7] == "-" and t[:4].isdigit() and \
            (len(t) == 10 or t[10] in "T "):
        return dt.date(int(t[:4]), int(t[5:7]), int(t[8:10])), Precision.DAY
    if len(t) == 7 and t[4] == "-" and t[:4].isdigit() and t[5:].isdigit():
        return dt.date(int(t[:4]), int(t[5:]), 1), Precision.MONTH
    if t.isdigit():
        if len(t) == 8:
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:])), Precision.DAY
        if len(t) == 6:
            return dt.date(int(t[:4]), int(t[4:]), 1), Precision.MONTH
        if len(t) == 4:
            return dt.date(int(t), 1, 1), Precision.YEAR
    whole, _, fraction = t.partition(".")
    if len(whole) == 5 and whole.isdigit() and (not fraction or fraction.isdigit()):
        # Excel stores a date as its day number; a sheet saved as text keeps the number.
        return _EXCEL_EPOCH + dt.timedelta(days=int(whole)), Precision.DAY
    return None


def _month_year(t: str) -> tuple[dt.date, Precision] | None:
    m = _MONTH_YEAR.match(t)
    if not m:
        return None
    month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return dt.date(int(year), int(month), 1), Precision.MONTH


def _month_of(word: str) -> int | None:
    w = word.lower()
    if len(w) < 3:
        return None
    for name, number in _MONTHS.items():
        if name.startswith(w) or (w == "sept" and number == 9):
            return number
    return None


def _named(t: str) -> tuple[dt.date, Precision] | None:
    """English month names: 'March 5, 2024', '5 Mar 2024', 'Tue, 5 March 2024', 'Mar 2024'."""
    tokens = _TOKENS.findall(t)
    months = [_month_of(x) for x in tokens if x.isalpha()]
    words = [x for x in tokens if x.isalpha() and _month_of(x) is None
             and x[:3].lower() not in _WEEKDAYS]
    numbers = [x.rstrip("stndrh") for x in tokens if x[0].isdigit() and ":" not in x]
    found = [m for m in months if m is not None]
    if len(found) != 1:
        return None
    if words:
        return _by_dateutil(t)
    month = found[0]
    if len(numbers) == 1 and len(numbers[0]) == 4:
        return dt.date(int(numbers[0]), month, 1), Precision.MONTH
    if len(numbers) != 2:
        return None
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else (numbers[0], numbers[1])
    return dt.date(_year(year), month, int(day)), Precision.DAY


def _by_dateutil(t: str) -> tuple[dt.date, Precision] | None:
    """Other English forms ('Tue, 05 Mar 2024 10:00:00 GMT'); a part the text leaves out
    would be filled from the default, so two defaults must give the same date."""
    from dateutil import parser

    try:
        one = parser.parse(t, default=dt.datetime(2001, 1, 1))
        two = parser.parse(t, default=dt.datetime(2002, 2, 2))
    except (ValueError, OverflowError):
        return None
    if one.date() == two.date():
        return one.date(), Precision.DAY
    return None
