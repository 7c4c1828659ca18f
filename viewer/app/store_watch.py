"""Noticing other writers: the store's change counter, read when the window gets the focus
and every 30 seconds, in a worker so a slow server never freezes the window."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from viewer.app.workers import LatestQueryRunner
from viewer.store.service import StoreService

CHECK_EVERY_MS = 30_000


class StoreWatcher(QObject):
    """Emits `changed_elsewhere` once when someone else has written to the store."""

    changed_elsewhere = Signal()

    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow that owns it
        super().__init__(window)
        self.store: StoreService = window.store
        self._reported = False
        self._runner = LatestQueryRunner(self)
        self._runner.finished.connect(self._on_runner_finished)
        self._runner.failed.connect(lambda _message: None)  # a lost connection: next time
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state_changed)
        self.mark_seen()

    def set_store(self, store: StoreService) -> None:
        self._runner.wait()
        self.store = store
        self.mark_seen()

    def mark_seen(self) -> None:
        """The window now shows the store as it is: later changes are news."""
        self.store.mark_seen()
        self._reported = False

    def check(self) -> None:
        """Ask the store in the background whether another writer changed it."""
        store = self.store
        self._runner.submit(lambda: (store, store.changed_elsewhere()))

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def _on_runner_finished(self, result: tuple[StoreService, bool]) -> None:
        store, changed = result
        if store is self.store and changed and not self._reported:
            self._reported = True
            self.changed_elsewhere.emit()
