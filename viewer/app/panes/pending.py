"""A stand-in for a pane whose work has not landed yet: says what it will show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class PendingPane(QLabel):
    """Plain text in place of a pane still to come."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setEnabled(False)
        self.setMinimumSize(160, 80)
