"""Reading ahead: a forked process fills the array cache while the window is built; the
service's first whole-store reads wait for it and then draw from the files. A child that
is stopped, or finds nothing to do, leaves the answers exactly as a read here gives them."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from viewer.store.service import StoreService

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads ahead on Linux")

TIMELINE = ("ids", "start", "end", "type_index", "lane", "precision", "has_end")
MAP = ("ids", "lon", "lat", "start", "last", "type_index")


def plain(target: str):  # noqa: ANN201
    """The timeline's type lanes and the map's points as a store without a cache reads them."""
    store = StoreService.open(target)
    store.array_cache = None
    try:
        return store.timeline_arrays(), store.map_points()
    finally:
        store.close()


def same(a, b, fields) -> bool:  # noqa: ANN001
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in fields)


def test_the_child_fills_the_cache_and_the_first_reads_draw_from_it(sample_target) -> None:
    timeline, points = plain(sample_target)
    store = StoreService.open(sample_target)
    try:
        store.read_ahead(min_events=0)  # the sample is small: read ahead all the same
        child = store._prefetch  # noqa: SLF001
        assert child is not None and child.pid != os.getpid()
        read = store.timeline_arrays()
        assert child.ended and store._prefetch is None  # noqa: SLF001 - waited for, once
        assert isinstance(read.ids, np.memmap)  # from the files the child kept
        assert same(read, timeline, TIMELINE) and read.lanes == timeline.lanes
        placed = store.map_points()
        assert isinstance(placed.ids, np.memmap) and same(placed, points, MAP)
    finally:
        store.close()


def test_a_stopped_child_changes_nothing(sample_store_path) -> None:
    timeline, points = plain(str(sample_store_path))
    store = StoreService.open(sample_store_path)
    try:
        store.read_ahead(min_events=0)
        store._prefetch.stop()  # noqa: SLF001 - killed before it could keep anything
        read = store.timeline_arrays()
        assert same(read, timeline, TIMELINE) and same(store.map_points(), points, MAP)
    finally:
        store.close()


def test_a_small_store_is_not_read_ahead(sample_store_path) -> None:
    store = StoreService.open(sample_store_path)
    try:
        store.read_ahead()  # the default threshold: the sample is far below it
        assert store._prefetch is None  # noqa: SLF001 - no process forked at all
        assert not isinstance(store.timeline_arrays().ids, np.memmap)
        assert not store.array_cache.folder.exists() or \
            not any(store.array_cache.folder.glob("*/meta.json"))
    finally:
        store.close()


def test_closing_the_store_stops_the_child(sample_store_path) -> None:
    store = StoreService.open(sample_store_path)
    store.read_ahead(min_events=0)
    child = store._prefetch  # noqa: SLF001
    store.close()
    assert child.ended
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left behind


def test_the_child_yields_the_processor_to_the_window(tmp_path) -> None:
    """The reading process runs at a lower priority than the window being built."""
    from viewer.store import prefetch

    said = tmp_path / "niceness"
    ours = os.nice(0)
    child = prefetch.start(lambda: said.write_text(str(os.nice(0) - ours)) > 0)
    assert child is not None and child.wait(limit_s=30)
    assert int(said.read_text()) == prefetch.NICENESS > 0
    assert os.nice(0) == ours  # the window's own priority is untouched
