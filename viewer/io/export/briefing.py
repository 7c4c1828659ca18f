"""What the briefing pack shows, gathered without Qt: title block, key events, trade, sources."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Event, Filter, PeriodKind, Source, TimeWindow, TradeFigure
from viewer.io.export.trade_summary import KeyFigure, PivotRow, Series, pivot
from viewer.io.export.trade_view import read_trade
from viewer.io.export.workbook import describe_filter, describe_window
from viewer.store.service import StoreService

KEY_EVENTS = 40


@dataclass
class Briefing:
    """Everything the PDF pack draws besides the two panes."""

    title: str
    window: TimeWindow
    filter_text: str
    generated: dt.datetime
    store: str
    event_count: int
    key_events: list[Event]
    series: tuple[Series, ...]
    key_figures: list[KeyFigure]
    fiscal_years: list[PivotRow]
    sources: list[Source] = field(default_factory=list)
    superseded: list[TradeFigure] = field(default_factory=list)
    calendar_years: list[PivotRow] = field(default_factory=list)
    months: list[PivotRow] = field(default_factory=list)
    # Figures of other period kinds (quarters, part-year spans), listed as they are.
    other_periods: list[TradeFigure] = field(default_factory=list)

    @property
    def window_text(self) -> str:
        return describe_window(self.window)

    @property
    def title_lines(self) -> list[tuple[str, str]]:
        return [("Time window", describe_window(self.window)),
                ("Filters", self.filter_text),
                ("Events in view", f"{self.event_count:,}"
                 + (f" (the {len(self.key_events)} most cited are listed)"
                    if self.event_count > len(self.key_events) else "")),
                ("Generated", f"{self.generated:%d %b %Y %H:%M} from {self.store}")]


def gather(store: StoreService, window: TimeWindow, flt: Filter | None = None, *,
           title: str = "Briefing pack", series: Sequence[SeriesKey] | None = None,
           key_events: int = KEY_EVENTS) -> Briefing:
    """Read the view once: the most-cited events (in date order), trade figures, sources."""
    count = 0
    best: list[tuple[int, int, Event]] = []  # (sources, -order, event): a min-heap of the best
    with closing(store.iter_events(window, flt)) as chunks:
        for chunk in chunks:
            for event in chunk:
                item = (len(event.sources), -count, event)
                count += 1
                if len(best) < key_events:
                    heapq.heappush(best, item)
                elif item[:2] > best[0][:2]:
                    heapq.heapreplace(best, item)
    events = sorted((e for _, _, e in best), key=lambda e: (e.start, e.id or 0))
    trade = read_trade(store, window, series, flt)
    in_window = trade.in_window
    sources: dict[tuple, Source] = {}
    for s in [s for e in events for s in e.sources] + [s for f in in_window for s in f.sources]:
        sources.setdefault((s.outlet, s.url), s)
    return Briefing(
        title=title, window=window, filter_text=describe_filter(flt),
        generated=dt.datetime.now(), store=store.display, event_count=count,
        key_events=events, series=trade.series, key_figures=trade.key_figures,
        fiscal_years=pivot(in_window, trade.series, PeriodKind.FISCAL_YEAR),
        calendar_years=pivot(in_window, trade.series, PeriodKind.CALENDAR_YEAR),
        months=pivot(in_window, trade.series, PeriodKind.MONTH),
        other_periods=sorted((f for f in in_window if not f.superseded and f.period.kind in (
            PeriodKind.QUARTER, PeriodKind.SPAN)), key=lambda f: (f.period.start, f.reporter)),
        sources=sorted(sources.values(), key=lambda s: (s.outlet.casefold(), s.title or "")),
        superseded=[f for f in in_window if f.superseded],
    )
