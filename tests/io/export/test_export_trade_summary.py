"""Pivot and window-on-window key figures of trade series."""

from __future__ import annotations

import datetime as dt

from viewer.domain.model import Coverage, Flow, PeriodKind, TimeWindow, TradeFigure
from viewer.domain.periods import fiscal_year_period, month_period
from viewer.io.export.trade_summary import (
    DEFAULT_SERIES,
    key_figures,
    pivot,
    preceding,
    series_for,
)

GS = Coverage.GOODS_AND_SERVICES


def fig(flow, period, value, id_, **kw):
    return TradeFigure("PAK", "AFG", flow, period, value, id=id_, **kw)


def test_preceding_window_has_equal_length():
    w = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    p = preceding(w)
    assert p.end == dt.date(2023, 12, 31)
    assert (p.end - p.start).days == (w.end - w.start).days


def test_pivot_keeps_first_figure_and_counts_duplicates():
    fy = fiscal_year_period("2019-20")
    figures = [fig(Flow.EXPORT, fy, 100, 2), fig(Flow.EXPORT, fy, 90, 1),
               fig(Flow.IMPORT, fy, 10, 3), fig(Flow.EXPORT, month_period(2020, 1), 5, 4)]
    rows = pivot(figures, series_for(DEFAULT_SERIES, figures), PeriodKind.FISCAL_YEAR)
    assert len(rows) == 1
    assert rows[0].values == (90, 10) and rows[0].duplicates == 1


def test_restated_figure_shown_once_and_never_summed():
    fy = fiscal_year_period("2019-20")
    figures = [fig(Flow.EXPORT, fy, 888_913_000, 1, coverage=GS, superseded_by=2),
               fig(Flow.EXPORT, fy, 890_052_000, 2, coverage=GS, supersedes_id=1),
               fig(Flow.EXPORT, fiscal_year_period("2020-21"), 983_295_000, 3, coverage=GS)]
    series = series_for(DEFAULT_SERIES, figures)
    rows = pivot(figures, series, PeriodKind.FISCAL_YEAR)
    assert [r.values for r in rows] == [(890_052_000,), (983_295_000,)]
    assert [r.duplicates for r in rows] == [0, 0]
    w = TimeWindow(dt.date(2019, 7, 1), dt.date(2021, 6, 30))
    (k,) = key_figures(figures, w, series)
    assert (k.periods, k.total) == (2, 890_052_000 + 983_295_000)
    assert "latest report" in k.covers() and "no estimates" in k.covers()


def test_goods_only_and_estimates_never_join_a_goods_and_services_total():
    w = TimeWindow(dt.date(2017, 7, 1), dt.date(2018, 6, 30))
    figures = [fig(Flow.EXPORT, month_period(2018, 5), 119_571_000, 1),
               fig(Flow.EXPORT, month_period(2018, 6), 100_000_000, 2, coverage=GS),
               fig(Flow.EXPORT, fiscal_year_period("2017-18"), 1_490_000_000, 3, coverage=GS,
                   estimated=True)]
    series = series_for(DEFAULT_SERIES[:1], figures)
    assert [s.label() for s in series] == ["PAK exports to AFG, goods and services",
                                           "PAK exports to AFG, goods only"]
    totals = {(k.series.coverage, k.kind): k for k in key_figures(figures, w, series)}
    assert totals[(GS, PeriodKind.MONTH)].total == 100_000_000
    assert totals[(Coverage.GOODS, PeriodKind.MONTH)].total == 119_571_000
    fy = totals[(GS, PeriodKind.FISCAL_YEAR)]
    assert fy.estimates == 1 and "includes 1 estimate" in fy.covers()


def test_key_figures_compare_average_per_period():
    w = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    figures = [fig(Flow.EXPORT, month_period(2024, 1), 200, 1),
               fig(Flow.EXPORT, month_period(2024, 2), 100, 2),
               fig(Flow.EXPORT, month_period(2023, 5), 100, 3),
               fig(Flow.EXPORT, month_period(2022, 5), 999, 4)]
    (k,) = key_figures(figures, w, series_for(DEFAULT_SERIES[:1], figures))
    assert (k.kind, k.periods, k.total, k.previous_periods, k.previous_total) == (
        PeriodKind.MONTH, 2, 300, 1, 100)
    assert abs(k.change - 0.5) < 1e-9
