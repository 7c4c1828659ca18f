"""What the store service hands out besides events and figures: facet counts, an event's
full detail, saved views, the choices of trade series. Plain values, no Qt, no SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from viewer.domain.model import Event, Filter, TimeWindow

# The facets of the filters pane, each a field of `Filter`.
FACETS = ("countries", "types", "actors", "tags", "precisions", "outlets")


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet and how many events of the view have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SourceDetail:
    """A source of an event with what the store keeps beyond the citation."""

    id: int
    outlet: str
    title: str | None
    url: str | None
    published: dt.date | None
    language: str | None
    scale: str | None
    key: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class ImportBatchInfo:
    """The import that wrote (or last updated) a row."""

    id: int
    file_name: str
    format: str
    imported_at: dt.datetime | None
    sha256: str


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event with every stored field, its sources in full and where it came from."""

    event: Event
    admin1: str | None
    admin2: str | None
    fatalities: int | None
    original_type: str | None
    original_subtype: str | None
    cameo_code: str | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    version: int
    sources: tuple[SourceDetail, ...]
    batch: ImportBatchInfo | None


@dataclass(frozen=True, slots=True)
class SavedView:
    """What a saved view brings back."""

    name: str
    window: TimeWindow | None
    filter: Filter
    lane_key: str = "type"
    is_startup: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class TradeDimensions:
    """Reporters, partners, flows and commodities (code, label) to choose from."""

    reporters: tuple[str, ...]
    partners: tuple[str, ...]
    flows: tuple[str, ...]
    commodities: tuple[tuple[str, str], ...]


