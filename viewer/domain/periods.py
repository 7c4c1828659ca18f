"""Calendar arithmetic for periods: months, Pakistan's July–June fiscal years, day numbers."""

from __future__ import annotations

import calendar
import datetime as dt

from viewer.domain.model import Period, PeriodKind

EPOCH = dt.date(1970, 1, 1)
FISCAL_YEAR_START_MONTH = 7  # Pakistan's fiscal year runs 1 July – 30 June


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: the time axis of every pane."""
    return (day - EPOCH).days


def from_day_number(number: float) -> dt.date:
    """The date of a (possibly fractional) day number."""
    return EPOCH + dt.timedelta(days=int(number // 1))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int) -> Period:
    """The period of one calendar month."""
    return Period(
        dt.date(year, month, 1),
        month_end(year, month),
        PeriodKind.MONTH,
        fiscal_year_label(dt.date(year, month, 1)),
    )


def calendar_year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodKind.CALENDAR_YEAR)


def fiscal_year_label(day: dt.date) -> str:
    """Pakistan's fiscal-year label of a day: 2022-07-01 and 2023-06-30 are both '2022-23'."""
    first = day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def fiscal_year_period(label: str) -> Period:
    """The period of a fiscal-year label such as '2022-23' or 'FY2022-23'."""
    text = label.strip().upper().removeprefix("FY").strip()
    try:
        first = int(text.split("-")[0])
    except ValueError:
        raise ValueError(f"not a fiscal year: {label!r} (expected e.g. 2022-23)") from None
    start = dt.date(first, FISCAL_YEAR_START_MONTH, 1)
    end = dt.date(first + 1, FISCAL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)
    return Period(start, end, PeriodKind.FISCAL_YEAR, fiscal_year_label(start))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
