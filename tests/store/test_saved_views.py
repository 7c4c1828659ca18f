"""Saved views in the store: round trip across a reopen, start-up view, bad JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.model import Filter, TimeWindow
from viewer.store import open_store
from viewer.store import schema as s
from viewer.store.saved_views import (
    SavedView,
    delete_view,
    filter_from_json,
    filter_to_json,
    list_views,
    save_view,
    set_startup_view,
    startup_view,
)

WINDOW = TimeWindow(dt.date(2023, 11, 1), dt.date(2025, 10, 19))
FLT = Filter(countries=("AFG",), types=("border", "agreement"), search='"doha ceasefire" کابل')


def test_round_trip_across_reopen(tmp_path):
    path = tmp_path / "views.sqlite"
    store = open_store(path, create=True)
    save_view(store, SavedView("IFRP to Doha", WINDOW, FLT, "country", is_startup=True))
    save_view(store, SavedView("Everything", None, Filter()))
    store.close()
    store = open_store(path)
    try:
        first, second = list_views(store)
        assert (first.name, first.window, first.filter, first.lane_key, first.is_startup) == (
            "IFRP to Doha", WINDOW, FLT, "country", True)
        assert second.window is None and second.filter == Filter() and not second.is_startup
        assert startup_view(store).name == "IFRP to Doha"
    finally:
        store.close()


def test_same_name_replaces_and_one_startup(tmp_path):
    store = open_store(tmp_path / "v.sqlite", create=True)
    save_view(store, SavedView("A", WINDOW, FLT, is_startup=True))
    save_view(store, SavedView("B", None, Filter(), is_startup=True))
    save_view(store, SavedView("A", None, Filter(tags=("torkham",))))
    views = {v.name: v for v in list_views(store)}
    assert len(views) == 2
    assert views["A"].filter == Filter(tags=("torkham",))
    assert startup_view(store).name == "B"
    set_startup_view(store, None)
    assert startup_view(store) is None
    assert delete_view(store, "B") and not delete_view(store, "B")
    with pytest.raises(ValueError):
        save_view(store, SavedView("  ", None, Filter()))
    store.close()


def test_filter_json_is_tolerant(tmp_path):
    assert filter_from_json(filter_to_json(FLT)) == FLT
    assert filter_from_json("not json") == Filter()
    assert filter_from_json('{"countries": "AFG", "types": ["talks"], "colour": 3}') == Filter(
        types=("talks",))
    store = open_store(tmp_path / "v.sqlite", create=True)
    with store.begin() as conn:
        conn.execute(s.SavedView.__table__.insert().values(
            name="broken", filter_json="{{", lane_key="type", is_startup=False))
    assert list_views(store)[0].filter == Filter()
    store.close()
