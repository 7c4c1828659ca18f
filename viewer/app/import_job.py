"""The import job: files imported on QThreadPool, reporting through signals (RELIABILITY #4, #19)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from viewer.io.importers.report import ImportReport
from viewer.store.service import StoreLocked, StoreService

log = logging.getLogger(__name__)


class ImportSignals(QObject):
    """Signals of an ImportJob; delivered on the GUI thread (queued across threads)."""

    file_started = Signal(int, str)  # index, file name
    progress_changed = Signal(int, float)  # index, fraction of that file
    file_finished = Signal(int, object)  # index, ImportReport
    finished = Signal(list)  # every ImportReport
    failed = Signal(str)  # the store could not be opened; nothing was imported


class ImportJob(QRunnable):
    """Imports files one after another, each in its own transaction, with its own store."""

    def __init__(self, store: StoreService, files: list[Path], *, format: str = "auto",
                 mappings: dict[Path, object] | None = None,
                 sheets: dict[Path, str | None] | None = None,
                 encodings: dict[Path, str] | None = None,
                 skip_bad_rows: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the dialog keeps it until finished
        # SQLite connections belong to one thread: the job opens the store itself.
        self.target = store.target
        self.files = list(files)
        self.format = format
        self.mappings = mappings or {}
        self.sheets = sheets or {}
        self.encodings = encodings or {}  # the officer's answer where the guess was not sure
        self.skip_bad_rows = skip_bad_rows
        self.signals = ImportSignals()
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; the file being imported is rolled back."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def _import_one(self, import_file, store: StoreService, index: int,  # noqa: ANN001
                    path: Path) -> ImportReport:
        """One file's report; a fault in it refuses that file and the batch goes on."""
        try:
            return import_file(
                store, path, format=self.format, mapping=self.mappings.get(path),
                sheet=self.sheets.get(path), skip_bad_rows=self.skip_bad_rows,
                encoding=self.encodings.get(path),
                progress=lambda f, i=index: self.signals.progress_changed.emit(i, f),
                should_stop=self._stop.is_set)
        except Exception as exc:  # noqa: BLE001 - never raised in a pool thread
            log.exception("import of %s failed", path)
            return ImportReport(file=str(path), refused=f"{path.name}: cannot import the "
                                f"file ({type(exc).__name__}: {exc}); nothing was imported")

    def run(self) -> None:
        from viewer.io.importers.runner import import_file

        reports = []
        try:
            store = StoreService.open(self.target)
        except StoreLocked as exc:
            # Every file stays pending: the dialog offers Retry.
            reports = [ImportReport(file=str(p), refused=f"{p.name}: nothing was imported; "
                                    f"{exc}", store_failed=True) for p in self.files]
            for index, report in enumerate(reports):
                self.signals.file_finished.emit(index, report)
            self.signals.finished.emit(reports)
            return
        except Exception as exc:  # noqa: BLE001 - reported to the dialog, never raised in a thread
            log.exception("import job cannot open the store")
            self.signals.failed.emit(str(exc))
            return
        try:
            for index, path in enumerate(self.files):
                if self._stop.is_set():
                    break
                self.signals.file_started.emit(index, path.name)
                report = self._import_one(import_file, store, index, path)
                reports.append(report)
                self.signals.file_finished.emit(index, report)
        finally:
            store.close()
        self.signals.finished.emit(reports)
