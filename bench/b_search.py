"""Search, facets and the events table on the generated store (issue 5 targets)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

from bench.core import Context, Row
from viewer.domain.model import Filter, TimeWindow
from viewer.store.service import StoreService

# The app opens on a window holding every event (initial_window adds margins).
ALL = TimeWindow(dt.date(1975, 1, 1), dt.date(2030, 12, 31))
YEAR = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _like_scan(path, word: str) -> int:
    """The baseline: what a search costs without an index, over the same text."""
    conn = sqlite3.connect(path)
    try:
        pattern = f"%{word}%"
        return len(conn.execute(
            "SELECT id FROM event WHERE title LIKE ? OR summary LIKE ? LIMIT 1000",
            (pattern, pattern)).fetchall())
    finally:
        conn.close()


def query_rows(store: StoreService, ctx: Context, baseline: dict[str, float] | None = None,
               targets: dict[str, str] | None = None) -> list[Row]:
    """Search, table pages and facet counts on an open store (either backend).

    Without `baseline` the SQLite baselines of this module are measured (LIKE scans);
    with it, each row's baseline is the figure of the same name from another backend.
    """
    rare = f"event {ctx.n // 2 + 7}"  # one title holds this phrase
    rare_q = f'"{rare}"'
    assert len(store.search(rare_q)) >= 1
    common = "border"
    targets = targets or {}
    rows: list[Row] = []

    def add(name: str, fn, repeat: int = 5, target: str = "", like: str | None = None,
            like_name: str = "") -> None:  # noqa: ANN001
        value = ctx.measure(fn, repeat) * 1000
        base, base_name = None, ""
        if baseline is not None:
            base, base_name = baseline.get(name), "SQLite, same query, same run"
        elif like is not None:
            base = ctx.measure(lambda: _like_scan(ctx.store_path, like), 3) * 1000
            base_name = like_name
        rows.append(Row(name, value, "ms", base, base_name,
                        targets.get(_kind(name), target) if target else ""))

    add(f"search, rare phrase {rare_q}", lambda: store.search(rare_q, 1000), target="<= 50 ms",
        like=rare, like_name="LIKE scan of title+summary")
    add("search, prefix 'borde*', best 200 by rank", lambda: store.search("borde*", 200),
        target="<= 50 ms", like="borde", like_name="LIKE scan (stops at 1000 hits)")
    # Every id of a common word, checked against the event table: a library call the
    # panes do not make (the table pages through the filter, facets count ids).
    add("search, prefix 'borde*', all ids unranked",
        lambda: store.search("borde*", None, ranked=False))
    add(f"table first page, search '{common}'",
        lambda: store.events_page(ALL, Filter(search=common), "date", False, 0, 200),
        target="<= 100 ms")
    add("table first page (all time, by date)",
        lambda: store.events_page(ALL, Filter(), "date", False, 0, 200), target="<= 100 ms")
    add("table first page (one year, by date)",
        lambda: store.events_page(YEAR, Filter(), "date", False, 0, 200), target="<= 100 ms")
    for key in ("title", "type"):
        for label, window in (("all time", ALL), ("one year", YEAR)):
            add(f"sort change: first page by {key} desc ({label})",
                lambda key=key, w=window: store.events_page(w, Filter(), key, True, 0, 200),
                3, "<= 300 ms")
    add("sort by countries (all time; refused in the GUI over 200k)",
        lambda: store.events_page(ALL, Filter(), "countries", True, 0, 200), 1)
    add("count of events (all time)", lambda: store.count_events(ALL, Filter()), 3)
    add("count of events (one year)", lambda: store.count_events(YEAR, Filter()), 3)
    add("facet counts, 6 facets (all time, no filter)",
        lambda: store.facet_counts(ALL, Filter()), 3, "<= 150 ms")
    add("facet counts, 6 facets (one year, no filter)",
        lambda: store.facet_counts(YEAR, Filter()), 3, "<= 150 ms")
    add("facet counts, 6 facets (one year, PAK + search)",
        lambda: store.facet_counts(YEAR, Filter(countries=("PAK",), search=common)), 3,
        "<= 150 ms")
    return rows


def _kind(name: str) -> str:
    return "search" if name.startswith("search") else "facets" if name.startswith("facet") \
        else "table" if name.startswith("table first page") else ""


def rows(ctx: Context) -> list[Row]:
    assert ctx.store_path is not None
    store = StoreService.open(ctx.store_path)
    try:
        # The generated store is written without the index (bulk loads skip it): build it.
        start = time.perf_counter()
        indexed = store.rebuild_search_index()
        build = time.perf_counter() - start
        ctx.notes.append(f"search index built over {indexed:,} events in {build:.1f} s")
        start = time.perf_counter()
        store.facet_counts(None, Filter())
        load = time.perf_counter() - start
        ctx.notes.append(f"facet arrays read in {load:.1f} s "
                         "(once per store contents, in a worker thread)")
        result = [
            Row("search index build (rebuild_index)", build, "s",
                target="reported, once per store"),
            Row("facet arrays read (first facet count, cold)", load, "s",
                target="reported, in a worker"),
            *query_rows(store, ctx),
        ]
        ctx.shared["sqlite"] = {r.name: r.value for r in result}
        return result
    finally:
        store.close()
