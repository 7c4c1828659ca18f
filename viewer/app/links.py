"""Opening a source's web link in the officer's browser, and saying so when it cannot be."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def open_link(parent: QWidget | None, url: str) -> bool:
    """Open a web link; when no browser takes it, copy it and tell the officer how."""
    link = QUrl(url)
    if link.scheme() in ("http", "https") and QDesktopServices.openUrl(link):
        return True
    QGuiApplication.clipboard().setText(url)
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the link",
                      f"No web browser opened this link:\n{url}\n\nIt is on the clipboard: "
                      "paste it into a browser's address bar (Ctrl+V).",
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("link_not_opened")
    keep_until_closed(box)
    box.open()  # window-modal, without blocking the event loop
    return False


_shown: set[QMessageBox] = set()  # message boxes without a parent, alive while shown


def keep_until_closed(box: QMessageBox) -> None:
    """A box without a parent would be deleted with its last Python reference."""
    _shown.add(box)
    box.finished.connect(lambda _result: _shown.discard(box))
