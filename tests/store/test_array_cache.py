"""The drawing-array cache: reopening an unchanged store draws from it; any write, a damaged
or short file, or a killed writer's leftovers make it ignored and rebuilt, never trusted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest

from tests import sample_rows
from tests.helpers import sample_event, sqlite_statements
from viewer.domain.drawing import TimelineArrays
from viewer.domain.model import Filter, TimeWindow
from viewer.store.array_cache import ArrayCache
from viewer.store.service import StoreService

FIELDS = ("ids", "start", "end", "type_index", "lane", "precision", "has_end")


def same(a, b) -> bool:  # noqa: ANN001
    return a.lanes == b.lanes and all(np.array_equal(getattr(a, f), getattr(b, f))
                                      for f in FIELDS)


def cached_from(a) -> bool:  # noqa: ANN001
    return isinstance(a.ids, np.memmap)


@pytest.fixture
def cache(tmp_path) -> ArrayCache:
    return ArrayCache(tmp_path / "cache", min_rows=0)  # the sample is small: cache it too


def opened(target: str, cache: ArrayCache) -> StoreService:
    store = StoreService.open(target)
    store.array_cache = cache
    return store


def test_an_unchanged_store_draws_from_the_cache_on_both_backends(sample_target, cache) -> None:
    first = opened(sample_target, cache)
    try:
        fresh = first.timeline_arrays(None, "actor")
        # Lanes by actor: an event with two actors is drawn in both lanes.
        assert not cached_from(fresh) and len(fresh) > sample_rows.count("events.csv")
    finally:
        first.close()
    again = opened(sample_target, cache)  # a later run on the same store
    try:
        kept = again.timeline_arrays(Filter(), "actor")
        assert cached_from(kept) and same(kept, fresh)
        other_lanes = again.timeline_arrays(None, "type")  # another grouping: its own entry
        assert not cached_from(other_lanes)
        narrowed = again.timeline_arrays(Filter(types=("border",)), "actor")
        assert not cached_from(narrowed) and len(narrowed) < len(kept)
        window = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        assert not cached_from(again.timeline_arrays(None, "actor", window))
        metas = [json.loads(p.read_text()) for p in cache.folder.glob("*/meta.json")]
        # The type lanes were read with the map's points: those are kept too.
        assert sorted(m["lane_key"] for m in metas) == ["actor", "map", "type"]
    finally:
        again.close()


def next_run(path, cache: ArrayCache) -> TimelineArrays:  # noqa: ANN001
    """The whole store's arrays as a new run of the app reads them (nothing in memory)."""
    store = opened(str(path), cache)
    try:
        return store.timeline_arrays()
    finally:
        store.close()


def test_any_write_makes_the_cache_stale(sample_store_path, cache) -> None:
    before = next_run(sample_store_path, cache)
    assert cached_from(next_run(sample_store_path, cache))
    writer = opened(str(sample_store_path), cache)
    try:
        event = writer.events()[0]
        writer.update_event(event.id, dataclasses.replace(event, type="armed_clash"),
                            writer.event_detail(event.id).version)
        after = writer.timeline_arrays()  # the same run, after its own write
        assert not cached_from(after) and not same(after, before)
    finally:
        writer.close()
    again = next_run(sample_store_path, cache)  # kept again, as it now is
    assert cached_from(again) and same(again, after)


def entry_of(cache: ArrayCache, lane_key: str):  # noqa: ANN201
    (entry,) = [p.parent for p in cache.folder.glob("*/meta.json")
                if json.loads(p.read_text())["lane_key"] == lane_key]
    return entry


def test_a_damaged_entry_is_ignored_and_rebuilt(sample_store_path, cache) -> None:
    fresh = next_run(sample_store_path, cache)
    entry = entry_of(cache, "type")
    ids = entry / "ids.npy"
    raw = bytearray(ids.read_bytes())
    raw[-3] ^= 0xFF  # one id changed on disk: the digest no longer matches
    ids.write_bytes(bytes(raw))
    read = next_run(sample_store_path, cache)
    assert not cached_from(read) and same(read, fresh)
    assert cached_from(next_run(sample_store_path, cache))  # rebuilt
    (entry / "lane.npy").write_bytes((entry / "lane.npy").read_bytes()[:-8])  # cut short
    read = next_run(sample_store_path, cache)
    assert not cached_from(read) and same(read, fresh)
    (entry / "meta.json").write_text("{not json")
    read = next_run(sample_store_path, cache)
    assert not cached_from(read) and same(read, fresh)


