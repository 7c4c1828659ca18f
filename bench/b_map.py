"""The map pane: frame time at three zooms, and a spatial-filter change until every pane
has redrawn.

The generated store has no coordinates, so this module first places every event
(GDELT and ACLED give every event a point): clustered around real towns of the
Pakistan–Afghanistan border region and beyond, as event data clusters. Baselines from
the same run: every event in view as a marker (no density grid), and the panes built
afresh for the new filter.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from bench.b_panes import SIZE, _app, wait_loaded
from bench.core import Context, Row

# Towns events cluster around (lon, lat): Torkham, Peshawar, Jalalabad, Kabul, Chaman,
# Quetta, Kandahar, Khost, Miranshah, Wana, Parachinar, Islamabad, Karachi, Lahore,
# Herat, Mazar-i-Sharif, and a few far away (Doha, Istanbul, Beijing, Tehran).
TOWNS = np.array([
    (71.08, 34.11), (71.58, 34.01), (70.45, 34.43), (69.21, 34.56), (66.45, 30.92),
    (66.98, 30.18), (65.71, 31.61), (69.92, 33.34), (70.07, 33.00), (69.59, 32.31),
    (70.10, 33.90), (73.05, 33.68), (67.00, 24.86), (74.34, 31.55), (62.20, 34.35),
    (67.11, 36.71), (51.53, 25.29), (28.98, 41.01), (116.41, 39.90), (51.39, 35.69)])
NAIVE_FRAMES = 3


def place_events(path) -> int:
    """Give every event of the store a point near one of the towns (deterministic)."""
    con = sqlite3.connect(path)
    try:
        if con.execute("SELECT count(*) FROM event WHERE longitude IS NOT NULL").fetchone()[0]:
            return 0
        ids = np.array([r[0] for r in con.execute("SELECT id FROM event")], dtype=np.int64)
        rng = np.random.default_rng(18)
        town = rng.choice(len(TOWNS), size=len(ids), p=_weights())
        spread = rng.exponential(0.15, size=len(ids))[:, None]
        points = TOWNS[town] + rng.normal(0, 1, size=(len(ids), 2)) * spread
        con.executemany("UPDATE event SET longitude = ?, latitude = ? WHERE id = ?",
                        zip(np.round(points[:, 0], 4).tolist(), np.round(points[:, 1], 4).tolist(),
                            ids.tolist(), strict=True))
        con.commit()
        return len(ids)
    finally:
        con.close()


def _weights() -> np.ndarray:
    w = np.array([8, 6, 5, 7, 6, 4, 4, 3, 3, 2, 2, 4, 3, 3, 2, 2, 0.5, 0.5, 0.5, 0.5])
    return w / w.sum()


ZOOMS = {
    "world": (-10.0, 0.0, 130.0, 60.0),
    "Pakistan-Afghanistan": (60.0, 23.3, 78.0, 38.6),
    "Khyber and Nangarhar": (70.3, 33.8, 71.6, 34.6),
    "Torkham crossing": (71.05, 34.09, 71.12, 34.13),
    "Torkham gate": (71.078, 34.108, 71.092, 34.116),
}


def _pan_and_grab(pane, step: list[int]):
    def frame() -> None:
        (x0, x1), _ = pane.view_box.viewRange()
        pane.view_box.translateBy(x=(x1 - x0) * 0.01 * step[0])
        step[0] = -step[0]
        pane.picture_widget().grab()
    return frame


def _frames(ctx: Context, store) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from viewer.app.panes.map_layers import DENSITY_ABOVE
    from viewer.app.panes.map_pane import MapPane
    from viewer.app.state import ViewState
    from viewer.domain.area import Area
    from viewer.domain.model import TimeWindow

    info = store.info()
    state = ViewState(TimeWindow(info.events.first, info.events.last))
    pane = MapPane(store, state)
    pane.resize(*SIZE)
    pane.show()
    wait_loaded(pane)
    rows = []
    for name, box in ZOOMS.items():
        pane.show_area(Area(*box), margin=0)
        QApplication.processEvents()
        ours = ctx.measure(_pan_and_grab(pane, [1]), repeat=15)
        mode, in_view = pane.mode, pane.in_view
        # The naive map: the same pane drawing a marker per event in view, whatever the count.
        pane.density_above = 10**12
        pane.redraw()
        base = ctx.measure(_pan_and_grab(pane, [1]), repeat=NAIVE_FRAMES)
        pane.density_above = DENSITY_ABOVE
        rows.append(Row(f"map frame 1600x900, {name} ({in_view:,} ev, {mode})", ours * 1000,
                        "ms", base * 1000, "a marker per event in view", "<= 30 ms median"))
    pane.close()
    return rows


def _filter_change(ctx: Context, store) -> list[Row]:
    """A box drawn on the map until the timeline, chart marks, map, table and facets show
    it; naive: the same panes built afresh for the new filter."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from viewer.app.panes.events_table import EventsTablePane
    from viewer.app.panes.filters import FiltersPane
    from viewer.app.panes.map_pane import MapPane
    from viewer.app.panes.timeline import TimelinePane
    from viewer.app.panes.trade_chart import TradeChartPane
    from viewer.app.state import ViewState
    from viewer.domain.area import Area
    from viewer.domain.model import TimeWindow

    info = store.info()
    window = TimeWindow(info.events.first, info.events.last)
    boxes = [Area(*ZOOMS["Khyber and Nangarhar"]), Area(65.5, 30.5, 67.5, 31.8), None]

    def build(state):  # noqa: ANN001, ANN202
        panes = (TimelinePane(store, state), TradeChartPane(store, state), MapPane(store, state),
                 EventsTablePane(store, state), FiltersPane(store, state))
        for pane in panes:
            pane.resize(SIZE[0] // 2, SIZE[1] // 2)
            pane.show()
        return panes

    def redrawn(panes) -> None:  # noqa: ANN001
        timeline, chart, the_map, table, filters = panes
        wait_loaded(timeline, chart, the_map)
        filters.refresh_facets()
        filters.wait_for_counts()
        QApplication.processEvents()
        for pane in panes:
            pane.grab()

    state = ViewState(window)
    panes = build(state)
    redrawn(panes)
    turn = [0]

    def change() -> None:
        turn[0] += 1
        state.set_filter(replace(state.filter, area=boxes[turn[0] % len(boxes)]))
        redrawn(panes)

    def afresh() -> None:
        turn[0] += 1
        fresh = ViewState(window)
        fresh.set_filter(replace(fresh.filter, area=boxes[turn[0] % len(boxes)]))
        built = build(fresh)
        redrawn(built)
        for pane in built:
            pane.close()
            pane.deleteLater()
        QApplication.processEvents()

    ours = ctx.measure(change, repeat=6)
    base = ctx.measure(afresh, repeat=3)
    for pane in panes:
        pane.close()
    return [Row("spatial-filter change until every pane redrawn", ours * 1000, "ms",
                base * 1000, "the five panes built afresh for the box", "<= 150 ms")]


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None
    placed = place_events(ctx.store_path)
    if placed:
        ctx.notes.append(f"map: placed {placed:,} events around {len(TOWNS)} towns")
    _app()
    from viewer.store.service import StoreService

    store = StoreService.open(ctx.store_path, read_only=True)
    try:
        return _frames(ctx, store) + _filter_change(ctx, store)
    finally:
        store.close()
