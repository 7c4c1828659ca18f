"""Windows for the GUI tests: a MainWindow on a store, with settings of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.store.service import StoreService


def open_window(qtbot, tmp_path, target: str, size: tuple[int, int] | None = None,  # noqa: ANN001
                active: bool = False) -> Iterator[MainWindow]:
    """A shown MainWindow on the store `target` (of `size`; the active window, taking
    keys, when `active`); closed, with its store, afterwards."""
    store = StoreService.open(target)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    if size is not None:
        win.resize(*size)
    win.show()
    if active:
        win.activateWindow()  # no window manager offscreen to do it
        qtbot.waitActive(win)
    else:
        qtbot.waitExposed(win)
    yield win
    win.close()
    win.store.close()


@pytest.fixture
def window(qtbot, tmp_path, sample_store_path) -> Iterator[MainWindow]:
    """The window on a copy of the sample store (SQLite)."""
    yield from open_window(qtbot, tmp_path, str(sample_store_path))
