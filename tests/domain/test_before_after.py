"""Before/after: mean monthly value around an event, with overlapping periods prorated."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from viewer.domain.before_after import before_after, daily_rates, side_mean
from viewer.domain.drawing import SeriesKey
from viewer.domain.periods import day_number
from viewer.io.default_store import create_store


def d(text: str) -> int:
    return day_number(dt.date.fromisoformat(text))


def test_finest_period_wins_and_later_revision_breaks_ties():
    starts = [d("2024-01-01"), d("2024-02-01"), d("2024-02-01")]
    ends = [d("2024-12-31"), d("2024-02-29"), d("2024-02-29")]
    values = [366.0, 29.0, 58.0]
    rates = daily_rates(starts, ends, values, d("2024-01-31"), d("2024-03-01"))
    assert rates[0] == pytest.approx(1.0)  # 31 Jan: the year
    assert rates[1] == pytest.approx(2.0)  # 1 Feb: the later of two Feb figures
    assert rates[-1] == pytest.approx(1.0)  # 1 Mar: the year again


def test_uncovered_days_are_left_out_and_reported():
    side = side_mean([d("2024-01-01")], [d("2024-01-31")], [310.0],
                     d("2024-01-01"), d("2024-02-29"), 2)
    assert side.covered_days == 31
    # 310 over 31 covered days, scaled to the 60 days of the side, over 2 months.
    assert side.mean_monthly == pytest.approx(10.0 * 60 / 2)
    assert side.coverage == pytest.approx(31 / 60)
    empty = side_mean([], [], [], d("2024-01-01"), d("2024-01-31"), 1)
    assert empty.mean_monthly is None and empty.covered_days == 0


def test_change_is_none_without_a_base():
    result = before_after([d("2024-03-01")], [d("2024-03-31")], [5.0], d("2024-03-01"), 1)
    assert result.before.mean_monthly is None and result.change_pct is None
    with pytest.raises(ValueError):
        before_after([], [], [], d("2024-03-01"), 0)


def test_sample_exports_around_the_ifrp_start_by_hand(tmp_path):
    store = create_store(str(tmp_path / "sample.sqlite"), empty=False)
    try:
        ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
        # SBP's goods-and-services series: customs goods figures are a series apart.
        series = store.trade_arrays(SeriesKey("PAK", "AFG", "export", "TOTAL",
                                              "goods-and-services"))
    finally:
        store.close()
    result = before_after(series.start, series.end, series.value, day_number(ifrp.start), 6)
    # Before: May–Oct 2023. May has no monthly figure, so FY2022-23 (365 days) prorated;
    # August falls in the Jul–Oct 2023 span (123 days); the other four months are reported.
    may = 522_271_000 / 365 * 31
    aug = 180_686_000 / 123 * 31
    before = (may + 43_657_000 + 42_173_000 + aug + 40_217_000 + 52_077_000) / 6
    # After: Nov 2023–Apr 2024. Nov and Dec are reported; Jan–Mar 2024 come from the
    # July–March FY2023-24 span (275 days, a leap year) prorated over 31+29+31 days, and
    # April from FY2023-24 (366 days) prorated over 30.
    jan_mar = 378_900_000 / 275 * (31 + 29 + 31)
    apr = 544_008_000 / 366 * 30
    after = (51_911_000 + 28_019_000 + jan_mar + apr) / 6
    assert result.before.first_day == d("2023-05-01")
    assert result.before.last_day == d("2023-10-31")
    assert result.after.last_day == d("2024-04-30")
    assert result.before.covered_days == result.before.days == 184
    assert result.after.covered_days == 182
    assert result.before.mean_monthly == pytest.approx(before)
    assert result.after.mean_monthly == pytest.approx(after)
    assert result.change_pct == pytest.approx((after - before) / before * 100)
    assert np.isfinite(result.change_pct)
