"""Builds the bench store, and measures the app's store writer against raw executemany.

The full-size store is loaded with plain sqlite3 `executemany` (the fastest path, so
the bench fits its time budget); the writer is compared with that same raw path on
the same first rows, each into a fresh store.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from bench.core import Context, Row
from bench.generate import events, trade_figures
from viewer.domain.periods import day_number
from viewer.store.engine import open_store
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter, TradeWriter

WRITER_ROWS = 100_000
CHUNK = 100_000

SQL = {
    "event": "INSERT INTO event (id, title, summary, type, start_date, end_date, start_day, "
             "end_day, precision, origin_dataset, origin_id, created_at, updated_at, version) "
             "VALUES (?,?,?,?,?,?,?,?,?,?,?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    "actor": "INSERT INTO actor (id, name, kind, country_iso3) VALUES (?,?,?,?)",
    "source": "INSERT INTO source (id, outlet, url) VALUES (?,?,?)",
    "event_country": "INSERT INTO event_country (event_id, country_iso3) VALUES (?,?)",
    "event_actor": "INSERT INTO event_actor (event_id, actor_id, role) VALUES (?,?,?)",
    "event_source": "INSERT INTO event_source (event_id, source_id) VALUES (?,?)",
    "trade_figure": "INSERT INTO trade_figure (id, reporter_iso3, partner_iso3, flow, "
                    "period_kind, period_start, period_end, start_day, end_day, fiscal_year, "
                    "classification, commodity_code, commodity_label, value_usd, estimated, "
                    "coverage, origin_dataset, origin_id) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "trade_figure_source": "INSERT INTO trade_figure_source (trade_figure_id, source_id, "
                           "position) VALUES (?,?,0)",
}


def batched(rows: Iterable, size: int):
    """Lists of up to `size` rows (itertools.batched is Python 3.12+)."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


class RawRows:
    """Turns generated events and figures into per-table tuples, with ids assigned here."""

    def __init__(self) -> None:
        self.actors: dict[str, int] = {}
        self.sources: dict[str, int] = {}
        self.next_event = 1
        self.next_figure = 1

    def events(self, chunk) -> dict[str, list[tuple]]:
        out: dict[str, list[tuple]] = {k: [] for k in
                                       ("actor", "source", "event", "event_country",
                                        "event_actor", "event_source")}
        for e in chunk:
            i = self.next_event
            self.next_event += 1
            out["event"].append((i, e.title, e.summary, e.type, e.start.isoformat(),
                                 e.end.isoformat() if e.end else None, day_number(e.start),
                                 day_number(e.end) if e.end else None, str(e.precision),
                                 e.origin_dataset, e.origin_id))
            out["event_country"].extend((i, c) for c in e.countries)
            for a in e.actors:
                if a.name not in self.actors:
                    self.actors[a.name] = len(self.actors) + 1
                    out["actor"].append((self.actors[a.name], a.name, a.kind, a.country))
                out["event_actor"].append((i, self.actors[a.name], a.role))
            for x in e.sources:
                if x.url not in self.sources:
                    self.sources[x.url] = len(self.sources) + 1
                    out["source"].append((self.sources[x.url], x.outlet, x.url))
                out["event_source"].append((i, self.sources[x.url]))
        return out

    def figures(self, chunk) -> dict[str, list[tuple]]:
        out: dict[str, list[tuple]] = {"source": [], "trade_figure": [],
                                       "trade_figure_source": []}
        for f in chunk:
            x = f.sources[0]
            if x.url not in self.sources:
                self.sources[x.url] = len(self.sources) + 1
                out["source"].append((self.sources[x.url], x.outlet, x.url))
            p = f.period
            out["trade_figure"].append((
                self.next_figure, f.reporter, f.partner, str(f.flow), str(p.kind),
                p.start.isoformat(), p.end.isoformat(), day_number(p.start), day_number(p.end),
                p.fiscal_year, f.classification, f.commodity_code, f.commodity_label,
                f.value_usd, f.estimated, str(f.coverage), f.origin_dataset, f.origin_id))
            out["trade_figure_source"].append((self.next_figure, self.sources[x.url]))
            self.next_figure += 1
        return out


def _raw_write(conn: sqlite3.Connection, tables: dict[str, list[tuple]]) -> None:
    for name in ("actor", "source", "event", "event_country", "event_actor", "event_source",
                 "trade_figure", "trade_figure_source"):
        if tables.get(name):
            conn.executemany(SQL[name], tables[name])


def _fresh_store(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    open_store(path, create=True).close()  # schema, migrations, countries
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _raw_rate(path: Path, rows: list, convert) -> float:
    """Rows/s of executemany alone (conversion to tuples is not timed)."""
    conn = _fresh_store(path)
    tables = convert(rows)
    start = time.perf_counter()
    with conn:
        _raw_write(conn, tables)
    elapsed = time.perf_counter() - start
    conn.close()
    path.unlink()
    return len(rows) / elapsed


def _writer_rate(path: Path, rows: list, writer_class) -> float:
    """Rows/s of the app's writer alone (rows are built beforehand)."""
    path.unlink(missing_ok=True)
    store = StoreService.open(path, create=True)
    with store.write() as conn:
        writer = writer_class(conn)
        start = time.perf_counter()
        for row in rows:
            writer.add(row)
        writer.flush()
        elapsed = time.perf_counter() - start
    store.close()
    path.unlink()
    return len(rows) / elapsed


def rows(ctx: Context) -> list[Row]:
    path = ctx.tmp / "store.sqlite"
    conn = _fresh_store(path)
    raw = RawRows()
    start = time.perf_counter()
    with conn:
        for chunk in batched(events(ctx.n), CHUNK):
            _raw_write(conn, raw.events(chunk))
        for chunk in batched(trade_figures(ctx.n), CHUNK):
            _raw_write(conn, raw.figures(chunk))
    conn.close()
    ctx.store_path = path
    ctx.notes.append(f"bench store: {ctx.n:,} events and {ctx.n:,} trade figures, "
                     f"{path.stat().st_size / 1e6:,.0f} MB, built in "
                     f"{time.perf_counter() - start:.0f} s with raw executemany")

    m = min(ctx.n, WRITER_ROWS)
    sample_events = list(events(m))
    sample_figures = list(trade_figures(m))
    scratch = ctx.tmp / "writer.sqlite"
    return [
        # The writer also writes each event's search document; the raw path writes none.
        Row(f"store writer: events with links and search index ({m:,} rows)",
            _writer_rate(scratch, sample_events, EventWriter), "rows/s",
            _raw_rate(scratch, sample_events, lambda r: RawRows().events(r)),
            "raw sqlite3 executemany, same rows"),
        Row(f"store writer: trade figures ({m:,} rows)",
            _writer_rate(scratch, sample_figures, TradeWriter), "rows/s",
            _raw_rate(scratch, sample_figures, lambda r: RawRows().figures(r)),
            "raw sqlite3 executemany, same rows"),
    ]
