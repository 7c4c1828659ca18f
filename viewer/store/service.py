"""The store service: the one door to a store's data for panes, item models, exporters,
the command line and the bench.

Every read opens its own connection from the engine's pool (so workers may call it from
their threads) and returns domain values: dataclasses, or numpy arrays for drawing.
Every write goes through `write()`, which raises the store-wide change counter as its
first statement: that takes the write lock (SQLite) or the counter row's lock
(PostgreSQL), so writers queue up instead of deadlocking, and an open window can tell
that someone else changed the store.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

import numpy as np
from sqlalchemy import Connection, select, update
from sqlalchemy.exc import DBAPIError

from viewer.domain.area import Area
from viewer.domain.drawing import (
    SeriesInfo,
    SeriesKey,
    SeriesTable,
    TimelineArrays,
    TradeArrays,
)
from viewer.domain.map_points import MapPoints
from viewer.domain.model import ActorRef, Era, Event, Filter, StoreInfo, TimeWindow, TradeFigure
from viewer.domain.records import (
    EventDetail,
    FacetValue,
    ImportBatchInfo,
    SavedView,
    TradeDimensions,
)
from viewer.paths import user_cache_dir
from viewer.store import (
    arrays,
    event_pages,
    event_reader,
    facets,
    figure_search,
    heap,
    overview,
    prefetch,
    saved_views,
    trade_queries,
)
from viewer.store import schema as s
from viewer.store import search as search_index
from viewer.store.area_narrowing import AreaAnswers, inside_rows, narrow_days, narrow_timeline
from viewer.store.array_cache import ArrayCache
from viewer.store.engine import (
    Store,
    StoreError,
    StoreLocked,
    is_lock_error,
    locked_message,
    open_store,
)
from viewer.store.event_detail import event_detail
from viewer.store.event_filter import in_view
from viewer.store.service_edits import EditCommands

__all__ = ["StoreBusy", "StoreError", "StoreLocked", "StoreService", "find_import"]

WRITE_WAIT_S = 5  # how long a write waits for another writer before saying the store is busy


class StoreBusy(StoreLocked):
    """Another officer or process holds the store's write lock for longer than we wait."""


T = TypeVar("T")


def _fill_array_cache(target: str, min_events: int) -> bool:
    """In the reading-ahead process: open the store anew and keep its whole-store drawing
    arrays in the array cache."""
    store = StoreService.open(target, read_only=True)
    try:
        if store.array_cache is None:
            return False
        # Read ahead because the store is big enough: keep what is read, whatever its size.
        store.array_cache.min_rows = min(store.array_cache.min_rows, min_events)
        store.timeline_arrays()  # from the cache when current, else read and kept
        return True
    finally:
        store.close()


