"""CSV of a view's events and of its trade figures: UTF-8 with BOM, injection-safe.

The BOM makes Excel read Urdu and Pashto names correctly; every field passes through
`csv_cell`, so nothing a spreadsheet opens from these files runs as a formula.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

from viewer.domain.drawing import SeriesKey
from viewer.domain.fiscal_years import fiscal_year_label
from viewer.domain.model import Event, Filter, TimeWindow, TradeFigure
from viewer.domain.taxonomy import type_label
from viewer.io.export.safe import (
    ExportCancelled,
    atomic_path,
    check_target,
    clean_text,
    csv_cell,
    too_long,
)
from viewer.store.service import StoreService

EVENT_HEADER = ("start_date", "end_date", "precision", "type", "type_label", "title",
                "countries", "actors", "location", "latitude", "longitude", "summary",
                "tags", "source_outlets", "source_urls", "dataset", "dataset_id")
TRADE_HEADER = ("reporter", "partner", "flow", "period", "period_kind", "period_start",
                "period_end", "fiscal_year", "commodity_code", "commodity", "coverage",
                "value_usd", "estimated", "status", "note", "source_outlets", "source_urls")


def trade_csv_path(events_path: str | os.PathLike[str]) -> Path:
    """Where the trade figures go beside an events CSV: `OUT.csv` -> `OUT-trade.csv`."""
    p = Path(events_path)
    return p.with_name(f"{p.stem}-trade{p.suffix or '.csv'}")


def _cells(values: tuple, header: tuple[str, ...], warnings: list[str] | None,
           where: Callable[[], str]) -> list[str]:
    """The CSV fields of one row; text over a cell's limit is cut with the workbook's marker
    and a warning, so both exports of a view hold the same text."""
    if not any(isinstance(v, str) and too_long(v) for v in values):
        return [csv_cell(v) for v in values]
    return [csv_cell(clean_text(v, warnings, f"{where()}, {h}") if isinstance(v, str) else v)
            for h, v in zip(header, values, strict=True)]


def _event_fields(e: Event, warnings: list[str] | None = None) -> list[str]:
    actors = "; ".join(f"{a.name} ({a.native_name})" if a.native_name else a.name
                       for a in e.actors)
    values = (e.start.isoformat(), e.end.isoformat() if e.end else "", str(e.precision),
              e.type, type_label(e.type), e.title, ";".join(e.countries), actors,
              e.location, e.latitude, e.longitude, e.summary, ";".join(e.tags),
              "; ".join(s.outlet for s in e.sources),
              " ".join(s.url for s in e.sources if s.url), e.origin_dataset, e.origin_id)
    return _cells(values, EVENT_HEADER, warnings, lambda: f"event {e.title[:40]!r}")


def write_events_csv(store: StoreService, path: str | os.PathLike[str], window: TimeWindow | None,
                     flt: Filter | None = None, *,
                     progress: Callable[[int, int, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     warnings: list[str] | None = None) -> int:
    """Write the view's events to `path` atomically; returns how many were written."""
    target = check_target(path)
    total = store.count_events(window, flt)
    written = 0
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EVENT_HEADER)
        with closing(store.iter_events(window, flt, chunk=2000)) as chunks:
            for chunk in chunks:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                writer.writerows(_event_fields(e, warnings) for e in chunk)
                written += len(chunk)
                if progress is not None:
                    progress(written, total, "events")
    return written


def _trade_fields(f: TradeFigure, warnings: list[str] | None = None) -> list[str]:
    from viewer.io.export.workbook import status

    values = (f.reporter, f.partner, str(f.flow), f.period.label(), str(f.period.kind),
              f.period.start.isoformat(), f.period.end.isoformat(),
              fiscal_year_label(f.reporter, f.period.start), f.commodity_code,
              f.commodity_label, str(f.coverage), float(f.value_usd),
              "1" if f.estimated else "0", status(f), f.note,
              "; ".join(s.outlet for s in f.sources),
              " ".join(s.url for s in f.sources if s.url))
    return _cells(values, TRADE_HEADER, warnings,
                  lambda: f"trade figure {f.reporter}-{f.partner} {f.period.label()}")


def write_trade_csv(store: StoreService, path: str | os.PathLike[str], window: TimeWindow | None,
                    series: Sequence[SeriesKey] | None = None,
                    flt: Filter | None = None, warnings: list[str] | None = None) -> int:
    """Write the trade figures the workbook's Trade sheet holds to `path`; returns the count."""
    from viewer.io.export.trade_view import read_trade
    from viewer.io.export.workbook import resolve_window

    target = check_target(path)
    figures = read_trade(store, resolve_window(store, window), series, flt).in_window
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TRADE_HEADER)
        writer.writerows(_trade_fields(f, warnings) for f in figures)
    return len(figures)
