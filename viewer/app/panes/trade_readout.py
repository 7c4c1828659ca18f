"""Text of the trade chart's read-out: values under the crosshair, the before/after change."""

from __future__ import annotations

import re
from html import escape, unescape

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


def _side(value: float | None) -> str:
    return money(value) if value is not None else "no figures"


def _series_change(label: str, ba: BeforeAfter, short: bool) -> str:
    """'PAK→AFG export $43.3M → $44.2M (+2.1%)', saying plainly where figures are missing."""
    b, a = ba.before.mean_monthly, ba.after.mean_monthly
    if b is None and a is None:
        return f"{label}: no figures either side"
    if b is None or a is None:
        return f"{label}: {_side(b)} before, {_side(a)} after"
    change = f" (<b>{ba.change_pct:+.1f}%</b>)" if ba.change_pct is not None else ""
    cover = min(ba.before.coverage, ba.after.coverage)
    note = "" if short or cover >= 0.999 else f", figures for {cover:.0%} of the days"
    return f"{label}: {money(b)} → {money(a)}{change}{note}"


def before_after_text(title: str, results: dict[SeriesKey, BeforeAfter], months: int,
                      one_line: bool = False) -> str:
    """Mean monthly value before → after the event per series, and the change in per cent."""
    if not results:
        return ""
    if one_line:
        return before_after_lines(title, results, months)[0]
    head = f"Before/after <i>{escape(title)}</i> (±{months} months, mean per month):"
    return "<br>".join([head, *(_series_change(escape(k.label()), ba, False)
                                for k, ba in results.items())])


def before_after_lines(title: str, results: dict[SeriesKey, BeforeAfter],
                       months: int) -> list[str]:
    """The one-line summary from the fullest to the shortest, for the room there is."""
    if not results:
        return [""]
    short = title if len(title) <= 40 else title[:39] + "…"
    out = []
    for named, brief in ((True, False), (False, False), (False, True)):
        parts = "; ".join(_series_change(escape(k.label() if not brief else k.flow), ba, brief)
                          for k, ba in results.items())
        head = f"<i>{escape(short)}</i>, ±{months} mo, mean/month: " if named else \
            f"±{months} mo, mean/month: "
        out.append(head + parts)
    return out


def fit_line(candidates: list[str], metrics, width: float) -> str:  # noqa: ANN001
    """The first rich-text line whose text fits `width` pixels (else the last one)."""
    for line in candidates:
        if metrics.horizontalAdvance(unescape(re.sub(r"<[^>]+>", "", line))) <= width:
            return line
    return candidates[-1]
