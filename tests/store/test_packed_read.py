"""SQLite's hexadecimal read of every event's drawing columns (viewer/store/packed_read.py):
the same arrays as the plain row-by-row read, in chunks and two id ranges, and the plain
read wherever a row would not come out at its fixed width."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest
from sqlalchemy import update

from tests.helpers import sample_event
from viewer.domain.model import Precision
from viewer.store import arrays, packed_read
from viewer.store import schema as s
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter

ODD = [
    sample_event(1, start=dt.date(1893, 11, 12), end=dt.date(1896, 5, 1),
                 latitude=34.123456789, longitude=71.987654321),  # more than 7 decimals
    sample_event(2, start=dt.date(1947, 8, 14), precision=Precision.MONTH),
    sample_event(3, start=dt.date(1961, 9, 6), precision=Precision.YEAR,
                 latitude=-33.8688, longitude=-151.2093),  # south and west
    sample_event(4, start=dt.date(2024, 3, 9), end=dt.date(2024, 3, 2)),  # end first
    sample_event(5, start=dt.date(1, 1, 1), latitude=90.0, longitude=180.0),
    sample_event(6, start=dt.date(9999, 12, 31), latitude=-90.0, longitude=-180.0),
    sample_event(7, start=dt.date(2024, 5, 1), latitude=31.0),  # half placed: unplaced
]


@pytest.fixture
def odd_store(tmp_path):
    """A SQLite store of the odd events above and 40 ordinary placed ones."""
    store = StoreService.open(str(tmp_path / "odd.sqlite"), create=True)
    plain = [sample_event(100 + i, latitude=34.0 + i / 1000, longitude=71.0 + (i % 7) / 100)
             for i in range(40)]
    with store.write() as conn:
        EventWriter(conn).add_all([replace(e, origin_id=f"odd{i}")
                                   for i, e in enumerate(ODD + plain)])
    yield store
    store.close()


def _plain(conn):  # noqa: ANN001, ANN202
    return arrays.timeline_arrays(conn, None, None, "type"), arrays.map_points(conn)


def _assert_same(found, plain, *, lon_lat_exact: bool = True) -> None:  # noqa: ANN001
    (timeline, points), (plain_timeline, plain_points) = found, plain
    for field in ("ids", "start", "end", "type_index", "lane", "precision", "has_end"):
        assert np.array_equal(getattr(timeline, field), getattr(plain_timeline, field)), field
    assert timeline.lanes == plain_timeline.lanes
    for field in ("ids", "start", "last", "type_index"):
        assert np.array_equal(getattr(points, field), getattr(plain_points, field)), field
    for field in ("lon", "lat"):
        got, want = getattr(points, field), getattr(plain_points, field)
        if lon_lat_exact:
            assert np.array_equal(got, want), field
        else:  # a coordinate of more than seven decimals comes within half of 1e-7
            assert np.abs(got - want).max() <= 0.5e-7 + 1e-12, field


@pytest.mark.parametrize(("chunk", "split"), [(131_072, 100_000), (3, 2), (1, 1)])
def test_the_hexadecimal_read_gives_what_the_plain_reads_give(odd_store, monkeypatch,
                                                             chunk, split):
    """In one chunk on one connection, and in chunks of 3 (or 1) rows over two id ranges
    read side by side: the same arrays as the plain queries."""
    monkeypatch.setattr(packed_read, "CHUNK_ROWS", chunk)
    monkeypatch.setattr(packed_read, "SPLIT_ROWS", split)
    with odd_store._reading() as conn:  # noqa: SLF001
        assert packed_read.read(conn, "0") is not None  # the hexadecimal read was taken
        found = arrays.timeline_and_map(conn)
        plain = _plain(conn)
    _assert_same(found, plain, lon_lat_exact=False)
    points = found[1]
    assert len(points) == len(ODD) + 40 - 3  # events 2, 4 and 7 have no (whole) place
    # Seven decimals and fewer come back exactly; the two poles and the antimeridian too.
    exact = np.isin(points.ids, plain[1].ids[np.abs(plain[1].lon - 71.987654321) > 1e-6])
    assert np.array_equal(points.lon[exact], plain[1].lon[exact])
    assert {(90.0, 180.0), (-90.0, -180.0), (-33.8688, -151.2093)} <= set(
        zip(points.lat.tolist(), points.lon.tolist(), strict=True))


def test_a_coordinate_off_the_globe_is_read_the_plain_way(odd_store, monkeypatch):
    """A longitude no real place has does not fit its eight digits: the read notices and
    the plain read draws it where it is, rather than shifting every field after it."""
    monkeypatch.setattr(packed_read, "SPLIT_ROWS", 2)
    with odd_store.write() as conn:
        conn.execute(update(s.Event).where(s.Event.origin_id == "odd3")
                     .values(longitude=500.0, latitude=10.0))
    with odd_store._reading() as conn:  # noqa: SLF001
        assert packed_read.read(conn, "0") is None
        found = arrays.timeline_and_map(conn)
        plain = _plain(conn)
    _assert_same(found, plain)
    assert 500.0 in found[1].lon.tolist()


def test_an_empty_store_reads_no_rows(tmp_path):
    store = StoreService.open(str(tmp_path / "empty.sqlite"), create=True)
    try:
        with store._reading() as conn:  # noqa: SLF001
            timeline, points = arrays.timeline_and_map(conn)
        assert len(timeline) == 0 and len(points) == 0
    finally:
        store.close()
