"""Saved views in the store: round trip across a reopen, start-up view, bad JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.model import Filter, TimeWindow
from viewer.domain.records import SavedView
from viewer.store import schema as s
from viewer.store.saved_views import filter_from_json, filter_to_json
from viewer.store.service import StoreService

WINDOW = TimeWindow(dt.date(2023, 11, 1), dt.date(2025, 10, 19))
FLT = Filter(countries=("AFG",), types=("border", "agreement"), search='"doha ceasefire" کابل')


def test_round_trip_across_reopen(empty_target):
    path = empty_target
    store = StoreService.open(path, create=True)
    store.save_view(SavedView("IFRP to Doha", WINDOW, FLT, "country", is_startup=True))
    store.save_view(SavedView("Everything", None, Filter()))
    store.close()
    store = StoreService.open(path)
    try:
        first, second = store.saved_views()
        assert (first.name, first.window, first.filter, first.lane_key, first.is_startup) == (
            "IFRP to Doha", WINDOW, FLT, "country", True)
        assert second.window is None and second.filter == Filter() and not second.is_startup
        assert store.startup_view().name == "IFRP to Doha"
    finally:
        store.close()


def test_same_name_replaces_and_one_startup(empty_target):
    store = StoreService.open(empty_target, create=True)
    store.save_view(SavedView("A", WINDOW, FLT, is_startup=True))
    store.save_view(SavedView("B", None, Filter(), is_startup=True))
    store.save_view(SavedView("A", None, Filter(tags=("torkham",))))
    views = {v.name: v for v in store.saved_views()}
    assert len(views) == 2
    assert views["A"].filter == Filter(tags=("torkham",))
    assert store.startup_view().name == "B"
    store.set_startup_view(None)
    assert store.startup_view() is None
    assert store.delete_view("B") and not store.delete_view("B")
    with pytest.raises(ValueError):
        store.save_view(SavedView("  ", None, Filter()))
    store.close()


def test_filter_json_is_tolerant(tmp_path):
    assert filter_from_json(filter_to_json(FLT)) == FLT
    assert filter_from_json("not json") == Filter()
    assert filter_from_json('{"countries": "AFG", "types": ["talks"], "colour": 3}') == Filter(
        types=("talks",))
    store = StoreService.open(tmp_path / "v.sqlite", create=True)
    with store.write() as conn:
        conn.execute(s.SavedView.__table__.insert().values(
            name="broken", filter_json="{{", lane_key="type", is_startup=False))
    assert store.saved_views()[0].filter == Filter()
    store.close()
