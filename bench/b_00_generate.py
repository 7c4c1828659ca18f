"""Generates the bench store through the app's writers, against raw sqlite3 executemany."""

from __future__ import annotations

import sqlite3
import time

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


def rows(ctx: Context) -> list[Row]:
    path = ctx.tmp / "store.sqlite"
    path.unlink(missing_ok=True)
    store = open_store(path, create=True)
    start = time.perf_counter()
    with store.begin() as conn:
        counts = EventWriter(conn).add_all(events(ctx.n))
    event_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with store.begin() as conn:
        TradeWriter(conn).add_all(trade_figures(ctx.n))
    trade_seconds = time.perf_counter() - start
    store.close()
    ctx.store_path = path
    assert counts.added == ctx.n
    raw = _raw_baseline(ctx)
    size_mb = path.stat().st_size / 1e6
    ctx.notes.append(f"generated store: {path.name}, {size_mb:,.0f} MB")
    return [
        Row("generate events, app writer (incl. generation)", ctx.n / event_seconds, "rows/s",
            raw, "raw sqlite3 executemany, same rows", ""),
        Row("generate trade figures, app writer", ctx.n / trade_seconds, "rows/s"),
    ]
