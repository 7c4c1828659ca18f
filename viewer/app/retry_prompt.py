"""The question asked when the store is locked by someone else: Retry, or keep it for later."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from viewer.app.gui_wording import gui_words


def offer_retry(parent: QWidget, message: str, retry: Callable[[], None]) -> QMessageBox:
    """A window-modal box with Retry and Close; Retry calls `retry`. Nothing pending is
    dropped either way: Close leaves it for Import again."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The store is busy", gui_words(message),
                      QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
                      parent)
    box.setInformativeText("Another officer or program is writing to the store. Your files "
                           "are kept: Retry now, or Close and import them again later.")
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    box.button(QMessageBox.StandardButton.Retry).clicked.connect(retry)
    box.open()  # not exec(): no nested event loop
    return box
