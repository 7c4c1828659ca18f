"""The one reader of events with their links, and the window on day numbers."""

from __future__ import annotations

import datetime as dt

from tests.helpers import sample_event
from viewer.domain.model import ActorRef, Source, TimeWindow

WINDOW = TimeWindow(dt.date(2023, 1, 1), dt.date(2026, 1, 1))


def test_links_come_sorted_and_whole(make_store):
    events = [sample_event(i) for i in range(5)]
    events.append(sample_event(
        9, countries=("PAK", "AFG", "IND"), tags=("trade", "border", "talks"),
        actors=(ActorRef("Taliban", "target", "group", "AFG", None),
                ActorRef("Army", "primary", "military", "PAK", "فوج"),
                ActorRef("Observer", "participant", "", None, None)),
        sources=(Source("Later", "https://l.example/1", "L", dt.date(2024, 3, 1)),
                 Source("Undated", "https://u.example/1", "U", None),
                 Source("Earlier", "https://e.example/1", "E", dt.date(2024, 2, 1))),
        end=dt.date(2024, 2, 1)))
    events.append(sample_event(11, countries=(), actors=(), sources=(), tags=()))
    store = make_store(events)
    read = [e for chunk in store.iter_events(WINDOW, chunk=3) for e in chunk]
    assert [e.origin_id for e in read] == ["e0", "e1", "e2", "e3", "e4", "e9", "e11"]
    busy = read[-2]
    assert busy.countries == ("AFG", "IND", "PAK") and busy.tags == ("border", "talks", "trade")
    assert [(a.name, a.role, a.native_name) for a in busy.actors] == [
        ("Observer", "participant", None), ("Army", "primary", "فوج"), ("Taliban", "target", None)]
    assert [s.outlet for s in busy.sources] == ["Earlier", "Later", "Undated"]
    assert busy.end == dt.date(2024, 2, 1)
    bare = read[-1]
    assert (bare.countries, bare.actors, bare.sources, bare.tags) == ((), (), (), ())
    assert store.events_by_id([busy.id, bare.id, 10**9]) == [busy, bare]
    assert store.event_by_origin("test", "e9") == busy


def test_reading_stops_at_the_limit_in_date_order(make_store):
    store = make_store([sample_event(i) for i in (5, 1, 4, 2, 3)])
    read = [e for chunk in store.iter_events(WINDOW, chunk=2, limit=3) for e in chunk]
    assert [e.origin_id for e in read] == ["e1", "e2", "e3"]


def test_window_counts_include_events_running_into_the_window(make_store):
    store = make_store([
        sample_event(0, end=dt.date(2024, 3, 1)),  # starts before the window, runs into it
        sample_event(1),  # before the window
        sample_event(40, type="protest"), sample_event(45), sample_event(200)])
    window = TimeWindow(dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert store.count_events(window) == 3
    assert store.count_by_type(window) == {"talks": 2, "protest": 1}
    assert [e.origin_id for e in store.events(window)] == ["e0", "e40", "e45"]
    page = store.events_page(window, None, "date", False, 0, 10)
    assert [e.origin_id for e in page] == ["e0", "e40", "e45"]
