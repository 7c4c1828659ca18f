"""The import dialog, its worker and the main window's import entry points, on real files."""

from __future__ import annotations

import csv
import threading

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from viewer.app.import_dialog import ImportDialog, ImportReportDialog
from viewer.app.main_window import MainWindow
from viewer.app.mapping_pane import PreviewTableModel
from viewer.app.settings import Settings
from viewer.store.service import StoreService

HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "iso",
          "location", "notes", "fatalities"]


def _acled(path, n: int, bad: int | None = None):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            date = "not a date" if i == bad else f"2024-02-{1 + i % 28:02d}"
            w.writerow([f"PAK{i}", date, "Protests", "Peaceful protest", "Protesters (Pakistan)",
                        "586", "Peshawar", f"Invented test row {i}", "0"])
    return path


def _events(store) -> int:
    with store.store.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM event"))


@pytest.fixture
def store(tmp_path):
    st = StoreService.open(tmp_path / "store.sqlite", create=True)
    yield st
    st.close()


@pytest.fixture
def window(qtbot, store, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    return win


def test_dialog_imports_in_the_background_and_reports(qtbot, store, tmp_path):
    path = _acled(tmp_path / "acled.csv", 50)
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    assert "ACLED event export" in dialog.summary.text()
    assert not dialog.mapping_pane.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    [report] = blocker.args[0]
    assert report.ok and report.added == 50 and _events(store) == 50
    assert dialog.progress.value() == 1000
    assert "50 events added" in dialog.report_dialog.text.toPlainText()
    # Nothing to map: the dialog stays compact, without an empty "Mapping of" row.
    assert not dialog.mapping_label.isVisibleTo(dialog)
    assert dialog.height() < 300
    assert not dialog.report_dialog.save_button.isEnabled()


def test_refused_file_can_be_imported_again_with_another_option(qtbot, store, tmp_path):
    good = _acled(tmp_path / "good.csv", 5)
    bad = _acled(tmp_path / "bad.csv", 6, bad=2)
    dialog = ImportDialog(store, [good, bad])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    first = {r.file: r for r in blocker.args[0]}
    assert first[str(good)].added == 5 and not first[str(bad)].ok and _events(store) == 5
    # Only the refused file is left to import; the good one is not offered again.
    assert dialog.pending == [bad]
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import again"
    assert "1 file(s) not imported" in dialog.status.text()
    dialog.skip_check.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    [again] = blocker.args[0]
    # Both files use the ids PAK0…: the good rows of bad.csv repeat four events as they are
    # stored and add one.
    assert again.file == str(bad) and (again.added, again.updated, again.unchanged) == (1, 0, 4)
    assert again.rejected_count == 1 and "1 rejected row left out as asked" in again.notes
    assert _events(store) == 6
    assert dialog.pending == [] and not dialog.import_button.isEnabled()


def test_unreadable_file_is_not_offered_again(qtbot, store, tmp_path):
    good = _acled(tmp_path / "good.csv", 3)
    notes = tmp_path / "notes.json"
    notes.write_text('{"not": "an export"}')
    dialog = ImportDialog(store, [good, notes])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    reports = {r.file: r for r in blocker.args[0]}
    assert reports[str(good)].added == 3
    assert not reports[str(notes)].ok and not reports[str(notes)].retryable
    # Another try cannot help a file that is not an export: nothing is left to import.
    assert dialog.pending == [] and not dialog.import_button.isEnabled()


def test_cancel_rolls_back(qtbot, store, tmp_path):
    path = _acled(tmp_path / "big.csv", 20_000)
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    written, resume = threading.Event(), threading.Event()

    def hold(_index: int, _fraction: float) -> None:  # runs in the worker, mid-transaction
        written.set()
        resume.wait(30)

    dialog.job_started.connect(lambda job: job.signals.progress_changed.connect(
        hold, Qt.ConnectionType.DirectConnection))
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        dialog.start()
        assert written.wait(30)  # 2,000 rows are in the open transaction
        assert dialog.cancel_button.text() == "Cancel"
        dialog.cancel_button.click()
        resume.set()
    [report] = blocker.args[0]
    assert report.cancelled and "cancelled" in report.summary()
    assert _events(store) == 0
    assert dialog.progress.value() == 0  # the bar does not claim it was done
    assert dialog.progress.format() == "Cancelled: nothing imported"


def test_rejected_rows_can_be_saved(qtbot, store, tmp_path):
    path = _acled(tmp_path / "bad.csv", 5, bad=2)
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    report_dialog = dialog.report_dialog
    assert isinstance(report_dialog, ImportReportDialog)
    assert "bad.csv, row 4, field 'event_date'" in report_dialog.text.toPlainText()
    assert report_dialog.save_button.isEnabled() and _events(store) == 0
    out = tmp_path / "rejected.csv"
    assert report_dialog.save_rejections(out) == 1
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["file", "row", "field", "reason"] and rows[1][:3] == ["bad.csv", "4",
                                                                            "event_date"]


def test_mapping_preview_for_a_workbook(qtbot, store, tmp_path):
    path = tmp_path / "log.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Log"
    ws.append(["When", "Item", "Where"])
    ws.append(["2024-05-01", "Border reopened", "Torkham"])
    wb.create_sheet("Other").append(["x"])
    wb.save(path)
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    pane = dialog.mapping_pane
    assert pane.isVisibleTo(dialog) and pane.sheet_combo.count() == 2
    model = pane.model
    assert isinstance(model, PreviewTableModel)
    assert model.rowCount() == 1 and model.data(model.index(0, 1)) == "Border reopened"
    assert model.headerData(0, Qt.Orientation.Vertical) == "2"
    # "Item" is not a known name for the title: the user picks it.
    assert not dialog.import_button.isEnabled() and "title" in dialog.status.text()
    combo = pane.field_combos["title"]
    combo.setCurrentIndex(combo.findData("Item"))
    date = pane.field_combos["start_date"]
    assert date.currentData() == "When"
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0][0].added == 1
    with store.store.connect() as conn:
        assert conn.execute(text("SELECT title, location FROM event")).one() == (
            "Border reopened", "Torkham")


