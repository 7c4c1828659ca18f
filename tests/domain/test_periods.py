"""Periods: Pakistan's fiscal years, months, day numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.model import Period, PeriodKind
from viewer.domain.periods import (
    add_months,
    day_number,
    fiscal_year_label,
    fiscal_year_period,
    from_day_number,
    month_period,
)


def test_fiscal_year_runs_july_to_june() -> None:
    p = fiscal_year_period("2022-23")
    assert (p.start, p.end, p.kind, p.fiscal_year) == (
        dt.date(2022, 7, 1), dt.date(2023, 6, 30), PeriodKind.FISCAL_YEAR, "2022-23")
    assert fiscal_year_period("FY1999-00").end == dt.date(2000, 6, 30)
    assert fiscal_year_label(dt.date(2023, 6, 30)) == "2022-23"
    assert fiscal_year_label(dt.date(2023, 7, 1)) == "2023-24"
    with pytest.raises(ValueError, match="fiscal year"):
        fiscal_year_period("last year")


def test_month_period_and_leap_february() -> None:
    p = month_period(2024, 2)
    assert (p.start, p.end, p.days) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), 29)


def test_day_numbers_round_trip() -> None:
    day = dt.date(2023, 11, 1)
    assert from_day_number(day_number(day)) == day
    assert day_number(dt.date(1970, 1, 1)) == 0


def test_add_months_clamps() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 11, 1), -6) == dt.date(2023, 5, 1)


def test_period_refuses_end_before_start() -> None:
    with pytest.raises(ValueError):
        Period(dt.date(2024, 2, 1), dt.date(2024, 1, 1), PeriodKind.SPAN)
