"""Calendar ticks for the time axes: which instants get a tick and a label, chosen by pixels.

Labelled ticks use the finest calendar step whose labels fit the pixels available, from
hours to centuries; unlabelled ticks mark the next finer step that stays at least a few
pixels apart. A label names the coarsest unit that starts at its tick: "2024" on
1 January, "Mar" on the first of a month, "3 Mar" on another day, "14:00" within a day.
x is seconds since 1970 (UTC), as the panes draw it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DAY = 86400.0
HOUR = 3600.0
MIN_TICK_PX = 16  # unlabelled ticks closer than this are not drawn (each costs paint time)
LABEL_GAP_PX = 18  # free room between two labels
FIRST_YEAR, LAST_YEAR = 1, 9999


@dataclass(frozen=True, slots=True)
class Step:
    """A calendar step: every `count` hours, days of the month, months or years."""

    unit: str  # "hour", "day", "month" or "year"
    count: int
    seconds: float  # its typical length, to compare with pixels
    widest: str  # the widest label it prints


STEPS: tuple[Step, ...] = (
    *(Step("hour", n, n * HOUR, "30 Sep") for n in (1, 3, 6, 12)),
    # Days of the month, so ticks restart on each 1st: 1 2 3…, 1 3 5…, 1 8 15 22, 1 15.
    *(Step("day", n, n * DAY, "30 Sep") for n in (1, 2, 7, 14)),
    *(Step("month", n, n * 30.44 * DAY, "2024") for n in (1, 3, 6)),
    *(Step("year", n, n * 365.25 * DAY, "2024") for n in (1, 2, 5, 10, 20, 50, 100, 200, 500)),
)


@dataclass(frozen=True, slots=True)
class Ticks:
    """Labelled (major) and unlabelled (minor) tick positions for one view of the axis."""

    major: Step
    major_x: np.ndarray
    minor: Step | None
    minor_x: np.ndarray


def choose_steps(seconds_per_px: float, text_width: Callable[[str], float]) -> tuple[
        Step, Step | None]:
    """The finest step whose labels fit, and the finest that fits a tick between them."""
    major = STEPS[-1]
    for step in STEPS:
        # A month or a year is up to 10% shorter than its typical length.
        room = step.seconds * (0.9 if step.unit in ("month", "year") else 1.0) / seconds_per_px
        if room >= text_width(step.widest) + LABEL_GAP_PX:
            major = step
            break
    minor = None
    for step in STEPS:
        if step is major:
            break
        if step.seconds / seconds_per_px >= MIN_TICK_PX and _nests(step, major):
            minor = step
            break
    return major, minor


def _nests(minor: Step, major: Step) -> bool:
    """Whether every major tick is also a minor one, so the two rows line up."""
    if minor.unit == major.unit:
        return major.count % minor.count == 0
    if minor.unit == "hour":
        return major.unit != "hour"  # 24 is a multiple of every hour step
    return True  # days of the month start each month; months start each year


def tick_positions(step: Step, x0: float, x1: float) -> np.ndarray:
    """x of every tick of `step` within [x0, x1]."""
    if not (math.isfinite(x0) and math.isfinite(x1)) or x1 <= x0:
        return np.zeros(0)
    if step.unit == "hour":
        size = step.count * HOUR
        first = math.ceil(x0 / size)
        last = math.floor(x1 / size)
        return np.arange(first, last + 1, dtype=np.float64) * size
    if step.unit == "day":
        days = np.arange(math.ceil(x0 / DAY), math.floor(x1 / DAY) + 1, dtype=np.int64)
        dom = (days.astype("datetime64[D]") - days.astype("datetime64[D]").astype(
            "datetime64[M]").astype("datetime64[D]")).astype(np.int64)  # 0 = the 1st
        keep = dom % step.count == 0
        if step.count > 2:
            keep &= dom <= 31 - step.count  # no "29" right before the next "1"
        return days[keep].astype(np.float64) * DAY
    if step.unit == "month":
        m0 = _months(x0, up=True)
        m1 = _months(x1, up=False)
        first = math.ceil(m0 / step.count) * step.count
        months = np.arange(first, m1 + 1, step.count, dtype=np.int64)
        return _month_starts(months)
    y0 = max(_year_of(x0, up=True), FIRST_YEAR)
    y1 = min(_year_of(x1, up=False), LAST_YEAR)
    first = math.ceil(y0 / step.count) * step.count
    years = np.arange(first, y1 + 1, step.count, dtype=np.int64)
    return _month_starts((years - 1970) * 12)


def _months(x: float, up: bool) -> int:
    """Months since Jan 1970 of the first month start at or after (before) x."""
    day = math.floor(x / DAY)
    date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    months = (date.year - 1970) * 12 + date.month - 1
    start = _month_starts(np.array([months]))[0]
    if up and start < x:
        months += 1
    return months


def _year_of(x: float, up: bool) -> int:
    months = _months(x, up)
    return months // 12 + 1970 + (1 if up and months % 12 else 0)


def _month_starts(months: np.ndarray) -> np.ndarray:
    """x of the first instant of each month (counted from Jan 1970)."""
    days = np.asarray(months, dtype="timedelta64[M]") + np.datetime64("1970-01", "M")
    return days.astype("datetime64[D]").astype(np.int64).astype(np.float64) * DAY


def ticks_for(x0: float, x1: float, width_px: float,
              text_width: Callable[[str], float]) -> Ticks:
    """The ticks of the view [x0, x1] on an axis `width_px` pixels long."""
    seconds_per_px = max(x1 - x0, 1.0) / max(width_px, 1.0)
    major, minor = choose_steps(seconds_per_px, text_width)
    major_x = tick_positions(major, x0, x1)
    minor_x = tick_positions(minor, x0, x1) if minor else np.zeros(0)
    if len(minor_x):
        minor_x = minor_x[~np.isin(minor_x, major_x)]
    return Ticks(major, major_x, minor, minor_x)


def label(x: float, step: Step) -> str:
    """The text of a labelled tick: the coarsest calendar unit that starts there."""
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=x)
    if step.unit == "hour" and (moment.hour or moment.minute):
        return f"{moment:%H:%M}"
    if step.unit in ("year",) or (moment.month == 1 and moment.day == 1):
        return str(moment.year)
    if moment.day == 1:
        return f"{moment:%b}"
    return f"{moment.day} {moment:%b}"


def labels(values: list[float], step: Step, px_per_second: float,
           text_width: Callable[[str], float], x0: float | None = None) -> list[str | None]:
    """Labels of a row of ticks; the first one shown also names its year when no label
    does. A label that would stick out past the axis start `x0` is left out."""
    out: list[str | None] = [label(v, step) for v in values]
    if x0 is not None:
        for i, v in enumerate(values):
            if (v - x0) * px_per_second >= text_width(out[i] or "") / 2:
                break
            out[i] = None
    shown = [i for i, s in enumerate(out) if s]
    if not shown or step.unit == "year" or any(s.isdigit() for s in out if s):
        return out
    room = step.seconds * px_per_second
    for first in shown[:2]:
        text = out[first] or ""
        moment = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=values[first])
        if ":" in text:  # a time of day: say which day too
            longer = f"{moment.day} {moment:%b} {moment.year}, {text}"
        else:
            longer = f"{text} {moment.year}"
        if x0 is not None and (values[first] - x0) * px_per_second < text_width(longer) / 2:
            continue  # it would stick out at the start of the axis: the next one says it
        out[first] = longer
        for near in (first - 1, first + 1):  # a neighbour it would touch gives way
            if 0 <= near < len(out) and out[near] and (
                    text_width(longer) + text_width(out[near] or "")) / 2 + LABEL_GAP_PX > room:
                out[near] = None
        break
    return out
