"""File ▸ Import… and File ▸ Export… wiring, kept light so that opening the window is fast.

The dialogs, importers and export writers (and openpyxl under them) are imported in the
slots that open them: none of it is needed for the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from viewer.store.service import StoreService

if TYPE_CHECKING:
    from viewer.app.import_dialog import ImportDialog

FILE_FILTER = ("Exports (*.csv *.tsv *.txt *.CSV *.zip *.xlsx);;"
               "Spreadsheets (*.xlsx);;All files (*)")
PANE_TITLES = {"timeline": "Timeline", "trade": "Trade chart"}


class ImportController(QObject):
    """Wires File ▸ Import… and drag and drop of files onto the main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | None = None
        window.import_action.setEnabled(not window.store.read_only)
        window.import_action.triggered.connect(self._on_import_action_triggered)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.store_changed.connect(self._on_window_store_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._local_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            files = self._local_files(event)
            if files:
                event.acceptProposedAction()
                self.open_dialog(files)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _local_files(event: QEvent) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def _on_window_store_changed(self, store: StoreService) -> None:
        self.window.import_action.setEnabled(not store.read_only)

    def _on_import_action_triggered(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import files", "", FILE_FILTER)
        if files:
            self.open_dialog(files)

    def open_dialog(self, files: list[str]) -> ImportDialog | None:
        """Show the import dialog for these files (refused on a read-only store)."""
        store = self.window.store
        if store.read_only:
            QMessageBox.warning(self.window, "Cannot import",
                                f"The store is read-only ({store.read_only_reason}).")
            return None
        from viewer.app.import_dialog import ImportDialog

        self.dialog = ImportDialog(store, files, self.window)
        self.dialog.imported.connect(self._on_dialog_imported)
        self.dialog.show()
        return self.dialog

    def _on_dialog_imported(self, reports: list) -> None:
        if any(r.added or r.updated for r in reports):
            refresh = getattr(self.window, "reload_store", None)
            if refresh is not None:
                refresh()


def install_export(main_window) -> None:
    """Enable File ▸ Export… on a MainWindow and add File ▸ Copy image of each pane."""
    main_window.export_action.setEnabled(True)
    main_window.export_action.triggered.connect(lambda: _open_export(main_window))
    file_menu = next((o for o in main_window.export_action.associatedObjects()
                      if isinstance(o, QMenu)), None)
    if file_menu is None:
        return
    main_window.copy_image_menu = copy_menu = QMenu("Copy &image", main_window)
    for name, title in PANE_TITLES.items():
        action = copy_menu.addAction(title)
        action.setObjectName(f"copy_image_{name}")
        action.triggered.connect(
            lambda _=False, n=name: _copy_pane_image(main_window, n))
    actions = file_menu.actions()
    index = actions.index(main_window.export_action)
    after = actions[index + 1] if index + 1 < len(actions) else None
    if after is None:
        file_menu.addMenu(copy_menu)
    else:
        file_menu.insertMenu(after, copy_menu)


def _open_export(main_window) -> None:
    from viewer.app.export_dialog import open_export

    open_export(main_window)


def _copy_pane_image(main_window, name: str) -> None:
    from viewer.app.export_images import copy_image, picture_of

    copy_image(picture_of(main_window.docks[name].widget()))
