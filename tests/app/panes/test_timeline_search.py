"""Search hits are highlighted among all events on the timeline (issue 5)."""

from __future__ import annotations

import datetime as dt

from viewer.app.panes.timeline import TimelinePane
from viewer.app.state import ViewState
from viewer.domain.model import Filter, TimeWindow

ALL = TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


def test_torkham_hits_are_haloed_and_the_rest_stay(qtbot, sample_store) -> None:
    state = ViewState(ALL)
    pane = TimelinePane(sample_store, state)
    qtbot.addWidget(pane)
    total = len(pane.arrays)
    torkham = {e.id for e in sample_store.events()
               if "torkham" in (e.title + " " + e.summary + " " + " ".join(e.tags)).lower()}
    assert len(torkham) >= 4

    state.set_filter(Filter(search="Torkham"))
    qtbot.waitUntil(lambda: len(pane.hit_ids) > 0)
    assert len(pane.arrays) == total  # every event still drawn
    assert set(pane.hit_ids.tolist()) == torkham
    halo_x, _halo_y = pane.layers.hits.getData()
    assert len(halo_x) == len(torkham)

    state.set_filter(Filter())
    qtbot.waitUntil(lambda: len(pane.hit_ids) == 0)
    assert len(pane.layers.hits.getData()[0]) == 0
    assert len(pane.arrays) == total


def test_malformed_search_highlights_nothing(qtbot, sample_store) -> None:
    state = ViewState(ALL)
    pane = TimelinePane(sample_store, state)
    qtbot.addWidget(pane)
    total = len(pane.arrays)
    state.set_filter(Filter(search='"unclosed'))
    qtbot.wait(100)
    assert len(pane.arrays) == total
    assert len(pane.hit_ids) == 0
