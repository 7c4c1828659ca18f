"""The map pane under qtbot: markers coloured by type, hover, click selects everywhere,
a box drawn with the mouse filters the other panes, density above the threshold."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests import sample_rows
from viewer.app.panes.map_pane import MapPane
from viewer.app.state import ViewState
from viewer.domain.area import Area
from viewer.domain.base_map import base_map
from viewer.domain.model import Event, TimeWindow
from viewer.domain.taxonomy import TYPES_BY_CODE

TORKHAM = (71.0833, 34.1167)  # as the sample's Torkham events have it
NEAR_DEG = 0.05  # about 5 km at these latitudes


def crossing_point(name: str) -> tuple[float, float]:
    """A crossing's lon, lat as border_crossings.csv states it (read with the csv module)."""
    (row,) = [r for r in sample_rows.csv_rows("border_crossings.csv") if r["name"] == name]
    assert row["coordinates"] == "stated"
    return float(row["longitude"]), float(row["latitude"])


def distance_to_border_deg(lon: float, lat: float) -> float:
    """Degrees from a point to the nearest vertex of the base map's land borders."""
    m = base_map()
    ok = ~np.isnan(m.border_lon)
    return float(np.min(np.hypot(m.border_lon[ok] - lon, m.border_lat[ok] - lat)))


def _view_point(pane: MapPane, lon: float, lat: float) -> QPoint:
    scene = pane.view_box.mapViewToScene(QPointF(lon, lat))
    return pane.plot_widget.mapFromScene(scene)


def _mouse(widget, kind: QEvent.Type, pos: QPoint, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        modifiers)
    QApplication.sendEvent(widget, event)


def _drag(pane: MapPane, a: QPoint, b: QPoint, *via: QPoint,
          modifiers=Qt.KeyboardModifier.NoModifier, qtbot=None) -> None:
    """A real left-button drag through the plot's viewport, in a few steps (at a hand's
    pace when `qtbot` is given: pyqtgraph drops moves closer than 10 ms apart)."""
    vp = pane.plot_widget.viewport()
    left = Qt.MouseButton.LeftButton
    _mouse(vp, QEvent.Type.MouseButtonPress, a, left, modifiers)
    points = [QPoint(int(a.x() + (b.x() - a.x()) * t), int(a.y() + (b.y() - a.y()) * t))
              for t in (0.25, 0.5, 0.75, 1.0)] if not via else [*via, b]
    for p in points:
        if qtbot is not None:
            qtbot.wait(15)
        _mouse(vp, QEvent.Type.MouseMove, p, left, modifiers)
    _mouse(vp, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton, modifiers)


@pytest.fixture
def map_pane(qtbot, sample_store):
    info = sample_store.info()
    state = ViewState(TimeWindow(info.events.first, info.events.last))
    pane = MapPane(sample_store, state)
    qtbot.addWidget(pane)
    pane.resize(700, 600)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_markers_are_the_placed_events_of_the_window_coloured_by_type(map_pane):
    placed = [e for e in map_pane.store.events() if e.longitude is not None]
    assert len(map_pane.points) == len(placed)
    assert map_pane.mode == "events"
    assert map_pane.in_view == int(np.sum(
        (map_pane.points.lon >= 60) & (map_pane.points.lon <= 78)))
    brushes = map_pane.events.markers.data["brush"]
    border = TYPES_BY_CODE["border"].color.lower()
    assert border in {b.color().name() for b in brushes}
    # A narrower window leaves out the events outside it.
    map_pane.state.set_window(TimeWindow(dt.date(2025, 10, 1), dt.date(2025, 10, 31)))
    assert 0 < len(map_pane.points) < len(placed)


