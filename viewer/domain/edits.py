"""Edits by hand: the fields an officer changes, the history of a row, and the conflict
raised when another writer changed the row since the editor opened it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from viewer.domain.model import Event, TradeFigure

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


FIGURE_FIELDS = ("reporter", "partner", "flow", "period", "commodity", "coverage", "value_usd",
                 "estimated", "sources", "dataset_note", "note")
FIGURE_LABELS = {
    "reporter": "Reporter", "partner": "Partner", "flow": "Flow", "period": "Period",
    "commodity": "Commodity", "coverage": "Covers", "value_usd": "Value (US$)",
    "estimated": "Estimated", "sources": "Sources", "dataset_note": "Note from the source",
    "note": "Officer's note",
}


def figure_fields(f: TradeFigure) -> dict[str, object]:
    """A trade figure's editable fields as plain values (JSON-able, comparable)."""
    p = f.period
    return {
        "reporter": f.reporter, "partner": f.partner, "flow": str(f.flow),
        "period": [str(p.kind), p.start.isoformat(), p.end.isoformat(), p.fiscal_year],
        "commodity": [f.commodity_code, f.commodity_label], "coverage": str(f.coverage),
        "value_usd": f.value_usd, "estimated": bool(f.estimated),
        "sources": [[x.outlet, x.url, x.title] for x in f.sources],
        "dataset_note": f.note, "note": f.officer_note,
    }


def changed_fields(old: dict[str, object], new: dict[str, object]) -> tuple[dict, dict]:
    """The fields that differ: (old values, new values)."""
    names = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in names}, {k: new.get(k) for k in names}


@dataclass(frozen=True)
class FieldSet:
    """The editable fields of one kind of row: their order, labels, plain values, and the
    attributes each is kept in (a field is its own attribute unless listed)."""

    names: tuple[str, ...]
    labels: dict[str, str]
    values: Callable[[object], dict[str, object]]
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def differing(self, a: object, b: object) -> list[str]:
        """The fields whose values differ between two versions of a row."""
        x, y = self.values(a), self.values(b)
        return [n for n in self.names if x[n] != y[n]]

    def take(self, base: object, other: object, names: list[str]) -> object:
        """`base` with the fields `names` taken from `other`."""
        for name in names:
            base = replace(base, **{a: getattr(other, a)
                                    for a in self.attributes.get(name, (name,))})
        return base


EVENT_FIELD_SET = FieldSet(EVENT_FIELDS, FIELD_LABELS, event_fields)
FIGURE_FIELD_SET = FieldSet(FIGURE_FIELDS, FIGURE_LABELS, figure_fields, {
    "commodity": ("commodity_code", "commodity_label"), "dataset_note": ("note",),
    "note": ("officer_note",)})


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
