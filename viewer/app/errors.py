"""The GUI's excepthook: log the traceback, show one dialog, keep running (RELIABILITY #18)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


class ExceptionDialogHook:
    """Installed as sys.excepthook while the GUI runs; one dialog at a time."""

    def __init__(self) -> None:
        self._showing = False
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def __call__(self, kind: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        if QApplication.instance() is None or self._showing:
            return
        # Show it from the event loop: the hook may run inside a paint or a slot.
        details = "".join(traceback.format_exception(kind, exc, tb))
        QTimer.singleShot(0, lambda: self._show(f"{kind.__name__}: {exc}", details))

    def _show(self, text: str, details: str) -> None:
        # open(), not exec(): no nested event loop inside whatever slot failed.
        self._showing = True
        box = QMessageBox(QMessageBox.Icon.Critical, "Desk Viewer – unexpected error",
                          "Something went wrong; the application keeps running.\n\n" + text)
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_box_finished)
        self._box = box
        box.open()

    def _on_box_finished(self) -> None:
        self._showing = False
        self._box = None
