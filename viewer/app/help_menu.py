"""Help ▸ User guide (F1) and Help ▸ Keyboard shortcuts: actions and the dialogs they open."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


class HelpController(QObject):
    """Adds the guide and the shortcut list to a Help menu and opens them."""

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.guide = None  # the guide dialog, kept so F1 brings back the same one
        self.shortcuts = None
        self.guide_action = QAction("&User guide", window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_user_guide)
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        menu.addActions([self.guide_action, self.shortcuts_action])

    def show_user_guide(self) -> None:
        from viewer.app.help_dialogs import UserGuideDialog

        if self.guide is None:
            self.guide = UserGuideDialog(self.window)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def show_shortcuts(self) -> None:
        """A fresh list: shortcuts read from the window's actions as they are now."""
        from viewer.app.help_dialogs import ShortcutsDialog

        if self.shortcuts is not None:
            self.shortcuts.close()
            self.shortcuts.deleteLater()
        self.shortcuts = ShortcutsDialog(self.window)
        self.shortcuts.show()
