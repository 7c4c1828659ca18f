"""The timeline under the mouse and keys: pick lists, menus, one-shot window selection, T."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.helpers import sample_event
from viewer.app.panes.time_axis import DAY
from viewer.app.panes.timeline import TimelinePane
from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow
from viewer.domain.periods import day_number

WINDOW = TimeWindow(dt.date(2023, 12, 1), dt.date(2024, 3, 1))
# Two talks on one day draw one marker over the other.
EVENTS = [sample_event(10, "Talks at Torkham"),
          sample_event(10, "Talks in Kabul", origin_id="e10b"),
          sample_event(40, "Talks in Doha", type="agreement")]


@pytest.fixture
def store(tmp_path):
    """A small SQLite store: what is tested here is the pane, not the backend."""
    from viewer.store.service import StoreService
    from viewer.store.writer import EventWriter

    service = StoreService.open(tmp_path / "s.sqlite", create=True)
    with service.write() as conn:
        EventWriter(conn).add_all(EVENTS)
    yield service
    service.close()


@pytest.fixture
def pane(qtbot, store):
    p = TimelinePane(store, ViewState(WINDOW))
    qtbot.addWidget(p)
    p.resize(1200, 400)
    p.show()
    qtbot.waitExposed(p)
    return p


def scene_at(p: TimelinePane, day: dt.date, lane: int) -> QPointF:
    return p.view_box.mapViewToScene(QPointF((day_number(day) + 0.5) * DAY, float(lane)))


def widget_at(p: TimelinePane, day: dt.date, lane: int) -> QPoint:
    return p.plot_widget.mapFromScene(scene_at(p, day, lane))


def click(p: TimelinePane, at: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    view = p.plot_widget.viewport()
    for kind, buttons in ((QEvent.Type.MouseButtonPress, button),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(view, QMouseEvent(kind, QPointF(at), QPointF(view.mapToGlobal(at)),
                                                 button, buttons, Qt.KeyboardModifier.NoModifier))


def test_overlapping_markers_offer_a_pick_list(qtbot, pane) -> None:
    day = dt.date(2024, 1, 11)
    lane = pane.arrays.lanes.index("Talks and negotiation")
    rows = pane.pointer.rows_at(scene_at(pane, day, lane))
    assert len(rows) == 2  # two talks on one day: one marker over the other
    click(pane, widget_at(pane, day, lane))
    menu = pane.pointer.menu
    assert menu is not None and menu.objectName() == "pick_list"
    qtbot.waitUntil(menu.isVisible)
    titles = [a.text().split(" · ", 1)[1] for a in menu.actions()]
    assert sorted(titles) == ["Talks at Torkham", "Talks in Kabul"]
    kabul = next(a for a in menu.actions() if a.text().endswith("Talks in Kabul"))
    kabul.trigger()
    chosen = pane.store.events_by_id(list(pane.state.selection))
    assert [e.title for e in chosen] == ["Talks in Kabul"]
    menu.hide()


def test_a_single_marker_is_selected_at_once(pane) -> None:
    day = dt.date(2024, 2, 10)
    lane = pane.arrays.lanes.index("Agreement or ceasefire")
    click(pane, widget_at(pane, day, lane))
    (event,) = pane.store.events_by_id(list(pane.state.selection))
    assert event.title == "Talks in Doha"


def test_right_click_opens_the_event_menu_and_filters(qtbot, pane) -> None:
    day = dt.date(2024, 2, 10)
    lane = pane.arrays.lanes.index("Agreement or ceasefire")
    click(pane, widget_at(pane, day, lane), Qt.MouseButton.RightButton)
    menu = pane.pointer.menu
    assert menu is not None and menu.objectName() == "event_menu"
    qtbot.waitUntil(menu.isVisible)
    texts = [a.text() for a in menu.actions()]
    assert "Copy" in texts and "Open source (Dawn)" in texts
    next(a for a in menu.actions() if a.text() == "Copy").trigger()
    assert "Talks in Doha" in QGuiApplication.clipboard().text()
    assert "https://dawn.example/40" in QGuiApplication.clipboard().text()
    next(a for a in menu.actions() if a.text().startswith("Filter to type")).trigger()
    assert pane.state.filter.types == ("agreement",)
    menu.hide()


def test_the_menu_key_opens_the_selected_events_menu(qtbot, pane) -> None:
    doha = pane.store.event_by_origin("test", "e40")
    pane.state.set_selection({doha.id})
    pane.setFocus()
    from PySide6.QtGui import QContextMenuEvent

    QApplication.sendEvent(pane, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard,
                                                   QPoint(5, 5), pane.mapToGlobal(QPoint(5, 5)),
                                                   Qt.KeyboardModifier.NoModifier))
    menu = pane.pointer.menu
    assert menu is not None and menu.objectName() == "event_menu"
    assert any(a.text().startswith("Filter to type") for a in menu.actions())
    menu.hide()


def test_select_window_picks_one_window_then_panning_returns(pane) -> None:
    from tests.app.test_linked_panes import drag, widget_point

    pane.select_action.setChecked(True)
    a = day_number(dt.date(2024, 1, 1)) * DAY
    b = day_number(dt.date(2024, 2, 1)) * DAY
    view = pane.plot_widget.viewport()
    drag(view, widget_point(pane, pane.plot_widget, a, 0.5),
         widget_point(pane, pane.plot_widget, b, 0.5))
    assert pane.state.window.start.month == 1 and pane.state.window.end.month in (1, 2)
    assert not pane.select_action.isChecked()
    width = pane.state.window.end - pane.state.window.start
    c = day_number(dt.date(2024, 1, 20)) * DAY
    drag(view, widget_point(pane, pane.plot_widget, c, 0.5),
         widget_point(pane, pane.plot_widget, a, 0.5))
    assert pane.state.window.end - pane.state.window.start == width  # a pan, not a pick


def test_t_shows_up_to_today_keeping_the_width(qtbot, pane) -> None:
    width = pane.state.window.end - pane.state.window.start
    qtbot.keyClick(pane.plot_widget, Qt.Key.Key_T)
    w = pane.state.window
    assert w.end - w.start == width
    today = dt.date.today()
    assert w.contains(today)
    assert (w.end - today) < (today - w.start) / 4  # most of the view is the past


def test_rows_at_lists_nearest_first(pane) -> None:
    lane = pane.arrays.lanes.index("Talks and negotiation")
    rows = pane.pointer.rows_at(scene_at(pane, dt.date(2024, 1, 11), lane))
    xs = pane.layers.marker_x(pane.arrays, rows)
    assert np.all(np.diff(np.abs(xs - (day_number(dt.date(2024, 1, 11)) + 0.5) * DAY)) >= 0)