class StoreService(EditCommands):
    """Reads and writes of one open store, the same on SQLite and PostgreSQL."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._facet_lock = threading.Lock()
        self._facets: tuple[tuple, facets.FacetArrays] | None = None
        self._seen: int | None = None  # the change counter as this window last showed it
        # The whole store's drawing arrays, kept between runs (None: never cached).
        self.array_cache: ArrayCache | None = ArrayCache(user_cache_dir() / "drawing-arrays")
        self._areas = AreaAnswers()
        self._prefetch: prefetch.Prefetch | None = None
        self._prefetch_lock = threading.Lock()

    def read_ahead(self, min_events: int = prefetch.MIN_EVENTS) -> None:
        """Have a second process read the whole store's drawing arrays into the array
        cache while the caller builds its window (a store of `min_events` or more; Linux).
        Call before Qt starts threads; the first whole-store read then waits for it."""
        # A small store (the usual one) forks nothing: the count is one index lookup.
        if self.array_cache is not None and self.event_count_estimate() >= min_events:
            self._prefetch = prefetch.start(partial(_fill_array_cache, self.target, min_events))

    def _await_read_ahead(self) -> None:
        with self._prefetch_lock:
            if self._prefetch is not None:
                self._prefetch.wait()
                self._prefetch = None

    @classmethod
    def open(cls, target: str | os.PathLike[str], *, create: bool = False,
             read_only: bool = False) -> StoreService:
        """Open (or create) the store at a path or database URL; StoreError says why not."""
        return cls(open_store(target, create=create, read_only=read_only))

    # -- the store itself ---------------------------------------------------------------
    @property
    def display(self) -> str:
        """The store as the officer names it: a path, or the URL without its password."""
        return self._store.display

    @property
    def target(self) -> str:
        """What `open` takes to open this store again (another thread, another process):
        a SQLite store's path (its URL, read-only, is a `file:` URI `open` does not take),
        a server's URL with its password."""
        if self.dialect == "sqlite":
            return self.display
        return self._store.engine.url.render_as_string(hide_password=False)

    @property
    def dialect(self) -> str:
        return self._store.dialect

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self._store.read_only_reason

    def server_version(self) -> tuple[int, ...] | None:
        """The database server's version (PostgreSQL), as it announced it on connecting."""
        if self.dialect == "sqlite":
            return None
        return self._store.engine.dialect.server_version_info

    @property
    def store(self) -> Store:
        """The open store, for the store layer's own writers and copiers."""
        return self._store

    def close(self) -> None:
        if self._prefetch is not None:
            self._prefetch.stop()
        self._store.close()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._store.connect() as conn:
            yield conn

    def info(self) -> StoreInfo:
        """Counts and date ranges of events, trade figures, sources, import batches."""
        with self._reading() as conn:
            return overview.store_info(self._store, conn)

    def change_counter(self) -> int:
        """Raised by every write: compare two readings to learn that the store changed."""
        with self._reading() as conn:
            return int(conn.scalar(select(s.StoreChange.counter)
                                   .where(s.StoreChange.id == 1)) or 0)

    def mark_seen(self) -> None:
        """Remember the change counter as it is: what this reader has now seen."""
        self._seen = self.change_counter()

    def changed_elsewhere(self) -> bool:
        """True when someone else (another officer, process or window) has written since
        `mark_seen`; this service's own writes do not count."""
        return self._seen is not None and self.change_counter() != self._seen

    def actors(self) -> list[ActorRef]:
        """Every actor the store knows (role left as 'participant'), by name."""
        with self._reading() as conn:
            return overview.actors(conn)

    def eras(self) -> list[Era]:
        with self._reading() as conn:
            return overview.eras(conn)

    # -- drawing ------------------------------------------------------------------------
    def timeline_arrays(self, flt: Filter | None = None, lane_key: str = "type",
                        window: TimeWindow | None = None) -> TimelineArrays:
        """The timeline's arrays of the filtered events, one row per (event, lane).

        The whole store's (no window, no filter) come from the array cache when the store
        has not changed since they were kept."""
        with self._reading() as conn:
            if window is not None:
                return arrays.timeline_arrays(conn, window, flt, lane_key)
            # Kept without the map's box, so that a new box only narrows them.
            key = (facets.fingerprint(conn), self._areas.without_box(flt), lane_key)
            base = self._areas.timeline.get(key)
            if base is None:
                base = self._unboxed_timeline(conn, *key)
                self._areas.timeline.keep(key, base)
            if flt is None or flt.area is None:
                return base
            return narrow_timeline(base, self._in_area(conn, key[0], flt.area))

    def _unboxed_timeline(self, conn: Connection, fingerprint: tuple, flt: Filter,
                          lane_key: str) -> TimelineArrays:
        """The whole store's from the array cache (kept there when first read); any other
        filter's from the database."""
        if flt != Filter():
            return arrays.timeline_arrays(conn, None, flt, lane_key)
        if lane_key == "type":
            self._await_read_ahead()
        # The fingerprint was read first: arrays newer than it are never found again,
        # while arrays older than a fingerprint would be trusted wrongly.
        found = self._cached(lane_key, fingerprint, TimelineArrays)
        if found is not None:
            return found
        if lane_key != "type":
            found = arrays.timeline_arrays(conn, None, None, lane_key)
        else:  # the map's points come with them: the map pane asks next
            found, points = arrays.timeline_and_map(conn)
            self._areas.map.keep((fingerprint, flt), points)
            self._areas.whole_map.keep(fingerprint, points)  # boxes are found among them
            self._keep("map", fingerprint, points)
        self._keep(lane_key, fingerprint, found)
        heap.after_read(len(found))
        return found

    def _cached(self, name: str, fingerprint: tuple, kind: type[T]) -> T | None:
        if self.array_cache is None:
            return None
        return self.array_cache.get(self._cache_name, name, fingerprint, kind)

    def _keep(self, name: str, fingerprint: tuple, found: object,
              rows: int | None = None) -> None:
        if self.array_cache is not None:
            self.array_cache.put(self._cache_name, name, fingerprint, found, rows)

    @property
    def _cache_name(self) -> str:
        """The store as the array cache knows it: its file's real path, or its URL without
        password (the same whether opened read-only or not, from any process)."""
        if self.dialect == "sqlite":
            return os.path.realpath(self.display)
        return self.display

    def event_count_estimate(self) -> int:
        """An upper bound on the number of events, free to read."""
        with self._reading() as conn:
            return arrays.event_count_estimate(conn)

    def event_days(self, flt: Filter | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(start days, ids) of the filtered events by day: the trade chart's event marks.

        Taken from the timeline's arrays by type when they were just read or are in the
        array cache: no second read of every event."""
        with self._reading() as conn:
            key = (facets.fingerprint(conn), self._areas.without_box(flt))
            base = self._areas.days.get(key)
            if base is None:
                base = self._unboxed_days(conn, *key)
                self._areas.days.keep(key, base)
            if flt is None or flt.area is None:
                return base
            return narrow_days(*base, self._in_area(conn, key[0], flt.area))

    def _unboxed_days(self, conn: Connection, fingerprint: tuple,
                      flt: Filter) -> tuple[np.ndarray, np.ndarray]:
        """The timeline's arrays by type hold one row per event, in the chart's order: the
        marks are taken from them when they are at hand (just read, or in the cache)."""
        kept = self._areas.timeline.get((fingerprint, flt, "type"))
        if kept is None and flt == Filter():
            self._await_read_ahead()
            kept = self._cached("type", fingerprint, TimelineArrays)
        if kept is not None:
            return kept.start, kept.ids
        return arrays.event_days(conn, flt)

    def map_points(self, flt: Filter | None = None) -> MapPoints:
        """The filtered events that have coordinates, sorted by longitude: the map's.

        The whole store's come with the timeline's type lanes when those were just read,
        or from the array cache; a box is applied by the database."""
        with self._reading() as conn:
            if flt is not None and flt.area is not None:
                return arrays.map_points(conn, flt)
            fingerprint, whole = facets.fingerprint(conn), flt is None or flt == Filter()
            key = (fingerprint, self._areas.without_box(flt))
            found = self._areas.map.get(key)
            if found is None:
                found = (self._whole_points(conn, fingerprint) if whole
                         else arrays.map_points(conn, flt))
                self._areas.map.keep(key, found)
            return found

    def _whole_points(self, conn: Connection, fingerprint: tuple) -> MapPoints:
        """Every placed event of the store: just read, in the array cache, or read now
        (and kept there)."""
        found = self._areas.whole_map.get(fingerprint)
        if found is None:
            self._await_read_ahead()
            found = self._cached("map", fingerprint, MapPoints)
        if found is None:
            found = arrays.map_points(conn)
            self._keep("map", fingerprint, found)
        self._areas.whole_map.keep(fingerprint, found)
        return found

    def _in_area(self, conn: Connection, fingerprint: tuple, area: Area) -> np.ndarray:
        """Events inside a map box, as a lookup by id, from the store's map points (what
        the map draws inside the box is what is counted and listed)."""
        return self._areas.lookup(fingerprint, self._whole_points(conn, fingerprint), area)

    def _facets_and_area(self, conn: Connection, flt: Filter | None,
                         ) -> tuple[facets.FacetArrays, np.ndarray | None]:
        """The facet arrays, and which of their events lie in the filter's box (None: no
        box), for one reading of the store's fingerprint."""
        key = facets.fingerprint(conn)
        a = self._facet_arrays(conn, key)
        if flt is None or flt.area is None:
            return a, None
        return a, inside_rows(self._in_area(conn, key, flt.area), a.ids)

    def event_titles(self, ids: Sequence[int]) -> dict[int, str]:
        with self._reading() as conn:
            return arrays.event_titles(conn, ids)

    def trade_series(self) -> list[SeriesInfo]:
        """Every trade series with its figure count and day range; kept in the array cache
        for a big store (at a million figures the list is a 0.35 s scan of an index)."""
        with self._reading() as conn:
            fingerprint = facets.fingerprint(conn)
            kept = self._cached("series", fingerprint, SeriesTable)
            if kept is not None:
                return kept.rows()
            found = arrays.trade_series_list(conn)
            self._keep("series", fingerprint, SeriesTable.of(found),
                       rows=sum(i.count for i in found))
            return found

    def trade_arrays(self, key: SeriesKey, window: TimeWindow | None = None) -> TradeArrays:
        with self._reading() as conn:
            return arrays.trade_arrays(conn, key, window)

    # -- events ---------------------------------------------------------------------------
    def events(self, window: TimeWindow | None = None, flt: Filter | None = None,
               limit: int | None = None) -> list[Event]:
        """Events of a view with their links, oldest first."""
        with self._reading() as conn:
            stmt = in_view(conn, event_reader.event_select(), window, flt)
            stmt = stmt.order_by(s.Event.start_day, s.Event.id).limit(limit)
            return event_reader.read_events(conn, stmt)

    def iter_events(self, window: TimeWindow | None = None, flt: Filter | None = None,
                    chunk: int = 2000, limit: int | None = None) -> Iterator[list[Event]]:
        """Events of a view, oldest first, `chunk` at a time (exports of 100k+ events)."""
        with self._reading() as conn:
            stmt = in_view(conn, event_reader.event_select(), window, flt)
            stmt = stmt.order_by(s.Event.start_day, s.Event.id).limit(limit)
            yield from event_reader.iter_events(conn, stmt, chunk)

    def events_by_id(self, ids: Sequence[int]) -> list[Event]:
        with self._reading() as conn:
            return event_reader.events_by_id(conn, ids)

    def event_by_origin(self, dataset: str, origin_id: str) -> Event | None:
        with self._reading() as conn:
            return event_reader.event_by_origin(conn, dataset, origin_id)

    def event_detail(self, event_id: int) -> EventDetail | None:
        """Every stored field of an event, its sources in full and the import it came from."""
        with self._reading() as conn:
            return event_detail(conn, event_id)

    def events_page(self, window: TimeWindow | None, flt: Filter | None, order_by: str = "date",
                    descending: bool = False, offset: int = 0, limit: int = 200) -> list[Event]:
        """One page of the events table, sorted in the database."""
        with self._reading() as conn:
            return event_pages.events_page(conn, window, flt, order_by, descending, offset,
                                           limit)

    def count_events(self, window: TimeWindow | None = None, flt: Filter | None = None) -> int:
        with self._reading() as conn:
            if flt is not None and flt.area is not None:
                # The coordinates have no index: the facet arrays count a box at once.
                a, in_area = self._facets_and_area(conn, flt)
                return facets.count_in_view(conn, a, window, flt, in_area)
            return event_pages.count_events(conn, window, flt)

    def count_by_type(self, window: TimeWindow | None = None,
                      flt: Filter | None = None) -> dict[str, int]:
        with self._reading() as conn:
            return event_pages.count_by_type(conn, window, flt)

    # -- search and facets -------------------------------------------------------------------
    def search(self, query: str, limit: int | None = 1000, ranked: bool = True,
               rank_at_most: int = search_index.RANK_AT_MOST) -> list[int]:
        """Ids of the events matching a search text, best first (SearchSyntaxError if bad)."""
        with self._reading() as conn:
            return search_index.search_event_ids(conn, query, limit, ranked, rank_at_most)

    def search_figures(self, query: str) -> set[int]:
        """Ids of the trade figures whose notes match a search text."""
        with self._reading() as conn:
            return figure_search.figure_ids_matching(conn, query)

    @staticmethod
    def check_query(query: str) -> None:
        """Raise SearchSyntaxError, with a hint, when a search text cannot be read."""
        search_index.check_query(query)

    def facet_counts(self, window: TimeWindow | None, flt: Filter | None,
                     which: tuple[str, ...] = facets.FACETS) -> dict[str, list[FacetValue]]:
        """Per facet, its values with event counts in the view, most frequent first."""
        with self._reading() as conn:
            a, in_area = self._facets_and_area(conn, flt)
            return facets.facet_counts(conn, a, window, flt, which, in_area)

    def _facet_arrays(self, conn: Connection, key: tuple) -> facets.FacetArrays:
        """The facet columns of every event, read once per store contents (`key`, the
        store's fingerprint)."""
        with self._facet_lock:
            if self._facets is not None and self._facets[0] == key:
                return self._facets[1]
        loaded = facets.load_arrays(conn)
        heap.after_read(len(loaded.ids))
        with self._facet_lock:
            self._facets = (key, loaded)
        return loaded

    # -- trade figures ----------------------------------------------------------------------
    def trade_figures(self, *, reporter: str | None = None, partner: str | None = None,
                      flow: str | None = None, commodity: str | None = None,
                      window: TimeWindow | None = None,
                      include_superseded: bool = True) -> list[TradeFigure]:
        """Figures of a series (any argument left out matches all), in period order, each
        with all its sources; restated figures are marked (`superseded_by`), or left out."""
        with self._reading() as conn:
            return trade_queries.trade_figures(conn, reporter=reporter, partner=partner,
                                               flow=flow, commodity=commodity, window=window,
                                               include_superseded=include_superseded)

    def trade_figures_of(self, series: Sequence[SeriesKey], window: TimeWindow | None = None,
                         include_superseded: bool = True) -> list[TradeFigure]:
        """Figures of the given series (a briefing's), in period order, with all sources."""
        with self._reading() as conn:
            return trade_queries.figures_of_series(conn, series, window, include_superseded)

    def trade_dimensions(self, reporter: str | None = None,
                         partner: str | None = None) -> TradeDimensions:
        with self._reading() as conn:
            return trade_queries.trade_dimensions(conn, reporter, partner)

    def trade_reporters(self) -> tuple[str, ...]:
        with self._reading() as conn:
            return trade_queries.trade_reporters(conn)

    # -- saved views ------------------------------------------------------------------------
    def saved_views(self) -> list[SavedView]:
        with self._reading() as conn:
            return saved_views.list_views(conn)

    def startup_view(self) -> SavedView | None:
        with self._reading() as conn:
            return saved_views.startup_view(conn)

    def save_view(self, view: SavedView) -> SavedView:
        with self.write() as conn:
            return saved_views.save_view(conn, view)

    def delete_view(self, name: str) -> bool:
        with self.write() as conn:
            return saved_views.delete_view(conn, name)

    def set_startup_view(self, name: str | None) -> None:
        with self.write() as conn:
            saved_views.set_startup_view(conn, name)

    # -- writing ----------------------------------------------------------------------------
    def find_import(self, sha256: str) -> ImportBatchInfo | None:
        """The first import of a file with this SHA-256, if it was imported before."""
        with self._reading() as conn:
            return find_import(conn, sha256)

    @contextmanager
    def write(self, keep_waiting: Callable[[], bool] | None = None) -> Iterator[Connection]:
        """A write transaction, all or nothing; refused on a read-only store.

        Another writer is waited for up to WRITE_WAIT_S, then StoreBusy is raised, or,
        while `keep_waiting()` says so (a long import with a Cancel button), again.
        """
        self._store.require_writable()
        engine, postgres = self._store.engine, self.dialect == "postgresql"
        while True:
            conn = engine.connect()
            transaction = conn.begin()
            try:
                if postgres:
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_WAIT_S}s'")
                counter = conn.execute(
                    update(s.StoreChange).where(s.StoreChange.id == 1)
                    .values(counter=s.StoreChange.counter + 1)
                    .returning(s.StoreChange.counter)).scalar_one()
                break
            except DBAPIError as exc:
                transaction.rollback()
                conn.close()
                if not _is_lock_wait(exc):
                    raise
                if keep_waiting is None or not keep_waiting():
                    raise StoreBusy(self._busy_message()) from None
                time.sleep(0.2)
        try:
            yield conn
            transaction.commit()
            if self._seen is not None and counter == self._seen + 1:
                self._seen = counter  # only our own write came in between
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise
        finally:
            conn.close()

    def _busy_message(self) -> str:
        path = self._store.sqlite_path
        if path is not None:
            return locked_message(path)
        return (f"{self.display}: the store is busy (another officer or process is writing "
                "to it); try again in a moment")

    def rebuild_search_index(self) -> int:
        """Index every event again (after a bulk load that skipped it); returns the count."""
        with self.write() as conn:
            return search_index.rebuild_index(conn)


def _is_lock_wait(exc: DBAPIError) -> bool:
    """SQLite's "database is locked" after the busy timeout, PostgreSQL's lock timeout."""
    return is_lock_error(exc.orig)


def find_import(conn: Connection, sha256: str) -> ImportBatchInfo | None:
    """Inside a write transaction: the earlier import of this file, if any (importers
    check again once they hold the write lock, so a file imported twice at once is
    recorded once)."""
    b = s.ImportBatch
    row = conn.execute(select(b.id, b.file_name, b.format, b.imported_at, b.sha256)
                       .where(b.sha256 == sha256).order_by(b.id).limit(1)).first()
    return ImportBatchInfo(*row) if row else None
