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

        rare = f"event {ctx.n // 2 + 7}"  # one title holds this phrase
        rare_q = f'"{rare}"'
        assert len(store.search(rare_q)) >= 1
        common = "border"

        result = [
            Row("search index build (rebuild_index)", build, "s",
                target="reported, once per store"),
            Row("facet arrays read (first facet count, cold)", load, "s",
                target="reported, in a worker"),
            Row(f"search, rare phrase {rare_q}", ctx.measure(
                lambda: store.search(rare_q, 1000)) * 1000, "ms",
                ctx.measure(lambda: _like_scan(ctx.store_path, rare), 3) * 1000,
                "LIKE scan of title+summary", "<= 50 ms"),
            Row("search, prefix 'borde*', best 200 by rank", ctx.measure(
                lambda: store.search("borde*", 200)) * 1000, "ms",
                ctx.measure(lambda: _like_scan(ctx.store_path, "borde"), 3) * 1000,
                "LIKE scan (stops at 1000 hits)", "<= 50 ms"),
            # Every id of a common word, checked against the event table: a library call
            # the panes do not make (the table pages through the filter, facets count ids).
            Row("search, prefix 'borde*', all ids unranked", ctx.measure(
                lambda: store.search("borde*", None, ranked=False)) * 1000, "ms"),
            Row(f"table first page, search '{common}'", ctx.measure(
                lambda: store.events_page(ALL, Filter(search=common), "date", False, 0, 200)
            ) * 1000, "ms", target="<= 100 ms"),
            Row("table first page (all time, by date)", ctx.measure(
                lambda: store.events_page(ALL, Filter(), "date", False, 0, 200)) * 1000, "ms",
                target="<= 100 ms"),
            Row("table first page (one year, by date)", ctx.measure(
                lambda: store.events_page(YEAR, Filter(), "date", False, 0, 200)) * 1000, "ms",
                target="<= 100 ms"),
        ]
        for key in ("title", "type"):
            for label, window in (("all time", ALL), ("one year", YEAR)):
                result.append(Row(f"sort change: first page by {key} desc ({label})",
                                  ctx.measure(lambda key=key, w=window: store.events_page(
                                      w, Filter(), key, True, 0, 200), 3) * 1000,
                                  "ms", target="<= 300 ms"))
        result.append(Row("sort by countries (all time; refused in the GUI over 200k)",
                          ctx.measure(lambda: store.events_page(ALL, Filter(), "countries",
                                                          True, 0, 200), 1) * 1000, "ms"))
        result += [
            Row("count of events (all time)", ctx.measure(
                lambda: store.count_events(ALL, Filter()), 3) * 1000, "ms"),
            Row("count of events (one year)", ctx.measure(
                lambda: store.count_events(YEAR, Filter()), 3) * 1000, "ms"),
            Row("facet counts, 6 facets (all time, no filter)", ctx.measure(
                lambda: store.facet_counts(ALL, Filter()), 3) * 1000, "ms",
                target="<= 150 ms"),
            Row("facet counts, 6 facets (one year, no filter)", ctx.measure(
                lambda: store.facet_counts(YEAR, Filter()), 3) * 1000, "ms",
                target="<= 150 ms"),
            Row("facet counts, 6 facets (one year, PAK + search)", ctx.measure(
                lambda: store.facet_counts(YEAR, Filter(countries=("PAK",), search=common)), 3
            ) * 1000, "ms", target="<= 150 ms"),
        ]
        return result
    finally:
        store.close()
