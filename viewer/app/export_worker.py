"""The export job: the data parts of an export plan written off the GUI thread.

The orchestration is `viewer.io.export.outputs`, shared with the command line; the
pictures and the PDF pack are drawn afterwards on the GUI thread (`export_dialog`).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, Signal

from viewer.io.export.outputs import ExportOutcome, ExportPlan, write_data_parts
from viewer.io.export.safe import ExportCancelled
from viewer.store.service import StoreService

log = logging.getLogger(__name__)


class ExportSignals(QObject):
    """How the job reports back; delivered on the GUI thread."""

    progress = Signal(int, int, str)  # done, total, stage
    finished = Signal(object)  # ExportOutcome
    failed = Signal(str)
    cancelled = Signal()


class ExportJob(QRunnable):
    """Writes the plan's workbook and CSV parts and gathers the PDF's data."""

    def __init__(self, store: StoreService, plan: ExportPlan) -> None:
        super().__init__()
        self.store, self.plan = store, plan
        self.signals = ExportSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        outcome = ExportOutcome()
        try:
            self._write(outcome)
            if self.is_cancelled():
                raise ExportCancelled()
        except ExportCancelled:
            outcome.discard()
            self.signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the user, logged with traceback
            outcome.discard()
            if not isinstance(exc, OSError):
                log.exception("export failed")
            self.signals.failed.emit(str(exc))
        else:
            self.signals.finished.emit(outcome)

    def _write(self, outcome: ExportOutcome) -> None:
        write_data_parts(self.store, self.plan, outcome, progress=self.signals.progress.emit,
                         cancelled=self.is_cancelled)
