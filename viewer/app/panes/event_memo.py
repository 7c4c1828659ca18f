"""Full events a pane has shown in a tooltip or menu, fetched once by id."""

from __future__ import annotations

from viewer.domain.model import Event
from viewer.store.service import StoreService


def remembered_event(store: StoreService, memo: dict[int, Event], eid: int) -> Event | None:
    """The event `eid` from `memo`, or read from the store and kept there (None: gone)."""
    if eid not in memo:
        found = store.events_by_id([eid])
        if not found:
            return None
        memo[eid] = found[0]
    return memo[eid]
