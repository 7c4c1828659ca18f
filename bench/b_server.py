"""The same rows on a PostgreSQL server, printed beside SQLite's (with --pg-url, or
DESK_VIEWER_PG_URL set; `make bench-postgres` starts a throw-away server).

The generated store is copied to the server with `viewer copy` (timed), then the
search, table and facet rows of b_search run there, each with the SQLite figure of
the same run as its baseline; an xlsx export and the two imports run on both backends
side by side at up to 100,000 rows.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bench.b_import import write_acled, write_gdelt
from bench.b_search import query_rows
from bench.core import Context, Row, remove_sqlite
from viewer.domain.model import Filter, TimeWindow
from viewer.store.service import StoreService
from viewer.store.store_copy import copy_store

SIDE_BY_SIDE = 100_000  # rows of the export and import comparisons
TARGETS = {"search": "<= 100 ms", "facets": "<= 300 ms", "table": "<= 150 ms"}
PREFIX = "[PostgreSQL] "


class _Databases:
    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url.set(database="postgres"),
                                   isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.made: list[str] = []

    def create(self) -> str:
        name = f"desk_bench_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def rows(ctx: Context) -> list[Row]:
    if not ctx.pg_url:
        ctx.notes.append("PostgreSQL rows skipped: no server (make bench-postgres, or "
                         "--pg-url / DESK_VIEWER_PG_URL)")
        return []
    assert ctx.store_path is not None
    databases = _Databases(ctx.pg_url)
    try:
        return _server_rows(ctx, databases)
    finally:
        databases.drop_all()


def _server_rows(ctx: Context, databases: _Databases) -> list[Row]:
    url = databases.create()
    start = time.perf_counter()
    copied = copy_store(str(ctx.store_path), url)
    seconds = time.perf_counter() - start
    out = [Row(f"{PREFIX}viewer copy of the store ({copied.total:,} rows, index built)",
               copied.total / seconds, "rows/s", target="reported")]
    ctx.notes.append(f"PostgreSQL: the {ctx.n:,}-event store copied from SQLite in "
                     f"{seconds:.0f} s")
    store = StoreService.open(url)
    try:
        start = time.perf_counter()
        store.facet_counts(None, Filter())
        out.append(Row(f"{PREFIX}facet arrays read (first facet count, cold)",
                       time.perf_counter() - start, "s",
                       ctx.shared.get("sqlite", {}).get(
                           "facet arrays read (first facet count, cold)"),
                       "SQLite, same run", "reported, in a worker"))
        for row in query_rows(store, ctx, ctx.shared.get("sqlite", {}), TARGETS):
            row.name = PREFIX + row.name
            out.append(row)
        out += _export_rows(ctx, store)
    finally:
        store.close()
    out += _import_rows(ctx, databases)
    return out


def _export_rows(ctx: Context, pg: StoreService) -> list[Row]:
    from viewer.io.export.workbook import write_workbook

    n = min(SIDE_BY_SIDE, ctx.n)
    window = TimeWindow(dt.date(1975, 1, 1), dt.date(2030, 12, 31))
    lite = StoreService.open(ctx.store_path, read_only=True)
    try:
        times = {}
        for name, store in (("sqlite", lite), ("pg", pg)):
            target = ctx.tmp / f"server-export-{name}.xlsx"
            start = time.perf_counter()
            write_workbook(store, target, window, event_limit=n)
            times[name] = time.perf_counter() - start
            target.unlink()
    finally:
        lite.close()
    return [Row(f"{PREFIX}xlsx export of {n:,} events", times["pg"], "s", times["sqlite"],
                "SQLite, same export, same run")]


def _import_rows(ctx: Context, databases: _Databases) -> list[Row]:
    from viewer.io.importers.runner import import_file

    n = min(SIDE_BY_SIDE, ctx.n)
    out = []
    for label, write, name in (("GDELT TSV", write_gdelt, "server-gdelt.export.CSV"),
                               ("ACLED CSV", write_acled, "server-acled.csv")):
        path = write(ctx.tmp / name, n)
        rates = {}
        for backend in ("sqlite", "pg"):
            target = databases.create() if backend == "pg" else str(ctx.tmp / "server.sqlite")
            store = StoreService.open(target, create=True)
            try:
                start = time.perf_counter()
                report = import_file(store, path)
                rates[backend] = n / (time.perf_counter() - start)
                assert report.ok and report.added == n, report.lines()
            finally:
                store.close()
            if backend == "sqlite":
                remove_sqlite(ctx.tmp / "server.sqlite")
        path.unlink()
        out.append(Row(f"{PREFIX}import {label} ({n:,} rows)", rates["pg"], "rows/s",
                       rates["sqlite"], "SQLite, same file, same run"))
    return out