def test_click_on_a_marker_selects_its_event_and_rings_it(map_pane, qtbot):
    map_pane.show_area(Area(70.6, 33.7, 71.6, 34.5))
    pos = _view_point(map_pane, *TORKHAM)
    index = map_pane.index_at(map_pane.plot_widget.mapToScene(pos))
    assert index is not None
    with qtbot.waitSignal(map_pane.state.selection_changed):
        map_pane.click(map_pane.plot_widget.mapToScene(pos))
    chosen = next(iter(map_pane.state.selection))
    assert map_pane.event_of(index).location == "Torkham"
    assert chosen == int(map_pane.points.ids[index])
    ring_x, _ring_y = map_pane.events.ring.getData()
    assert list(ring_x) == pytest.approx([TORKHAM[0]])
    # A click on empty sea clears the selection.
    map_pane.show_home()
    map_pane.click(map_pane.plot_widget.mapToScene(_view_point(map_pane, 62.0, 24.0)))
    assert map_pane.state.selection == frozenset()


def test_hover_shows_the_events_tooltip(map_pane, qtbot):
    map_pane.show_area(Area(70.6, 33.7, 71.6, 34.5))
    scene = map_pane.plot_widget.mapToScene(_view_point(map_pane, *TORKHAM))
    map_pane._on_scene_mouse_moved((scene,))
    from PySide6.QtWidgets import QToolTip

    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    torkham = sum(1 for e in map_pane.store.events() if e.location == "Torkham")
    assert f"{torkham} events here" in QToolTip.text()


@pytest.mark.parametrize("crossing", ["Torkham", "Chaman"])
def test_the_crossings_events_are_drawn_on_the_border_beside_it(map_pane, qtbot, crossing):
    """The issue's scenario: on the sample store the officer sees the Torkham and the
    Chaman events on the border, each a marker within ~5 km of its crossing."""
    lon, lat = crossing_point(crossing)
    assert distance_to_border_deg(lon, lat) < NEAR_DEG
    expected = {e.event_id for e in sample_rows.events() if e.location == crossing}
    assert len(expected) >= 2, f"the sample places too few events at {crossing}"
    map_pane.show_area(Area(lon - 0.5, lat - 0.4, lon + 0.5, lat + 0.4))
    assert map_pane.mode == "events" and map_pane.events.markers.isVisible()
    drawn = map_pane.events.drawn
    x, y = map_pane.points.lon[drawn], map_pane.points.lat[drawn]
    near = np.hypot(x - lon, y - lat) < NEAR_DEG
    ids = [int(i) for i in map_pane.points.ids[drawn][near]]
    assert {e.origin_id for e in map_pane.store.events_by_id(ids)} == expected
    marker_x, marker_y = map_pane.events.markers.getData()
    assert sorted(marker_x[near].tolist()) == sorted(x[near].tolist())
    for mx, my in zip(x[near].tolist(), y[near].tolist(), strict=True):
        assert distance_to_border_deg(mx, my) < NEAR_DEG
    # Hovering the crossing names how many events are there.
    scene = map_pane.plot_widget.mapToScene(
        _view_point(map_pane, float(x[near][0]), float(y[near][0])))
    assert f"{len(expected)} events here" in map_pane.tooltip_at(scene)


def test_box_drawn_with_the_mouse_filters_the_view(map_pane, qtbot):
    map_pane.show_home()
    map_pane.box_action.setChecked(True)
    a = _view_point(map_pane, 70.3, 34.6)
    b = _view_point(map_pane, 71.6, 33.8)
    with qtbot.waitSignal(map_pane.state.filter_changed):
        _drag(map_pane, a, b)
    area = map_pane.state.filter.area
    assert area is not None
    assert area.min_lon == pytest.approx(70.3, abs=0.1) and area.max_lat == pytest.approx(34.6, abs=0.1)
    assert not map_pane.box_action.isChecked()  # one drag, one box
    assert map_pane.events.area_box.isVisible()
    store = map_pane.store
    assert store.count_events(None, map_pane.state.filter) == sum(
        1 for e in store.events() if e.location == "Torkham")
    # Outside the box the markers stay, dimmed; Clear box drops the filter.
    assert map_pane.in_view > store.count_events(None, map_pane.state.filter)
    map_pane.clear_action.trigger()
    assert map_pane.state.filter.area is None
    assert not map_pane.events.area_box.isVisible()


