"""File ▸ Import…: choose files (or drop them), map CSV/XLSX columns, import with progress.

The import runs in an ImportJob on the thread pool; Cancel rolls the current file
back. Afterwards a report dialog lists what was added and rejected, and the main
window reloads its panes.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.app.dialog_size import fit_to_screen
from viewer.app.gui_wording import gui_words
from viewer.app.import_job import ImportJob
from viewer.app.import_wording import short_name, wrapping_label
from viewer.app.mapping_pane import MappingPane
from viewer.app.retry_prompt import offer_retry
from viewer.io.errors import Remedy
from viewer.io.importers.formats import all_formats
from viewer.io.importers.preview import Preview, preview
from viewer.io.importers.report import ImportReport
from viewer.io.importers.text_encoding import NAMES, label
from viewer.store.service import StoreService

# How the dialog answers each question a refused file asks: with its own controls.
ADVICE = {
    Remedy.SKIP_BAD_ROWS: "fix them, or tick “Import the good rows and skip rejected ones” "
                          "and import again",
    Remedy.ENCODING: "choose the encoding under the file's name (check its sample line) and "
                     "import again",
    Remedy.DATE_ORDER: "choose the order under “Dates” and import again",
    Remedy.MAPPING: "choose the format, or map its columns, and import again",
}
_CHOOSE = "Choose the encoding…"


class ImportReportDialog(QDialog):
    """What each file's import did; rejected rows can be saved as CSV."""

    def __init__(self, reports: list[ImportReport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.reports = reports
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(gui_words("\n".join(line for r in reports
                                                   for line in r.lines(200, advice=ADVICE))))
        self.save_button = QPushButton("Save rejected rows…")
        self.save_button.setEnabled(any(r.rejected for r in reports))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 420)

    def save_rejections(self, path: str | Path) -> int:
        """Write every rejected row of every file to one CSV; returns how many rows."""
        target = Path(path)
        with_rows = [r for r in self.reports if r.rejected]
        if len(with_rows) == 1:
            return with_rows[0].save_rejections(target)
        total = 0
        for r in with_rows:
            total += r.save_rejections(target.with_name(f"{target.stem}-{r.name}.csv"))
        return total

    def _on_save_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save rejected rows", "rejected-rows.csv",
                                              "CSV (*.csv)")
        if path:
            try:
                self.save_rejections(path)
            except OSError as exc:
                QMessageBox.critical(self, "Cannot save", f"{path}: {exc.strerror or exc}")


