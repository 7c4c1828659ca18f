"""The main window shell, offscreen: docks, status, layout memory, read-only banner."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.app.errors import ExceptionDialogHook
from viewer.app.main_window import PANES, MainWindow
from viewer.app.settings import Settings
from viewer.cli import run
from viewer.store.service import StoreService


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def test_window_shows_docks_and_store_counts(qtbot, sample_store, settings) -> None:
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert {name for name, *_ in PANES} <= set(window.docks)
    assert all(dock.isVisible() for dock in window.docks.values())
    text = window.store_label.text()
    assert f"{window.info.events.count:,} events" in text and "2016–2025" in text
    assert not window.banner.isVisible()
    assert window.state.window.start.year <= 2016
    assert window.state.window.end.year >= 2025
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]


def test_layout_is_remembered(qtbot, sample_store, settings) -> None:
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    window.show()
    window.docks["detail"].hide()
    window.close()
    again = MainWindow(sample_store, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.docks["detail"].isVisible()
    again.reset_layout()
    assert again.docks["detail"].isVisible()


def test_read_only_store_shows_a_banner(qtbot, sample_store_path, settings) -> None:
    sample_store_path.chmod(0o444)
    store = StoreService.open(sample_store_path)
    try:
        window = MainWindow(store, settings)
        qtbot.addWidget(window)
        window.show()
        assert window.banner.isVisible()
        assert "read-only" in window.banner.text().lower()
        assert "[read-only]" in window.windowTitle()
    finally:
        store.close()
        sample_store_path.chmod(0o644)


def test_switching_to_a_bad_store_keeps_the_current_one(qtbot, sample_store, settings,
                                                        tmp_path, monkeypatch) -> None:
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    bad = tmp_path / "bad.sqlite"
    bad.write_text("nope")
    shown = []
    # The dialog is modal; record it instead of blocking the test.
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    assert window.switch_store(str(bad)) is False
    assert shown and "bad.sqlite" in shown[0]
    assert window.store is sample_store


def test_excepthook_logs_and_shows_one_dialog(qtbot, caplog) -> None:
    hook = ExceptionDialogHook()
    try:
        raise RuntimeError("slot failed")
    except RuntimeError as exc:
        error = exc
    with caplog.at_level(logging.ERROR):
        hook(RuntimeError, error, error.__traceback__)
    assert "uncaught exception" in caplog.text

    def open_boxes() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]

    qtbot.waitUntil(lambda: len(open_boxes()) == 1)
    hook(RuntimeError, error, error.__traceback__)  # a second error while one is shown
    qtbot.wait(50)
    assert len(open_boxes()) == 1
    box = open_boxes()[0]
    assert "slot failed" in box.text()
    box.accept()
    qtbot.waitUntil(lambda: not open_boxes())
    assert hook._showing is False


def test_screenshot_command_writes_a_png(tmp_path: Path, sample_store_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert run(["screenshot", str(out), "--db", str(sample_store_path), "--size", "1366x768",
                "--from", "2023-01-01", "--to", "2025-12-31"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1366, 768)
