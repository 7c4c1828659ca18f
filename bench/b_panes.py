"""Timeline and trade chart: frame time at three zooms, window change, open to paint, memory.

Each figure has a naive baseline from the same run: every visible event drawn as its own
graphics item (capped so it finishes), or the panes re-querying on each window change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import numpy as np

from bench.core import Context, Row

NAIVE_CAP = 3000  # items the naive timeline draws at most, so its frames finish
NAIVE_OPEN_CAP = 5_000
SIZE = (1600, 900)


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.app.application import make_application

    return make_application()


def _windows(store) -> dict[str, object]:
    from viewer.domain.model import TimeWindow

    info = store.info()
    last = info.events.last or dt.date(2025, 12, 31)
    return {
        "full extent": TimeWindow(info.events.first or dt.date(1980, 1, 1), last),
        "one year": TimeWindow(last - dt.timedelta(days=730), last - dt.timedelta(days=365)),
        "one week": TimeWindow(last - dt.timedelta(days=400), last - dt.timedelta(days=393)),
    }


def wait_loaded(*panes) -> None:
    """Spin the event loop until every pane has its arrays (big stores load in the background)."""
    import time

    from PySide6.QtWidgets import QApplication

    while any(p.loading for p in panes):
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()


def _pan_and_grab(widget, view_box, step: list[int]):
    """One frame: pan by 1% of the view (alternating direction), then render the widget."""
    def frame() -> None:
        (x0, x1) = view_box.viewRange()[0]
        d = (x1 - x0) * 0.01 * step[0]
        step[0] = -step[0]
        view_box.setXRange(x0 + d, x1 + d, padding=0)
        widget.grab()
    return frame


def _naive_plot(arrays, window):
    """Every visible event as its own ScatterPlotItem, capped at NAIVE_CAP."""
    import pyqtgraph as pg

    from viewer.app.panes.time_axis import DAY, window_to_range
    from viewer.domain.periods import day_number

    plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
    plot.resize(*SIZE)
    lo, hi = arrays.visible(day_number(window.start), day_number(window.end) + 1)
    rows = lo + np.flatnonzero(arrays.end[lo:hi] >= day_number(window.start))
    for row in rows[:NAIVE_CAP].tolist():
        plot.addItem(pg.ScatterPlotItem(x=[(arrays.start[row] + 0.5) * DAY],
                                        y=[float(arrays.lane[row])], symbol="o", size=9))
    plot.getViewBox().disableAutoRange()
    plot.setXRange(*window_to_range(window), padding=0)
    plot.setYRange(-0.6, len(arrays.lanes) - 0.4, padding=0)
    plot.show()
    return plot, len(rows)


def _frames(ctx: Context, store) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from viewer.app.panes.timeline import TimelinePane
    from viewer.app.state import ViewState

    rows = []
    windows = _windows(store)
    state = ViewState(windows["full extent"])
    pane = TimelinePane(store, state)
    pane.resize(*SIZE)
    pane.show()
    wait_loaded(pane)
    for name, window in windows.items():
        state.set_window(window)
        QApplication.processEvents()
        ours = ctx.measure(_pan_and_grab(pane, pane.view_box, [1]), repeat=15)
        mode = pane.mode
        naive, visible = _naive_plot(pane.arrays, window)
        QApplication.processEvents()
        base = ctx.measure(_pan_and_grab(naive, naive.getViewBox(), [1]), repeat=5)
        naive.close()
        capped = f", first {NAIVE_CAP:,}" if visible > NAIVE_CAP else ""
        rows.append(Row(f"timeline frame 1600x900, {name} ({visible:,} ev, {mode})",
                        ours * 1000, "ms", base * 1000,
                        f"one item per event{capped}", "<= 30 ms median"))
    pane.close()
    return rows


def _window_change(ctx: Context, store) -> list[Row]:

    from viewer.app.panes.timeline import TimelinePane
    from viewer.app.panes.trade_chart import TradeChartPane
    from viewer.app.state import ViewState

    windows = list(_windows(store).values())
    state = ViewState(windows[0])
    timeline, chart = TimelinePane(store, state), TradeChartPane(store, state)
    for pane in (timeline, chart):
        pane.resize(SIZE[0], SIZE[1] // 2)
        pane.show()
    wait_loaded(timeline, chart)
    turn = [0]

    def change() -> None:
        turn[0] += 1
        state.set_window(windows[turn[0] % len(windows)])
        timeline.grab()
        chart.grab()

    def requery() -> None:
        # The naive pane: fetch its window again on every change, then draw.
        turn[0] += 1
        window = windows[turn[0] % len(windows)]
        store.timeline_arrays(state.filter, state.lane_key, window)
        for drawn in chart.drawn.values():
            store.trade_arrays(drawn.arrays.key, window)
        state.set_window(window)
        timeline.grab()
        chart.grab()

    ours = ctx.measure(change, repeat=9)
    base = ctx.measure(requery, repeat=3)
    timeline.close()
    chart.close()
    return [Row("window change until both panes redrawn", ours * 1000, "ms", base * 1000,
                "panes re-query their window", "<= 150 ms")]


def _panes_open(store) -> list[Row]:
    """Timeline and chart alone: construct to first paint, and until their arrays are drawn."""
    import time

    from viewer.app.panes.timeline import TimelinePane
    from viewer.app.panes.trade_chart import TradeChartPane
    from viewer.app.state import ViewState

    def build(async_above: int | None):
        state = ViewState(_windows(store)["full extent"])
        kw = {} if async_above is None else {"async_above": async_above}
        start = time.perf_counter()
        panes = (TimelinePane(store, state, **kw), TradeChartPane(store, state, **kw))
        for pane in panes:
            pane.resize(SIZE[0], SIZE[1] // 2)
            pane.show()
        for pane in panes:
            pane.grab()
        first = time.perf_counter() - start
        wait_loaded(*panes)
        for pane in panes:
            pane.grab()
        drawn = time.perf_counter() - start
        for pane in panes:
            pane.close()
        return first, drawn

    first, drawn = build(None)
    # The same panes loading in the GUI thread before they paint (no background loader).
    sync_first, sync_drawn = build(10**12)
    return [
        Row("timeline+chart panes: construct to first paint", first, "s", sync_first,
            "same panes, arrays loaded before painting", "part of <= 2 s"),
        Row("timeline+chart panes: construct until all drawn", drawn, "s", sync_drawn,
            "same panes, arrays loaded before painting"),
    ]


def _child(mode: str, path, *extra: str, cache=None) -> dict:  # noqa: ANN001
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if cache is not None:
        env["DESK_VIEWER_CACHE"] = str(cache)  # the drawing-array cache of this run
    done = subprocess.run([sys.executable, "-m", "bench.panes_child", mode, str(path), *extra],
                          check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None
    _app()
    from viewer.store.service import StoreService

    store = StoreService.open(ctx.store_path, read_only=True)
    try:
        out = _frames(ctx, store)
        out += _window_change(ctx, store)
        out += _panes_open(store)
    finally:
        store.close()
    cache = ctx.tmp / "array-cache"
    colds, reopens, frames = [], [], []
    for _ in range(OPENINGS):  # interleaved, so a busy moment of the machine hits each
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(_child("ours", ctx.store_path, cache=cache))  # reads, keeps the arrays
        reopens.append(_child("ours", ctx.store_path, cache=cache))  # from the cache
        if _has_dataframe_tools():
            frames.append(_child("dataframe", ctx.store_path, str(ctx.tmp / "dataframe.png")))
    ours, cached = _median(colds, "loaded_paint_s"), _median(reopens, "loaded_paint_s")
    naive = _child("naive", ctx.store_path, str(NAIVE_OPEN_CAP))
    naive_name = f"SQL-sorted rows, one item per event (first {NAIVE_OPEN_CAP:,})"
    out.append(Row("open store to first paint of every pane (process)",
                   ours["open_paint_s"], "s", naive["open_paint_s"], naive_name, "<= 2 s"))
    out.append(Row("open store until every event is drawn (process)",
                   ours["loaded_paint_s"], "s", naive["open_paint_s"], naive_name,
                   "<= 2.5 s at 1M"))
    if not frames:
        ctx.notes.append("pandas + matplotlib rows skipped: pip install -e '.[bench]'")
    else:
        frame = _median(frames, "loaded_paint_s")
        out.append(Row("open store until all drawn vs pandas + matplotlib",
                       ours["loaded_paint_s"], "s", frame["loaded_paint_s"],
                       "pandas read_sql + matplotlib histograms by type", "< 1x (faster)"))
        out.append(Row("reopen (array cache) until all drawn vs pandas + matplotlib",
                       cached["loaded_paint_s"], "s", frame["loaded_paint_s"],
                       "pandas read_sql + matplotlib histograms by type", "< 1x (faster)"))
    out.append(Row("reopen unchanged store until all drawn (array cache)",
                   cached["loaded_paint_s"], "s", ours["loaded_paint_s"],
                   "the same opening, cold (row above)", "<= 1.5 s at 1M"))
    out.append(Row("GUI resident memory, all drawn and counted, panned", ours["rss_mb"], "MB",
                   naive["rss_mb"], f"naive open above ({NAIVE_OPEN_CAP:,} items)",
                   "<= 450 MB at 1M"))
    ctx.notes.append(f"facets counted {ours['counted_s']:.2f} s after start (cold), "
                     f"{cached['counted_s']:.2f} s (array cache)")
    ctx.notes.append(f"GUI RSS before opening the store: {ours['rss_before_store_mb']:.0f} MB")
    for name, runs in (("cold", colds), ("array cache", reopens), ("pandas", frames)):
        if runs:
            ctx.notes.append(f"openings until all drawn, {name}: " + ", ".join(
                f"{r['loaded_paint_s']:.2f}" for r in runs) + f" s (median of {len(runs)})")
    return out


OPENINGS = 3  # fresh processes per kind of opening; the rows give the median


def _median(runs: list[dict], key: str) -> dict:
    """The run whose `key` is the median of the runs (an odd number of them)."""
    return sorted(runs, key=lambda r: r[key])[len(runs) // 2]


def _has_dataframe_tools() -> bool:
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True
