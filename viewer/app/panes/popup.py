"""One right-click or pick-list menu open at a time per pane."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu


def show_menu(previous: QMenu | None, menu: QMenu, screen: QPoint) -> QMenu:
    """Pop `menu` up at `screen`, dropping the pane's previous menu; returns `menu` for the
    pane to keep (tests read it)."""
    if previous is not None and previous is not menu:
        previous.deleteLater()
    menu.popup(screen)
    return menu
