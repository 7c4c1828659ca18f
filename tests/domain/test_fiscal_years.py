"""Fiscal years follow the reporter, from the table beside the module."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.fiscal_years import describe, fiscal_year, fiscal_year_period


@pytest.mark.parametrize(("reporter", "day", "start", "end", "label"), [
    ("PAK", dt.date(2023, 6, 30), dt.date(2022, 7, 1), dt.date(2023, 6, 30), "2022-23"),
    ("IND", dt.date(2023, 4, 1), dt.date(2023, 4, 1), dt.date(2024, 3, 31), "2023-24"),
    ("IND", dt.date(2023, 3, 31), dt.date(2022, 4, 1), dt.date(2023, 3, 31), "2022-23"),
    ("BGD", dt.date(2024, 1, 5), dt.date(2023, 7, 1), dt.date(2024, 6, 30), "2023-24"),
    ("CHN", dt.date(2024, 5, 5), dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024"),
    ("AFG", dt.date(2024, 1, 5), dt.date(2023, 3, 21), dt.date(2024, 3, 20), "2023-24"),
    # The year cut short when Kabul moved its year start from Jaddi to Hamal.
    ("AFG", dt.date(2022, 1, 10), dt.date(2021, 12, 21), dt.date(2022, 3, 20), "2021-22"),
])
def test_fiscal_year_of_a_day(reporter, day, start, end, label) -> None:
    p = fiscal_year(reporter, day)
    assert (p.start, p.end, p.fiscal_year) == (start, end, label)


def test_labels_back_to_periods_and_words() -> None:
    assert fiscal_year_period("IND", "FY2022-23").start == dt.date(2022, 4, 1)
    assert fiscal_year_period("PAK", "2019-20").end == dt.date(2020, 6, 30)
    assert fiscal_year_period("USA", "2023").end == dt.date(2023, 12, 31)
    assert "1 July" in describe("PAK") and describe("CHN") == "CHN: calendar years"
