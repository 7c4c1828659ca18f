"""Pivot and window-on-window key figures of trade series."""

from __future__ import annotations

import datetime as dt

from viewer.domain.model import Flow, PeriodKind, TimeWindow, TradeFigure
from viewer.domain.periods import fiscal_year_period, month_period
from viewer.io.export.trade_summary import DEFAULT_SERIES, key_figures, pivot, preceding


def fig(flow, period, value, id_):
    return TradeFigure("PAK", "AFG", flow, period, value, id=id_)


def test_preceding_window_has_equal_length():
    w = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    p = preceding(w)
    assert p.end == dt.date(2023, 12, 31)
    assert (p.end - p.start).days == (w.end - w.start).days


def test_pivot_keeps_first_figure_and_counts_duplicates():
    fy = fiscal_year_period("2019-20")
    figures = [fig(Flow.EXPORT, fy, 100, 2), fig(Flow.EXPORT, fy, 90, 1),
               fig(Flow.IMPORT, fy, 10, 3), fig(Flow.EXPORT, month_period(2020, 1), 5, 4)]
    rows = pivot(figures, DEFAULT_SERIES, PeriodKind.FISCAL_YEAR)
    assert len(rows) == 1
    assert rows[0].values == (90, 10) and rows[0].duplicates == 1


def test_key_figures_compare_average_per_period():
    w = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    figures = [fig(Flow.EXPORT, month_period(2024, 1), 200, 1),
               fig(Flow.EXPORT, month_period(2024, 2), 100, 2),
               fig(Flow.EXPORT, month_period(2023, 5), 100, 3),
               fig(Flow.EXPORT, month_period(2022, 5), 999, 4)]
    (k,) = key_figures(figures, w, DEFAULT_SERIES[:1])
    assert (k.kind, k.periods, k.total, k.previous_periods, k.previous_total) == (
        PeriodKind.MONTH, 2, 300, 1, 100)
    assert abs(k.change - 0.5) < 1e-9
