"""The map's box filter, applied by the store service on SQLite and PostgreSQL: every
reader (counts, pages, drawing arrays, facets, the chart's marks, the map's points)
narrows to the events inside the box, and the counts equal a brute-force check."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from viewer.domain.area import Area
from viewer.domain.model import Event, Filter, TimeWindow
from viewer.store.saved_views import filter_from_json, filter_to_json

# Around Khyber and Nangarhar: Torkham and Jalalabad inside, Kabul and Chaman outside.
KHYBER = Area(70.3, 33.8, 71.6, 34.6)


def _placed_events(n: int, seed: int = 18) -> list[Event]:
    rng = random.Random(seed)
    events = []
    for i in range(n):
        # A few on the box's very edges, a few without coordinates.
        if i % 17 == 0:
            lon, lat = KHYBER.min_lon, KHYBER.max_lat
        elif i % 23 == 0:
            lon = lat = None
        else:
            lon, lat = round(rng.uniform(60, 75), 4), round(rng.uniform(25, 38), 4)
        events.append(Event(title=f"event {i}", start=dt.date(2024, 1, 1) + dt.timedelta(i % 400),
                            type=rng.choice(["border", "talks", "armed_clash"]),
                            countries=(rng.choice(["PAK", "AFG"]),),
                            longitude=lon, latitude=lat,
                            origin_dataset="spatial", origin_id=str(i)))
    return events


def _brute(events: list[Event], area: Area, window: TimeWindow | None = None,
           types: tuple[str, ...] = ()) -> set[str]:
    return {e.origin_id for e in events
            if e.longitude is not None and e.latitude is not None
            and area.min_lon <= e.longitude <= area.max_lon
            and area.min_lat <= e.latitude <= area.max_lat
            and (window is None or window.overlaps(e.start, e.end))
            and (not types or e.type in types)}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql",
                                                            marks=pytest.mark.postgres)])
def test_box_filter_matches_brute_force_on_every_reader(make_store):
    events = _placed_events(600)
    store = make_store(events)
    window = TimeWindow(dt.date(2024, 3, 1), dt.date(2024, 9, 30))
    for area in (KHYBER, Area(60, 25, 75, 38), Area(66.0, 30.0, 66.5, 31.0)):
        for types in ((), ("border",)):
            flt = Filter(types=types, area=area)
            expect_all = _brute(events, area, types=types)
            expect_window = _brute(events, area, window, types)
            assert store.count_events(None, flt) == len(expect_all)
            assert store.count_events(window, flt) == len(expect_window)
            page = store.events_page(window, flt, limit=10_000)
            assert {e.origin_id for e in page} == expect_window
            counts = store.facet_counts(window, flt)
            # One country per event here; the facet of types ignores its own choice.
            assert sum(v.count for v in counts["countries"]) == len(expect_window)
            assert len(set(store.timeline_arrays(flt).ids.tolist())) == len(expect_all)
            days, ids = store.event_days(flt)
            assert len(ids) == len(expect_all)
            points = store.map_points(flt)
            assert len(points) == len(expect_all)
            assert np.all(np.diff(points.lon) >= 0)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql",
                                                            marks=pytest.mark.postgres)])
def test_khyber_box_on_the_sample_keeps_the_torkham_events(service):
    flt = Filter(area=KHYBER)
    events = service.events(None, flt)
    assert events and all(e.location == "Torkham" for e in events)
    assert service.count_events(None, flt) == len(events)
    every = service.events()
    assert len(events) == sum(1 for e in every if e.location == "Torkham")
    facets = service.facet_counts(None, flt)
    assert {v.value for v in facets["tags"]} >= {"torkham"}


def test_map_points_leave_out_events_without_coordinates(sample_store):
    placed = [e for e in sample_store.events() if e.longitude is not None]
    points = sample_store.map_points()
    assert sorted(points.ids.tolist()) == sorted(e.id for e in placed)
    inside = points.in_box(KHYBER.min_lon, KHYBER.min_lat, KHYBER.max_lon, KHYBER.max_lat)
    assert len(inside) == len(_brute(placed, KHYBER))


def test_area_parses_the_command_line_form_and_refuses_nonsense():
    assert Area.parse("70.3, 33.8,71.6,34.6") == KHYBER
    for bad in ("70,33,71", "a,b,c,d", "71.6,33.8,70.3,34.6", "70,95,71,96"):
        with pytest.raises(ValueError):
            Area.parse(bad)
    assert Area.around(71.6, 34.6, 70.3, 33.8) == KHYBER
    assert "70.30°E" in KHYBER.label() and "34.60°N" in KHYBER.label()


def test_saved_view_keeps_the_box():
    flt = Filter(types=("border",), area=KHYBER)
    assert filter_from_json(filter_to_json(flt)) == flt
    assert filter_from_json('{"area": [1, 2]}') == Filter()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql",
                                                            marks=pytest.mark.postgres)])
def test_a_new_box_narrowed_in_memory_equals_the_sql_answer(make_store):
    """The service narrows the answer without the box in memory; SQL with the box in the
    WHERE clause gives the same arrays, marks and counts, for every lane key."""
    from viewer.store import arrays, event_pages

    events = _placed_events(500, seed=7)
    store = make_store(events)
    window = TimeWindow(dt.date(2024, 2, 1), dt.date(2024, 12, 31))
    for lane_key in ("type", "country", "actor", "source"):
        for types in ((), ("talks",)):
            store.timeline_arrays(Filter(types=types), lane_key)  # the answer without a box
            for area in (KHYBER, Area(60, 25, 66, 30), Area(0, 0, 1, 1)):
                flt = Filter(types=types, area=area)
                got = store.timeline_arrays(flt, lane_key)
                with store.store.connect() as conn:
                    want = arrays.timeline_arrays(conn, None, flt, lane_key)
                    want_days = arrays.event_days(conn, flt)
                    want_count = event_pages.count_events(conn, window, flt)
                for name in ("ids", "start", "end", "type_index", "lane", "precision",
                             "has_end"):
                    assert np.array_equal(getattr(got, name), getattr(want, name)), name
                assert got.lanes == want.lanes
                days, ids = store.event_days(flt)
                assert np.array_equal(days, want_days[0]) and np.array_equal(ids, want_days[1])
                assert store.count_events(window, flt) == want_count


def _inside_polygon(x: float, y: float, corners) -> bool:
    """Winding number, written apart from Area.contains, as the brute-force check."""
    winding = 0
    n = len(corners)
    for i in range(n):
        (x1, y1), (x2, y2) = corners[i], corners[(i + 1) % n]
        cross = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1)
        if y1 <= y < y2 and cross > 0:
            winding += 1
        elif y2 <= y < y1 and cross < 0:
            winding -= 1
    return winding != 0


# A hand-drawn shape around the Khyber Pass and Jalalabad, not a box (concave).
LASSO = Area.lasso([(70.2, 34.1), (70.8, 33.9), (71.7, 33.9), (71.7, 34.3), (71.2, 34.2),
                    (70.9, 34.7), (70.3, 34.6)])


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql",
                                                            marks=pytest.mark.postgres)])
def test_lasso_filter_matches_brute_force_on_every_reader(make_store):
    rng = random.Random(3)
    events = [Event(title=f"l{i}", start=dt.date(2024, 1, 1), type="border",
                    longitude=round(rng.uniform(70.0, 72.0), 4),
                    latitude=round(rng.uniform(33.7, 34.9), 4),
                    origin_dataset="lasso", origin_id=str(i)) for i in range(800)]
    store = make_store(events)
    expect = {e.origin_id for e in events
              if _inside_polygon(e.longitude, e.latitude, LASSO.outline)}
    assert 50 < len(expect) < 700
    flt = Filter(area=LASSO)
    assert {e.origin_id for e in store.events(None, flt)} == expect
    with store.store.connect() as conn:
        from viewer.store import event_pages

        assert event_pages.count_events(conn, None, flt) == len(expect)
    assert store.count_events(None, flt) == len(expect)
    store.timeline_arrays(Filter())
    assert len(store.timeline_arrays(flt)) == len(expect)
    assert len(store.map_points(flt)) == len(expect)
    assert sum(v.count for v in store.facet_counts(None, flt)["types"]) == len(expect)


def test_lasso_keeps_its_shape_in_saved_views_and_refuses_a_line():
    flt = Filter(area=LASSO)
    assert filter_from_json(filter_to_json(flt)) == flt
    assert "lasso of 7 corners" in LASSO.label()
    with pytest.raises(ValueError):
        Area.lasso([(70, 34), (71, 34), (72, 34)])
    long = Area.lasso([(70 + i / 100, 34 + (i % 7) / 50) for i in range(300)])
    assert len(long.outline) <= 48


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql",
                                                            marks=pytest.mark.postgres)])
def test_a_box_narrows_the_panes_from_the_maps_points_without_the_facet_columns(make_store):
    """Right after opening, a box narrows the timeline and the chart's marks from the map's
    points the timeline's read brought: the facet columns (40 s to read at ten million
    events) are not waited for, and they hold no coordinates of their own."""
    from viewer.store.facets import FacetArrays

    events = _placed_events(300, seed=11)
    store = make_store(events)
    store.timeline_arrays()  # as the window opens
    flt = Filter(area=KHYBER)
    expect = _brute(events, KHYBER)
    by_id = {e.id: e.origin_id for e in store.events()}
    assert {by_id[i] for i in store.timeline_arrays(flt).ids.tolist()} == expect
    assert {by_id[i] for i in store.event_days(flt)[1].tolist()} == expect
    assert store._facets is None  # noqa: SLF001 - nothing waited for the facet columns
    assert sum(v.count for v in store.facet_counts(None, flt)["countries"]) == len(expect)
    assert not {"lon", "lat"} & set(FacetArrays.__dataclass_fields__)


@pytest.mark.parametrize("backend", ["sqlite"])  # SQLite's statements are recorded
def test_new_boxes_under_another_filter_read_the_placed_events_once(make_store):
    """With a type chosen, the map shows that type's events; new boxes are still found
    among every placed event, read once and kept, not read again for each box."""
    from tests.helpers import sqlite_statements

    events = _placed_events(200, seed=5)
    with sqlite_statements() as statements:
        store = make_store(events)
        store.array_cache = None
        store.timeline_arrays()
        store.map_points(Filter(types=("border",)))  # the map's answer: one type's
        by_id = {e.id: e.origin_id for e in store.events()}
        before = len(statements)
        for area in (KHYBER, Area(60, 25, 75, 38), Area(66.0, 30.0, 66.5, 31.0)):
            flt = Filter(types=("border",), area=area)
            got = {by_id[i] for i in store.timeline_arrays(flt).ids.tolist()}
            assert got == _brute(events, area, types=("border",))
    boxes = statements[before:]
    assert boxes  # the boxes' own small reads (the fingerprint) were recorded
    assert [q for q in boxes if "longitude" in q] == []
