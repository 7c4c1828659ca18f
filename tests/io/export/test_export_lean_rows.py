"""The workbook's lean event rows, and the window counts on day numbers."""

from __future__ import annotations

import datetime as dt

from viewer.domain.model import ActorRef, Source, TimeWindow
from viewer.store.export_queries import (
    count_events,
    event_type_counts,
    iter_events,
    iter_export_rows,
)

WINDOW = TimeWindow(dt.date(2023, 1, 1), dt.date(2026, 1, 1))


def test_lean_rows_carry_the_same_fields_as_events(make_store, make_event):
    events = [make_event(i) for i in range(5)]
    events.append(make_event(
        9, countries=("PAK", "AFG", "IND"), tags=("trade", "border", "talks"),
        actors=(ActorRef("Taliban", "target", "group", "AFG", None),
                ActorRef("Army", "primary", "military", "PAK", "فوج"),
                ActorRef("Observer", "participant", "", None, None)),
        sources=(Source("Later", "https://l.example/1", "L", dt.date(2024, 3, 1)),
                 Source("Undated", "https://u.example/1", "U", None),
                 Source("Earlier", "https://e.example/1", "E", dt.date(2024, 2, 1))),
        end=dt.date(2024, 2, 1)))
    events.append(make_event(11, countries=(), actors=(), sources=(), tags=()))
    store = make_store(events)
    expected = [e for chunk in iter_events(store, WINDOW, chunk=3) for e in chunk]
    rows = [r for chunk in iter_export_rows(store, WINDOW, chunk=3) for r in chunk]
    assert len(rows) == len(expected) == 7
    for row, e in zip(rows, expected, strict=True):
        (eid, start, end, precision, kind, title, countries, actors, location, summary, tags,
         cited, dataset, origin_id) = row
        assert (eid, start, end, precision, kind, title, location, summary, dataset,
                origin_id) == (e.id, e.start, e.end, str(e.precision), e.type, e.title,
                               e.location, e.summary, e.origin_dataset, e.origin_id)
        assert tuple(countries) == e.countries and tuple(tags) == e.tags
        assert [tuple(a) for a in actors] == [(a.name, a.role, a.native_name) for a in e.actors]
        assert [(s.id, s.outlet, s.url) for s in cited] == [(s.id, s.outlet, s.url)
                                                           for s in e.sources]
    busy = rows[-2]
    assert busy[6] == ["AFG", "IND", "PAK"] and busy[10] == ["border", "talks", "trade"]
    assert [s.outlet for s in busy[11]] == ["Earlier", "Later", "Undated"]


def test_lean_rows_stop_at_the_limit_in_date_order(make_store, make_event):
    store = make_store([make_event(i) for i in (5, 1, 4, 2, 3)])
    rows = [r for chunk in iter_export_rows(store, WINDOW, chunk=2, limit=3) for r in chunk]
    assert [r[13] for r in rows] == ["e1", "e2", "e3"]


def test_window_counts_include_events_running_into_the_window(make_store, make_event):
    store = make_store([
        make_event(0, end=dt.date(2024, 3, 1)),  # starts before the window, runs into it
        make_event(1),  # before the window
        make_event(40, type="protest"), make_event(45), make_event(200)])
    window = TimeWindow(dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert count_events(store, window) == 3
    assert event_type_counts(store, window) == {"talks": 2, "protest": 1}
    rows = [r for chunk in iter_export_rows(store, window) for r in chunk]
    assert [r[13] for r in rows] == ["e0", "e40", "e45"]
