"""xlsx export of up to 100,000 events: the xlsxwriter workbook against the openpyxl
write-only workbook it replaced (kept in bench/openpyxl_baseline as the baseline), timed
in turn in this process, and each one's peak resident memory in a child process."""

from __future__ import annotations

import datetime as dt
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from bench.core import Context, Row, peak_rss_mb
from viewer.domain.model import TimeWindow
from viewer.store import schema as s
from viewer.store.engine import open_store
from viewer.store.service import StoreService

EVENTS = 100_000


def export_window(store_path: Path, n: int) -> TimeWindow:
    """The window from the first event to the n-th by date: about n events."""
    store = open_store(store_path, read_only=True)
    try:
        with store.connect() as conn:
            days = select(s.Event.start_date).order_by(s.Event.start_day, s.Event.id)
            first = conn.scalar(days.limit(1))
            last = conn.scalar(days.offset(n - 1).limit(1))
    finally:
        store.close()
    return TimeWindow(first, last)


def export(store_path: Path, out: Path, window: TimeWindow, n: int, which: str = "ours"):
    if which == "ours":
        from viewer.io.export.workbook import write_workbook
    else:
        from bench.openpyxl_baseline.workbook import write_workbook

    store = StoreService.open(store_path, read_only=True)
    try:
        # The same view on both sides: the sample relationship's two series.
        if which == "ours":
            from viewer.io.export.trade_summary import DEFAULT_SERIES

            return write_workbook(store, out, window, event_limit=n, series=DEFAULT_SERIES)
        return write_workbook(store, out, window, event_limit=n)
    finally:
        store.close()


def _child(store_path: str, out: str, start: str, end: str, n: int, which: str) -> None:
    window = TimeWindow(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    result = export(Path(store_path), Path(out), window, n, which)
    print(json.dumps({"events": result.events, "sources": result.sources,
                      "rss_mb": peak_rss_mb()}))


def _in_child(ctx: Context, out: Path, window: TimeWindow, n: int, which: str) -> dict:
    child = subprocess.run(
        [sys.executable, "-m", "bench.b_export", str(ctx.store_path), str(out),
         window.start.isoformat(), window.end.isoformat(), str(n), which],
        check=True, capture_output=True, text=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None
    n = min(EVENTS, ctx.n)
    window = export_window(ctx.store_path, n)
    out, old_out = ctx.tmp / "export.xlsx", ctx.tmp / "openpyxl.xlsx"
    ours_child = _in_child(ctx, out, window, n, "ours")
    old_child = _in_child(ctx, old_out, window, n, "openpyxl")
    gc.collect()
    # Runs alternate so that both sides see the same load from others.
    timings = _interleaved({
        "ours": lambda: export(ctx.store_path, out, window, n, "ours"),
        "openpyxl": lambda: export(ctx.store_path, old_out, window, n, "openpyxl"),
    }, repeat=2)
    (ours, ours_cpu), (old, old_cpu) = (timings[k] for k in ("ours", "openpyxl"))
    bare = subprocess.run(
        [sys.executable, "-c", "import bench.core as b, viewer.io.export.workbook; "
         "print(b.peak_rss_mb())"],
        check=True, capture_output=True, text=True)
    ctx.notes.append(f"export: {ours_child['events']:,} events, {ours_child['sources']:,} "
                     f"sources, {out.stat().st_size / 1e6:.1f} MB xlsx (openpyxl's "
                     f"{old_out.stat().st_size / 1e6:.1f} MB); bare Python with the imports "
                     f"{float(bare.stdout.strip()):.0f} MB")
    same = "the openpyxl write-only workbook, same view"
    return [
        Row(f"xlsx export of {ours_child['events']:,} events", ours, "s", old, same,
            "≤ 0.65× openpyxl"),
        Row(f"xlsx export of {ours_child['events']:,} events, CPU time", ours_cpu, "s",
            old_cpu, same + " (CPU)", "≤ 0.65× openpyxl"),
        Row("xlsx export peak RSS (child process)", ours_child["rss_mb"], "MB",
            old_child["rss_mb"], "the openpyxl workbook's peak RSS", "≤ 120 MB"),
    ]


def _interleaved(fns: dict, repeat: int = 3) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each function, run in turn `repeat` times."""
    walls: dict[str, list[float]] = {k: [] for k in fns}
    cpus: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for key, fn in fns.items():
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            walls[key].append(time.perf_counter() - wall)
            cpus[key].append(time.process_time() - cpu)
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k in fns}


if __name__ == "__main__":
    _child(*sys.argv[1:5], int(sys.argv[5]), sys.argv[6])
