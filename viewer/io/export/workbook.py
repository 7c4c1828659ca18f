"""The briefing workbook of a view: Summary, Events, Trade, Trade by period, Sources, Notes.

Written with xlsxwriter in constant-memory mode (see `xlsx_sheets`): each sheet streams
to disk, so 100k+ events export in bounded memory, and every text cell is a string.
The trade part shows the series the view shows (`trade_view`), every figure with all
its sources, restated figures listed as superseded and never summed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from viewer.domain.drawing import SeriesKey
from viewer.domain.fiscal_years import fiscal_year_label
from viewer.domain.model import Event, Filter, Source, TimeWindow, TradeFigure
from viewer.domain.taxonomy import type_label
from viewer.io.export.notes_sheet import event_note, figure_notes, timeline_notes, write_notes
from viewer.io.export.safe import (
    ExportCancelled,
    ExportError,
    atomic_path,
    check_target,
    os_reason,
    partial_name,
)
from viewer.io.export.trade_view import read_trade
from viewer.io.export.workbook_trade import write_pivot, write_summary
from viewer.io.export.xlsx_sheets import Column, Styles, TableSheet, open_book
from viewer.store.service import StoreService

Progress = Callable[[int, int, str], None]

EVENT_COLUMNS = (
    Column("Start date", "date", 11, 11), Column("End date", "date", 11, 11),
    Column("Precision", "text", 9, 11), Column("Type", "text", 10, 16),
    Column("Title", "text", 20, 34), Column("Countries", "text", 9, 12),
    Column("Actors", "text", 14, 30), Column("Location", "text", 10, 14),
    Column("Summary", "text", 20, 56), Column("Sources", "text", 10, 22),
    Column("Source link", "link", 12, 40), Column("Number of sources", "integer", 9, 9),
    Column("Tags", "text", 8, 24), Column("Dataset", "text", 8, 12),
    Column("Dataset id", "text", 8, 26),
)
EVENT_PRINT_COLUMNS = 10  # A–J on paper; links, counts and dataset ids stay on screen
TRADE_COLUMNS = (
    Column("Reporter", "text", 8, 9), Column("Partner", "text", 8, 9),
    Column("Flow", "text", 8, 10), Column("Period", "text", 10, 16),
    Column("Period kind", "text", 9, 13), Column("Period start", "date", 11, 11),
    Column("Period end", "date", 11, 11), Column("Reporter's fiscal year", "text", 9, 10),
    Column("Commodity code", "text", 9, 10), Column("Commodity", "text", 10, 24),
    Column("Coverage", "text", 10, 18), Column("Value (US$ m)", "usd", 12, 14),
    Column("Estimated", "text", 8, 9), Column("Status", "text", 10, 30),
    Column("Note", "text", 12, 40), Column("Sources", "text", 12, 30),
    Column("Source links", "link", 12, 40),
)
SOURCE_COLUMNS = (
    Column("Outlet", "text", 10, 24), Column("Title", "text", 20, 50),
    Column("Link", "link", 20, 60), Column("Published", "date", 11, 11),
    Column("Language", "text", 8, 9), Column("Cited by events", "integer", 8, 9),
    Column("Cited by trade figures", "integer", 8, 9),
)


@dataclass
class ExportResult:
    """What an export wrote: counts, sheets and any warnings (e.g. truncated text)."""

    path: Path
    events: int = 0
    trade_figures: int = 0
    sources: int = 0
    notes: int = 0  # the officer's notes on the Notes sheet (none: no sheet)
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
    if flt.area is not None:
        parts.append(f"placed in the box {flt.area.label()}")
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
                   flt: Filter | None = None, *, series: Sequence[SeriesKey] | None = None,
                   max_rows_per_sheet: int = 1_048_575, title: str = "Briefing workbook",
                   event_limit: int | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the briefing workbook of a view to `path`, atomically.

    `series` are the trade series to show (the chart's); None means every series
    between the filter's countries.
    """
    target = check_target(path)
    window = resolve_window(store, window)
    result = ExportResult(target)
    total = store.count_events(window, flt)
    if event_limit is not None:
        total = min(total, event_limit)
    report = progress or (lambda done, of, stage: None)
    stop = cancelled or (lambda: False)
    # The sheets' rows wait beside the target in a folder of their own, never in $TMPDIR;
    # ones left by killed runs are cleared by atomic_path.
    parts = partial_name(target, "parts")
    try:
        with atomic_path(target) as tmp:
            parts.mkdir()
            wb = open_book(str(tmp), str(parts))
            try:
                _fill(wb, store, window, flt, series, max_rows_per_sheet, title, event_limit,
                      total, result, report, stop)
                if stop():
                    raise ExportCancelled()
                report(total, total, "saving")
            except BaseException:
                _abandon(wb)
                raise
            close_book(wb, target)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return result


def close_book(wb, target: Path) -> None:  # noqa: ANN001
    """Write the workbook out; a full disk or a vanished folder is an ExportError naming
    the target (xlsxwriter wraps the OSError in an exception of its own)."""
    from xlsxwriter.exceptions import XlsxWriterException

    try:
        wb.close()
    except XlsxWriterException as exc:
        _abandon(wb)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        reason = os_reason(cause) if cause is not None else str(exc)
        raise ExportError(target, reason) from exc


