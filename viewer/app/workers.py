"""Running a query off the GUI thread and getting its result back on it (DESIGN §2)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(int, object)  # ticket, result
    failed = Signal(int, str)  # ticket, message


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], object], signals: _Signals) -> None:
        super().__init__()
        self.ticket, self.fn, self.signals = ticket, fn, signals

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, logged here
            log.exception("background query failed")
            self.signals.failed.emit(self.ticket, str(exc))
            return
        self.signals.finished.emit(self.ticket, result)


class LatestQueryRunner(QObject):
    """Runs one query at a time in a thread; only the latest request's result is delivered."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._ticket = 0
        self._signals = _Signals(self)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)

    def submit(self, fn: Callable[[], object]) -> None:
        """Queue `fn`; results of earlier requests still running are dropped."""
        self._ticket += 1
        self.pool.clear()  # requests not started yet are superseded
        self.pool.start(_Job(self._ticket, fn, self._signals))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running query ends (before closing the store)."""
        return self.pool.waitForDone(msecs)

    def _on_job_finished(self, ticket: int, result: object) -> None:
        if ticket == self._ticket:
            self.finished.emit(result)

    def _on_job_failed(self, ticket: int, message: str) -> None:
        if ticket == self._ticket:
            self.failed.emit(message)
