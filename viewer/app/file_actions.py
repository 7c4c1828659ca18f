"""File ▸ Import… and files dropped on the window, kept light so that opening it is fast.

The dialog and the importers under it are imported in the slots that open them: none of
it is needed for the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from viewer.store.service import StoreService

if TYPE_CHECKING:
    from viewer.app.import_dialog import ImportDialog

FILE_FILTER = ("Exports (*.csv *.tsv *.txt *.CSV *.zip *.xlsx);;"
               "Spreadsheets (*.xlsx);;All files (*)")


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
            self.window.reload_store()
