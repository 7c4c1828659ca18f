"""Lanes stay readable at any count: scrolling at a minimum height, or the busiest plus Other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from tests import sample_rows
from tests.app.crowded_store import add_crowd
from viewer.app.panes.timeline import TimelinePane
from viewer.app.panes.timeline_lanes import ALL, FIT, MIN_LANE_PX
from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow
from viewer.store.service import StoreService

FULL = TimeWindow(dt.date(2015, 10, 1), dt.date(2026, 3, 1))


@pytest.fixture
def crowded(sample_store_path: Path):
    """The sample plus 600 invented events naming 150 invented actors."""
    add_crowd(sample_store_path)
    store = StoreService.open(sample_store_path)
    yield store
    store.close()


def make_pane(qtbot, store, lane_key: str = "actor", height: int = 420) -> TimelinePane:
    state = ViewState(FULL)
    state.set_lane_key(lane_key)
    pane = TimelinePane(store, state)
    qtbot.addWidget(pane)
    pane.resize(1200, height)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def lane_px(pane: TimelinePane) -> float:
    """Pixels from one lane's centre to the next."""
    a = pane.view_box.mapViewToScene(QPointF(0, 0)).y()
    b = pane.view_box.mapViewToScene(QPointF(0, 1)).y()
    return abs(b - a)


def choose_limit(pane: TimelinePane, limit: int) -> None:
    combo = pane.lanes.limit_combo
    combo.setCurrentIndex(combo.findData(limit))


def test_every_lane_scrolls_at_a_readable_height(qtbot, crowded) -> None:
    pane = make_pane(qtbot, crowded)
    choose_limit(pane, ALL)
    total = len(pane.arrays.lanes)
    assert total > 150
    assert lane_px(pane) >= MIN_LANE_PX
    assert pane.lanes.bar.isVisible() and pane.lanes.scroll.scrolls
    assert f"of {total}" in pane.status.text()
    first = pane.lanes.scroll.first
    qtbot.keyClick(pane.plot_widget, Qt.Key.Key_PageDown)
    assert pane.lanes.scroll.first == first + pane.lanes.scroll.count
    pane.lanes.bar.setValue(pane.lanes.bar.maximum())
    y0, y1 = pane.view_box.viewRange()[1]
    assert y0 < total - 1 < y1  # the last lane can be reached
    # The lane names and the scroll bar share the chart's value-axis width.
    qtbot.wait(20)
    axis = pane.plot.getAxis("left")
    assert axis.width() + pane.lanes.bar.width() == pytest.approx(190, abs=2)


def test_the_busiest_lanes_that_fit_and_one_other(qtbot, crowded) -> None:
    pane = make_pane(qtbot, crowded)
    choose_limit(pane, FIT)
    # The pane was built at another height: the lanes are grouped again once it settles.
    qtbot.waitUntil(lambda: not pane.lanes.scroll.scrolls)
    lanes = pane.arrays.lanes
    total = len(pane.loaded.lanes)
    shown = len(lanes) - 1
    assert lanes[-1] == f"Other ({total - shown} actors)"
    assert lane_px(pane) >= MIN_LANE_PX and not pane.lanes.scroll.scrolls
    # The busiest in view, in order.
    counts = np.bincount(pane.loaded.lane, minlength=total)
    kept = [pane.loaded.lanes.index(n) for n in lanes[:-1]]
    assert sorted(counts[kept], reverse=True) == list(counts[kept])
    assert counts[kept].min() >= np.delete(counts, kept).max()
    # An event whose actors all went to Other is drawn there once.
    other = pane.arrays.ids[pane.arrays.lane == shown]
    assert len(other) == len(set(other.tolist()))
    # A taller pane fits more lanes.
    pane.resize(1200, 800)
    qtbot.waitUntil(lambda: len(pane.arrays.lanes) > shown + 1)


def test_the_top_lanes_follow_the_window(qtbot, crowded) -> None:
    pane = make_pane(qtbot, crowded)
    choose_limit(pane, 10)
    assert len(pane.arrays.lanes) == 11
    before = pane.arrays.lanes
    pane.state.set_window(TimeWindow(dt.date(2025, 9, 1), dt.date(2025, 11, 30)))
    qtbot.waitUntil(lambda: pane.arrays.lanes != before, timeout=3000)
    x0, x1 = pane.state.window.start, pane.state.window.end
    from viewer.domain.periods import day_number

    in_view = (pane.loaded.start <= day_number(x1)) & (pane.loaded.end >= day_number(x0))
    counts = np.bincount(pane.loaded.lane[in_view], minlength=len(pane.loaded.lanes))
    best = counts.max()
    assert counts[pane.loaded.lanes.index(pane.arrays.lanes[0])] == best


def test_the_header_counts_events_not_markers(qtbot, sample_store) -> None:
    pane = make_pane(qtbot, sample_store, "actor")
    events = sample_store.count_events(pane.state.window)
    assert events == len(sample_rows.events_in(FULL.start, FULL.end)) > 1
    assert len(pane.arrays) > events  # events with two actors have two markers
    assert pane.status.text().strip().startswith(f"{events} events in view")


def test_country_lanes_are_named(qtbot, sample_store) -> None:
    pane = make_pane(qtbot, sample_store, "country")
    assert "Pakistan (PAK)" in pane.arrays.lanes
    assert "Afghanistan (AFG)" in pane.arrays.lanes


def test_a_lane_name_filters_to_its_value(qtbot, sample_store) -> None:
    pane = make_pane(qtbot, sample_store, "country")
    lane = pane.arrays.lanes.index("Pakistan (PAK)")
    menu = pane.lane_menu(lane)
    (action,) = menu.actions()
    assert action.text() == "Filter to Pakistan (PAK)"
    action.trigger()
    assert pane.state.filter.countries == ("PAK",)


def test_a_lane_name_tells_its_full_name_on_hover(qtbot, crowded) -> None:
    from PySide6.QtWidgets import QToolTip

    pane = make_pane(qtbot, crowded)
    choose_limit(pane, ALL)
    axis = pane.plot.getAxis("left")
    lane = pane.lanes.scroll.first + 2
    y = pane.view_box.mapViewToScene(QPointF(0, lane)).y()
    pos = QPointF(axis.sceneBoundingRect().center().x(), y)
    pane.pointer.hover(pos)
    assert pane.arrays.lanes[lane] in QToolTip.text()
    assert "in view" in QToolTip.text()
