"""Dataclasses that cross layers: the store returns them, panes and exporters read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from viewer.domain.area import Area


class Precision(StrEnum):
    """How exactly an event's date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"


class Flow(StrEnum):
    """Direction of a trade figure, seen from the reporter."""

    EXPORT = "export"
    IMPORT = "import"
    RE_EXPORT = "re-export"
    RE_IMPORT = "re-import"
    TRANSIT = "transit"


class Coverage(StrEnum):
    """What a trade value counts: goods, services, or both (balance-of-payments totals)."""

    GOODS = "goods"
    SERVICES = "services"
    GOODS_AND_SERVICES = "goods-and-services"

    def label(self) -> str:
        return {"goods": "goods only", "services": "services only",
                "goods-and-services": "goods and services"}[self.value]


class PeriodKind(StrEnum):
    """What a trade figure's period is: a month, a year of some kind, or another span."""

    MONTH = "month"
    QUARTER = "quarter"
    CALENDAR_YEAR = "calendar_year"
    FISCAL_YEAR = "fiscal_year"
    SPAN = "span"


class ActorKind(StrEnum):
    """Broad kind of an actor."""

    GOVERNMENT = "government"
    PERSON = "person"
    ARMED_GROUP = "armed_group"
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with its kind; a fiscal year carries its label (e.g. 2022-23)."""

    start: dt.date
    end: dt.date
    kind: PeriodKind
    fiscal_year: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        if self.kind is PeriodKind.FISCAL_YEAR and self.fiscal_year:
            return f"FY {self.fiscal_year}"
        if self.kind is PeriodKind.MONTH:
            return self.start.strftime("%b %Y")
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return str(self.start.year)
        return f"{self.start:%b %Y}–{self.end:%b %Y}"


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """The time window every pane shows; both ends inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: dt.date, end: dt.date | None = None) -> bool:
        return start <= self.end and (end or start) >= self.start


@dataclass(frozen=True, slots=True)
class Filter:
    """What events the panes show, beyond the time window. Empty tuples mean 'all'."""

    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    search: str = ""
    area: Area | None = None  # drawn on the map or given as --bbox

    def is_empty(self) -> bool:
        return self == Filter()


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it takes part in one event."""

    name: str
    role: str = "participant"
    kind: str | None = None
    country: str | None = None
    native_name: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A cited source: an article, a dataset row, a statement."""

    outlet: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    id: int | None = None
    scale: str | None = None  # ACLED's source_scale: Local, National, International...


@dataclass(frozen=True, slots=True)
class Event:
    """A dated diplomatic, border or security event."""

    title: str
    start: dt.date
    type: str
    precision: Precision = Precision.DAY
    end: dt.date | None = None
    summary: str = ""
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[ActorRef, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    origin_dataset: str | None = None
    origin_id: str | None = None
    id: int | None = None
    note: str = ""  # the officer's own note, kept apart from the imported text


@dataclass(frozen=True, slots=True)
class TradeFigure:
    """One value of trade between a reporter and a partner over a period."""

    reporter: str
    partner: str
    flow: Flow
    period: Period
    value_usd: float
    commodity_code: str = "TOTAL"
    commodity_label: str = "All goods"
    classification: str | None = None
    quantity: float | None = None
    quantity_unit: str | None = None
    estimated: bool = False
    note: str = ""
    sources: tuple[Source, ...] = ()
    origin_dataset: str | None = None
    origin_id: str | None = None
    id: int | None = None
    coverage: Coverage = Coverage.GOODS
    # Writing: the origin id (same dataset) of the figure this one restates.
    supersedes: str | None = None
    # Reading: the stored figure this one restates, and the one that restates it.
    supersedes_id: int | None = None
    superseded_by: int | None = None
    officer_note: str = ""  # the officer's own note, kept apart from the dataset's note
    version: int = 1  # the stored row's version, checked when an edit is written

    @property
    def superseded(self) -> bool:
        """Restated by a later figure: shown and listed, never summed."""
        return self.superseded_by is not None


@dataclass(frozen=True, slots=True)
class Era:
    """A named, coloured period drawn behind the panes."""

    name: str
    start: dt.date
    end: dt.date | None
    color: str = "#8da0cb"
    note: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """An officer's dated note that stands on the timeline by itself."""

    text: str
    start: dt.date
    end: dt.date | None = None
    id: int | None = None
    version: int = 1
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    """Earliest and latest date of something, with how many there are."""

    count: int
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What `viewer info` prints about a store."""

    url: str
    schema_revision: str | None
    read_only: bool
    read_only_reason: str | None
    events: DateRange
    trade_figures: DateRange
    sources: int
    actors: int
    countries: int
    eras: int
    import_batches: int
    extra: dict[str, int] = field(default_factory=dict)
