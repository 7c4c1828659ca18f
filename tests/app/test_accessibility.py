"""Every interactive widget has a name for screen readers, and Tab reaches each of them in
reading order: filters, timeline, trade chart, tables, detail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from tests.app.conftest import open_window
from viewer.app.main_window import MainWindow

PANE_ORDER = ("filters", "timeline", "trade", "events", "trade_table", "map", "detail")


@pytest.fixture
def window(qtbot, sample_store_path, tmp_path: Path) -> Iterator[MainWindow]:
    yield from open_window(qtbot, tmp_path, str(sample_store_path), (1600, 1000), active=True)


def qt_internal(widget: QWidget, window: QWidget) -> bool:
    """Parts Qt builds inside its own widgets: a combo's list, a spin box's line, scroll
    bars, headers, a scroll area's viewport, a line edit's clear button."""
    if isinstance(widget, (QAbstractSlider, QHeaderView)):
        return True
    w = widget
    while w is not None and w is not window:
        parent = w.parentWidget()
        if w.objectName().startswith("qt_") or isinstance(parent, (QComboBox, QAbstractSpinBox,
                                                                    QLineEdit)):
            return True
        if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
            return True
        w = parent
    return False


def interactive(window: QWidget) -> list[QWidget]:
    """Widgets an officer works with: tab stops and buttons, built by the app."""
    return [w for w in window.findChildren(QWidget)
            if not qt_internal(w, window)
            and (w.focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(w, QAbstractButton))]


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader says. A combo box's is its current value on Linux (its label
    comes as a relation), so a combo must have its own name set for the other systems."""
    if isinstance(widget, QComboBox):
        return widget.accessibleName().strip()
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def test_every_interactive_widget_has_an_accessible_name(window) -> None:
    widgets = interactive(window)
    assert len(widgets) > 35
    nameless = [f"{type(w).__name__} in {type(w.parentWidget()).__name__}"
                for w in widgets if not accessible_name(w)]
    assert nameless == []


def pane_of(window: MainWindow, widget: QWidget) -> str | None:
    for name, dock in window.docks.items():
        if dock.isAncestorOf(widget):
            return name
    return None


def test_tab_walks_every_control_in_reading_order(qtbot, window) -> None:
    start = window.table_panes["filters"].search
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    visited: list[QWidget] = [start]
    for _ in range(200):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        current = window.focusWidget()
        if current is start:
            break
        visited.append(current)
    else:
        pytest.fail("Tab never came back to the search box")
    # Every visible tab stop of the window is reached once.
    reachable = {w for w in interactive(window) if w.isVisible() and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus and pane_of(window, w)}
    assert reachable <= set(visited), [type(w).__name__ for w in reachable - set(visited)]
    assert len(visited) == len(set(visited))
    # Pane by pane, in reading order.
    panes = [pane_of(window, w) for w in visited]
    order = [p for i, p in enumerate(panes) if p and (i == 0 or panes[i - 1] != p)]
    shown = [p for p in PANE_ORDER if window.docks[p].isVisible()
             and any(pane_of(window, w) == p for w in visited)]
    assert order == shown
    # The names said on the way are the ones set for them.
    names = [accessible_name(w) for w in visited]
    for expected in ("Search events", "From", "To", "Lanes by", "Timeline plot",
                     "Before/after months", "Trade chart plot", "Events table", "Event detail"):
        assert expected in names
