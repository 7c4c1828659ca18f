"""The editing entries of the right-click menus: an event's (timeline, chart ticks, events
table), a trade figure's (chart bars, trade table) and a day's (the timeline's empty space).

The panes know nothing of editing: the window hands each pane these functions, bound to its
EditController, and a pane's menu calls them with what was right-clicked."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import QMenu

from viewer.domain.model import Event


def _entries(editing, menu: QMenu, items: list[tuple[str, object]]) -> None:  # noqa: ANN001
    """Add `items` (text, slot) under a separator; disabled, with the reason, when the
    store is read-only."""
    menu.addSeparator()
    store = editing.store
    reason = f"The store is read-only: {store.read_only_reason}" if store.read_only else ""
    for text, slot in items:
        action = menu.addAction(text, slot)
        action.setEnabled(not reason)
        if reason:
            action.setToolTip(reason)
    menu.setToolTipsVisible(True)


def add_event_entries(editing, menu: QMenu, event: Event) -> None:  # noqa: ANN001
    """Edit, duplicate or delete the event the menu belongs to."""
    eid = event.id
    _entries(editing, menu, [("Edit event…", partial(editing.edit_event, eid)),
                             ("Duplicate event…", partial(editing.duplicate_event, eid)),
                             ("Delete event", partial(editing.delete_event, eid))])


def add_figure_entries(editing, menu: QMenu, figure_id: int | None) -> None:  # noqa: ANN001
    """Edit, duplicate or delete the trade figure the menu belongs to (none: a summed or
    empty cell), or add one."""
    figures = editing.figures
    one = [] if figure_id is None else [
        ("Edit trade figure…", partial(figures.edit, figure_id)),
        ("Duplicate trade figure…", partial(figures.duplicate, figure_id)),
        ("Delete trade figure", partial(figures.delete, figure_id))]
    _entries(editing, menu, [*one, ("New trade figure…", editing.new_figure)])


def add_day_entries(editing, menu: QMenu, day: dt.date) -> None:  # noqa: ANN001
    """A new event or a new timeline note on the day right-clicked."""
    when = f"{day:%d %b %Y}".lstrip("0")
    _entries(editing, menu, [(f"New event on {when}…", partial(editing.new_event_on, day)),
                             (f"New timeline note on {when}…", partial(editing.new_note, day))])


def bind(editing) -> dict:  # noqa: ANN001
    """The three entry functions bound to one window's EditController."""
    return {"event_entries": partial(add_event_entries, editing),
            "figure_entries": partial(add_figure_entries, editing),
            "day_entries": partial(add_day_entries, editing)}
