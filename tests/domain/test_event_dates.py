"""Event dates written with their precision."""

from __future__ import annotations

import datetime as dt

from viewer.domain.dates import format_event_date
from viewer.domain.model import Precision


def test_each_precision():
    day = dt.date(2024, 3, 16)
    assert format_event_date(day, None, Precision.DAY) == "16 Mar 2024"
    assert format_event_date(day, None, Precision.MONTH) == "Mar 2024 (month)"
    assert format_event_date(day, None, "year") == "2024 (year)"
    assert format_event_date(day, None, Precision.APPROXIMATE) == "~16 Mar 2024 (approx.)"


def test_spans():
    assert format_event_date(dt.date(2023, 9, 6), dt.date(2023, 9, 15), Precision.DAY) == (
        "6 Sep 2023 – 15 Sep 2023")
    assert format_event_date(dt.date(2023, 9, 6), dt.date(2023, 9, 6), Precision.DAY) == (
        "6 Sep 2023")
    assert format_event_date(dt.date(2023, 1, 1), dt.date(2023, 3, 1), Precision.MONTH) == (
        "Jan 2023 – Mar 2023 (month)")