class ImportDialog(QDialog):
    """Files to import, their format or column mapping, then progress with Cancel."""

    imported = Signal(list)  # ImportReports, after every file was tried
    job_started = Signal(object)  # the ImportJob, just before it is queued

    def __init__(self, store: StoreService, files: list[str | Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.store = store
        self.files = [Path(f) for f in files]
        # Files not yet imported: after a run, those cancelled, refused for bad rows or
        # refused by a busy store stay here, so the user can change an option (skip bad
        # rows, a mapping) or try again; unreadable files leave with their report.
        self.pending: list[Path] = list(self.files)
        self._run_reports: list[ImportReport] = []
        self.previews: dict[Path, Preview] = {p: preview(p) for p in self.files}
        self.mappings: dict[Path, object] = {}
        self.encodings: dict[Path, str | None] = {}  # the officer's choice, per text file
        self.encoding_combos: dict[Path, QComboBox] = {}
        self.sample_labels: dict[Path, QLabel] = {}
        self.job: ImportJob | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.retry_box: QMessageBox | None = None  # asked when the store is locked
        self.reports: list[ImportReport] = []

        self.summary = wrapping_label()
        self.format_combo = QComboBox()
        self.format_combo.addItem("Detect from the file", "auto")
        for f in all_formats():
            self.format_combo.addItem(f.label, f.name)
        self.skip_check = QCheckBox("Import the good rows and skip rejected ones")
        self.file_combo = QComboBox()
        self.mapping_label = QLabel("Mapping of:")
        self.mapping_pane = MappingPane()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Import progress")
        self.status = wrapping_label()
        self.import_button = QPushButton("Import")
        self.cancel_button = QPushButton("Cancel")
        self.import_button.setDefault(True)

        options = QHBoxLayout()
        options.addWidget(QLabel("Format:"))
        options.addWidget(self.format_combo)
        options.addWidget(self.skip_check)
        options.addStretch(1)
        mapped = QHBoxLayout()
        mapped.addWidget(self.mapping_label)
        mapped.addWidget(self.file_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        self.encoding_form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.encoding_form)
        layout.addLayout(options)
        layout.addLayout(mapped)
        layout.addWidget(self.mapping_pane, 100)
        # Without a mapping to show, the spare height goes here: the rows stay together
        # at the top instead of spreading over the dialog.
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self._fill()
        self.file_combo.currentIndexChanged.connect(self._on_file_combo_changed)
        self.mapping_pane.mapping_changed.connect(self._on_mapping_pane_changed)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        if any(self.previews[p].needs_mapping for p in self.files):
            fit_to_screen(self, 900, 640)
        else:
            fit_to_screen(self, 640, self.sizeHint().height())

    def _add_encoding_row(self, path: Path) -> None:
        """An encoding choice with the sample line, for text that is not plainly UTF-8."""
        guess = self.previews[path].guess
        if guess is None or (not guess.weak and guess.encoding in ("utf-8", "utf-8-sig")):
            return
        combo = QComboBox()
        if guess.weak:
            combo.addItem(_CHOOSE, None)
        for name in dict.fromkeys([*guess.candidates, *NAMES]):
            combo.addItem(label(name), name)
        combo.setCurrentIndex(0 if guess.weak else combo.findData(guess.encoding))
        self.encodings[path] = None if guess.weak else guess.encoding
        sample = wrapping_label()
        sample.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.encoding_combos[path], self.sample_labels[path] = combo, sample
        row = QVBoxLayout()
        row.addWidget(combo)
        row.addWidget(sample)
        combo.setAccessibleName(f"Encoding of {path.name}")
        row_label = QLabel(f"{short_name(path.name, 40)} is encoded as:")
        row_label.setToolTip(str(path))
        row_label.setBuddy(combo)
        self.encoding_form.addRow(row_label, row)
        self._show_sample(path)
        combo.currentIndexChanged.connect(lambda _i, p=path: self._on_encoding_combo_changed(p))

    def _show_sample(self, path: Path) -> None:
        guess = self.previews[path].guess
        chosen = self.encodings.get(path)
        why = f"Not sure: {guess.reason}. " if guess.weak and not chosen else ""
        line = guess.sample(chosen or guess.encoding)
        self.sample_labels[path].setText(
            f"{why}Line {guess.sample_line} reads: «{line}»" if line else why)

    def _on_encoding_combo_changed(self, path: Path) -> None:
        self.encodings[path] = self.encoding_combos[path].currentData()
        self._show_sample(path)
        if self.encodings[path] and self.previews[path].needs_mapping:
            found = preview(path, encoding=self.encodings[path])
            if not found.error:
                found.guess = self.previews[path].guess  # keep the first guess and its sample
                self.previews[path] = found
                if self._current_file() == path:
                    self.mapping_pane.show_preview(found)
                    self.mapping_pane.set_mapping(self.mappings[path])
        self._update_buttons()

    def _fill(self) -> None:
        for p in self.files:
            self._add_encoding_row(p)
        lines = []
        for p in self.files:
            found = self.previews[p]
            what = found.error or (f"needs a column mapping ({len(found.header)} columns)"
                                   if found.needs_mapping else found.label)
            lines.append(f"<b>{escape(short_name(p.name))}</b>: {escape(gui_words(what))}")
        self.summary.setText("<br>".join(lines))
        self.summary.setToolTip("\n".join(str(p) for p in self.files))
        needing = [p for p in self.files if self.previews[p].needs_mapping]
        for p in needing:
            self.file_combo.addItem(short_name(p.name), str(p))
            self.mappings[p] = self.previews[p].mapping
        self.file_combo.setVisible(bool(needing))
        self.mapping_label.setVisible(bool(needing))
        self.mapping_pane.setVisible(bool(needing))
        if needing:
            self.mapping_pane.show_preview(self.previews[needing[0]])
        self._update_buttons()

    def _current_file(self) -> Path | None:
        data = self.file_combo.currentData()
        return Path(data) if data else None

    def _on_file_combo_changed(self, _index: int) -> None:
        path = self._current_file()
        if path is not None:
            self.mapping_pane.show_preview(self.previews[path])
            self.mapping_pane.set_mapping(self.mappings[path])

    def _on_mapping_pane_changed(self) -> None:
        path = self._current_file()
        if path is not None:
            self.mappings[path] = self.mapping_pane.current_mapping()
        self._update_buttons()

    def _update_buttons(self) -> None:
        missing = [f"{short_name(p.name)}: {', '.join(m.missing())}"
                   for p, m in self.mappings.items()
                   if m is not None and m.missing() and p in self.pending]
        unsure = [short_name(p.name) for p, chosen in self.encodings.items()
                  if chosen is None and p in self.pending]
        current = self._current_file()
        undecided = self.mapping_pane.undecided_dates() if current in self.pending else []
        running = self.job is not None
        self.import_button.setEnabled(not running and not missing and not unsure
                                      and not undecided and bool(self.pending))
        self.cancel_button.setText("Cancel" if running else "Close")
        if running:
            pass
        elif missing:
            self._set_status("Map the required fields (*): " + "; ".join(missing))
        elif unsure:
            self._set_status("Choose how the text is encoded: " + ", ".join(unsure))
        elif undecided:
            self._set_status("Choose the order of the dates in " + ", ".join(undecided))
        else:
            self._set_status(f"{len(self.pending)} file(s) ready")

    def start(self) -> None:
        """Start importing every file on the thread pool."""
        if self.job is not None:
            return
        self.job = ImportJob(self.store, self.pending, format=self.format_combo.currentData(),
                             mappings=dict(self.mappings),
                             sheets={p: m.sheet for p, m in self.mappings.items() if m},
                             encodings={p: e for p, e in self.encodings.items() if e},
                             skip_bad_rows=self.skip_check.isChecked())
        s = self.job.signals
        self._run_reports = []
        s.file_started.connect(self._on_job_file_started)
        s.file_finished.connect(self._on_job_file_finished)
        s.progress_changed.connect(self._on_job_progress_changed)
        s.finished.connect(self._on_job_finished)
        s.failed.connect(self._on_job_failed)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self._update_buttons()
        self.job_started.emit(self.job)
        QThreadPool.globalInstance().start(self.job)

    def _job_size(self) -> int:
        """Files in the running job (a retry imports only those still pending)."""
        return len(self.job.files) if self.job is not None else 1

    def _on_job_file_started(self, index: int, name: str) -> None:
        self._set_status(f"Importing {short_name(name)} ({index + 1} of {self._job_size()})…")

    def _set_status(self, text: str) -> None:
        """The status line: wrapped in the dialog (taller if need be), all in the tooltip."""
        text = gui_words(text)
        self.status.setToolTip(text)
        for path in self.files:
            text = text.replace(path.name, short_name(path.name))
        self.status.setText(text)
        QTimer.singleShot(0, self._grow_to_fit)  # once the layout has the new text

    def _grow_to_fit(self) -> None:
        """Taller for wrapped text, never wider, never beyond the screen."""
        layout = self.layout()
        if self.isVisible() and layout is not None and layout.hasHeightForWidth():
            wanted = layout.totalHeightForWidth(self.width())
            if wanted > self.height():
                self.resize(self.width(), min(wanted, self.maximumHeight()))

    def _on_job_file_finished(self, _index: int, report: ImportReport) -> None:
        self._run_reports.append(report)
        if not report.retryable:
            self.pending = [p for p in self.pending if p != Path(report.file)]

    def _on_job_progress_changed(self, index: int, fraction: float) -> None:
        self.progress.setValue(int(1000 * (index + fraction) / self._job_size()))

    def _on_cancel_button_clicked(self) -> None:
        if self.job is None:
            self.reject()
            return
        self.job.cancel()
        self._set_status("Cancelling: rolling back the current file…")
        self.cancel_button.setEnabled(False)

    def _on_job_finished(self, reports: list) -> None:
        self.job = None
        self.reports = reports
        self._show_outcome(reports)
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        self.import_button.setText("Import again" if self.pending else "Import")
        summary = "; ".join(r.summary(ADVICE) for r in reports) or "Cancelled"
        if self.pending:
            summary += (f" — {len(self.pending)} file(s) not imported yet: change an option "
                        "or wait for the store, and import them again")
        self._set_status(summary)
        self.imported.emit(reports)
        busy = [r for r in reports if r.store_failed]
        if busy:
            self.retry_box = offer_retry(self, busy[0].refused, self.start)
        if len(busy) < len(reports):
            self.report_dialog = ImportReportDialog(reports, self)
            self.report_dialog.show()

    def _on_job_failed(self, message: str) -> None:
        self.job = None
        if self._run_reports:
            # Files that went in before the failure are in the store: let the panes reload.
            self.imported.emit(list(self._run_reports))
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        self.progress.setValue(0)
        self.progress.setFormat("Import failed")
        self._set_status(f"Import failed: {message}")
        QMessageBox.critical(self, "Import failed", gui_words(message))

    def _show_outcome(self, reports: list[ImportReport]) -> None:
        """The bar says how much went in: refused or cancelled files are not done."""
        went_in = sum(1 for r in reports if r.ok)
        self.progress.setValue(int(1000 * went_in / len(reports)) if reports else 0)
        if went_in == len(reports) and reports:
            self.progress.setFormat("%p%")
        elif any(r.cancelled for r in reports) and not went_in:
            self.progress.setFormat("Cancelled: nothing imported")
        elif not went_in:
            self.progress.setFormat("Nothing imported")
        else:
            self.progress.setFormat(f"{went_in} of {len(reports)} files imported")

    def done(self, result: int) -> None:
        if self.job is not None:  # closing mid-import cancels it, rolling back
            self.job.cancel()
            QThreadPool.globalInstance().waitForDone()
        super().done(result)