def test_drop_on_the_window_opens_the_dialog_and_panes_refresh(qtbot, window, store, tmp_path):
    assert window.import_action.isEnabled()
    path = _acled(tmp_path / "dropped.csv", 3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    dialog = window.importer.dialog
    assert dialog is not None and dialog.files == [path]
    with qtbot.waitSignal(window.data_changed, timeout=20_000):
        dialog.import_button.click()
    assert window.info.events.count == 3
    assert "3 events" in window.store_label.text()


def test_read_only_store_disables_import(qtbot, tmp_path):
    path = tmp_path / "ro.sqlite"
    StoreService.open(path, create=True).close()
    ro = StoreService.open(path, read_only=True)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(ro, settings)
    qtbot.addWidget(win)
    assert not win.import_action.isEnabled()
    ro.close()


def test_preview_table_model_passes_the_model_tester(qtmodeltester):
    model = PreviewTableModel()
    model.set_rows(["a", "b"], [["1", "2"], ["3"]])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == ""


def test_unsure_encoding_is_asked_with_a_sample_line(qtbot, store, tmp_path):
    path = tmp_path / "pashto.csv"
    rows = [HEADER] + [[f"AFG{i}", "2024-02-01", "Protests", "Peaceful protest", "Protesters",
                        "4", "طورخم", "خروج مهاجرين افغان از مرز طورخم", "0"] for i in range(3)]
    path.write_bytes("\n".join(",".join(r) for r in rows).encode("cp1256") + b"\n")
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    combo = dialog.encoding_combos[path]
    assert combo.currentText() == "Choose the encoding…"
    assert not dialog.import_button.isEnabled() and "encoded" in dialog.status.text()
    assert "Not sure: Arabic-script text" in dialog.sample_labels[path].text()
    combo.setCurrentIndex(combo.findData("cp1252"))
    assert "طورخم" not in dialog.sample_labels[path].text()  # the wrong reading shows it
    combo.setCurrentIndex(combo.findData("cp1256"))
    assert "طورخم" in dialog.sample_labels[path].text() and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0][0].added == 3
    with store.store.connect() as conn:
        assert set(conn.scalars(text("SELECT location FROM event"))) == {"طورخم"}


