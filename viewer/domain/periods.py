"""Calendar arithmetic for periods: months, fiscal years, day numbers.

Fiscal years follow the reporter (`viewer.domain.fiscal_years`); callers that name none
get Pakistan's, the sample relationship's reporter.
"""

from __future__ import annotations

import calendar
import datetime as dt

from viewer.domain import fiscal_years
from viewer.domain.model import Period, PeriodKind

EPOCH = dt.date(1970, 1, 1)
DEFAULT_REPORTER = "PAK"


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: the time axis of every pane."""
    return (day - EPOCH).days


def from_day_number(number: float) -> dt.date:
    """The date of a (possibly fractional) day number."""
    return EPOCH + dt.timedelta(days=int(number // 1))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int, reporter: str = DEFAULT_REPORTER) -> Period:
    """The period of one calendar month, with the reporter's fiscal-year label."""
    return Period(
        dt.date(year, month, 1),
        month_end(year, month),
        PeriodKind.MONTH,
        fiscal_year_label(dt.date(year, month, 1), reporter),
    )


def calendar_year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodKind.CALENDAR_YEAR)


def fiscal_year_label(day: dt.date, reporter: str = DEFAULT_REPORTER) -> str:
    """The reporter's fiscal-year label of a day: for Pakistan 2022-07-01 and 2023-06-30
    are both '2022-23'."""
    return fiscal_years.fiscal_year_label(reporter, day)


def fiscal_year_period(label: str, reporter: str = DEFAULT_REPORTER) -> Period:
    """The period of a fiscal-year label such as '2022-23' or 'FY2022-23'."""
    return fiscal_years.fiscal_year_period(reporter, label)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
