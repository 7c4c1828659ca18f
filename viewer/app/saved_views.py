"""View ▸ Saved views: save the current window, filter and lane grouping; recall them."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from viewer.app.state import ViewState
from viewer.domain.records import SavedView
from viewer.store.service import StoreError, StoreService

log = logging.getLogger(__name__)
MAX_SHORTCUTS = 9


class SavedViewsController(QObject):
    """Owns the Saved views menu; Ctrl+Shift+S saves, Ctrl+1..9 recall the first nine."""

    def __init__(self, store: StoreService, state: ViewState, menu: QMenu,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.menu = menu
        self._parent = parent
        self.save_action = QAction("&Save current view…", self)
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.triggered.connect(self._on_save_action_triggered)
        # Shortcuts live on the window (not only in the closed menu) so they always work.
        self.recall_actions: list[QAction] = []
        for n in range(1, MAX_SHORTCUTS + 1):
            action = QAction(f"Recall saved view {n}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, i=n - 1: self.recall(i))
            self.recall_actions.append(action)
        if parent is not None:
            parent.addActions([self.save_action, *self.recall_actions])
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.rebuild_menu()

    def set_store(self, store: StoreService) -> None:
        self.store = store
        self.rebuild_menu()

    # -- actions --------------------------------------------------------------
    def current_view(self, name: str, startup: bool = False) -> SavedView:
        return SavedView(name, self.state.window, self.state.filter, self.state.lane_key,
                         startup)

    def save_current(self, name: str, startup: bool = False) -> SavedView:
        """Save what the panes show now under `name` (replacing a view of that name)."""
        saved = self.store.save_view(self.current_view(name, startup))
        self.rebuild_menu()
        return saved

    def apply(self, view: SavedView) -> None:
        """Show a saved view: window, filter and lane grouping change together."""
        with self.state.batch():
            if view.window is not None:
                self.state.set_window(view.window)
            self.state.set_filter(view.filter)
            self.state.set_lane_key(view.lane_key)

    def recall(self, position: int) -> bool:
        """Apply the view at this position of the menu (0 for Ctrl+1)."""
        views = self.store.saved_views()
        if 0 <= position < len(views):
            self.apply(views[position])
            return True
        return False

    def apply_startup(self) -> SavedView | None:
        """Apply the start-up view, if the store has one."""
        view = self.store.startup_view()
        if view is not None:
            self.apply(view)
        return view

    def _on_save_action_triggered(self) -> None:
        if self.store.read_only:
            QMessageBox.information(self._parent, "Save view",
                                    f"The store is read-only: {self.store.read_only_reason}")
            return
        name, ok = QInputDialog.getText(self._parent, "Save current view",
                                        "Name (an existing name is replaced):")
        if ok and name.strip():
            try:
                self.save_current(name.strip())
            except StoreError as exc:
                QMessageBox.warning(self._parent, "Save view", str(exc))

    # -- menu -----------------------------------------------------------------
    def rebuild_menu(self) -> None:
        """The menu lists every view; recomputed each time it opens."""
        self.menu.clear()
        self.menu.addAction(self.save_action)
        writable = not self.store.read_only
        self.save_action.setEnabled(writable)
        views = self.store.saved_views()
        if views:
            self.menu.addSeparator()
        for n, view in enumerate(views):
            label = view.name + ("  (start-up)" if view.is_startup else "")
            # The shortcut is shown, not set: the window's recall actions own Ctrl+1..9,
            # and a second action with the same keys would make them ambiguous.
            if n < MAX_SHORTCUTS:
                label += f"\tCtrl+{n + 1}"
            action = self.menu.addAction(label)
            action.triggered.connect(lambda _=False, v=view: self.apply(v))
        if not views:
            self.menu.addAction("(no saved views)").setEnabled(False)
            return
        self.menu.addSeparator()
        startup = self.menu.addMenu("Start-up view")
        startup.setEnabled(writable)
        group = QActionGroup(startup)
        for name in [None, *(v.name for v in views)]:
            action = startup.addAction(name or "(none)")
            action.setCheckable(True)
            action.setChecked(any(v.is_startup and v.name == name for v in views)
                              or (name is None and not any(v.is_startup for v in views)))
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=name: self._set_startup(n))
        remove = self.menu.addMenu("Delete view")
        remove.setEnabled(writable)
        for view in views:
            remove.addAction(view.name).triggered.connect(
                lambda _=False, n=view.name: self._delete(n))

    def _set_startup(self, name: str | None) -> None:
        self.store.set_startup_view(name)
        self.rebuild_menu()

    def _delete(self, name: str) -> None:
        self.store.delete_view(name)
        self.rebuild_menu()
