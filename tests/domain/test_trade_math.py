"""Value per month and money formatting."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from viewer.domain.periods import day_number
from viewer.domain.trade_math import money, months_spanned, per_month


def d(text: str) -> int:
    return day_number(dt.date.fromisoformat(text))


def test_months_of_fiscal_year_month_and_part_year_span():
    starts = np.array([d("2022-07-01"), d("2024-02-01"), d("2021-07-01"), d("2024-01-10")])
    ends = np.array([d("2023-06-30"), d("2024-02-29"), d("2022-01-31"), d("2024-01-19")])
    months = months_spanned(starts, ends)
    assert list(months[:3]) == [12, 1, 7]
    assert months[3] == pytest.approx(10 / (365.2425 / 12))
    assert per_month(starts[:1], ends[:1], np.array([522_271_000.0]))[0] == pytest.approx(
        522_271_000 / 12)


def test_money_units():
    assert money(52_077_000) == "$52.1M"
    assert money(1_192_559_000, "/mo") == "$1.19B/mo"
    assert money(905_000) == "$905K"
    assert money(-150_000) == "-$150K"
    assert money(12) == "$12"
    assert money(250_000_000) == "$250M"
