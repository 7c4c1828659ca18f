"""The workbook's Summary and Trade by period sheets: totals only of like figures.

Each total is one series (reporter, partner, flow, commodity, coverage) over whole periods
of one kind, from the latest report of each period; the sheet says what each covers,
lists restated figures apart, and charts months on a date axis so gaps show as gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from xlsxwriter.worksheet import Worksheet

from viewer.domain.fiscal_years import describe as describe_fiscal_year
from viewer.domain.model import Filter, PeriodKind, TimeWindow
from viewer.domain.taxonomy import type_label
from viewer.io.export.trade_summary import KIND_LABELS, KIND_SINGULAR, identity, pivot
from viewer.io.export.trade_view import TradeView
from viewer.io.export.xlsx_sheets import (
    LINE_POINTS,
    Styles,
    cell_text,
    lines_needed,
    print_setup,
    right_to_left,
)
from viewer.store.service import StoreService

PIVOT_KINDS = (PeriodKind.FISCAL_YEAR, PeriodKind.CALENDAR_YEAR, PeriodKind.MONTH,
               PeriodKind.QUARTER, PeriodKind.SPAN)
CHART_ROWS = 20  # rows a chart takes beside its block


class _Rows:
    """A sheet written top to bottom, one row after another (constant-memory order)."""

    def __init__(self, ws: Worksheet, styles: Styles, widths: dict[int, float]) -> None:
        self.ws, self.st, self.row, self.widths = ws, styles, 0, widths
        for col, width in widths.items():
            ws.set_column(col, col, width)

    def put(self, *cells, fmt=None, height: int = 1) -> int:  # noqa: ANN001
        """Write one row of values; returns its index. Wrapped text sets the row's height
        (it must come before the row's cells in constant-memory mode)."""
        lines = max([height, *(lines_needed(v, self.widths.get(c, 10))
                                for c, v in enumerate(cells) if isinstance(v, str)
                                and fmt is not self.st.title and c in self.wrapped)])
        if lines > 1:
            self.ws.set_row(self.row, LINE_POINTS * lines + 2)
        for col, value in enumerate(cells):
            self.cell(self.row, col, value, fmt)
        self.row += 1
        return self.row - 1

    def cell(self, row: int, col: int, value, fmt=None) -> None:  # noqa: ANN001
        ws, st = self.ws, self.st
        if value is None or value == "":
            return
        if isinstance(value, str):
            text = cell_text(value)
            ws.write_string(row, col, text, fmt or (st.rtl if right_to_left(text) else st.text))
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, fmt or st.datetime)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, value, fmt or st.date)
        else:
            ws.write_number(row, col, value, fmt or st.integer)

    wrapped: frozenset[int] = frozenset()

    def skip(self, n: int = 1) -> None:
        self.row += n


def write_pivot(wb, styles: Styles, trade: TradeView, footer: str) -> None:  # noqa: ANN001
    """Periods × series per kind of period, each block with a native column chart."""
    ws = wb.add_worksheet("Trade by period")
    print_setup(ws, header_rows=0, footer=footer)
    widest = max((sum(1 for s in trade.series if _has(trade, s, k)) for k in PIVOT_KINDS),
                 default=1)
    out = _Rows(ws, styles, {0: 17, 1: 11, 2: 11, **{3 + j: 22 for j in range(max(widest, 1))}})
    out.wrapped = frozenset(range(3, 3 + widest))
    if not trade.series:
        out.put("No trade figures of the chosen series in this window.")
        return
    # Unwrapped, so the line runs on over the empty cells beside it.
    out.put("Values in US$ million (each cell keeps the exact dollars). Latest report of "
            "each period; restated first reports are listed below each table, never summed. "
            "Estimates in italics.", fmt=styles.plain)
    out.skip()
    for kind in PIVOT_KINDS:
        # Each block has the columns of the series that have periods of its kind.
        series = [s for s in trade.series if _has(trade, s, kind)]
        rows = pivot(trade.in_window, series, kind)
        if not rows:
            continue
        first = out.put(f"By {KIND_SINGULAR[kind]}", fmt=styles.bold)
        header = out.put("Period", "Start", "End", *(s.label() for s in series),
                         fmt=styles.header)
        for r in rows:
            i = out.put(r.period.label(), r.period.start, r.period.end)
            for j, (value, estimated) in enumerate(zip(r.values, r.estimated, strict=True)):
                if value is not None:
                    ws.write_number(i, 3 + j, value,
                                    styles.usd_estimate if estimated else styles.usd)
        last = out.row - 1
        for note in _block_notes(trade, kind, rows, series):
            out.put(note, fmt=styles.plain)
        _chart(wb, ws, kind, series, header, last, first)
        out.skip(max(2, CHART_ROWS - (out.row - first)))


def _has(trade: TradeView, s, kind: PeriodKind) -> bool:  # noqa: ANN001
    return (s.identity, kind) in trade.kinds


def _block_notes(trade: TradeView, kind: PeriodKind, rows, series) -> list[str]:  # noqa: ANN001
    notes = []
    wanted = {s.identity for s in series}
    for f in trade.in_window:
        if f.superseded and f.period.kind is kind and identity(f) in wanted:
            notes.append(f"Superseded, not summed: {f.period.label()} {f.reporter} {f.flow} "
                         f"{f.partner}, first reported as {f.value_usd / 1e6:,.3f} m "
                         f"({'; '.join(s.outlet for s in f.sources) or 'no source'}).")
    for r in rows:
        for s, n in zip(series, r.disagreeing, strict=True):
            if n:
                notes.append(f"{r.period.label()} {s.label()}: {n} other current "
                             "figure(s) disagree with the one shown; see the Trade sheet.")
    return notes


