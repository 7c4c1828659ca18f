"""Trade figures shaped for a briefing: series, a pivot of periods, window-on-window change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from viewer.domain.model import Flow, Period, PeriodKind, TimeWindow, TradeFigure

_FLOW_WORDS = {
    Flow.EXPORT: "exports to",
    Flow.IMPORT: "imports from",
    Flow.RE_EXPORT: "re-exports to",
    Flow.RE_IMPORT: "re-imports from",
    Flow.TRANSIT: "transit trade with",
}
SUMMARY_KINDS = (PeriodKind.FISCAL_YEAR, PeriodKind.MONTH)
KIND_LABELS = {
    PeriodKind.FISCAL_YEAR: "fiscal years",
    PeriodKind.MONTH: "months",
    PeriodKind.CALENDAR_YEAR: "calendar years",
    PeriodKind.QUARTER: "quarters",
    PeriodKind.SPAN: "other spans",
}


@dataclass(frozen=True, slots=True)
class Series:
    """One trade series: reporter, partner, flow and commodity."""

    reporter: str
    partner: str
    flow: Flow
    commodity: str = "TOTAL"

    def label(self) -> str:
        text = f"{self.reporter} {_FLOW_WORDS.get(self.flow, str(self.flow))} {self.partner}"
        return text if self.commodity == "TOTAL" else f"{text} ({self.commodity})"

    def matches(self, f: TradeFigure) -> bool:
        return (f.reporter == self.reporter and f.partner == self.partner
                and f.flow == self.flow and f.commodity_code == self.commodity)


DEFAULT_SERIES: tuple[Series, ...] = (
    Series("PAK", "AFG", Flow.EXPORT),
    Series("PAK", "AFG", Flow.IMPORT),
)


@dataclass(frozen=True, slots=True)
class PivotRow:
    """One period with a value per series (None where there is no figure)."""

    period: Period
    values: tuple[float | None, ...]
    duplicates: int = 0  # figures beyond the first for the same period and series


def pivot(figures: Iterable[TradeFigure], series: Sequence[Series],
          kind: PeriodKind) -> list[PivotRow]:
    """Periods of one kind × series; where sources disagree the first figure (by id) is kept."""
    cells: dict[tuple[dt.date, dt.date], list[float | None]] = {}
    periods: dict[tuple[dt.date, dt.date], Period] = {}
    extra: dict[tuple[dt.date, dt.date], int] = {}
    for f in sorted(figures, key=lambda f: (f.period.start, f.period.end, f.id or 0)):
        if f.period.kind is not kind:
            continue
        for i, s in enumerate(series):
            if not s.matches(f):
                continue
            key = (f.period.start, f.period.end)
            row = cells.setdefault(key, [None] * len(series))
            periods.setdefault(key, f.period)
            if row[i] is None:
                row[i] = f.value_usd
            else:
                extra[key] = extra.get(key, 0) + 1
    return [PivotRow(periods[k], tuple(v), extra.get(k, 0)) for k, v in sorted(cells.items())]


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
    for s in series:
        for kind in SUMMARY_KINDS:
            rows = pivot(figures, [s], kind)
            now = [r.values[0] for r in rows if _inside(r.period, window)]
            then = [r.values[0] for r in rows if _inside(r.period, before)]
            now_v = [v for v in now if v is not None]
            then_v = [v for v in then if v is not None]
            if now_v or then_v:
                out.append(KeyFigure(s, kind, len(now_v), sum(now_v), len(then_v), sum(then_v)))
    return out


def lookback_window(window: TimeWindow) -> TimeWindow:
    """The window plus the preceding one: what the key figures need to read."""
    return TimeWindow(preceding(window).start, window.end)
