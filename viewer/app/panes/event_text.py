"""How an event reads in a tooltip: title, date with its precision, actors, first source."""

from __future__ import annotations

import datetime as dt
from html import escape

from viewer.domain.model import Event, Precision
from viewer.domain.taxonomy import type_label

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate: an Urdu name keeps its own direction


def isolate(text: str) -> str:
    """Wrap text in a bidi isolate so right-to-left names do not reorder their neighbours."""
    return f"{FSI}{text}{PDI}"


def date_text(start: dt.date, end: dt.date | None, precision: Precision) -> str:
    """A date as precisely as it is known: '1 Nov 2023', 'Nov 2023', 'about 22 Feb 2025'."""
    def one(day: dt.date) -> str:
        if precision is Precision.MONTH:
            return day.strftime("%b %Y")
        if precision is Precision.YEAR:
            return str(day.year)
        return f"{day.day} {day:%b %Y}"

    text = one(start)
    if end is not None and end != start:
        text = f"{text} – {one(end)}"
    if precision is Precision.APPROXIMATE:
        text = f"about {text}"
    return f"{text} ({precision.value})" if precision is not Precision.DAY else text


def tooltip_html(event: Event) -> str:
    """Rich-text tooltip of one event."""
    lines = [f"<b>{escape(event.title)}</b>",
             f"{escape(date_text(event.start, event.end, event.precision))}"
             f" · {escape(type_label(event.type))}"]
    if event.actors:
        names = []
        for actor in event.actors[:4]:
            name = escape(actor.name)
            if actor.native_name:
                name += f" ({escape(isolate(actor.native_name))})"
            names.append(f"{name} <i>{escape(actor.role)}</i>")
        lines.append("Actors: " + "; ".join(names))
    if event.sources:
        src = event.sources[0]
        when = f", {src.published:%d %b %Y}" if src.published else ""
        more = f" (+{len(event.sources) - 1} more)" if len(event.sources) > 1 else ""
        lines.append(f"Source: {escape(src.outlet)}{escape(when)}{more}")
    return "<p style='white-space:pre-wrap; max-width:420px'>" + "<br>".join(lines) + "</p>"
