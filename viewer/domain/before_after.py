"""Event-to-numbers: a series' mean monthly value in the N months before and after a day.

Figures of different lengths overlap (a fiscal year, a part-year span, its months). Each
value is spread evenly over the days of its period, and on any day the finest period
covering it gives the rate, so a month is never counted twice nor drowned by its year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.domain.periods import add_months, day_number, from_day_number


@dataclass(frozen=True, slots=True)
class SideMean:
    """Mean monthly value over one side of the event, with how much of it the data covers."""

    first_day: int
    last_day: int  # inclusive
    months: int
    mean_monthly: float | None  # None when no figure covers any day of the side
    covered_days: int

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1

    @property
    def coverage(self) -> float:
        return self.covered_days / self.days if self.days else 0.0


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """Mean monthly value before and after an event day, and the change between them."""

    event_day: int
    before: SideMean
    after: SideMean

    @property
    def change_pct(self) -> float | None:
        b, a = self.before.mean_monthly, self.after.mean_monthly
        if b is None or a is None or b == 0:
            return None
        return (a - b) / b * 100.0


def daily_rates(starts: Sequence[int], ends: Sequence[int], values: Sequence[float],
                first_day: int, last_day: int) -> np.ndarray:
    """Value per day over [first_day, last_day]; NaN where no figure covers the day.

    The shortest period covering a day wins; between equal lengths the later figure
    (a revision stored after the first estimate) wins.
    """
    rates = np.full(last_day - first_day + 1, np.nan)
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    if not len(s) or last_day < first_day:
        return rates
    length = e - s + 1
    # Longest first, input order kept among equals: later writes win.
    for i in np.lexsort((np.arange(len(s)), -length)):
        lo, hi = max(s[i], first_day), min(e[i], last_day)
        if lo <= hi and length[i] > 0:
            rates[lo - first_day:hi - first_day + 1] = v[i] / length[i]
    return rates


def side_mean(starts: Sequence[int], ends: Sequence[int], values: Sequence[float],
              first_day: int, last_day: int, months: int) -> SideMean:
    """Mean monthly value over [first_day, last_day], a span of `months` calendar months.

    The mean is the prorated total over the covered days, scaled to the whole span and
    divided by its months: with full coverage it is exactly total / months.
    """
    rates = daily_rates(starts, ends, values, first_day, last_day)
    covered = ~np.isnan(rates)
    n = int(covered.sum())
    if n == 0:
        return SideMean(first_day, last_day, months, None, 0)
    total = float(rates[covered].sum()) * len(rates) / n
    return SideMean(first_day, last_day, months, total / months, n)


def before_after(starts: Sequence[int], ends: Sequence[int], values: Sequence[float],
                 event_day: int, months: int = 6) -> BeforeAfter:
    """Mean monthly value in the `months` months before `event_day` and from it onwards."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    day = from_day_number(event_day)
    before_first = day_number(add_months(day, -months))
    after_last = day_number(add_months(day, months)) - 1
    return BeforeAfter(
        event_day,
        side_mean(starts, ends, values, before_first, event_day - 1, months),
        side_mean(starts, ends, values, event_day, after_last, months),
    )
