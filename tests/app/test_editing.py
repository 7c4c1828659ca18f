"""Editing from the window: the editor reached by F2, double-click and Enter, undo and redo,
deletes undone, conflicts with another writer shown field by field, read-only stores."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.store.service import StoreService


def when_shown(find: Callable[[], object], act: Callable[[object], None]) -> None:
    """Act on a modal dialog as soon as it is up (exec() blocks the test until it closes)."""
    def step() -> None:
        dialog = find()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, step)
            return
        act(dialog)
    QTimer.singleShot(0, step)


def the_call(window) -> int:
    found = [e for e in window.store.events() if e.type == "call" and e.start.year == 2025]
    return found[0].id


def test_f2_opens_the_editor_saves_and_undo_redo_round_trip(qtbot, window):
    eid = the_call(window)
    before = window.store.event_detail(eid).event
    window.state.set_selection({eid})

    def fix_the_date(editor) -> None:
        assert editor.title_edit.text() == before.title
        editor.start_edit.setDate(QDate(2025, 6, 1))
        editor.note_edit.setPlainText("The call was on Sunday 1 June.")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, fix_the_date)
    window.editing.edit_action.trigger()
    after = window.store.event_detail(eid)
    assert after.event.start == dt.date(2025, 6, 1) and after.event.note
    assert window.editing.undo_action.text().replace("&", "") == f"Undo Edit “{before.title[:40]}”"
    assert "Your note" in window.table_panes["detail"].browser.toHtml()
    assert "edited" in window.table_panes["detail"].browser.toPlainText()

    window.editing.undo_action.trigger()
    assert window.store.event_detail(eid).event.start == before.start
    window.editing.redo_action.trigger()
    assert window.store.event_detail(eid).event.start == dt.date(2025, 6, 1)
    assert window.state.selection == {eid}  # the view survives the edits


def test_invalid_fields_keep_save_off_with_the_reason(qtbot, window):
    window.state.set_selection({the_call(window)})
    seen = {}

    def break_it(editor) -> None:
        editor.has_end.setChecked(True)
        editor.end_edit.setDate(QDate(2000, 1, 1))
        editor.countries_edit.setText("PAK, Narnia")
        ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
        seen["ok"] = ok.isEnabled()
        seen["end"] = editor.problems["end"].text()
        seen["countries"] = editor.problems["countries"].text()
        editor.reject()

    when_shown(lambda: window.editing.editor, break_it)
    window.editing.edit_selected()
    assert seen == {"ok": False, "end": seen["end"], "countries": "⚠ unknown country: Narnia"}
    assert seen["end"].startswith("⚠ ends before it starts")


def test_double_click_and_enter_in_the_table_open_the_editor(qtbot, window):
    table = window.table_panes["events"].view
    opened = []

    def close(editor) -> None:
        opened.append(editor.title_edit.text())
        editor.reject()

    index = table.model().index(0, 1)
    table.selectRow(0)
    when_shown(lambda: window.editing.editor, close)
    table.doubleClicked.emit(index)
    when_shown(lambda: window.editing.editor, close)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(opened) == 2 and opened[0] == opened[1]


def test_new_delete_and_undo_of_the_delete(qtbot, window):
    count = window.info.events.count

    def fill(editor) -> None:
        editor.title_edit.setText("Envoy to visit Kabul")
        editor.type_combo.setCurrentIndex(editor.type_combo.findData("visit"))
        editor.countries_edit.setText("Pakistan, Afghanistan")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, fill)
    window.editing.new_action.trigger()
    assert window.info.events.count == count + 1
    (new_id,) = window.state.selection
    assert window.store.event_detail(new_id).event.countries == ("AFG", "PAK")
    window.editing.delete_action.trigger()
    assert window.store.event_detail(new_id) is None and window.info.events.count == count
    window.editing.undo_action.trigger()  # the delete
    assert window.store.event_detail(new_id).event.title == "Envoy to visit Kabul"
    window.editing.undo_action.trigger()  # the creation
    assert window.store.event_detail(new_id) is None
    window.editing.show_history()
    assert window.editing.history_dialog.isVisible()


def test_a_colleagues_change_meanwhile_is_shown_and_nothing_is_lost(qtbot, window):
    eid = the_call(window)
    window.state.set_selection({eid})
    colleague = StoreService.open(window.store.target)

    def edit_while_a_colleague_saves(editor) -> None:
        stored = colleague.event_detail(eid)
        colleague.update_event(eid, dataclasses.replace(stored.event, title="Colleague's title",
                                                        summary="Colleague's summary"),
                               stored.version)
        editor.title_edit.setText("My title")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    choices = {}

    def choose(conflict) -> None:
        choices["fields"] = list(conflict.fields)
        conflict.keep_theirs("summary")
        conflict.save_button.click()

    when_shown(lambda: window.editing.editor if not isinstance(
        window.editing.editor, QDialog) or hasattr(window.editing.editor, "title_edit")
        else None, edit_while_a_colleague_saves)
    QTimer.singleShot(0, lambda: when_shown(
        lambda: window.editing.editor if hasattr(window.editing.editor, "keep_theirs")
        else None, choose))
    window.editing.edit_selected()
    colleague.close()
    assert choices["fields"] == ["title", "summary"]
    stored = window.store.event_detail(eid).event
    assert (stored.title, stored.summary) == ("My title", "Colleague's summary")


def test_a_read_only_store_disables_editing(qtbot, tmp_path, sample_store_path):
    store = StoreService.open(sample_store_path, read_only=True)
    win = MainWindow(store, Settings(QSettings(str(tmp_path / "r.ini"),
                                               QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    win.state.set_selection({the_call(win)})
    for action in (win.editing.new_action, win.editing.edit_action,
                   win.editing.delete_action, win.editing.note_action):
        assert not action.isEnabled()
        assert "read-only" in action.toolTip()
    store.close()


def test_a_timeline_note_is_drawn_and_opens_its_editor(qtbot, window):
    def write(dialog) -> None:
        dialog.text_edit.setPlainText("Minister's visit planned")
        dialog.start_edit.setDate(QDate(2025, 12, 3))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    when_shown(lambda: next((w for w in QApplication.topLevelWidgets()
                             if w.windowTitle() == "New timeline note" and w.isVisible()),
                            None), write)
    window.editing.note_action.trigger()
    notes = window.timeline_pane.notes.notes
    assert [n.text for n in notes] == ["Minister's visit planned"]

    def delete(dialog) -> None:
        dialog.done(dialog.DELETE)

    when_shown(lambda: next((w for w in QApplication.topLevelWidgets()
                             if w.windowTitle() == "Edit timeline note" and w.isVisible()),
                            None), delete)
    window.timeline_pane.note_clicked.emit(notes[0])
    assert window.timeline_pane.notes.notes == []
    window.editing.undo_action.trigger()
    assert [n.text for n in window.timeline_pane.notes.notes] == ["Minister's visit planned"]
    assert QMessageBox  # the module's message boxes are driven the same way when needed


def test_new_from_article_saves_ticked_candidates_and_one_undo_takes_them_back(
        qtbot, window, tmp_path):
    from pathlib import Path

    article = Path(__file__).resolve().parents[3] / "shared" / "articles" / \
        "fm-call-2024-03-16.txt"
    if not article.is_file():
        pytest.skip("../shared/articles is not present")
    count = window.info.events.count
    seen = {}

    def tick_and_save(dialog) -> None:
        dialog.outlet_edit.setText("Pasted report")
        dialog.open_file(article)
        seen["candidates"] = [p.kind for p in dialog.model.proposals(only_ticked=False)]
        for row, p in enumerate(dialog.model.proposals(only_ticked=False)):
            if p.type == "agreement":  # the officer unticks the vague one
                dialog.model.setData(dialog.model.index(row, 0), Qt.CheckState.Unchecked,
                                     Qt.ItemDataRole.CheckStateRole)
        seen["save"] = dialog.buttons.button(dialog.buttons.StandardButton.Save).text()
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    when_shown(lambda: window.editing.editor if hasattr(window.editing.editor, "model")
               else None, tick_and_save)
    window.editing.article_action.trigger()
    assert seen["candidates"].count("count") == 1 and "event" in seen["candidates"]
    assert seen["save"] == "Save 3 ticked"
    assert window.info.events.count == count + 3
    saved = [window.store.event_detail(i).event for i in window.state.selection]
    call = next(e for e in saved if e.type == "call")
    assert call.start == dt.date(2024, 3, 16) and set(call.countries) == {"PAK", "AFG"}
    assert call.sources[0].outlet == "Pasted report"
    assert window.store.event_detail(call.id).sources[0].text.startswith("ISLAMABAD")
    window.editing.undo_action.trigger()
    assert window.info.events.count == count


def test_eras_are_listed_added_checked_and_undone_from_the_edit_menu(qtbot, window):
    before = {r.values["name"] for r in window.store.reference_rows("era")}
    seen: dict = {}

    def add_an_era(dialog) -> None:
        seen["listed"] = dialog.model.rowCount()
        dialog.start_new()
        dialog.fields["name"].widget.setText("Talks in Doha")
        seen["save_off_without_start"] = not dialog.save_button.isEnabled()
        dialog.fields["start_date"].widget.setDate(QDate(2025, 10, 18))
        dialog.fields["color"].widget.setText("blue")
        seen["colour_problem"] = dialog.fields["color"].problem.text()
        dialog.fields["color"].widget.setText("#8da0cb")
        dialog.save_button.click()
        seen["selected"] = dialog.current.values["name"] if dialog.current else None
        dialog.accept()

    when_shown(lambda: window.editing.editor, add_an_era)
    window.editing.reference_actions["era"].trigger()
    assert seen["listed"] == len(before)
    assert seen["save_off_without_start"]
    assert "colour" in seen["colour_problem"] or "#" in seen["colour_problem"]
    assert seen["selected"] == "Talks in Doha"
    after = {r.values["name"]: r for r in window.store.reference_rows("era")}
    assert after["Talks in Doha"].values["start_date"] == dt.date(2025, 10, 18)
    window.editing.undo_action.trigger()
    assert {r.values["name"] for r in window.store.reference_rows("era")} == before
    window.editing.redo_action.trigger()
    assert "Talks in Doha" in {r.values["name"] for r in window.store.reference_rows("era")}


def test_a_cited_source_is_kept_with_the_reason_and_an_edit_is_undone(qtbot, window):
    cited = max((window.store.reference_row("source", r.id)
                 for r in window.store.reference_rows("source")), key=lambda r: r.uses)
    assert cited.uses > 0
    seen: dict = {}
    told: list[str] = []
    window.editing.tell = lambda text, *a, **k: told.append(text)

    def try_delete_then_rename(dialog) -> None:
        row = next(i for i, r in enumerate(dialog.model._rows) if r.id == cited.id)
        dialog.table.selectRow(row)
        dialog.delete_button.click()
        seen["still_there"] = any(r.id == cited.id for r in dialog.model._rows)
        dialog.fields["title"].widget.setText("Retitled by hand")
        dialog.save_button.click()
        dialog.accept()

    when_shown(lambda: window.editing.editor, try_delete_then_rename)
    window.editing.reference_actions["source"].trigger()
    assert seen["still_there"]
    assert any("cite" in t for t in told), told
    assert window.store.reference_row("source", cited.id).values["title"] == "Retitled by hand"
    window.editing.undo_action.trigger()
    assert (window.store.reference_row("source", cited.id).values["title"]
            == cited.values["title"])
