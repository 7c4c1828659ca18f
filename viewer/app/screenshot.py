"""`viewer screenshot`: the main window rendered offscreen to a PNG."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from viewer.domain.model import TimeWindow


def settle(window, *, at_least: float = 0.3, at_most: float = 20.0) -> None:
    """Let the window finish its background work (loads, counts) and repaint."""
    import time

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    pools = [QThreadPool.globalInstance(), *window.findChildren(QThreadPool)]
    start = time.monotonic()
    while True:
        QApplication.processEvents()
        elapsed = time.monotonic() - start
        busy = any(pool.activeThreadCount() for pool in pools)
        if (elapsed >= at_least and not busy) or elapsed >= at_most:
            break
        time.sleep(0.01)
    for _ in range(3):
        QApplication.processEvents()


def take_screenshot(out: Path, *, db: str | None, size: tuple[int, int],
                    start: dt.date | None = None, end: dt.date | None = None) -> None:
    """Render the main window at `size` with the given window and write a PNG atomically."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from viewer.app.application import make_application
    from viewer.app.main_window import MainWindow
    from viewer.app.settings import Settings
    from viewer.io.default_store import open_or_create_default

    out = Path(out)
    if not out.parent.is_dir():
        raise OSError(f"{out}: folder {out.parent} does not exist")
    store = open_or_create_default(db)
    make_application()
    # A fresh, in-memory layout: a screenshot must not depend on the user's last session.
    scratch = tempfile.NamedTemporaryFile(suffix=".ini", delete=False)
    scratch.close()
    try:
        window = MainWindow(store, Settings(QSettings(scratch.name, QSettings.Format.IniFormat)))
        if start or end:
            current = window.state.window
            window.state.set_window(TimeWindow(start or current.start, end or current.end))
        window.resize(*size)
        window.show()
        settle(window)
        image = window.grab()
        tmp = out.with_name(f".{out.name}.tmp")
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"{out}: could not write the PNG")
        os.replace(tmp, out)
        window.close()
        window.deleteLater()
    finally:
        store.close()
        os.unlink(scratch.name)
