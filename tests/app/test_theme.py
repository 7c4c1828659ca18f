"""Light and dark: the palette switches at run time and every pane draws in its colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.app.conftest import open_window
from viewer.app.main_window import MainWindow
from viewer.app.theme import is_dark


@pytest.fixture
def window(qtbot, sample_store_path, tmp_path: Path):
    before = QPalette(QGuiApplication.palette())
    yield from open_window(qtbot, tmp_path, str(sample_store_path), (1400, 900))
    QGuiApplication.setPalette(before)  # the palette is the application's: put it back


def colours_of(win: MainWindow) -> dict[str, str]:
    timeline = win.timeline_pane
    chart = win.trade_pane
    return {
        "timeline background": timeline.plot_widget.backgroundBrush().color().name(),
        "timeline axis text": timeline.plot.getAxis("bottom").textPen().color().name(),
        "chart background": chart.layout_widget.backgroundBrush().color().name(),
        "chart axis text": chart.plot.getAxis("left").textPen().color().name(),
        "lane label": timeline.layers.labels[0].color.name(),
    }


def test_dark_at_run_time_and_back(qtbot, window) -> None:
    light = colours_of(window)
    window.theme.set_choice("dark")
    qtbot.wait(10)
    palette = QGuiApplication.palette()
    assert is_dark(palette)
    dark = colours_of(window)
    assert dark["timeline background"] == palette.color(QPalette.ColorRole.Base).name()
    assert dark["chart background"] == palette.color(QPalette.ColorRole.Base).name()
    for name in ("timeline axis text", "chart axis text", "lane label"):
        assert dark[name] == palette.color(QPalette.ColorRole.Text).name(), name
    assert all(dark[k] != light[k] for k in light)
    # The detail pane's secondary text comes from the palette too.
    window.timeline_pane.click_row(0)
    html = window.table_panes["detail"].browser.toHtml()
    assert palette.color(QPalette.ColorRole.PlaceholderText).name() in html
    assert window.theme.actions["dark"].isChecked()
    assert window.settings.colour_scheme() == "dark"
    window.theme.set_choice("light")
    qtbot.wait(10)
    assert not is_dark(QGuiApplication.palette())
    assert colours_of(window) == light


def test_following_the_system_keeps_the_platforms_palette(window) -> None:
    before = QGuiApplication.palette().color(QPalette.ColorRole.Window).name()
    window.theme.set_choice("system")
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).name() == before


def test_no_widget_fixes_a_text_colour(window) -> None:
    """Style sheets that set a text colour without its background break in one scheme."""
    fixed = []
    for widget in window.findChildren(QWidget) + [window]:
        sheet = widget.styleSheet().replace(" ", "")
        if "color:" in sheet.replace("background-color:", "") and "background" not in sheet:
            fixed.append(f"{type(widget).__name__} {widget.objectName()}: {sheet}")
    assert fixed == []
    assert QApplication.instance() is not None
