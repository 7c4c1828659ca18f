"""File ▸ Export…: choose what to write and where; the job runs with progress and Cancel."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.app.export_worker import ExportJob
from viewer.app.finished_export import show_export_finished
from viewer.app.state import ViewState
from viewer.domain.drawing import SeriesKey
from viewer.domain.series_choice import with_mirrors
from viewer.io.export.outputs import ExportOutcome, ExportPlan, draw_parts, needs_panes
from viewer.io.export.workbook import describe_filter, describe_window

log = logging.getLogger(__name__)
FOLDER_KEY = "export/folder"


class ExportDialog(QDialog):
    """What to include (workbook, CSV, PDF pack, pictures) and where, for the current view."""

    def __init__(self, state: ViewState, folder: Path, parent: QWidget | None = None,
                 series: tuple[SeriesKey, ...] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.state = state
        self.series = series
        w = state.window
        shown = ", ".join(k.label() for k in series) if series else (
            "every series of the selected countries")
        view = QLabel(f"<b>Window:</b> {describe_window(w)}<br>"
                      f"<b>Filters:</b> {describe_filter(state.filter)}<br>"
                      f"<b>Trade series:</b> {html.escape(shown)}")
        view.setTextFormat(Qt.TextFormat.RichText)
        view.setWordWrap(True)

        self.workbook_check = QCheckBox("Briefing workbook (.xlsx) with charts")
        self.workbook_check.setChecked(True)
        self.csv_check = QCheckBox("CSV of events and trade figures")
        self.pdf_check = QCheckBox("Briefing pack (.pdf, A4 landscape)")
        self.png_check = QCheckBox("Pictures of the timeline and chart (PNG)")
        self.svg_check = QCheckBox("Pictures of the timeline and chart (SVG)")
        # Off by default: a briefing shows the view, not what the officer last clicked.
        self.selection_check = QCheckBox("Mark the selected events in the pictures and the PDF")
        self.selection_check.setEnabled(bool(state.selection))
        if not state.selection:
            self.selection_check.setToolTip("No event is selected")
        self.width_spin, self.height_spin = QSpinBox(), QSpinBox()
        for spin, value in ((self.width_spin, 1600), (self.height_spin, 600)):
            spin.setRange(200, 8000)
            spin.setValue(value)
            spin.setSuffix(" px")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        size_row.addStretch(1)

        self.folder_edit = QLineEdit(str(folder))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.base_edit = QLineEdit(f"briefing-{w.start:%Y%m%d}-{w.end:%Y%m%d}")
        self.title_edit = QLineEdit("Briefing")

        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Folder", folder_row)
        form.addRow("File name", self.base_edit)
        form.addRow("Picture size", size_row)
        form.addRow("", self.selection_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(view)
        for check in self._checks():
            layout.addWidget(check)
            check.toggled.connect(self._update_ok)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for edit in (self.folder_edit, self.base_edit):
            edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _checks(self) -> tuple[QCheckBox, ...]:
        return (self.workbook_check, self.csv_check, self.pdf_check, self.png_check,
                self.svg_check)

    def plan(self) -> ExportPlan:
        """The export the dialog describes."""
        return ExportPlan(
            folder=Path(self.folder_edit.text().strip()), base=self.base_edit.text().strip(),
            window=self.state.window, flt=self.state.filter,
            workbook=self.workbook_check.isChecked(), csv=self.csv_check.isChecked(),
            pdf=self.pdf_check.isChecked(), png=self.png_check.isChecked(),
            svg=self.svg_check.isChecked(),
            picture_size=(self.width_spin.value(), self.height_spin.value()),
            title=self.title_edit.text().strip() or "Briefing", series=self.series,
            show_selection=self.selection_check.isChecked())

    def _update_ok(self) -> None:
        base = self.base_edit.text().strip()
        ok = (any(c.isChecked() for c in self._checks()) and bool(base)
              and not any(ch in base for ch in '/\\:*?"<>|')
              and Path(self.folder_edit.text().strip()).is_dir())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder",
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def accept(self) -> None:  # noqa: D102 - asks before replacing files
        existing = [p.name for p in self.plan().targets().values() if p.exists()]
        if existing and QMessageBox.question(
                self, "Replace files?", "These files exist and will be replaced:\n"
                + "\n".join(existing)) != QMessageBox.StandardButton.Yes:
            return
        super().accept()


class ExportRunner(QObject):
    """Runs one plan: the job in the thread pool, then pictures and PDF on the GUI thread."""

    done = Signal(list)  # the written paths
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, main_window, plan: ExportPlan, pool: QThreadPool | None = None) -> None:
        super().__init__(main_window)
        self.main_window, self.plan = main_window, plan
        self.pool = pool or QThreadPool.globalInstance()
        self.job = ExportJob(main_window.store, plan)
        self._cancelled = False
        self.progress = QProgressDialog("Exporting…", "Cancel", 0, 0, main_window)
        self.progress.setWindowTitle("Export")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        s = self.job.signals
        s.progress.connect(self._on_job_progress)
        s.finished.connect(self._on_job_finished)
        s.failed.connect(self._on_job_failed)
        s.cancelled.connect(self._on_job_cancelled)

    def start(self) -> None:
        self.pool.start(self.job)

    def cancel(self) -> None:
        """Stop as soon as possible; nothing is written."""
        self._cancelled = True
        self.job.cancel()

    def _on_job_progress(self, done: int, total: int, stage: str) -> None:
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setLabelText(f"Exporting {stage}…")

    def _on_job_finished(self, outcome: ExportOutcome) -> None:
        try:
            if self._cancelled:
                outcome.discard()
                self._finish_cancelled()
                return
            self._draw(outcome)
            written = outcome.commit()
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged with traceback
            outcome.discard()
            if not isinstance(exc, OSError):
                log.exception("export failed")
            self._on_job_failed(str(exc))
            return
        self.progress.reset()
        self.done.emit(written)

    def _draw(self, outcome: ExportOutcome) -> None:
        """Pictures and the PDF need the widgets, so they are drawn here on the GUI thread."""
        from viewer.app.export_images import WidgetRenderer

        if needs_panes(self.plan):
            self.progress.setLabelText("Drawing the panes…")
            draw_parts(self.plan, outcome, WidgetRenderer(self.main_window.picture_panes()))

    def _on_job_failed(self, message: str) -> None:
        self.progress.reset()
        self.failed.emit(message)

    def _on_job_cancelled(self) -> None:
        self._finish_cancelled()

    def _finish_cancelled(self) -> None:
        self.progress.reset()
        self.cancelled.emit()


def default_folder(main_window) -> Path:
    value = main_window.settings.q.value(FOLDER_KEY)
    folder = Path(str(value)) if value else Path.home()
    return folder if folder.is_dir() else Path.home()


def view_series(main_window) -> tuple[SeriesKey, ...] | None:  # noqa: ANN001
    """The trade series the chart shows, with their mirrors when Mirror is on."""
    chart = main_window.picture_panes().get("trade")
    if chart is None or not hasattr(chart, "checked_series"):
        return None
    keys = [key for key, _color in chart.checked_series()]
    if chart.mirror_check.isChecked():
        keys = with_mirrors(keys, chart.series)
    return tuple(keys) or None


def open_export(main_window) -> ExportRunner | None:
    """Show the dialog and, when accepted, run the export; returns the runner."""
    dialog = ExportDialog(main_window.state, default_folder(main_window), main_window,
                          view_series(main_window))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    plan = dialog.plan()
    main_window.settings.q.setValue(FOLDER_KEY, str(plan.folder))
    return run_export(main_window, plan)


def open_briefing_pack(main_window, folder: Path | None = None) -> ExportRunner | None:
    """File ▸ Briefing pack…: the workbook, PDF and pictures of the view into a folder in
    one step, then the offer to open that folder."""
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(main_window, "Briefing pack into folder",
                                                  str(default_folder(main_window)))
        if not chosen:
            return None
        folder = Path(chosen)
    main_window.settings.q.setValue(FOLDER_KEY, str(folder))
    state = main_window.state
    plan = ExportPlan.for_pack(folder, state.window, state.filter, "Briefing pack",
                               series=view_series(main_window))
    return run_export(main_window, plan)


def run_export(main_window, plan: ExportPlan) -> ExportRunner:
    """Start an export of `plan`, reporting in the status bar and message boxes."""
    runner = ExportRunner(main_window, plan)
    main_window._export_runner = runner  # keep it alive until it reports

    def done(paths: list) -> None:
        names = ", ".join(Path(p).name for p in paths)
        main_window.statusBar().showMessage(f"Exported {names} to {plan.folder}", 10_000)
        runner.offer = show_export_finished(main_window, paths, plan.folder)

    def failed(message: str) -> None:
        QMessageBox.critical(main_window, "Export failed", message)

    runner.done.connect(done)
    runner.failed.connect(failed)
    runner.cancelled.connect(
        lambda: main_window.statusBar().showMessage("Export cancelled; nothing written", 5000))
    runner.start()
    return runner
