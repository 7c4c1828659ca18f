"""The window's shortcuts keep working while the officer types in a field.

A line edit claims many Ctrl keys for moving its cursor before any window shortcut sees
them (on Linux Ctrl+E is "end of line"), so File ▸ Export… (Ctrl+E) did nothing with the
search box focused. This filter hands such a key back to the window when one of its
actions has it; the field keeps the keys of editing itself (copy, paste, undo…).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QMainWindow, QWidget

S = QKeySequence.StandardKey
EDITING = (S.Copy, S.Cut, S.Paste, S.Undo, S.Redo, S.SelectAll, S.Delete, S.Backspace,
           S.DeleteStartOfWord, S.DeleteEndOfWord, S.DeleteCompleteLine,
           S.MoveToNextWord, S.MoveToPreviousWord, S.SelectNextWord, S.SelectPreviousWord)
_FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox)
_CHORD = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
          | Qt.KeyboardModifier.MetaModifier)


class WindowKeysFirst(QObject):
    """An event filter on the window's text fields: the window's own shortcuts win."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window

    def watch(self, root: QWidget) -> None:
        """Filter every text field under `root` (call again for fields added later)."""
        for field in root.findChildren(QWidget):
            if isinstance(field, _FIELDS):
                field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, _FIELDS):
            return False
        key = event  # a QKeyEvent
        if not (key.modifiers() & _CHORD) and not Qt.Key.Key_F1 <= key.key() <= Qt.Key.Key_F12:
            return False  # plain typing
        if any(key.matches(k) for k in EDITING):
            return False
        if self._window_has(key):
            event.ignore()  # not the field's: the shortcut goes to the window's action
            return True
        return False

    def _window_has(self, key: QKeyEvent) -> bool:
        pressed = QKeySequence(key.keyCombination())
        for action in self.window.findChildren(QAction):
            if action.isEnabled() and any(
                    s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                    for s in action.shortcuts()):
                return True
        return False