def _chart(wb, ws: Worksheet, kind: PeriodKind, series, header: int, last: int,  # noqa: ANN001
           top: int) -> None:
    chart = wb.add_chart({"type": "column"})
    name = ws.name
    for j in range(len(series)):
        chart.add_series({
            "name": [name, header, 3 + j],
            # Months by their first day on a date axis, so a missing month leaves a gap.
            "categories": [name, header + 1, 1 if kind is PeriodKind.MONTH else 0,
                           last, 1 if kind is PeriodKind.MONTH else 0],
            "values": [name, header + 1, 3 + j, last, 3 + j],
            "gap": 40,
        })
    if kind is PeriodKind.MONTH:
        chart.set_x_axis({"date_axis": True, "num_format": "mmm yyyy", "base_unit": "months",
                          "major_unit": 3, "major_unit_type": "months",
                          "num_font": {"rotation": -45}})
    chart.set_y_axis({"name": "US$ million", "num_format": '#,##0,,', "major_gridlines": {
        "visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_title({"name": f"By {KIND_SINGULAR[kind]} (US$ million)"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(top, 4 + len(series), chart)


def write_summary(ws: Worksheet, styles: Styles, store: StoreService, window: TimeWindow,
                  flt: Filter | None, result, title: str, trade: TradeView,  # noqa: ANN001
                  type_counts: dict[str, int], describe_window: Callable,
                  describe_filter: Callable) -> None:
    """Title block, counts, events by type, key trade totals and what each covers."""
    print_setup(ws, header_rows=0, footer=f"{title} · {describe_window(window)}")
    covers = 9  # the column saying what each total covers
    out = _Rows(ws, styles, {0: 36, 1: 17, **{c: 11 for c in range(2, covers)}, covers: 52})
    out.wrapped = frozenset({0, covers})
    out.put(title, fmt=styles.title)
    out.skip()
    for label, value in (
            ("Time window", describe_window(window)), ("Filters", describe_filter(flt)),
            ("Generated", dt.datetime.now().replace(microsecond=0)),
            ("Store", store.display), ("Events", result.events),
            ("Trade figures", result.trade_figures), ("Sources cited", result.sources)):
        i = out.put(label, fmt=styles.bold)
        out.cell(i, 1, value, styles.plain if isinstance(value, str) else None)
    out.skip()
    out.put("Events by type", fmt=styles.bold)
    for code, n in sorted(type_counts.items(), key=lambda kv: -kv[1]):
        i = out.put(type_label(code))
        out.cell(i, 1, n)
    out.skip()
    out.put("Key trade figures: whole periods inside the window, compared with the preceding "
            "window of equal length (US$ million; each total adds only one series, one kind "
            "of period and one coverage)", fmt=styles.plain)
    out.put("Series", "Periods", "In window", "Total", "Average", "Preceding window",
            "Total", "Average", "Change of average", "What the total covers",
            fmt=styles.header, height=2)
    for k in trade.key_figures:
        i = out.put(k.series.label(), KIND_LABELS[k.kind], k.periods,
                    height=lines_needed(k.covers(), 52))
        for col, value in ((3, k.total if k.periods else None), (4, k.average),
                           (6, k.previous_total if k.previous_periods else None),
                           (7, k.previous_average)):
            if value is not None:
                ws.write_number(i, col, value, styles.usd_estimate if (
                    k.estimates if col < 5 else k.previous_estimates) else styles.usd)
        out.cell(i, 5, k.previous_periods)
        if k.change is not None:
            ws.write_number(i, 8, k.change, styles.percent)
        else:
            out.cell(i, 8, "–")
        out.cell(i, covers, k.covers())
    if not trade.key_figures:
        out.put("(no trade figures of the chosen series in these windows)")
    out.skip()
    names = [s.label() for s in trade.series] or [
        "(none: the store has no trade series for this view)"]
    i = out.put("Series shown", fmt=styles.bold)
    out.cell(i, 1, names[0], styles.plain)
    for name in names[1:]:
        i = out.put("")
        out.cell(i, 1, name, styles.plain)
    reporters = sorted({s.reporter for s in trade.series})
    if reporters:
        out.skip()
        out.put("Fiscal years", fmt=styles.bold)
        for r in reporters:
            out.put(describe_fiscal_year(r, window.end))
    superseded = [f for f in trade.in_window if f.superseded]
    if superseded:
        out.skip()
        out.put(f"{len(superseded)} restated figure(s) appear on the Trade sheet as "
                "superseded and are left out of every total.")
    out.skip()
    out.put("Data sources used", fmt=styles.bold)
    outlets = sorted({s.outlet for f in trade.in_window for s in f.sources})
    datasets = sorted({f.origin_dataset for f in trade.in_window if f.origin_dataset})
    for label, value in (("Trade figures from", "; ".join(outlets) or "–"),
                         ("Trade datasets", "; ".join(datasets) or "–"),
                         ("Event sources", f"{result.events:,} events citing "
                                           f"{result.sources:,} sources (see the Sources sheet)")):
        i = out.put(label)
        out.cell(i, 1, value, styles.plain)
    if result.warnings:
        out.skip()
        out.put("Warnings", fmt=styles.bold)
        for w in result.warnings[:200]:
            out.put(w)
        if len(result.warnings) > 200:
            out.put(f"… and {len(result.warnings) - 200:,} more")
