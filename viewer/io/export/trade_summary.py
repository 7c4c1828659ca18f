"""Trade figures shaped for a briefing: series, a pivot of periods, window-on-window totals.

Nothing here adds unlike figures: a series is one reporter, partner, flow, commodity and
coverage (goods, services, or both), so a goods-only month never joins a goods-and-services
total; a restated figure is replaced by its restatement, never summed beside it; and every
total says how many periods it holds and whether an estimate is among them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Coverage, Flow, Period, PeriodKind, TimeWindow, TradeFigure

_FLOW_WORDS = {
    Flow.EXPORT: "exports to",
    Flow.IMPORT: "imports from",
    Flow.RE_EXPORT: "re-exports to",
    Flow.RE_IMPORT: "re-imports from",
    Flow.TRANSIT: "transit trade with",
}
SUMMARY_KINDS = (PeriodKind.FISCAL_YEAR, PeriodKind.CALENDAR_YEAR, PeriodKind.MONTH)
KIND_LABELS = {
    PeriodKind.FISCAL_YEAR: "fiscal years",
    PeriodKind.MONTH: "months",
    PeriodKind.CALENDAR_YEAR: "calendar years",
    PeriodKind.QUARTER: "quarters",
    PeriodKind.SPAN: "other spans",
}
KIND_SINGULAR = {PeriodKind.FISCAL_YEAR: "fiscal year", PeriodKind.MONTH: "month",
                 PeriodKind.CALENDAR_YEAR: "calendar year", PeriodKind.QUARTER: "quarter",
                 PeriodKind.SPAN: "other span"}
# Coverages in the order a briefing lists them: the headline totals first.
COVERAGE_ORDER = (Coverage.GOODS_AND_SERVICES, Coverage.GOODS, Coverage.SERVICES)


@dataclass(frozen=True, slots=True)
class Series:
    """One trade series: reporter, partner, flow, commodity and what the values cover."""

    reporter: str
    partner: str
    flow: Flow
    commodity: str = "TOTAL"
    coverage: Coverage = Coverage.GOODS

    @property
    def key(self) -> SeriesKey:
        return SeriesKey(self.reporter, self.partner, str(self.flow), self.commodity,
                         str(self.coverage))

    def label(self) -> str:
        text = f"{self.reporter} {_FLOW_WORDS.get(self.flow, str(self.flow))} {self.partner}"
        if self.commodity != "TOTAL" and self.commodity != "SERVICES":
            text += f" ({self.commodity})"
        return f"{text}, {self.coverage.label()}"

    def matches(self, f: TradeFigure) -> bool:
        return identity(f) == self.identity

    @property
    def identity(self) -> tuple:
        return (self.reporter, self.partner, str(self.flow), self.commodity, str(self.coverage))


def identity(f: TradeFigure) -> tuple:
    """The series a figure belongs to, as `Series.identity` spells it."""
    return (f.reporter, f.partner, str(f.flow), f.commodity_code, str(f.coverage))


DEFAULT_SERIES: tuple[SeriesKey, ...] = (
    SeriesKey("PAK", "AFG", "export"),
    SeriesKey("PAK", "AFG", "import"),
)


def series_for(keys: Sequence[SeriesKey], figures: Iterable[TradeFigure]) -> tuple[Series, ...]:
    """One series per chosen key and coverage its figures have, in the keys' order; a key
    naming its coverage takes only that one."""
    present: dict[SeriesKey, set[Coverage]] = {}
    for f in figures:
        key = SeriesKey(f.reporter, f.partner, str(f.flow), f.commodity_code)
        present.setdefault(key, set()).add(f.coverage)
    return tuple(dict.fromkeys(
        Series(k.reporter, k.partner, Flow(k.flow), k.commodity, c)
        for k in keys for c in COVERAGE_ORDER
        if c in present.get(k.any_coverage(), ()) and k.coverage in ("", c.value)))


@dataclass(frozen=True, slots=True)
class PivotRow:
    """One period with a value per series (None where there is no figure)."""

    period: Period
    values: tuple[float | None, ...]
    estimated: tuple[bool, ...] = ()
    # Other current figures of the same series and period that differ from the one shown.
    disagreeing: tuple[int, ...] = ()

    @property
    def duplicates(self) -> int:
        return sum(self.disagreeing)


def current(figures: Iterable[TradeFigure]) -> list[TradeFigure]:
    """The figures no later figure restates."""
    return [f for f in figures if not f.superseded]


def pivot(figures: Iterable[TradeFigure], series: Sequence[Series],
          kind: PeriodKind) -> list[PivotRow]:
    """Periods of one kind × series, from the current figures only. Where two current
    figures of one cell disagree, the first (by id) is shown and the other counted."""
    cells: dict[tuple[dt.date, dt.date], list[TradeFigure | None]] = {}
    periods: dict[tuple[dt.date, dt.date], Period] = {}
    others: dict[tuple[dt.date, dt.date], list[int]] = {}
    column = {s.identity: i for i, s in enumerate(series)}
    for f in sorted(current(figures), key=lambda f: (f.period.start, f.period.end, f.id or 0)):
        if f.period.kind is not kind:
            continue
        i = column.get(identity(f))
        if i is not None:
            key = (f.period.start, f.period.end)
            row = cells.setdefault(key, [None] * len(series))
            periods.setdefault(key, f.period)
            count = others.setdefault(key, [0] * len(series))
            shown = row[i]
            if shown is None:
                row[i] = f
            elif shown.value_usd != f.value_usd:
                count[i] += 1
    return [PivotRow(periods[k], tuple(f.value_usd if f else None for f in row),
                     tuple(bool(f and f.estimated) for f in row), tuple(others[k]))
            for k, row in sorted(cells.items())]


def preceding(window: TimeWindow) -> TimeWindow:
    """The window of equal length that ends the day before `window` starts."""
    days = (window.end - window.start).days + 1
    end = window.start - dt.timedelta(days=1)
    return TimeWindow(end - dt.timedelta(days=days - 1), end)


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A series over the periods of one kind lying wholly inside a window, and the one before."""

    series: Series
    kind: PeriodKind
    periods: int
    total: float
    previous_periods: int
    previous_total: float
    estimates: int = 0
    previous_estimates: int = 0
    first: str = ""
    last: str = ""

    @property
    def average(self) -> float | None:
        return self.total / self.periods if self.periods else None

    @property
    def previous_average(self) -> float | None:
        return self.previous_total / self.previous_periods if self.previous_periods else None

    @property
    def change(self) -> float | None:
        """Change of the average per period, as a fraction; None without both sides."""
        now, before = self.average, self.previous_average
        if now is None or not before:
            return None
        return now / before - 1

    def covers(self) -> str:
        """What the total adds up, in words: coverage, periods, reports and estimates."""
        if not self.periods:
            n = self.previous_periods
            kind = KIND_LABELS[self.kind] if n != 1 else KIND_SINGULAR[self.kind]
            return (f"{self.series.coverage.label()}; no whole {KIND_SINGULAR[self.kind]} in "
                    f"the window, {n} {kind} in the preceding one")
        span = (f"{self.periods} {KIND_LABELS[self.kind] if self.periods != 1 else KIND_SINGULAR[self.kind]}"
                + f" ({self.first}" + (f" to {self.last})" if self.last != self.first else ")"))
        est = (f"includes {self.estimates} estimate{'s' if self.estimates > 1 else ''}"
               if self.estimates else "no estimates")
        return (f"{self.series.coverage.label()}; {span}; latest report of each period; "
                f"{est}")


