"""Opening the generated store, and `viewer info` on it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from bench.core import Context, Row
from viewer.store.engine import open_store
from viewer.store.service import StoreService


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None

    def open_and_count() -> None:
        store = StoreService.open(ctx.store_path)
        store.info()
        store.close()

    def raw_counts() -> None:
        conn = sqlite3.connect(ctx.store_path)
        conn.execute("SELECT count(*), min(start_date), max(start_date) FROM event").fetchone()
        conn.execute("SELECT count(*), min(period_start), max(period_end) FROM trade_figure"
                     ).fetchone()
        conn.close()

    def open_only() -> None:
        open_store(ctx.store_path).close()

    def cli_info() -> None:
        subprocess.run([sys.executable, "-m", "viewer", "info", "--db", str(ctx.store_path)],
                       check=True, capture_output=True)

    def bare_python() -> None:
        subprocess.run([sys.executable, "-c", "import sqlalchemy"], check=True)

    return [
        Row("store open (checks + migrations check)", ctx.measure(open_only) * 1000, "ms",
            target="part of open+paint <= 2 s"),
        Row("store open + info queries", ctx.measure(open_and_count) * 1000, "ms",
            ctx.measure(raw_counts) * 1000, "raw sqlite3 count/min/max queries"),
        Row("`viewer info` command, wall time", ctx.measure(cli_info, 3) * 1000, "ms",
            ctx.measure(bare_python, 3) * 1000, "python -c 'import sqlalchemy'"),
    ]
