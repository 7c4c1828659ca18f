"""The export job: workbook and CSV written off the GUI thread to staging files.

Everything is written beside its target under a staging name; only when every part
has succeeded are the staging files moved over the targets, so Cancel or a failure
leaves no new file and every old one intact.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from viewer.domain.model import Filter, TimeWindow
from viewer.io.export.safe import ExportCancelled, ExportError, check_target
from viewer.store.service import StoreService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportPlan:
    """What to write, where, for which view."""

    folder: Path
    base: str
    window: TimeWindow
    flt: Filter
    workbook: bool = True
    csv: bool = False
    pdf: bool = False
    png: bool = False
    svg: bool = False
    picture_size: tuple[int, int] = (1600, 600)
    title: str = "Briefing"

    def targets(self) -> dict[str, Path]:
        """Every file the plan writes, by part name."""
        out: dict[str, Path] = {}
        f, b = self.folder, self.base
        if self.workbook:
            out["xlsx"] = f / f"{b}.xlsx"
        if self.csv:
            out["csv"] = f / f"{b}-events.csv"
            out["csv-trade"] = f / f"{b}-trade.csv"
        if self.pdf:
            out["pdf"] = f / f"{b}.pdf"
        for ext, wanted in (("png", self.png), ("svg", self.svg)):
            if wanted:
                out[f"timeline.{ext}"] = f / f"{b}-timeline.{ext}"
                out[f"trade.{ext}"] = f / f"{b}-trade-chart.{ext}"
        return out


@dataclass
class ExportOutcome:
    """Staged files waiting to be committed, and what was written."""

    staged: dict[Path, Path] = field(default_factory=dict)  # target -> staging file
    summary: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    briefing: object | None = None  # viewer.io.export.briefing.Briefing for the PDF

    def stage(self, target: Path) -> Path:
        """A staging name beside `target` for a part about to be written."""
        check_target(target)
        staging = target.with_name(f".{target.name}.staging")
        self.staged[target] = staging
        return staging

    def commit(self) -> list[Path]:
        """Move every staged file over its target; returns the targets."""
        for target, staging in self.staged.items():
            try:
                os.replace(staging, target)
            except OSError as exc:
                raise ExportError(target, exc.strerror or str(exc)) from exc
        return list(self.staged)

    def discard(self) -> None:
        for staging in self.staged.values():
            try:
                staging.unlink()
            except FileNotFoundError:
                pass
        self.staged.clear()


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
        plan, targets = self.plan, self.plan.targets()
        for target in targets.values():
            check_target(target)
        report = self.signals.progress.emit
        if "xlsx" in targets:
            from viewer.io.export.workbook import write_workbook

            result = write_workbook(self.store, outcome.stage(targets["xlsx"]), plan.window,
                                    plan.flt, title=plan.title, progress=report,
                                    cancelled=self.is_cancelled)
            outcome.warnings += result.warnings
            outcome.summary.append(f"{targets['xlsx'].name}: {result.events:,} events, "
                                   f"{result.trade_figures:,} trade figures, "
                                   f"{result.sources:,} sources")
        if "csv" in targets:
            from viewer.io.export.csv_export import write_events_csv, write_trade_csv

            n = write_events_csv(self.store, outcome.stage(targets["csv"]), plan.window,
                                 plan.flt, progress=report, cancelled=self.is_cancelled)
            m = write_trade_csv(self.store, outcome.stage(targets["csv-trade"]), plan.window)
            outcome.summary.append(f"{targets['csv'].name}: {n:,} events; "
                                   f"{targets['csv-trade'].name}: {m:,} trade figures")
        if "pdf" in targets:
            from viewer.io.export.briefing import gather

            report(0, 0, "briefing pack")
            outcome.briefing = gather(self.store, plan.window, plan.flt, title=plan.title)
