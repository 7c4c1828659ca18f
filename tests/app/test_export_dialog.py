"""File ▸ Export…: the dialog's plan, and the runner's files, progress, cancel and failure."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox

from tests import sample_rows
from viewer.app.export_dialog import ExportDialog, ExportRunner
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.domain.model import Filter, TimeWindow
from viewer.io.export.outputs import ExportPlan

WINDOW = TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def main_window(qtbot, tmp_path, sample_store):
    store = sample_store
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.state.set_window(WINDOW)
    window.resize(1200, 800)
    window.show()
    yield window
    window.close()
    store.close()


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_export_action_is_enabled(main_window):
    assert main_window.export_action.isEnabled()


def test_dialog_plan_follows_view_and_choices(qtbot, main_window, out):
    main_window.state.set_filter(Filter(countries=("AFG",)))
    dialog = ExportDialog(main_window.state, out)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.pdf_check.setChecked(True)
    dialog.width_spin.setValue(1200)
    plan = dialog.plan()
    assert plan.window == WINDOW and plan.flt.countries == ("AFG",)
    assert plan.workbook and plan.pdf and not plan.csv and plan.picture_size == (1200, 600)
    assert set(plan.targets()) == {"xlsx", "pdf"}
    assert plan.targets()["xlsx"].parent == out
    dialog.workbook_check.setChecked(False)
    dialog.pdf_check.setChecked(False)
    assert not ok.isEnabled()
    dialog.csv_check.setChecked(True)
    assert ok.isEnabled()
    dialog.base_edit.setText("a/b")
    assert not ok.isEnabled()
    dialog.base_edit.setText("brief")
    dialog.folder_edit.setText(str(out / "missing"))
    assert not ok.isEnabled()
    # Nothing selected: nothing to mark.
    assert not dialog.selection_check.isEnabled() and not plan.show_selection


def test_selection_is_marked_in_pictures_only_when_ticked(qtbot, main_window, out):
    event = next(iter(main_window.store.iter_events(WINDOW, None)))[0].id
    main_window.state.set_selection({event})
    dialog = ExportDialog(main_window.state, out)
    qtbot.addWidget(dialog)
    assert dialog.selection_check.isEnabled() and not dialog.selection_check.isChecked()
    assert not dialog.plan().show_selection
    dialog.selection_check.setChecked(True)
    assert dialog.plan().show_selection


def test_runner_writes_every_part(qtbot, main_window, out):
    plan = ExportPlan(out, "brief", WINDOW, Filter(), workbook=True, csv=True, pdf=True,
                      png=True, svg=True, picture_size=(800, 300))
    runner = ExportRunner(main_window, plan)
    with qtbot.waitSignal(runner.done, timeout=60_000) as done:
        runner.start()
    written = sorted(p.name for p in done.args[0])
    assert written == sorted(p.name for p in plan.targets().values())
    assert sorted(p.name for p in out.iterdir()) == written  # no staging files left
    shown = sample_rows.events_in(WINDOW.start, WINDOW.end)
    assert load_workbook(out / "brief.xlsx")["Events"].max_row == len(shown) + 1
    image = QImage(str(out / "brief-timeline.png"))
    assert (image.width(), image.height()) == (800, 300)
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert "<svg" in (out / "brief-trade-chart.svg").read_text(encoding="utf-8")


def test_cancel_leaves_no_file_and_old_files_intact(qtbot, main_window, out):
    (out / "brief.xlsx").write_bytes(b"old")
    plan = ExportPlan(out, "brief", WINDOW, Filter(), workbook=True, csv=True, pdf=True)
    runner = ExportRunner(main_window, plan)
    with qtbot.waitSignal(runner.cancelled, timeout=60_000):
        runner.start()
        runner.cancel()
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0, timeout=60_000)
    assert sorted(p.name for p in out.iterdir()) == ["brief.xlsx"]
    assert (out / "brief.xlsx").read_bytes() == b"old"


def test_failure_reports_file_and_writes_nothing(qtbot, main_window, out):
    (out / "brief.pdf").mkdir()  # the PDF target is a folder: the whole export fails
    plan = ExportPlan(out, "brief", WINDOW, Filter(), workbook=True, pdf=True)
    runner = ExportRunner(main_window, plan)
    with qtbot.waitSignal(runner.failed, timeout=60_000) as failed:
        runner.start()
    assert "brief.pdf" in failed.args[0] and "folder" in failed.args[0]
    assert sorted(p.name for p in out.iterdir()) == ["brief.pdf"]


def test_copy_image_actions_put_pane_on_clipboard(main_window):
    from PySide6.QtGui import QGuiApplication

    actions = {a.objectName(): a for a in main_window.copy_image_menu.actions()}
    assert set(actions) == {"copy_image_timeline", "copy_image_trade", "copy_image_map"}
    actions["copy_image_trade"].trigger()
    image = QGuiApplication.clipboard().image()
    pane = main_window.docks["trade"].widget()
    plot = pane.picture_widget()  # the chart without its toolbar
    assert not image.isNull()
    assert (image.width(), image.height()) == (plot.width(), plot.height())
    assert image.height() < pane.height()


def test_briefing_pack_writes_what_the_chart_shows_and_offers_the_folder(main_window, out,
                                                                          qtbot):
    from viewer.app.export_dialog import open_briefing_pack, view_series
    from viewer.domain.drawing import SeriesKey

    chart = main_window.trade_pane
    qtbot.waitUntil(lambda: not chart.loading)
    chart.mirror_check.setChecked(True)
    shown = view_series(main_window)
    assert shown[:1] == (SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services"),)
    assert main_window.pack_action.isEnabled() and main_window.pack_action.text() == \
        "Briefing &pack…"
    runner = open_briefing_pack(main_window, out)
    with qtbot.waitSignal(runner.done, timeout=60_000) as done:
        pass
    names = sorted(p.name for p in out.iterdir())
    assert names == ["briefing-20230101-20251231-map.png",
                     "briefing-20230101-20251231-timeline.png",
                     "briefing-20230101-20251231-trade-chart.png",
                     "briefing-20230101-20251231.pdf", "briefing-20230101-20251231.xlsx"]
    assert len(done.args[0]) == 5
    box = runner.offer
    assert box.isVisible() and any(b.text() == "Open folder" for b in box.buttons())
    trade = load_workbook(out / "briefing-20230101-20251231.xlsx")["Trade"]
    reporters = {(r[0].value, r[1].value) for r in trade.iter_rows(min_row=2)}
    assert reporters <= {("PAK", "AFG"), ("AFG", "PAK")} and ("PAK", "AFG") in reporters
    box.close()
