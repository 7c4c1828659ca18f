"""Generates the bench store through the app's writers, against raw sqlite3 executemany."""

from __future__ import annotations

import sqlite3
import time
from itertools import islice

from bench.core import Context, Row
from bench.generate import events, trade_figures
from viewer.domain.periods import day_number
from viewer.store import open_store
from viewer.store.schema import Base
from viewer.store.writer import EventWriter, TradeWriter


def _raw_baseline(ctx: Context) -> float:
    """Rows per second of plain executemany of the same event and link rows."""
    path = ctx.tmp / "raw.sqlite"
    path.unlink(missing_ok=True)
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    ev, countries, actors = [], [], []
    actor_ids: dict[str, int] = {}
    for i, e in enumerate(events(ctx.n), start=1):
        ev.append((i, e.title, e.summary, e.type, e.start.isoformat(),
                   e.end.isoformat() if e.end else None, day_number(e.start),
                   day_number(e.end) if e.end else None, str(e.precision), "bench", e.origin_id))
        countries.extend((i, c) for c in e.countries)
        actors.extend((i, actor_ids.setdefault(a.name, len(actor_ids) + 1)) for a in e.actors)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    with conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.executemany(
            "INSERT INTO event (id, title, summary, type, start_date, end_date, start_day, "
            "end_day, precision, origin_dataset, origin_id, created_at, updated_at, version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)", ev)
        conn.executemany("INSERT INTO event_country (event_id, country_iso3) VALUES (?,?)",
                         countries)
        conn.executemany("INSERT INTO event_actor (event_id, actor_id, role) "
                         "VALUES (?,?,'participant')", actors)
    elapsed = time.perf_counter() - start
    conn.close()
    path.unlink()
    return ctx.n / elapsed


def batched(rows, size: int):
    """Lists of up to `size` rows (itertools.batched is Python 3.12+)."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _timed_writes(store, writer_class, rows) -> tuple[float, int]:
    """Seconds spent in the writer alone: rows are generated in untimed chunks."""
    seconds, added = 0.0, 0
    with store.begin() as conn:
        writer = writer_class(conn)
        for chunk in batched(rows, 50_000):
            start = time.perf_counter()
            for row in chunk:
                writer.add(row)
            writer.flush()
            seconds += time.perf_counter() - start
        added = writer.counts.added
    return seconds, added


def rows(ctx: Context) -> list[Row]:
    path = ctx.tmp / "store.sqlite"
    path.unlink(missing_ok=True)
    store = open_store(path, create=True)
    event_seconds, added = _timed_writes(store, EventWriter, events(ctx.n))
    trade_seconds, _ = _timed_writes(store, TradeWriter, trade_figures(ctx.n))
    store.close()
    ctx.store_path = path
    assert added == ctx.n
    raw = _raw_baseline(ctx)
    size_mb = path.stat().st_size / 1e6
    ctx.notes.append(f"generated store: {path.name}, {size_mb:,.0f} MB")
    return [
        Row("store writer: events with links", ctx.n / event_seconds, "rows/s",
            raw, "raw sqlite3 executemany, same rows", ""),
        Row("store writer: trade figures", ctx.n / trade_seconds, "rows/s"),
    ]
