"""Sources, actors and eras as an officer edits them: one row of named fields, each checked
with its reason, kept with the version the editor read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from viewer.domain.country_names import resolve_iso3
from viewer.domain.model import ActorKind


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: its column, label and kind (text, date, url, country…)."""

    name: str
    label: str
    kind: str = "text"  # text, long, date, url, country, actor_kind, colour
    required: bool = False


ENTITIES: dict[str, tuple[str, tuple[FieldSpec, ...]]] = {
    "source": ("Sources", (
        FieldSpec("outlet", "Outlet", required=True), FieldSpec("title", "Title"),
        FieldSpec("url", "Link", "url"), FieldSpec("published", "Published", "date"),
        FieldSpec("language", "Language"), FieldSpec("text", "Text of the article", "long"))),
    "actor": ("Actors", (
        FieldSpec("name", "Name", required=True),
        FieldSpec("native_name", "Name in its own script"),
        FieldSpec("kind", "Kind", "actor_kind"), FieldSpec("country_iso3", "Country",
                                                          "country"))),
    "era": ("Eras", (
        FieldSpec("name", "Name", required=True),
        FieldSpec("start_date", "Start", "date", required=True),
        FieldSpec("end_date", "End", "date"), FieldSpec("color", "Colour", "colour"),
        FieldSpec("note", "Note", "long"))),
}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ReferenceRow:
    """A stored source, actor or era: its fields by column name."""

    entity: str
    id: int | None
    version: int = 1
    values: dict = field(default_factory=dict)
    uses: int = 0  # events (and figures) that cite it; a row in use is not deleted

    def label(self) -> str:
        first = ENTITIES[self.entity][1][0].name
        return str(self.values.get(first) or "")


def check_row(entity: str, values: dict) -> tuple[dict, dict[str, str]]:
    """The values made ready to store (text trimmed, empty as None, country as ISO3), and
    the reason for each that does not read."""
    out: dict = {}
    errors: dict[str, str] = {}
    for spec in ENTITIES[entity][1]:
        value = values.get(spec.name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            if spec.required:
                errors[spec.name] = f"{spec.label.lower()} is needed"
            out[spec.name] = None
            continue
        if spec.kind == "url":
            parts = urlparse(value)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
                errors[spec.name] = "not a web address (http:// or https://…)"
        elif spec.kind == "country":
            iso3 = resolve_iso3(value)
            if iso3 is None:
                errors[spec.name] = f"unknown country {value!r}"
            value = iso3 or value
        elif spec.kind == "actor_kind" and value not in {k.value for k in ActorKind}:
            errors[spec.name] = f"one of {', '.join(k.value for k in ActorKind)}"
        elif spec.kind == "colour" and not _COLOUR.match(value):
            errors[spec.name] = "a colour as #rrggbb"
        elif spec.kind == "date" and not isinstance(value, dt.date):
            errors[spec.name] = "not a date"
        out[spec.name] = value
    start, end = out.get("start_date"), out.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors["end_date"] = "ends before it starts"
    return out, errors
