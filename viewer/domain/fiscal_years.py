"""Fiscal years per reporter, read from fiscal_years.csv beside this module.

Each reporting country's statistics office counts its year from its own first day:
Pakistan from 1 July, India from 1 April, Afghanistan from 1 Hamal since 2022. A reporter
without a row counts calendar years. Labels name the calendar years a fiscal year
touches ('2022-23'), or the one year when it is a calendar year ('2023').
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from viewer.domain.model import Period, PeriodKind

TABLE = Path(__file__).with_name("fiscal_years.csv")


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    """How one reporter counts its fiscal year, from `valid_from` on."""

    reporter: str
    valid_from: dt.date
    start_month: int
    start_day: int
    definition: str
    source: str

    def start_in(self, year: int) -> dt.date:
        return dt.date(year, self.start_month, self.start_day)


CALENDAR_YEAR = FiscalCalendar("", dt.date.min, 1, 1, "the calendar year", "")


@cache
def calendars() -> dict[str, tuple[FiscalCalendar, ...]]:
    """Every reporter's calendars, oldest first."""
    out: dict[str, list[FiscalCalendar]] = {}
    with TABLE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["reporter"], []).append(FiscalCalendar(
                r["reporter"], dt.date.fromisoformat(r["valid_from"]), int(r["start_month"]),
                int(r["start_day"]), r["definition"], r["source"]))
    return {k: tuple(sorted(v, key=lambda c: c.valid_from)) for k, v in out.items()}


def calendar_of(reporter: str | None, day: dt.date) -> FiscalCalendar:
    """The calendar the reporter used on `day` (calendar years when none is known)."""
    found = CALENDAR_YEAR
    for c in calendars().get((reporter or "").upper(), ()):
        if c.valid_from <= day:
            found = c
    return found


def fiscal_year(reporter: str | None, day: dt.date) -> Period:
    """The reporter's fiscal year holding `day`, labelled."""
    c = calendar_of(reporter, day)
    first = day.year if day >= c.start_in(day.year) else day.year - 1
    start = c.start_in(first)
    following = calendar_of(reporter, c.start_in(first + 1))
    end = following.start_in(first + 1) - dt.timedelta(days=1)
    if following is not c and following.valid_from > start:
        end = following.valid_from - dt.timedelta(days=1)  # the short year of a change
    return Period(start, end, PeriodKind.FISCAL_YEAR, _label(start, end))


def _label(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def fiscal_year_label(reporter: str | None, day: dt.date) -> str:
    """'2022-23' for Pakistan on 1 Jul 2022 and on 30 Jun 2023; '2023' for a calendar year."""
    return fiscal_year(reporter, day).fiscal_year or ""


def fiscal_year_period(reporter: str | None, label: str) -> Period:
    """The period of a label such as '2022-23', 'FY2022-23' or '2023' for the reporter."""
    text = label.strip().upper().removeprefix("FY").strip()
    try:
        first = int(text.split("-")[0])
    except ValueError:
        raise ValueError(f"not a fiscal year: {label!r} (expected e.g. 2022-23)") from None
    c = calendar_of(reporter, dt.date(first, 12, 31))
    return fiscal_year(reporter, c.start_in(first) if c.start_month > 1 or c.start_day > 1
                       else dt.date(first, 1, 1))


def describe(reporter: str | None, day: dt.date | None = None) -> str:
    """The reporter's fiscal year in words, for notes beside totals."""
    c = calendar_of(reporter, day or dt.date.today())
    who = reporter or "the reporter"
    return f"{who}: {c.definition}" if c is not CALENDAR_YEAR else f"{who}: calendar years"
