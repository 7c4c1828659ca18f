"""Help ▸ User guide (shipped with the app, read offline) and Help ▸ Keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.app.dialog_size import fit_to_screen
from viewer.app.links import open_link
from viewer.app.models.shortcuts_table import COL_WHAT, Shortcut, ShortcutsTableModel
from viewer.app.panes.timeline_navigation import KEYS as TIMELINE_KEYS
from viewer.paths import resource_path

GUIDE = ("guide", "user-guide.html")
# Keys that belong to one pane or control rather than to a menu.
PANE_KEYS: tuple[tuple[str, str, str], ...] = (
    *((keys, what, "Timeline") for keys, what in TIMELINE_KEYS),
    (QKeySequence(QKeySequence.StandardKey.Copy).toString(QKeySequence.SequenceFormat.NativeText),
     "Copy the selected rows as tab-separated text", "Events table"),
    ("Enter", "Search at once (else a moment after typing stops)", "Search box"),
    ("Enter", "Take the typed date", "From and To"),
    ("Tab / Shift+Tab", "Next / previous control", "Everywhere"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut of the window's menus and actions, then those of the panes."""
    rows: list[Shortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {_plain(action.menu().title())}")
            else:
                add(action, path)

    def add(action: QAction, where: str) -> None:
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys or id(action) in seen:
            return
        seen.add(id(action))
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows.append(Shortcut(text, _plain(action.text() or action.toolTip()), where))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.menu().title()))
    for action in window.actions():  # window-wide keys without a menu entry
        add(action, "Window")
    rows += [Shortcut(keys, what, where) for keys, what, where in PANE_KEYS]
    return rows


class UserGuideDialog(QDialog):
    """The user guide, shipped with the app: no network needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Desk Viewer – User guide")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)  # anchors inside the guide
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path(*GUIDE))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 760)

    def show_section(self, name: str) -> None:
        """Scroll to a section of the guide (its anchor name)."""
        self.browser.scrollToAnchor(name)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self.browser.setSource(self.browser.source())  # stay on the guide
            open_link(self, url.toString())


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut, read from the window's own actions."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = ShortcutsTableModel(self)
        self.model.set_shortcuts(window_shortcuts(window))
        self.view = QTableView(self)
        self.view.setAccessibleName("Keyboard shortcuts")
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 640)