def test_preview_marks_rejected_rows_and_asks_the_date_order(qtbot, store, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Ref,Date,Headline,Country\nR1,03/05/2024,Talks,PAK\n"
                    "R2,04/06/2024,Closure,Narnia\nR3,2024-07-01,Reopening,AFG\n")
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    pane, model = dialog.mapping_pane, dialog.mapping_pane.model
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is not None
    assert "3 May or 5 March 2024" in model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(1, Qt.Orientation.Vertical) == "3 ✗"
    assert "unknown country 'Narnia'" in model.data(model.index(1, 0),
                                                    Qt.ItemDataRole.ToolTipRole)
    assert not dialog.import_button.isEnabled() and "order of the dates" in dialog.status.text()
    pane.order_combo.setCurrentIndex(pane.order_combo.findData("MDY"))
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.import_button.isEnabled()
    dialog.skip_check.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    [report] = blocker.args[0]
    assert report.added == 2 and report.rejected_count == 1
    with store.store.connect() as conn:
        assert sorted(conn.scalars(text("SELECT start_date FROM event"))) == [
            "2024-03-05", "2024-07-01"]


def test_gui_messages_speak_of_the_checkbox(qtbot, store, tmp_path):
    path = _acled(tmp_path / "bad.csv", 4, bad=1)
    dialog = ImportDialog(store, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    shown = dialog.status.text() + dialog.report_dialog.text.toPlainText()
    assert "“Import the good rows and skip rejected ones”" in shown
    assert "--skip-bad-rows" not in shown


def test_the_dialog_never_grows_wider_than_the_screen(qtbot, store, tmp_path):
    long = "ACLED_South_Asia_Pakistan_Afghanistan_border_events_2023-01-01_to_2024-12-31_" \
           "export_from_a_colleague_final_v3"
    files = [_acled(tmp_path / f"{long}_{n}.csv", 4, bad=1) for n in range(3)]
    dialog = ImportDialog(store, files)
    qtbot.addWidget(dialog)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    qtbot.wait(20)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    for button in (dialog.import_button, dialog.cancel_button):
        assert dialog.rect().contains(button.geometry().translated(
            button.parentWidget().mapTo(dialog, button.pos()) - button.pos()))
    # Every file was refused for its bad row: the bar says so instead of 100%.
    assert dialog.progress.value() == 0 and dialog.progress.format() == "Nothing imported"
    assert "…" in dialog.status.text() and long in dialog.status.toolTip()
    assert dialog.report_dialog.width() <= room.width()


def test_messages_from_the_importers_name_the_dialogs_controls():
    from viewer.app.gui_wording import gui_words

    assert gui_words("no column for title; map them (--map FILE.json)") == \
        "no column for title; map them (map them in this dialog)"
    assert "--" not in gui_words("import again with --encoding NAME, or --date-order DMY, MDY "
                                 "or YMD, or --skip-bad-rows")


def test_a_missing_store_is_explained_with_the_window_s_menu(tmp_path):
    from viewer.app.gui_wording import gui_words
    from viewer.store.service import StoreError

    with pytest.raises(StoreError) as refused:
        StoreService.open(tmp_path / "moved-away.sqlite")
    said = gui_words(str(refused.value))
    assert "moved-away.sqlite" in said and "File ▸ Open store…" in said
    assert "viewer init" not in said and "--db" not in said
