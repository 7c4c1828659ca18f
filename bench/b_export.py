"""xlsx export of up to 100,000 events against raw openpyxl write-only of the same cells,
and the export's peak resident memory in a child process (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook
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


def export(store_path: Path, out: Path, window: TimeWindow, n: int):
    from viewer.io.export.workbook import write_workbook

    store = StoreService.open(store_path, read_only=True)
    try:
        return write_workbook(store, out, window, event_limit=n)
    finally:
        store.close()


def _record_cells(path: Path):  # noqa: ANN201 - the open file, for the caller to close
    """Make every write-only sheet's `append` also pickle its row's values to `path`.

    The child export leaves the cells the raw side writes this way: reading 1.6M cells
    back from the workbook with openpyxl took 22 s, longer than writing them.
    """
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    sink = path.open("wb")
    append = WriteOnlyWorksheet.append

    def recording(self, row) -> None:  # noqa: ANN001
        values = [c.value if isinstance(c, Cell) else c for c in row]
        pickle.dump((self.title, values), sink, protocol=pickle.HIGHEST_PROTOCOL)
        append(self, row)

    WriteOnlyWorksheet.append = recording
    return sink


def _cells(path: Path) -> dict[str, list[list]]:
    """Every sheet's rows as the export appended them (see _record_cells)."""
    cells: dict[str, list[list]] = {}
    with path.open("rb") as fh:
        while True:
            try:
                title, values = pickle.load(fh)
            except EOFError:
                return cells
            cells.setdefault(title, []).append(values)


def _raw_write(cells: dict[str, list[list]], out: Path) -> None:
    """The same cells the plain openpyxl way: values, links on the link columns, US$ format."""
    from openpyxl.cell import WriteOnlyCell

    from viewer.io.export.sheets import LINK_FONT, USD

    wb = Workbook(write_only=True)
    for title, rows in cells.items():
        ws = wb.create_sheet(title)
        header = rows[0] if rows else []
        links = {i for i, h in enumerate(header) if h in ("Source link", "Link")}
        money = {i for i, h in enumerate(header) if isinstance(h, str) and "US$" in h}
        for row in rows:
            if links or money:
                row = list(row)
                for i in links | money:
                    value = row[i] if i < len(row) else None
                    if isinstance(value, str) and value.startswith("http"):
                        cell = WriteOnlyCell(ws, value)
                        cell.hyperlink = value
                        cell.font = LINK_FONT
                        row[i] = cell
                    elif isinstance(value, int | float):
                        cell = WriteOnlyCell(ws, value)
                        cell.number_format = USD
                        row[i] = cell
            ws.append(row)
    wb.save(out)


def _child(store_path: str, out: str, start: str, end: str, n: int) -> None:
    window = TimeWindow(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    with _record_cells(Path(out).with_suffix(".cells")):
        result = export(Path(store_path), Path(out), window, n)
    print(json.dumps({"events": result.events, "sources": result.sources,
                      "rss_mb": peak_rss_mb()}))


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None
    n = min(EVENTS, ctx.n)
    window = export_window(ctx.store_path, n)
    out = ctx.tmp / "export.xlsx"
    raw_out = ctx.tmp / "raw.xlsx"
    # The first export runs in a fresh process for its peak memory; its workbook gives
    # the cells the raw side writes, so no extra export is made just for them.
    child = subprocess.run(
        [sys.executable, "-m", "bench.b_export", str(ctx.store_path), str(out),
         window.start.isoformat(), window.end.isoformat(), str(n)],
        check=True, capture_output=True, text=True)
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    cells = _cells(out.with_suffix(".cells"))
    n_cells = sum(len(r) for rows in cells.values() for r in rows)
    # Frozen: the baseline's 1.6M held values must not make every collection during our
    # runs walk them too. Runs alternate so that both sides see the same load from others.
    gc.collect()
    gc.freeze()
    try:
        timings = _interleaved({
            "ours": lambda: export(ctx.store_path, out, window, n),
            "raw": lambda: _raw_write(cells, raw_out),
        }, repeat=2)
    finally:
        gc.unfreeze()
        cells.clear()
    (ours, ours_cpu), (raw, raw_cpu) = (timings[k] for k in ("ours", "raw"))
    bare = subprocess.run(
        [sys.executable, "-c", "import bench.core as b, viewer.io.export.workbook; "
         "print(b.peak_rss_mb())"],
        check=True, capture_output=True, text=True)
    ctx.notes.append(f"export: {measured['events']:,} events, {measured['sources']:,} sources, "
                     f"{n_cells:,} cells, {out.stat().st_size / 1e6:.1f} MB xlsx")
    same = "raw openpyxl write-only, same cells, links, formats"
    return [
        Row(f"xlsx export of {measured['events']:,} events", ours, "s", raw, same,
            "≤ 1.2× raw"),
        Row(f"xlsx export of {measured['events']:,} events, CPU time", ours_cpu, "s", raw_cpu,
            same + " (CPU)", "≤ 1.2× raw"),
        Row("xlsx export peak RSS (child process)", measured["rss_mb"], "MB",
            float(bare.stdout.strip()), "bare Python with the imports", "≤ 300 MB"),
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
    _child(*sys.argv[1:5], int(sys.argv[5]))