def _abandon(wb) -> None:  # noqa: ANN001
    """Close the row files of a workbook that will not be written."""
    for ws in wb.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()


def _fill(wb, store: StoreService, window: TimeWindow, flt: Filter | None,  # noqa: ANN001
          series: Sequence[SeriesKey] | None, max_rows: int, title: str,
          event_limit: int | None, total: int, result: ExportResult, report: Progress,
          stop: Callable[[], bool]) -> None:
    styles = Styles(wb)
    footer = f"{title} · {describe_window(window)}"
    summary_ws = wb.add_worksheet("Summary")
    sources: dict[tuple, list] = {}  # key -> [Source, events citing, trade figures citing]
    notes = []  # the officer's notes on the view's rows, for the Notes sheet

    events = TableSheet(wb, styles, "Events", EVENT_COLUMNS, max_rows=max_rows,
                        warnings=result.warnings, print_columns=EVENT_PRINT_COLUMNS,
                        footer=footer)
    report(0, total, "events")
    # closing(): leaving early (cancel) must release the connection at once.
    with closing(store.iter_events(window, flt, chunk=2000, limit=event_limit)) as chunks:
        for chunk in chunks:
            if stop():
                raise ExportCancelled()
            for event in chunk:
                _event_row(events, event, sources)
                if (note := event_note(event)) is not None:
                    notes.append(note)
            report(events.total, total, "events")
    events.close()
    result.events = events.total

    if stop():
        raise ExportCancelled()
    report(result.events, total, "trade figures")
    trade = read_trade(store, window, series, flt)
    trade_sheet = TableSheet(wb, styles, "Trade", TRADE_COLUMNS, max_rows=max_rows,
                             warnings=result.warnings, footer=footer)
    for f in trade.in_window:
        _trade_row(trade_sheet, f, sources)
    trade_sheet.close()
    result.trade_figures = trade_sheet.total
    write_pivot(wb, styles, trade, footer)

    source_sheet = TableSheet(wb, styles, "Sources", SOURCE_COLUMNS, max_rows=max_rows,
                              warnings=result.warnings, footer=footer)
    for src, n_events, n_trade in sorted(
            sources.values(),
            key=lambda v: (v[0].outlet.casefold(), v[0].published or dt.date.min,
                           v[0].url or "")):
        source_sheet.append([src.outlet, src.title, src.url, src.published, src.language,
                             n_events, n_trade])
    source_sheet.close()
    result.sources = source_sheet.total
    notes += figure_notes(trade.in_window) + timeline_notes(store.annotations(), window)
    if notes:
        result.notes = write_notes(wb, styles, notes, max_rows, result.warnings, footer)

    write_summary(summary_ws, styles, store, window, flt, result, title, trade,
                  store.count_by_type(window, flt), describe_window, describe_filter)
    result.sheets = [ws.name for ws in wb.worksheets()]


def _cite(sources: dict, src: Source, slot: int) -> None:
    key = (src.id,) if src.id is not None else (src.outlet, src.url)
    entry = sources.get(key)
    if entry is None:
        sources[key] = entry = [src, 0, 0]
    entry[slot] += 1


def _actor_text(e: Event) -> str:
    parts = []
    for a in e.actors:
        name = f"{a.name} ({a.native_name})" if a.native_name else a.name
        parts.append(name if a.role in ("participant", "") else f"{name} [{a.role}]")
    return "; ".join(parts)


def _event_row(sheet: TableSheet, e: Event, sources: dict) -> None:
    for src in e.sources:
        _cite(sources, src, 1)
    first_url = next((s.url for s in e.sources if s.url), None)
    sheet.append([
        e.start, e.end, e.precision.value, type_label(e.type), e.title,
        ";".join(e.countries), _actor_text(e), e.location, e.summary,
        "; ".join(s.outlet for s in e.sources), first_url, len(e.sources),
        ", ".join(e.tags), e.origin_dataset, e.origin_id,
    ])


def status(f: TradeFigure) -> str:
    """Whether a figure counts: the latest report, or superseded by a restatement."""
    if f.superseded:
        return f"superseded by a restatement (figure {f.superseded_by}); not summed"
    if f.supersedes_id is not None:
        return f"restates figure {f.supersedes_id}"
    return "latest report"


def _trade_row(sheet: TableSheet, f: TradeFigure, sources: dict) -> None:
    for src in f.sources:
        _cite(sources, src, 2)
    links = [s.url for s in f.sources if s.url]
    st = sheet.styles
    fmt = st.usd_superseded if f.superseded else st.usd_estimate if f.estimated else None
    sheet.append([
        f.reporter, f.partner, str(f.flow), f.period.label(), str(f.period.kind),
        f.period.start, f.period.end, fiscal_year_label(f.reporter, f.period.start),
        f.commodity_code, f.commodity_label, f.coverage.label(), float(f.value_usd),
        "yes" if f.estimated else "no", status(f), f.note,
        "; ".join(s.outlet for s in f.sources), links[0] if links else None,
    ], {11: fmt} if fmt else None)
