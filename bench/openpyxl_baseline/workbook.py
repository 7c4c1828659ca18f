"""The briefing workbook of a view: Summary, Events, Trade, Trade by period, Sources.

openpyxl write-only mode streams each sheet to disk, so 100k+ events export in bounded
memory; every text cell goes through `safe` so no cell becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from bench.openpyxl_baseline.trade_summary import (
    DEFAULT_SERIES,
    KIND_LABELS,
    Series,
    key_figures,
    lookback_window,
    pivot,
)
from viewer.domain.model import Event, Filter, PeriodKind, Source, TimeWindow, TradeFigure
from viewer.domain.taxonomy import type_label
from viewer.io.export.safe import (
    ExportCancelled,
    atomic_path,
    check_target,
    text_value,
    text_values,
)
from viewer.io.export.sheets import USD, Column, TableSheet, print_setup
from viewer.store.service import StoreService

Progress = Callable[[int, int, str], None]

EVENT_COLUMNS = (
    Column("Start date", 12), Column("End date", 12), Column("Precision", 11),
    Column("Type", 22), Column("Title", 48), Column("Countries", 14), Column("Actors", 40),
    Column("Location", 16), Column("Summary", 70), Column("Sources", 36),
    Column("Source link", 40), Column("Number of sources", 10), Column("Tags", 24),
    Column("Dataset", 10), Column("Dataset id", 24),
)
TRADE_COLUMNS = (
    Column("Reporter", 9), Column("Partner", 9), Column("Flow", 10), Column("Period", 16),
    Column("Period kind", 12), Column("Period start", 12), Column("Period end", 12),
    Column("Commodity code", 10), Column("Commodity", 26), Column("Value (US$)", 16),
    Column("Estimated", 9), Column("Note", 40), Column("Source", 28), Column("Source link", 40),
)
SOURCE_COLUMNS = (
    Column("Outlet", 28), Column("Title", 60), Column("Link", 50), Column("Published", 12),
    Column("Language", 9), Column("Cited by events", 10), Column("Cited by trade figures", 10),
)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


@dataclass
class ExportResult:
    """What an export wrote: counts, sheets and any warnings (e.g. truncated text)."""

    path: Path
    events: int = 0
    trade_figures: int = 0
    sources: int = 0
    sheets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def describe_filter(flt: Filter | None) -> str:
    """The filter in words, for title blocks."""
    if flt is None or flt.is_empty():
        return "none (all events)"
    parts = []
    for label, values in (("countries", flt.countries), ("types", flt.types),
                          ("actors", flt.actors), ("tags", flt.tags),
                          ("precision", flt.precisions), ("outlets", flt.outlets)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if flt.search.strip():
        parts.append(f"text contains “{flt.search.strip()}”")
    return "; ".join(parts)


def describe_window(window: TimeWindow) -> str:
    return f"{window.start:%d %b %Y} – {window.end:%d %b %Y}"


def resolve_window(store: StoreService, window: TimeWindow | None) -> TimeWindow:
    """The given window, or everything in the store."""
    if window is not None:
        return window
    info = store.info()
    firsts = [d for d in (info.events.first, info.trade_figures.first) if d]
    lasts = [d for d in (info.events.last, info.trade_figures.last) if d]
    today = dt.date.today()
    return TimeWindow(min(firsts, default=today), max(lasts, default=today))


def write_workbook(store: StoreService, path: str | os.PathLike[str],
                   window: TimeWindow | None,
                   flt: Filter | None = None, *, series: Sequence[Series] = DEFAULT_SERIES,
                   max_rows_per_sheet: int = 1_048_575, title: str = "Briefing workbook",
                   event_limit: int | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the briefing workbook of a view to `path`, atomically."""
    target = check_target(path)
    window = resolve_window(store, window)
    result = ExportResult(target)
    total = store.count_events(window, flt)
    if event_limit is not None:
        total = min(total, event_limit)
    report = progress or (lambda done, of, stage: None)
    stop = cancelled or (lambda: False)

    wb = Workbook(write_only=True)
    try:
        _fill(wb, store, window, flt, series, max_rows_per_sheet, title, event_limit, total,
              result, report, stop)
        if stop():
            raise ExportCancelled()
        report(total, total, "saving")
        with atomic_path(target) as tmp:
            wb.save(tmp)
    except BaseException:
        _discard(wb)
        raise
    return result


