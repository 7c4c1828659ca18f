"""What the panes draw from: events and trade series as numpy arrays, and their keys.

The store fills these with one query each; the panes cache them and slice them with
`numpy.searchsorted` while the user pans, so nothing runs a query per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viewer.domain.model import PeriodKind, Precision

PRECISIONS: tuple[str, ...] = tuple(p.value for p in Precision)  # code = index
PERIOD_KINDS: tuple[str, ...] = tuple(k.value for k in PeriodKind)  # code = index
LANE_KEYS: dict[str, str] = {"type": "Type", "country": "Country", "actor": "Actor",
                             "source": "Source outlet"}
NO_LANE = "(none)"


@dataclass(frozen=True, slots=True, eq=False)
class TimelineArrays:
    """Events as parallel arrays sorted by start day; one row per (event, lane)."""

    ids: np.ndarray  # int64
    start: np.ndarray  # int32 day number
    end: np.ndarray  # int32 day number, inclusive; equals start for a point event
    type_index: np.ndarray  # int16, index into taxonomy.EVENT_TYPES
    lane: np.ndarray  # int32, index into lanes
    precision: np.ndarray  # int8, index into PRECISIONS
    has_end: np.ndarray  # bool: the end is stated, not derived from the precision
    lanes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def is_span(self) -> np.ndarray:
        """Rows drawn as spans: a stated end or a coarse (month/year) precision."""
        return self.end > self.start

    def visible(self, first_day: float, last_day: float) -> tuple[int, int]:
        """Index range [lo, hi) of rows starting before `last_day` (start-sorted)."""
        return (int(np.searchsorted(self.start, math.ceil(first_day) - self.max_length, "left")),
                int(np.searchsorted(self.start, math.floor(last_day), "right")))

    @property
    def max_length(self) -> int:
        return int((self.end - self.start).max()) if len(self.ids) else 0


def empty_timeline() -> TimelineArrays:
    """Arrays of no events."""
    z = np.zeros(0, dtype=np.int32)
    return TimelineArrays(np.zeros(0, np.int64), z, z.copy(), np.zeros(0, np.int16), z.copy(),
                          np.zeros(0, np.int8), np.zeros(0, bool), ())


def coarse_end(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Last day covered by an event without an end: its month or year for coarse precision."""
    out = start.astype(np.int32)  # a copy
    # Calendar arithmetic only for the coarse rows (most events are dated to the day).
    for unit, code in (("M", PRECISIONS.index("month")), ("Y", PRECISIONS.index("year"))):
        rows = np.flatnonzero(precision == code)
        days = start[rows].astype("datetime64[D]")
        out[rows] = ((days.astype(f"datetime64[{unit}]") + 1).astype("datetime64[D]")
                     - 1).astype(np.int64)
    return out


@dataclass(frozen=True, slots=True, order=True)
class SeriesKey:
    """One trade series: who reports, about whom, which flow, which commodity, and what
    the values cover (goods, services, goods-and-services; empty: whatever is stored).

    Figures of different coverage are different series, drawn and totalled apart."""

    reporter: str
    partner: str
    flow: str
    commodity: str = "TOTAL"
    coverage: str = ""

    def label(self) -> str:
        commodity = "" if self.commodity == "TOTAL" else f" · {self.commodity}"
        covers = f" ({_COVERAGE_WORDS.get(self.coverage, self.coverage)})" if self.coverage else ""
        return f"{self.reporter}→{self.partner} {self.flow}{commodity}{covers}"

    def any_coverage(self) -> SeriesKey:
        """The same series whatever its figures cover: how a user names one."""
        return SeriesKey(self.reporter, self.partner, self.flow, self.commodity)

    def mirror(self) -> SeriesKey | None:
        """The partner's report of the same trade: exports mirror imports and back."""
        other = {"export": "import", "import": "export",
                 "re-export": "re-import", "re-import": "re-export"}.get(self.flow)
        return (SeriesKey(self.partner, self.reporter, other, self.commodity, self.coverage)
                if other else None)


_COVERAGE_WORDS = {"goods": "goods only", "services": "services only",
                   "goods-and-services": "goods and services"}


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    """A series that has figures, with how many and over what days."""

    key: SeriesKey
    count: int
    first_day: int
    last_start_day: int



@dataclass(frozen=True, slots=True, eq=False)
class SeriesTable:
    """A store's series list as columns, as the array cache keeps it between runs."""

    reporter: tuple[str, ...]
    partner: tuple[str, ...]
    flow: tuple[str, ...]
    commodity: tuple[str, ...]
    coverage: tuple[str, ...]
    count: np.ndarray  # int64 figures drawn
    first_day: np.ndarray  # int64
    last_start_day: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.count)

    @classmethod
    def of(cls, series: list[SeriesInfo]) -> SeriesTable:
        keys = [i.key for i in series]
        return cls(*(tuple(getattr(k, f) for k in keys)
                     for f in ("reporter", "partner", "flow", "commodity", "coverage")),
                   *(np.array([getattr(i, f) for i in series], dtype=np.int64)
                     for f in ("count", "first_day", "last_start_day")))

    def rows(self) -> list[SeriesInfo]:
        return [SeriesInfo(SeriesKey(r, p, f, c, cov), int(n), int(lo), int(hi))
                for r, p, f, c, cov, n, lo, hi in zip(
                    self.reporter, self.partner, self.flow, self.commodity, self.coverage,
                    self.count, self.first_day, self.last_start_day, strict=True)]

@dataclass(frozen=True, slots=True, eq=False)
class TradeArrays:
    """One series as parallel arrays in period order."""

    key: SeriesKey
    ids: np.ndarray  # int64
    start: np.ndarray  # int32 first day of the period
    end: np.ndarray  # int32 last day of the period, inclusive
    value: np.ndarray  # float64 US$
    kind: np.ndarray  # int8 index into PERIOD_KINDS

    def __len__(self) -> int:
        return len(self.ids)


