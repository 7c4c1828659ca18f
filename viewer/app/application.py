"""Starting the GUI: the QApplication, the excepthook, the store, the main window."""

from __future__ import annotations

import atexit
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.app.errors import ExceptionDialogHook
from viewer.app.settings import APPLICATION, ORGANISATION
from viewer.paths import resource_path

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with names that QSettings uses."""
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_log_qt_message)
        # Qt still speaks while Python tears its modules down: stop listening first.
        atexit.register(qInstallMessageHandler, None)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    return app


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.DEBUG, QtMsgType.QtCriticalMsg: logging.WARNING,
              QtMsgType.QtFatalMsg: logging.ERROR}


def _log_qt_message(kind: QtMsgType, _context, message: str) -> None:  # noqa: ANN001
    """Qt's own notices go to the log, not to the officer's terminal (the offscreen
    platform, for one, warns on every window it shows)."""
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def log_to_file() -> Path | None:
    """Keep the GUI's log (tracebacks included) in the user data folder; None if unwritable."""
    from logging.handlers import RotatingFileHandler

    from viewer.paths import user_data_dir

    path = user_data_dir() / "desk-viewer.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, logging.INFO))
    return path


def run_gui(db: str | None) -> int:
    """Open the store (or the default one) in the main window; returns the exit code."""
    from viewer.io.default_store import open_or_create_default
    from viewer.io.errors import InputError
    from viewer.store.service import StoreError

    # The store is opened before Qt starts: a big store's drawing arrays are then read by
    # a second process (forked before any Qt thread exists) while the window is built.
    try:
        store, refused = open_or_create_default(db), None
        store.read_ahead()
    except (StoreError, InputError, OSError) as exc:
        store, refused = None, exc
    app = make_application()
    log_to_file()
    hook = ExceptionDialogHook()
    hook.install()
    try:
        if store is None:
            QMessageBox.critical(None, "Desk Viewer – cannot open the store", str(refused))
            print(f"viewer: error: {refused}", file=sys.stderr)
            return 1
        from viewer.app.main_window import MainWindow

        window = MainWindow(store)
        if db:
            window.settings.add_recent_store(db)
        window.show()
        return app.exec()
    finally:
        hook.uninstall()