def test_ctrl_drag_draws_a_lasso_that_filters_the_view(map_pane, qtbot):
    map_pane.show_area(Area(69.5, 33.3, 72.5, 35.0))
    corners = [(70.6, 34.5), (71.5, 34.5), (71.5, 33.8), (70.6, 33.8), (70.6, 34.5)]
    # A hand's trail: many small moves along the four sides.
    trail = [(x0 + (x1 - x0) * t / 6, y0 + (y1 - y0) * t / 6)
             for (x0, y0), (x1, y1) in zip(corners, corners[1:], strict=False)
             for t in range(1, 7)]
    pts = [_view_point(map_pane, *c) for c in trail]
    start = _view_point(map_pane, *corners[0])
    with qtbot.waitSignal(map_pane.state.filter_changed):
        _drag(map_pane, start, pts[-1], *pts[:-1], modifiers=Qt.KeyboardModifier.ControlModifier,
              qtbot=qtbot)
    area = map_pane.state.filter.area
    assert area is not None and len(area.outline) >= 4
    store = map_pane.store
    assert store.count_events(None, map_pane.state.filter) == sum(
        1 for e in store.events() if e.location == "Torkham")
    assert "lasso" in area.label()


def test_a_plain_drag_pans_instead(map_pane):
    map_pane.show_home()
    before = map_pane.view_box.viewRange()[0]
    _drag(map_pane, _view_point(map_pane, 66, 30), _view_point(map_pane, 68, 30))
    assert map_pane.state.filter.area is None
    assert map_pane.view_box.viewRange()[0][0] < before[0]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_density_grid_above_the_threshold_and_markers_when_zoomed_in(qtbot, make_store):
    rng = np.random.default_rng(18)
    events = [Event(title=f"e{i}", start=dt.date(2024, 1, 1), type="armed_clash",
                    longitude=float(lon), latitude=float(lat), origin_dataset="t",
                    origin_id=str(i))
              for i, (lon, lat) in enumerate(zip(rng.normal(71, 1.0, 2600),
                                                 rng.normal(34, 0.6, 2600), strict=True))]
    store = make_store(events)
    state = ViewState(TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 1, 1)))
    pane = MapPane(store, state)
    qtbot.addWidget(pane)
    pane.resize(700, 600)
    pane.show()
    pane.show_home()
    assert pane.in_view == 2600 and pane.mode == "density"
    assert pane.events.grid.isVisible() and not pane.events.markers.isVisible()
    counts = pane.events.cells[0]
    assert counts.sum() == 2600
    assert pane.events.cell_count(71.0, 34.0) > 0
    pane.show_area(Area(70.9, 33.95, 71.1, 34.05))
    assert pane.mode == "events" and 0 < pane.in_view <= 2000
    assert pane.events.markers.isVisible() and not pane.events.grid.isVisible()


def test_box_around_khyber_narrows_timeline_chart_marks_table_and_facets(window, qtbot):
    """The issue's scenario: a box around Khyber and Nangarhar, and every pane narrows to
    the Torkham events; the chip in the filters pane shows the box and clears it."""
    store = window.store
    torkham = {e.id for e in store.events() if e.location == "Torkham"}
    assert torkham
    filters = window.table_panes["filters"]
    assert not filters.area_chip.isVisible()
    area = Area(70.3, 33.8, 71.6, 34.6)
    window.map_pane.view_box.box_drawn.emit(area)
    assert window.state.filter.area == area
    qtbot.waitUntil(lambda: not window.timeline_pane.loading and not window.trade_pane.loading)
    assert set(window.timeline_pane.loaded.ids.tolist()) == torkham
    assert set(window.trade_pane.event_ids.tolist()) == torkham
    table = window.table_panes["events"].model
    assert {table.event_at(r).id for r in range(table.rowCount())} == torkham
    filters.refresh_facets()
    filters.wait_for_counts()
    types = filters.models["types"]
    assert sum(int(types.index(r, 1).data()) for r in range(types.rowCount())) == len(torkham)
    assert filters.area_chip.isVisible() and "70.30°E" in filters.area_chip.label.text()
    filters.area_chip.clear_button.click()
    assert window.state.filter.area is None and not filters.area_chip.isVisible()
    qtbot.waitUntil(lambda: not window.timeline_pane.loading)
    assert len(set(window.timeline_pane.loaded.ids.tolist())) > len(torkham)
