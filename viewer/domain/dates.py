"""Event dates as people read them, with the precision they are known to."""

from __future__ import annotations

import datetime as dt

from viewer.domain.model import Precision


def format_day(day: dt.date, precision: Precision) -> str:
    """One date written only as finely as it is known: 16 Mar 2024, Mar 2024, 2024."""
    if precision is Precision.YEAR:
        return f"{day.year}"
    if precision is Precision.MONTH:
        return day.strftime("%b %Y")
    return f"{day.day} {day:%b %Y}"


def format_event_date(start: dt.date, end: dt.date | None, precision: Precision | str) -> str:
    """Start (and end) of an event with its precision, e.g. 'Mar 2024 (month)'."""
    precision = Precision(precision)
    text = format_day(start, precision)
    if end is not None and end != start:
        text += f" – {format_day(end, precision)}"
    if precision is Precision.APPROXIMATE:
        return f"~{text} (approx.)"
    if precision is not Precision.DAY:
        return f"{text} ({precision.value})"
    return text
