"""Run in a fresh process by b_panes: open the store in the main window, paint, report JSON.

A fresh process so the open time includes the imports and the memory is the GUI's own,
not what earlier bench modules left behind.
"""

from __future__ import annotations

import json
import os
import sys
import time

START = time.perf_counter()


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_s() -> float:
    """Processor time so far of every thread and of the ended read-ahead process: steadier
    than the clock on a busy machine."""
    import resource

    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def ours(db: str) -> dict:
    import tempfile

    # In the app's order: `viewer.app` first (it loads the data layers before PySide6).
    from viewer.app.application import make_application  # isort: skip
    from PySide6.QtCore import QSettings  # isort: skip
    from PySide6.QtWidgets import QApplication  # isort: skip

    from viewer.app.main_window import MainWindow
    from viewer.app.settings import Settings
    from viewer.store.service import StoreService

    # As `viewer` opens a store: before Qt starts, with the drawing arrays read ahead.
    store = StoreService.open(db, read_only=True)
    store.read_ahead()
    app = make_application()
    before = rss_mb()
    ini = tempfile.NamedTemporaryFile(suffix=".ini", delete=False)
    ini.close()
    window = MainWindow(store, Settings(QSettings(ini.name, QSettings.Format.IniFormat)))
    window.resize(1600, 900)
    window.show()
    app.processEvents()
    window.grab()
    painted = time.perf_counter() - START
    panes = (window.timeline_pane, window.trade_pane, window.map_pane)
    while any(p.loading for p in panes):  # until every event is drawn
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()
    window.grab()
    loaded = time.perf_counter() - START
    loaded_cpu = cpu_s()
    # The facets count after every event is drawn; the memory is read once they have.
    filters = window.table_panes["filters"]
    deadline = time.perf_counter() + 120
    while not filters.counting_label.isHidden() and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    counted = time.perf_counter() - START
    # Pan about a bit, as a user does, before reading the memory.
    for _ in range(10):
        window.timeline_pane.view_box.translateBy(x=window.timeline_pane.view_box.width()
                                                  * window.timeline_pane.view_box.viewPixelSize()[0])
        QApplication.processEvents()
    window.grab()
    out = {"open_paint_s": painted, "loaded_paint_s": loaded, "loaded_cpu_s": loaded_cpu,
           "counted_s": counted,
           "rss_mb": rss_mb(),
           "rss_before_store_mb": before}
    window.close()
    os.unlink(ini.name)
    return out


def naive(db: str, cap: int) -> dict:
    """The straightforward way: ORM-style rows in SQL order, one graphics item per event."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from viewer.store import schema as s
    from viewer.store.engine import open_store

    app = QApplication.instance() or QApplication([])
    store = open_store(db, read_only=True)
    e = s.Event
    with store.connect() as conn:
        rows = conn.execute(select(e.id, e.start_day, e.end_day, e.type, e.precision)
                            .order_by(e.start_day, e.id)).all()
    plot = pg.PlotWidget()
    plot.resize(1600, 900)
    for r in rows[:cap]:
        plot.addItem(pg.ScatterPlotItem(x=[r[1] * 86400.0], y=[0.0]))
    plot.show()
    app.processEvents()
    plot.grab()
    return {"open_paint_s": time.perf_counter() - START, "rss_mb": rss_mb(), "rows": len(rows)}


def dataframe(db: str, out: str) -> dict:
    """The analyst's way: pandas reads every event, matplotlib draws each one at its day in
    a row per type (the timeline's lanes) into a 1600x900 picture."""
    import sqlite3

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        frame = pd.read_sql("SELECT start_day, type FROM event", conn)
    lane, kinds = pd.factorize(frame["type"], sort=True)
    fig, ax = plt.subplots(figsize=(16, 9), dpi=100)
    ax.scatter(frame["start_day"], lane, s=2, marker="|")
    ax.set_yticks(range(len(kinds)), kinds)
    fig.savefig(out)
    return {"loaded_paint_s": time.perf_counter() - START, "rss_mb": rss_mb(),
            "rows": len(frame)}


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, db = sys.argv[1], sys.argv[2]
    if mode == "ours":
        result = ours(db)
    elif mode == "dataframe":
        result = dataframe(db, sys.argv[3])
    else:
        result = naive(db, int(sys.argv[3]))
    print(json.dumps(result))
