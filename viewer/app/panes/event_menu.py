"""The right-click menu of an event, the same in the timeline, the chart and the table.

Copy it, open its sources, or narrow every pane to its type, a country or an actor. Panes
build it through their `context_menu()` and may add their own entries to what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from viewer.app.links import open_link
from viewer.app.panes.event_text import date_text
from viewer.app.state import ViewState
from viewer.domain.countries import country_name
from viewer.domain.model import Event
from viewer.domain.taxonomy import type_label

MAX_SOURCES = 12  # links listed in the menu; the detail pane has them all


def event_as_text(event: Event) -> str:
    """One line per fact: what a briefing note quotes."""
    lines = [f"{date_text(event.start, event.end, event.precision)} – {event.title}",
             type_label(event.type)]
    for src in event.sources:
        lines.append(f"Source: {src.outlet}" + (f", {src.url}" if src.url else ""))
    return "\n".join(lines)


def filter_to(state: ViewState, facet: str, value: str) -> None:
    """Narrow every pane to one value of a facet, keeping the other facets' choices."""
    state.set_filter(replace(state.filter, **{facet: (value,)}))


EventEntries = Callable[[QMenu, Event], None]  # more entries for an event (editing)


def event_menu(parent: QWidget, event: Event, state: ViewState,
               more: EventEntries | None = None) -> QMenu:
    """Copy, open a source, filter to this type, country or actor; then `more`'s entries
    (the window's editing entries)."""
    menu = QMenu(parent)
    menu.setObjectName("event_menu")
    menu.setToolTipsVisible(True)
    clipboard = QGuiApplication.clipboard()
    menu.addAction("Copy", lambda: clipboard.setText(event_as_text(event))).setToolTip(
        "Date, title, type and sources as text")
    menu.addAction("Copy title", lambda: clipboard.setText(event.title))
    linked = [s for s in event.sources if s.url]
    if len(linked) == 1:
        src = linked[0]
        menu.addAction(f"Open source ({src.outlet})",
                       lambda: open_link(parent, src.url or ""))
    elif linked:
        sources = menu.addMenu("Open source")
        for src in linked[:MAX_SOURCES]:
            sources.addAction(f"{src.outlet}: {src.title or src.url}",
                              lambda u=src.url: open_link(parent, u or ""))
    else:
        menu.addAction("Open source (no link stored)").setEnabled(False)
    menu.addSeparator()
    menu.addAction(f"Filter to type: {type_label(event.type)}",
                   lambda: filter_to(state, "types", event.type))
    _facet_entries(menu, "country", [(f"{country_name(c)} ({c})", c) for c in event.countries],
                   lambda c: filter_to(state, "countries", c))
    _facet_entries(menu, "actor", [(a.name, a.name) for a in event.actors],
                   lambda a: filter_to(state, "actors", a))
    if more is not None:
        more(menu, event)
    return menu


def _facet_entries(menu: QMenu, noun: str, choices: list[tuple[str, str]], apply) -> None:
    """One entry for a single value, a submenu for several."""
    choices = list(dict.fromkeys(choices))
    if len(choices) == 1:
        text, value = choices[0]
        menu.addAction(f"Filter to {noun}: {text}", lambda: apply(value))
    elif choices:
        sub = menu.addMenu(f"Filter to {noun}")
        for text, value in choices:
            sub.addAction(text, lambda v=value: apply(v))