def _inside(period: Period, window: TimeWindow) -> bool:
    return window.start <= period.start and period.end <= window.end


def key_figures(figures: Sequence[TradeFigure], window: TimeWindow,
                series: Sequence[Series]) -> list[KeyFigure]:
    """Per series and period kind: totals over whole periods in the window and the one before.

    Averages per period are compared, because monthly series have gaps and a plain
    total would change with coverage rather than with trade.
    """
    before = preceding(window)
    out: list[KeyFigure] = []
    by_series: dict[tuple, list[TradeFigure]] = {}
    for f in figures:
        by_series.setdefault(identity(f), []).append(f)
    for s in series:
        own = by_series.get(s.identity, [])
        for kind in SUMMARY_KINDS:
            rows = pivot(own, [s], kind)
            now = [r for r in rows if _inside(r.period, window) and r.values[0] is not None]
            then = [r for r in rows if _inside(r.period, before) and r.values[0] is not None]
            if now or then:
                out.append(KeyFigure(
                    s, kind, len(now), sum(r.values[0] or 0.0 for r in now), len(then),
                    sum(r.values[0] or 0.0 for r in then),
                    sum(r.estimated[0] for r in now), sum(r.estimated[0] for r in then),
                    now[0].period.label() if now else "", now[-1].period.label() if now else ""))
    return out


def lookback_window(window: TimeWindow) -> TimeWindow:
    """The window plus the preceding one: what the key figures need to read."""
    return TimeWindow(preceding(window).start, window.end)
