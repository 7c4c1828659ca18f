"""Edits by hand: the fields an officer changes, the history of a row, and the conflict
raised when another writer changed the row since the editor opened it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from viewer.domain.model import Event

# The fields of an event an officer edits, in the order editors and histories show them.
EVENT_FIELDS = ("title", "type", "start", "end", "precision", "summary", "location",
                "latitude", "longitude", "countries", "actors", "tags", "sources", "note")
FIELD_LABELS = {
    "title": "Title", "type": "Type", "start": "Start", "end": "End",
    "precision": "Date precision", "summary": "Summary", "location": "Location",
    "latitude": "Latitude", "longitude": "Longitude", "countries": "Countries",
    "actors": "Actors", "tags": "Tags", "sources": "Sources", "note": "Officer's note",
}


def event_fields(e: Event) -> dict[str, object]:
    """An event's editable fields as plain values (JSON-able, comparable)."""
    return {
        "title": e.title, "type": e.type, "start": e.start.isoformat(),
        "end": e.end.isoformat() if e.end else None, "precision": str(e.precision),
        "summary": e.summary, "location": e.location, "latitude": e.latitude,
        "longitude": e.longitude, "countries": sorted(e.countries),
        "actors": sorted([a.name, a.role, a.native_name] for a in e.actors),
        "tags": sorted(e.tags),
        "sources": sorted([x.outlet, x.url, x.title] for x in e.sources),
        "note": e.note,
    }


def changed_fields(old: dict[str, object], new: dict[str, object]) -> tuple[dict, dict]:
    """The fields that differ: (old values, new values)."""
    names = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in names}, {k: new.get(k) for k in names}


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One change to one row: an edit, a deletion, an import."""

    entity: str
    entity_id: int
    action: str  # created, edited, deleted, restored, imported, re-imported
    changed_at: dt.datetime | None
    changed_by: str | None
    import_batch_id: int | None = None
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)


class EditConflict(Exception):
    """The row was changed by another writer since the editor read it."""

    def __init__(self, entity: str, entity_id: int, theirs: object | None,
                 their_version: int | None) -> None:
        gone = theirs is None
        super().__init__(f"the {entity} was {'deleted' if gone else 'changed'} by another "
                         "officer or process since you opened it")
        self.entity = entity
        self.entity_id = entity_id
        self.theirs = theirs  # their version of the row, None when they deleted it
        self.their_version = their_version


@dataclass(frozen=True)
class DeletedRow:
    """A row as it was before it was deleted, whole, so that an undo puts it back."""

    entity: str
    entity_id: int
    value: object  # the domain value (an Event...)
    columns: dict  # every stored column, for the store to write back