def series_figures(store: StoreService, window: TimeWindow,
                   series: Sequence[Series]) -> list[TradeFigure]:
    """Figures in a window between the series' countries in their commodities, any flow."""
    keys = sorted({(s.reporter, s.partner, s.commodity) for s in series})
    figures = [f for reporter, partner, commodity in keys
               for f in store.trade_figures(reporter=reporter, partner=partner,
                                            commodity=commodity, window=window)]
    return sorted(figures, key=lambda f: (f.period.start, f.period.end, f.id or 0))


def _discard(wb: Workbook) -> None:
    """Close and delete the sheets' temporary files of an abandoned write-only workbook."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
            ws._writer.cleanup()
        except Exception:  # noqa: BLE001, S110 - best effort on the way out of a failure
            pass


def _fill(wb: Workbook, store: StoreService, window: TimeWindow,
          flt: Filter | None,
          series: Sequence[Series], max_rows_per_sheet: int, title: str,
          event_limit: int | None, total: int, result: ExportResult, report: Progress,
          stop: Callable[[], bool]) -> None:
    summary_ws = wb.create_sheet("Summary")
    sources: dict[tuple, list] = {}  # key -> [Source, events citing, trade figures citing]

    events_sheet = TableSheet(wb, "Events", EVENT_COLUMNS, max_rows=max_rows_per_sheet,
                              warnings=result.warnings)
    report(0, total, "events")
    # closing(): leaving early (cancel) must release the connection at once. Read on this
    # thread: a read-ahead thread measured slower, since sqlite3 drops and retakes the GIL
    # for every row stepped and so keeps interrupting openpyxl's writing.
    with closing(store.iter_events(window, flt, chunk=2000, limit=event_limit)) as chunks:
        for chunk in chunks:
            if stop():
                raise ExportCancelled()
            for event in chunk:
                _event_row(events_sheet, event, sources, result.warnings)
            report(events_sheet.total, total, "events")
    events_sheet.close()
    result.events = events_sheet.total

    if stop():
        raise ExportCancelled()
    report(result.events, total, "trade figures")
    lookback = series_figures(store, lookback_window(window), series)
    in_window = [f for f in lookback if window.overlaps(f.period.start, f.period.end)]
    trade_sheet = TableSheet(wb, "Trade", TRADE_COLUMNS, max_rows=max_rows_per_sheet,
                             warnings=result.warnings)
    for f in in_window:
        _trade_row(trade_sheet, f, sources, result.warnings)
    trade_sheet.close()
    result.trade_figures = trade_sheet.total
    _write_pivot(wb, in_window, series)

    source_sheet = TableSheet(wb, "Sources", SOURCE_COLUMNS, max_rows=max_rows_per_sheet,
                              warnings=result.warnings)
    for src, n_events, n_trade in sorted(
            sources.values(), key=lambda v: (v[0].outlet.casefold(), v[0].published or dt.date.min)):
        ws = source_sheet.ws
        source_sheet.append([
            text_value(ws, src.outlet, result.warnings, "Sources"),
            text_value(ws, src.title, result.warnings, "Sources"),
            source_sheet.link(src.url), src.published, text_value(ws, src.language),
            n_events, n_trade,
        ])
    source_sheet.close()
    result.sources = source_sheet.total

    _write_summary(summary_ws, store, window, flt, result, title,
                   key_figures(lookback, window, series), store.count_by_type(window, flt),
                   in_window)
    # Continuation sheets were created as rows arrived; keep each beside its first sheet.
    order = ["Summary", *(s.title for s in events_sheet.sheets),
             *(s.title for s in trade_sheet.sheets), "Trade by period",
             *(s.title for s in source_sheet.sheets)]
    wb._sheets.sort(key=lambda ws: order.index(ws.title))
    result.sheets = [ws.title for ws in wb.worksheets]


def _cite(sources: dict, src: Source, slot: int) -> None:
    key = (src.id,) if src.id is not None else (src.outlet, src.url)
    entry = sources.get(key)
    if entry is None:
        sources[key] = entry = [src, 0, 0]
    entry[slot] += 1


def _actor_text(actors) -> str:  # noqa: ANN001
    parts = []
    for a in actors:
        name = f"{a.name} ({a.native_name})" if a.native_name else a.name
        parts.append(name if a.role in ("participant", "") else f"{name} [{a.role}]")
    return "; ".join(parts)


def _event_row(sheet: TableSheet, e: Event, sources: dict, warnings: list[str]) -> None:
    (eid, start, end, precision, kind, title, countries, actors, location, summary, tags,
     cited, dataset, origin_id) = (e.id, e.start, e.end, e.precision.value, e.type, e.title,
                                   e.countries, e.actors, e.location, e.summary, e.tags,
                                   e.sources, e.origin_dataset, e.origin_id)
    for src in cited:
        _cite(sources, src, 1)
    first_url = next((s.url for s in cited if s.url), None)
    (kind, title, actors, location, summary, outlets, tags, dataset, origin_id) = text_values(
        sheet.ws, [type_label(kind), title, _actor_text(actors) if actors else "", location,
                   summary, "; ".join(s.outlet for s in cited), ", ".join(tags), dataset,
                   origin_id], warnings, f"event {origin_id or eid}")
    sheet.append([
        start, end, precision, kind, title, ";".join(countries) or None, actors,
        location, summary, outlets, sheet.link(first_url), len(cited), tags, dataset,
        origin_id,
    ])


def _usd(ws, value: float | None):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value)
    cell.number_format = USD
    return cell


def _trade_row(sheet: TableSheet, f: TradeFigure, sources: dict, warnings: list[str]) -> None:
    ws = sheet.ws
    for src in f.sources:
        _cite(sources, src, 2)
    src = f.sources[0] if f.sources else None
    sheet.append([
        f.reporter, f.partner, str(f.flow), f.period.label(), str(f.period.kind),
        f.period.start, f.period.end, text_value(ws, f.commodity_code),
        text_value(ws, f.commodity_label, warnings, "Trade"), _usd(ws, f.value_usd),
        "yes" if f.estimated else "no", text_value(ws, f.note, warnings, "Trade") or None,
        text_value(ws, src.outlet, warnings, "Trade") if src else None,
        sheet.link(src.url if src else None),
    ])


def _styled(ws, value, font: Font | None = None, number_format: str | None = None):
    value = text_value(ws, value) if isinstance(value, str) else value
    # Forced-string text arrives as a cell already; style that cell instead of wrapping it.
    cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _write_pivot(wb: Workbook, figures: list[TradeFigure], series: Sequence[Series]) -> None:
    """Periods × series for fiscal years and months, each block with a native bar chart."""
    ws = wb.create_sheet("Trade by period")
    widths = {"A": 14, "B": 12, "C": 12}
    for i in range(len(series)):
        widths[chr(ord("D") + i)] = 22
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws)
    row = 1
    for kind in (PeriodKind.FISCAL_YEAR, PeriodKind.MONTH):
        rows = pivot(figures, series, kind)
        ws.append([_styled(ws, f"By {KIND_LABELS[kind][:-1]} (US$)", BOLD)])
        header_row = row + 1
        ws.append([_styled(ws, h, BOLD) for h in
                   ("Period", "Start", "End", *(s.label() for s in series))])
        for r in rows:
            ws.append([r.period.label(), r.period.start, r.period.end,
                       *(_usd(ws, v) for v in r.values)])
        if not rows:
            ws.append(["(no figures of this kind in the window)"])
        last = header_row + max(len(rows), 1)
        if rows:
            chart = BarChart()
            chart.type = "col"
            chart.title = f"{' and '.join(s.label() for s in series)}, by {KIND_LABELS[kind][:-1]}"
            chart.y_axis.title = "US$ million"
            chart.y_axis.number_format = '#,##0,,'
            # openpyxl 3.1 marks axes deleted unless told otherwise: Excel then hides them.
            chart.x_axis.delete = False
            chart.y_axis.delete = False
            data = Reference(ws, min_col=4, max_col=3 + len(series), min_row=header_row,
                             max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last))
            chart.width, chart.height = 22, 9
            chart.legend.position = "b"
            ws.add_chart(chart, f"{chr(ord('D') + len(series) + 1)}{row}")
        # Leave room for the chart (about 18 rows tall) before the next block.
        used = last - row + 1
        for _ in range(max(2, 20 - used)):
            ws.append([])
        row = last + max(2, 20 - used) + 1


def _write_summary(ws, store: StoreService, window: TimeWindow, flt: Filter | None,
                   result: ExportResult, title: str, keys, type_counts: dict[str, int],
                   trade: list[TradeFigure]) -> None:
    ws.column_dimensions["A"].width = 30
    print_setup(ws)
    for letter in "BCDEFGHI":
        ws.column_dimensions[letter].width = 18
    ws.append([_styled(ws, title, TITLE_FONT)])
    ws.append([])
    for label, value in (
            ("Time window", describe_window(window)),
            ("Filters", describe_filter(flt)),
            ("Generated", dt.datetime.now().replace(microsecond=0)),
            ("Store", store.display),
            ("Events", result.events), ("Trade figures", result.trade_figures),
            ("Sources cited", result.sources)):
        fmt = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else None
        ws.append([_styled(ws, label, BOLD), _styled(ws, value, None, fmt)])
    ws.append([])
    ws.append([_styled(ws, "Events by type", BOLD)])
    for code, n in sorted(type_counts.items(), key=lambda kv: -kv[1]):
        ws.append([text_value(ws, type_label(code)), n])
    ws.append([])
    ws.append([_styled(ws, "Key trade figures (whole periods inside the window, compared with "
                           "the preceding window of equal length)", BOLD)])
    ws.append([_styled(ws, h, BOLD) for h in (
        "Series", "Periods", "In window", "Total (US$)", "Average (US$)",
        "Preceding window", "Total (US$)", "Average (US$)", "Change of average")])
    for k in keys:
        change = WriteOnlyCell(ws, k.change)
        change.number_format = "+0.0%;-0.0%;0.0%"
        ws.append([text_value(ws, k.series.label()), KIND_LABELS[k.kind], k.periods,
                   _usd(ws, k.total if k.periods else None), _usd(ws, k.average),
                   k.previous_periods, _usd(ws, k.previous_total if k.previous_periods else None),
                   _usd(ws, k.previous_average), change if k.change is not None else "–"])
    if not keys:
        ws.append(["(no trade figures of the chosen series in these windows)"])
    ws.append([])
    ws.append([_styled(ws, "Data sources used", BOLD)])
    datasets = sorted({f.origin_dataset for f in trade if f.origin_dataset})
    outlets = sorted({s.outlet for f in trade for s in f.sources})
    ws.append(["Trade figures from", text_value(ws, "; ".join(outlets) or "–")])
    ws.append(["Trade datasets", text_value(ws, "; ".join(datasets) or "–")])
    ws.append(["Event sources", text_value(ws, f"{result.events:,} events citing "
                                        f"{result.sources:,} sources (see the Sources sheet)")])
    if result.warnings:
        ws.append([])
        ws.append([_styled(ws, "Warnings", BOLD)])
        for w in result.warnings[:200]:
            ws.append([text_value(ws, w)])
        if len(result.warnings) > 200:
            ws.append([f"… and {len(result.warnings) - 200:,} more"])
