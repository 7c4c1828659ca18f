"""The trade part of a briefing, read once: which series, their figures, the key totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Filter, TimeWindow, TradeFigure
from viewer.domain.series_choice import series_of_countries
from viewer.io.export.trade_summary import (
    KeyFigure,
    Series,
    identity,
    key_figures,
    lookback_window,
    series_for,
)
from viewer.store.service import StoreService


@dataclass(frozen=True)
class TradeView:
    """The series a briefing shows and every figure of them in (and before) its window."""

    keys: tuple[SeriesKey, ...]
    series: tuple[Series, ...]
    in_window: list[TradeFigure]  # every figure overlapping the window, restated ones too
    key_figures: list[KeyFigure]
    kinds: frozenset = frozenset()  # (series identity, kind of period) with figures in window


def choose_series(store: StoreService, keys: Sequence[SeriesKey] | None,
                  flt: Filter | None) -> tuple[SeriesKey, ...]:
    """The series asked for, or every series between the filter's countries."""
    if keys:
        return tuple(dict.fromkeys(keys))
    countries = flt.countries if flt is not None else ()
    return tuple(series_of_countries(store.trade_series(), countries))


def read_trade(store: StoreService, window: TimeWindow, keys: Sequence[SeriesKey] | None,
               flt: Filter | None) -> TradeView:
    chosen = choose_series(store, keys, flt)
    lookback = store.trade_figures_of(chosen, lookback_window(window)) if chosen else []
    in_window = [f for f in lookback if window.overlaps(f.period.start, f.period.end)]
    series = series_for(chosen, lookback)
    return TradeView(chosen, series, in_window, key_figures(lookback, window, series),
                     frozenset((identity(f), f.period.kind) for f in in_window))
