"""Drawing arrays: what the timeline and trade chart draw, fetched without ORM rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tests import sample_rows
from viewer.domain.drawing import NO_LANE, PERIOD_KINDS, PRECISIONS, SeriesKey, coarse_end
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.domain.taxonomy import EVENT_TYPES


@pytest.fixture
def store(service):
    """The sample store on each backend: a private copy per test (tests/conftest.py)."""
    return service


def test_timeline_arrays_match_the_events_and_are_sorted(store):
    arrays = store.timeline_arrays()
    expected = store.events()
    assert len(arrays) == len(expected) == sample_rows.count("events.csv")
    assert np.all(np.diff(arrays.start) >= 0)
    by_id = {e.id: e for e in expected}
    for i, eid in enumerate(arrays.ids):
        ev = by_id[int(eid)]
        assert arrays.start[i] == day_number(ev.start)
        assert EVENT_TYPES[arrays.type_index[i]].code == ev.type
        assert PRECISIONS[arrays.precision[i]] == ev.precision.value
        if ev.end is not None:
            assert arrays.end[i] == day_number(ev.end) and arrays.has_end[i]


def test_type_lanes_hold_only_present_types(store):
    arrays = store.timeline_arrays(lane_key="type")
    assert "Border closure" in arrays.lanes and "Phone call" in arrays.lanes
    assert "Protest or riot" not in arrays.lanes
    ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
    row = int(np.flatnonzero(arrays.ids == ifrp.id)[0])
    assert arrays.lanes[arrays.lane[row]] == "Deportation or displacement"


def test_country_and_actor_lanes_repeat_events_once_per_lane(store):
    by_country = store.timeline_arrays(lane_key="country")
    assert set(by_country.lanes) >= {"AFG", "PAK"}
    torkham = store.event_by_origin("sample", "2023-02-19-torkham-closure")
    rows = np.flatnonzero(by_country.ids == torkham.id)
    assert sorted(by_country.lanes[by_country.lane[r]] for r in rows) == ["AFG", "PAK"]
    by_actor = store.timeline_arrays(lane_key="actor")
    assert "Taliban \u2068طالبان\u2069" in by_actor.lanes  # native name, bidi-isolated
    assert "Wang Yi" in by_actor.lanes
    by_source = store.timeline_arrays(lane_key="source")
    assert NO_LANE not in by_source.lanes or by_source.lanes[-1] == NO_LANE
    assert len(set(by_source.lanes)) == len(by_source.lanes)


def test_window_and_filter_narrow_the_arrays(store):
    window = TimeWindow(dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    arrays = store.timeline_arrays(Filter(types=("agreement",)), window=window)
    assert len(arrays) == 3
    assert {EVENT_TYPES[t].code for t in arrays.type_index} == {"agreement"}


def test_coarse_precision_spans_cover_their_month_or_year():
    start = np.array([day_number(dt.date(2024, 2, 10))] * 3, dtype=np.int32)
    prec = np.array([PRECISIONS.index("day"), PRECISIONS.index("month"),
                     PRECISIONS.index("year")], dtype=np.int8)
    end = coarse_end(start, prec)
    assert list(end) == [day_number(dt.date(2024, 2, 10)), day_number(dt.date(2024, 2, 29)),
                         day_number(dt.date(2024, 12, 31))]


def test_titles_of_a_few_events(store):
    ifrp = store.event_by_origin("sample", "2023-11-01-ifrp-start")
    assert store.event_titles([ifrp.id, ifrp.id]) == {ifrp.id: ifrp.title}


def test_trade_series_list_and_a_fiscal_year_figure(store):
    listed = {info.key: info for info in store.trade_series()}
    key = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")
    assert key in listed and listed[key].count > 30
    arrays = store.trade_arrays(key)
    assert len(arrays) == listed[key].count
    fy = [i for i in range(len(arrays)) if PERIOD_KINDS[arrays.kind[i]] == "fiscal_year"
          and arrays.start[i] == day_number(dt.date(2022, 7, 1))]
    assert len(fy) == 1
    assert arrays.end[fy[0]] == day_number(dt.date(2023, 6, 30))
    assert arrays.value[fy[0]] == 522271000
    assert key.mirror() == SeriesKey("AFG", "PAK", "import", "TOTAL", "goods-and-services")


def test_coverage_makes_series_of_their_own(store):
    """Goods-only customs figures and SBP's goods and services are never one line."""
    listed = {info.key: info for info in store.trade_series()}
    goods = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods")
    both = SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")
    assert goods in listed and both in listed
    assert goods.label() == "PAK→AFG export (goods only)"
    assert both.label() == "PAK→AFG export (goods and services)"
    fy = day_number(dt.date(2024, 7, 1))
    goods_arrays, both_arrays = store.trade_arrays(goods), store.trade_arrays(both)
    # FY2024-25: the customs total is in the goods series only; SBP has part-years.
    assert 1_391_000_000 in goods_arrays.value[goods_arrays.start == fy]
    assert 1_391_000_000 not in both_arrays.value
    everything = store.trade_arrays(goods.any_coverage())
    assert len(everything) == len(goods_arrays) + len(both_arrays)


def test_event_days_are_sorted_and_filtered(store):
    days, ids = store.event_days(Filter(types=("agreement",)))
    # The truces and the UAP railway framework.
    agreements = [e for e in sample_rows.events() if e.type == "agreement"]
    assert len(days) == len(ids) == len(agreements) > 1
    assert list(days) == sorted(days)
    assert days[-1] == day_number(max(e.start for e in agreements))


def test_the_one_read_for_timeline_and_map_gives_what_the_plain_reads_give(store):
    """The packed read of every event (days, length, type and precision in one number)
    decodes to exactly what the timeline's and the map's own queries read, for spans
    before 1970, month and year precision, ends before starts and unplaced events."""
    from dataclasses import replace as with_

    from tests.helpers import sample_event
    from viewer.domain.model import Precision
    from viewer.store import arrays as drawing

    odd = [
        sample_event(1, start=dt.date(1893, 11, 12), end=dt.date(1896, 5, 1),
                     latitude=34.1, longitude=71.1),
        sample_event(2, start=dt.date(1947, 8, 14), precision=Precision.MONTH),
        sample_event(3, start=dt.date(1961, 9, 6), precision=Precision.YEAR,
                     latitude=30.9, longitude=66.4),
        sample_event(4, start=dt.date(2024, 3, 9), end=dt.date(2024, 3, 2)),  # end first
        sample_event(5, start=dt.date(1, 1, 1)), sample_event(6, start=dt.date(9999, 12, 31)),
    ]
    from viewer.store.writer import EventWriter

    with store.write() as conn:
        EventWriter(conn).add_all([with_(e, origin_id=f"odd{i}") for i, e in enumerate(odd)])
    with store._reading() as conn:  # noqa: SLF001
        timeline, points = drawing.timeline_and_map(conn)
        plain = drawing.timeline_arrays(conn, None, None, "type")
        placed = drawing.map_points(conn)
    for field in ("ids", "start", "end", "type_index", "lane", "precision", "has_end"):
        assert np.array_equal(getattr(timeline, field), getattr(plain, field)), field
    assert timeline.lanes == plain.lanes
    for field in ("ids", "lon", "lat", "start", "last", "type_index"):
        assert np.array_equal(getattr(points, field), getattr(placed, field)), field
    row = int(np.flatnonzero(timeline.start == day_number(dt.date(1893, 11, 12)))[0])
    assert timeline.has_end[row] and timeline.end[row] == day_number(dt.date(1896, 5, 1))