def test_a_killed_writers_leftovers_are_removed_and_small_stores_not_cached(
        tmp_path, make_store) -> None:
    store = make_store([sample_event(i) for i in range(5)])
    store.array_cache = small = ArrayCache(tmp_path / "c", min_rows=0)
    store.timeline_arrays()
    entry = entry_of(small, "type")
    kept = sorted(p.name for p in small.folder.iterdir())  # the type lanes and the map's
    leftover = entry.with_name(entry.name + ".tmp-99999")
    leftover.mkdir()
    (leftover / "ids.npy").write_bytes(b"half")
    with store.write() as conn:
        from viewer.store.writer import EventWriter

        EventWriter(conn).add_all([sample_event(9, origin_id="late")])
    assert len(store.timeline_arrays()) == 6
    assert sorted(p.name for p in small.folder.iterdir()) == kept
    store.array_cache = big_only = ArrayCache(tmp_path / "d")  # the default threshold
    store.timeline_arrays()
    assert not big_only.folder.exists()  # 6 events: a query is as quick as the files


def test_the_charts_marks_come_from_the_timelines_arrays(sample_target, cache) -> None:
    first = opened(sample_target, cache)
    try:
        direct = first.event_days(Filter(types=("border",)))  # no timeline read: its own
        timeline = first.timeline_arrays(None, "type")  # the timeline's read (and kept)
        days, ids = first.event_days()
        assert np.shares_memory(days, timeline.start) and np.shares_memory(ids, timeline.ids)
        assert not np.shares_memory(direct[0], timeline.start)
    finally:
        first.close()
    again = opened(sample_target, cache)  # the next run: the marks before the timeline
    try:
        days, ids = again.event_days()
        assert isinstance(days, np.memmap)  # from the cache: no read of every event
        plain = StoreService.open(sample_target)
        plain.array_cache = None
        try:
            expected = plain.event_days()
        finally:
            plain.close()
        assert np.array_equal(days, expected[0]) and np.array_equal(ids, expected[1])
    finally:
        again.close()


def plain_map(target: str):  # noqa: ANN201
    """The map's points as a store without the cache reads them: by their own query."""
    plain = StoreService.open(target)
    plain.array_cache = None
    try:
        return plain.map_points()
    finally:
        plain.close()


MAP_FIELDS = ("ids", "lon", "lat", "start", "last", "type_index")


def same_points(a, b) -> bool:  # noqa: ANN001
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in MAP_FIELDS)


def test_the_maps_points_come_with_the_type_lanes_and_are_kept(sample_target, cache) -> None:
    expected = plain_map(sample_target)
    assert 0 < len(expected)
    first = opened(sample_target, cache)
    try:
        first.timeline_arrays(None, "type")  # the one read of every event
        points = first.map_points()
        assert same_points(points, expected) and not isinstance(points.ids, np.memmap)
        assert first.map_points() is points  # asked again: the same arrays, no read
        boxed = first.map_points(Filter(area=expected_area(expected)))
        assert 0 < len(boxed) < len(points)  # a box still goes to the database
    finally:
        first.close()
    again = opened(sample_target, cache)  # the next run: the map before any timeline read
    try:
        points = again.map_points()
        assert isinstance(points.ids, np.memmap) and same_points(points, expected)
        assert not isinstance(again.map_points(Filter(types=("border",))).ids, np.memmap)
    finally:
        again.close()


def expected_area(points):  # noqa: ANN001, ANN201
    """A box around the western half of the placed events."""
    from viewer.domain.area import Area

    mid = float(np.median(points.lon))
    return Area(float(points.lon.min()) - 1, float(points.lat.min()) - 1, mid,
                float(points.lat.max()) + 1)


def test_the_map_asks_nothing_after_the_type_lanes(sample_store_path) -> None:
    with sqlite_statements() as statements:
        store = StoreService.open(sample_store_path)
        store.array_cache = None
        try:
            store.timeline_arrays()
            reads = [q for q in statements if "longitude" in q]
            assert len(reads) == 1  # the timeline's read carries the coordinates
            assert len(store.map_points()) > 0
            assert [q for q in statements if "longitude" in q] == reads
        finally:
            store.close()


def test_the_trade_series_list_is_kept_and_a_trade_edit_makes_it_stale(sample_target,
                                                                      cache) -> None:
    """The chart's list of series (a scan of every figure's index) is kept like the drawing
    arrays, on both backends; a new figure of a new series is listed at once, as is its
    deletion, and the next run lists from the cache again."""
    first = opened(sample_target, cache)
    try:
        fresh = first.trade_series()
        assert len(fresh) > 0
    finally:
        first.close()
    again = opened(sample_target, cache)
    try:
        assert again.trade_series() == fresh
        assert entry_of(cache, "series").exists()
        figure = again.trade_figure(again.trade_figures()[0].id)
        added = again.create_trade_figure(dataclasses.replace(
            figure, id=None, reporter="IND", partner="AFG", value_usd=5e6, origin_id="ind1",
            supersedes=None))
        grown = again.trade_series()
        assert len(grown) == len(fresh) + 1
        assert [i for i in grown if i.key.reporter == "IND"][0].count == 1
        again.delete_trade_figure(added.id, again.trade_figure(added.id).version)
        assert again.trade_series() == fresh
    finally:
        again.close()
