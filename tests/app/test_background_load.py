"""Big stores load their drawing arrays off the GUI thread; the panes fill in when done."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import sample_rows
from viewer.app.panes.timeline import TimelinePane
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.state import ViewState
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Filter, TimeWindow


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


def test_panes_fill_in_after_a_background_load(qtbot, store):
    state = ViewState(TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31)))
    timeline = TimelinePane(store, state, async_above=0)
    chart = TradeChartPane(store, state, async_above=0)
    for pane in (timeline, chart):
        qtbot.addWidget(pane)
        pane.show()
    assert timeline.loading and len(timeline.arrays) == 0
    qtbot.waitUntil(lambda: not timeline.loading and not chart.loading, timeout=10_000)
    events = sample_rows.count("events.csv")
    assert len(timeline.arrays) == events
    assert SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services") in chart.drawn
    assert len(chart.event_day_array) == events
    # A newer filter while loading wins over the older result.
    state.set_filter(Filter(types=("agreement",)))
    qtbot.waitUntil(lambda: not timeline.loading and not chart.loading, timeout=10_000)
    agreements = sample_rows.tally(sample_rows.events(), "type")["agreement"]
    assert 0 < agreements < events
    assert len(timeline.arrays) == agreements and len(chart.event_day_array) == agreements


def test_garbage_collection_is_paused_during_a_load_and_restored():
    import gc

    from viewer.app.panes.loader import gc_paused

    assert gc.isenabled()
    with gc_paused():
        with gc_paused():  # two loads at once
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_held_background_loads_start_only_when_released(qtbot):
    from viewer.app.panes.loader import (
        ArrayLoader,
        hold_background_loads,
        release_background_loads,
    )

    got: list[int] = []
    loader = ArrayLoader(got.append)
    hold_background_loads()
    try:
        loader.load(lambda: 7, background=True)
        assert loader.pending and got == []
    finally:
        started = release_background_loads()
    assert started == 1
    qtbot.waitUntil(lambda: not loader.pending, timeout=10_000)
    assert got == [7]
    assert release_background_loads() == 0  # nothing held any more


def test_released_loads_run_stage_by_stage_then_the_waiting_callbacks(qtbot):
    """The timeline's read (stage 0) runs alone; the chart's (stage 1) after it; what waits
    for every event to be drawn (the facets' first count) after both."""
    import threading

    from viewer.app.panes.loader import (
        ArrayLoader,
        hold_background_loads,
        release_background_loads,
        when_background_loads_done,
    )

    order: list[str] = []
    first_running = threading.Event()

    def first() -> str:
        first_running.set()
        threading.Event().wait(0.2)  # long enough for a second job to overlap, if started
        order.append("first ran")
        return "first"

    def second() -> str:
        order.append("second ran" + (" alone" if first_running.is_set() and
                                     "first ran" in order else " beside the first"))
        return "second"

    got: list[str] = []
    timeline_like, chart_like = ArrayLoader(got.append), ArrayLoader(got.append, stage=1)
    hold_background_loads()
    try:
        chart_like.load(second, background=True)  # asked for first, runs second
        timeline_like.load(first, background=True)
        when_background_loads_done(lambda: order.append("callback"))
        assert order == []
    finally:
        assert release_background_loads() == 2
    qtbot.waitUntil(lambda: "callback" in order, timeout=10_000)
    assert order == ["first ran", "second ran alone", "callback"]
    assert got == ["first", "second"]
    done: list[bool] = []
    when_background_loads_done(lambda: done.append(True))  # nothing held: at once
    assert done == [True]


def test_a_load_of_no_stage_runs_beside_the_stages_and_holds_none_up(qtbot):
    """The chart's series list: started at release beside the timeline's read, and the
    next stage does not wait for it."""
    import threading

    from viewer.app.panes.loader import (
        ArrayLoader,
        hold_background_loads,
        release_background_loads,
    )

    series_may_end = threading.Event()
    order: list[str] = []

    def series() -> str:
        order.append("series started")
        series_may_end.wait(10)
        return "series"

    got: list[str] = []
    side = ArrayLoader(got.append, stage=None)
    timeline_like, chart_like = ArrayLoader(got.append), ArrayLoader(got.append, stage=1)
    hold_background_loads()
    try:
        side.load(series, background=True)
        timeline_like.load(lambda: order.append("timeline") or "timeline", background=True)
        chart_like.load(lambda: order.append("marks") or "marks", background=True)
    finally:
        assert release_background_loads() == 3
    # Stage 1 ran while the series list was still being read.
    qtbot.waitUntil(lambda: "marks" in got, timeout=10_000)
    assert side.pending and "series" not in got
    assert order.index("series started") >= 0 and order.index("timeline") < order.index("marks")
    series_may_end.set()
    qtbot.waitUntil(lambda: not side.pending, timeout=10_000)
    assert got[-1] == "series"
