"""Dialogs sized to fit the screen they open on, whatever their content asks for."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.92  # of the available screen a dialog may take at most


def screen_room(widget: QWidget) -> QSize:
    """The largest size a window may have on the screen of `widget` (or its parent)."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() if anchor.isVisible() or anchor.windowHandle() else None
    screen = screen or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))


def fit_to_screen(window: QWidget, width: int, height: int, keep_within: bool = True) -> None:
    """Resize to (width, height) at most, no larger than the screen allows; with
    `keep_within` its content cannot make it grow beyond that later either."""
    room = screen_room(window)
    if keep_within:
        window.setMaximumSize(room)
    window.resize(min(width, room.width()), min(height, room.height()))
