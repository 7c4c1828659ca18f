"""Text of the trade chart's read-out: values under the crosshair, the before/after change."""

from __future__ import annotations

from html import escape

import numpy as np

from viewer.app.panes.trade_layers import DrawnSeries, kind_of, value_at
from viewer.domain.before_after import BeforeAfter
from viewer.domain.drawing import SeriesKey
from viewer.domain.periods import from_day_number
from viewer.domain.trade_math import money


def period_text(start_day: int, end_day: int, kind: str) -> str:
    """A period as a desk officer names it: 'Oct 2023', 'FY 2023-24', 'Jul 2023–Oct 2023'."""
    start, end = from_day_number(start_day), from_day_number(end_day)
    if kind == "month":
        return f"{start:%b %Y}"
    if kind == "fiscal_year":
        return f"FY {start.year}-{(start.year + 1) % 100:02d}"
    if kind == "calendar_year":
        return str(start.year)
    return f"{start:%b %Y}–{end:%b %Y}"


def readout_text(day: int, series: list[tuple[DrawnSeries, np.ndarray]], per_month: bool) -> str:
    """The date under the crosshair and each series' value there (finest period)."""
    date = from_day_number(day)
    parts = [f"<b>{date:%d %b %Y}</b>"]
    unit = "/month" if per_month else ""
    for drawn, values in series:
        found = value_at(drawn.arrays, values, day)
        if found is None:
            continue
        row, value = found
        a = drawn.arrays
        period = period_text(int(a.start[row]), int(a.end[row]), kind_of(a, row))
        name = a.key.label() + (" (mirror)" if drawn.mirror else "")
        parts.append(f"<span style='color:{drawn.color}'>■</span> {escape(name)}: "
                     f"<b>{money(value, unit)}</b> ({escape(period)})")
    return " · ".join(parts)


def before_after_text(title: str, results: dict[SeriesKey, BeforeAfter], months: int,
                      one_line: bool = False) -> str:
    """Mean monthly value before → after the event per series, and the change in per cent."""
    if not results:
        return ""
    parts = []
    for key, ba in results.items():
        b, a = ba.before.mean_monthly, ba.after.mean_monthly
        before = money(b) if b is not None else "no data"
        after = money(a) if a is not None else "no data"
        change = f" (<b>{ba.change_pct:+.1f}%</b>)" if ba.change_pct is not None else ""
        cover = min(ba.before.coverage, ba.after.coverage)
        note = f", figures cover {cover:.0%} of the days" if cover < 0.999 else ""
        parts.append(f"{escape(key.label())}: {before} → {after}{change}{note}")
    if one_line:
        short = title if len(title) <= 40 else title[:39] + "…"
        return f"<i>{escape(short)}</i>, ±{months} mo, mean/month: " + "; ".join(parts)
    head = f"Before/after <i>{escape(title)}</i> (±{months} months, mean per month):"
    return "<br>".join([head, *parts])
