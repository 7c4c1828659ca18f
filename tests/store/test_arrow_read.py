"""The Arrow read (ADBC's SQLite driver) gives exactly the plain read's arrays, and steps
aside, for the plain read to answer, whenever its answer would differ."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

from viewer.domain.model import Filter
from viewer.store import arrow_read

try:
    import adbc_driver_sqlite.dbapi  # noqa: F401
except ImportError:
    pytest.skip("the ADBC SQLite driver is not installed", allow_module_level=True)


@pytest.fixture(autouse=True)
def arrow_on(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("DESK_VIEWER_ARROW", "1")  # opt-in: see viewer/store/arrow_read.py

FILTERS = [Filter(), Filter(types=("border",)), Filter(countries=("CHN",)),
           Filter(search="torkham")]


def both_ways(store, monkeypatch, read):  # noqa: ANN001, ANN201
    """`read()` through Arrow (checked to be taken) and through rows."""
    taken = []
    real = arrow_read.read_columns

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        found = real(*args, **kwargs)
        taken.append(found is not None)
        return found

    store.array_cache = None
    monkeypatch.setattr(arrow_read, "read_columns", counting)
    fast = read()
    assert taken and all(taken)
    monkeypatch.setenv("DESK_VIEWER_ARROW", "0")
    store._areas = type(store._areas)()  # nothing kept from the first read
    plain = read()
    monkeypatch.setenv("DESK_VIEWER_ARROW", "1")
    return fast, plain


@pytest.mark.parametrize("lane_key", ["type", "country", "actor", "source"])
def test_timeline_arrays_are_the_same_either_way(sample_store, monkeypatch, lane_key) -> None:
    for flt in FILTERS:
        fast, plain = both_ways(sample_store, monkeypatch,
                                lambda flt=flt: sample_store.timeline_arrays(flt, lane_key))
        assert fast.lanes == plain.lanes
        for name in ("ids", "start", "end", "type_index", "lane", "precision", "has_end"):
            a, b = getattr(fast, name), getattr(plain, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), (flt, name)


def test_chart_marks_and_map_points_are_the_same_either_way(sample_store, monkeypatch) -> None:
    flt = Filter(countries=("AFG",))
    (fd, fi), (pd, pi) = both_ways(sample_store, monkeypatch,
                                   lambda: sample_store.event_days(Filter(search="kabul")))
    assert np.array_equal(fd, pd) and np.array_equal(fi, pi) and len(fd)
    fast, plain = both_ways(sample_store, monkeypatch, lambda: sample_store.map_points(flt))
    assert len(fast.lon) > 0
    for name in ("ids", "lon", "lat"):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name


def test_a_null_or_another_backend_leaves_it_to_the_rows(sample_store) -> None:
    with sample_store._store.connect() as conn:
        with_null = "SELECT id, end_day FROM event"  # most events have no end day
        assert arrow_read.read_columns(conn, with_null, (), 2, np.int64) is None
        wrong = "SELECT id FROM no_such_table"
        assert arrow_read.read_columns(conn, wrong, (), 1, np.int64) is None
        ok = arrow_read.read_columns(conn, "SELECT id, start_day FROM event WHERE id < ?",
                                     (5,), 2, np.int64)
        assert ok is not None and ok.shape == (4, 2)
        assert ok.tolist() == [list(r) for r in conn.execute(
            text("SELECT id, start_day FROM event WHERE id < 5 ORDER BY id"))]


def test_it_is_off_unless_asked(sample_store, monkeypatch) -> None:
    monkeypatch.delenv("DESK_VIEWER_ARROW")
    with sample_store._store.connect() as conn:
        assert arrow_read.read_columns(conn, "SELECT id FROM event", (), 1, np.int64) is None
