"""Opening a source's web link in the officer's browser, and saying so when it cannot be."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
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
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # window-modal, without blocking the event loop
    return False
