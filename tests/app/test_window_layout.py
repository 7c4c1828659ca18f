"""The window holds together: pane sizes after selecting, resizing, dragging and re-showing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from tests.app.conftest import open_window
from viewer.app.dock_layout import MINIMUMS, SIDE
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings

MIDDLE = ("timeline", "trade", "events")


@pytest.fixture
def window(qtbot, sample_store_path, tmp_path: Path) -> Iterator[MainWindow]:
    for win in open_window(qtbot, tmp_path, str(sample_store_path), (1600, 1000)):
        qtbot.wait(50)  # the default sizes are applied once the window is shown
        yield win


def sizes(win: MainWindow) -> dict[str, tuple[int, int]]:
    return {n: (d.width(), d.height()) for n, d in win.docks.items() if d.isVisible()}


def assert_readable(win: MainWindow) -> None:
    """Every pane that View shows ticked is on screen, inside the window, at its minimum."""
    for name, dock in win.docks.items():
        if name == "trade_table":
            continue  # a tab behind the events table
        assert dock.toggleViewAction().isChecked() == dock.isVisible(), name
        assert dock.isVisible(), name
        width, height = MINIMUMS[name]
        assert dock.widget().width() >= width and dock.widget().height() >= height, name
        assert win.rect().contains(dock.geometry()), name


def settle(qtbot) -> None:
    qtbot.wait(30)


def test_defaults_give_the_charts_the_room(window) -> None:
    s = sizes(window)
    assert_readable(window)
    for side in SIDE:
        assert s[side][0] < s["timeline"][0] / 2
    assert s["timeline"][1] > s["events"][1] and s["trade"][1] > s["events"][1]
    # The middle panes share one column, the side panes run its full height.
    assert s["timeline"][0] == s["trade"][0] == s["events"][0]


def test_selecting_an_event_resizes_no_pane(window, qtbot) -> None:
    before = sizes(window)
    window.timeline_pane.click_row(3)
    window.table_panes["events"].view.selectRow(5)
    settle(qtbot)
    assert window.state.selection
    assert sizes(window) == before


def test_a_bigger_window_widens_and_heightens_the_charts_only(window, qtbot) -> None:
    before = sizes(window)
    window.resize(1900, 1200)
    settle(qtbot)
    after = sizes(window)
    for side in SIDE:
        assert after[side][0] == before[side][0]
    assert after["timeline"][0] == before["timeline"][0] + 300
    assert after["events"][1] == before["events"][1]
    grown = (after["timeline"][1] - before["timeline"][1]) + (after["trade"][1]
                                                             - before["trade"][1])
    assert grown == 200
    window.resize(1024, 700)
    settle(qtbot)
    small = sizes(window)
    assert_readable(window)
    for side in SIDE:
        assert small[side][0] == before[side][0]
    assert small["events"][1] == before["events"][1]


def test_a_pane_shown_again_comes_back_at_its_width(window, qtbot) -> None:
    before = sizes(window)
    window.docks["detail"].toggleViewAction().trigger()
    settle(qtbot)
    assert not window.docks["detail"].isVisible()
    assert sizes(window)["filters"] == before["filters"]  # the middle took the room
    window.docks["detail"].toggleViewAction().trigger()
    settle(qtbot)
    assert sizes(window) == before


def drag(win: MainWindow, start: QPoint, end: QPoint, qtbot) -> None:
    """A separator drag as the mouse does it; Qt applies each move on a timer."""
    QTest.mouseMove(win, start)
    QTest.mousePress(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 20
    for i in range(1, steps + 1):
        QTest.mouseMove(win, start + (end - start) * (i / steps))
        qtbot.wait(5)
    QTest.mouseRelease(win, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


@pytest.mark.parametrize("side", SIDE)
def test_no_separator_drag_hides_a_pane(window, qtbot, side) -> None:
    dock, middle = window.docks[side], window.docks["timeline"]
    if side == "detail":
        x = (middle.geometry().right() + dock.geometry().left()) // 2
        target = 0
    else:
        x = (dock.geometry().right() + middle.geometry().left()) // 2
        target = window.width()
    y = dock.geometry().center().y()
    wide_before = dock.width()
    drag(window, QPoint(x, y), QPoint(target, y), qtbot)
    settle(qtbot)
    assert dock.width() > wide_before + 300  # the drag did widen the side pane
    assert_readable(window)
    # And the other way: the side pane stops at its minimum.
    x = (middle.geometry().right() + dock.geometry().left()) // 2 if side == "detail" else \
        (dock.geometry().right() + middle.geometry().left()) // 2
    drag(window, QPoint(x, y), QPoint(window.width() - target, y), qtbot)
    settle(qtbot)
    assert_readable(window)
    assert dock.widget().width() == MINIMUMS[side][0]


def test_a_first_start_fits_a_small_screen(qtbot, sample_store, tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    win = MainWindow(sample_store, settings)  # no remembered geometry
    qtbot.addWidget(win)
    room = win.screen().availableGeometry()
    assert win.width() <= room.width() and win.height() <= room.height()
    win.showMaximized()  # and it may still take the whole screen
    assert win.maximumWidth() > room.width()
