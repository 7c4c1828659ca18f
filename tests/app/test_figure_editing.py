"""Trade figures edited from the window: F2, Enter and double-click in the trade table, the
value and note saved and undone, the detail pane showing the figure with its history, a
colleague's change met field by field, a delete undone."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.test_editing import when_shown


@pytest.fixture
def trade(window):
    pane = window.table_panes["trade_table"]
    window.docks["trade_table"].raise_()
    pane.only_in_window.setChecked(False)
    pane.refresh()
    return pane


def a_figure(window, origin_id="sbp-pak-afg-x-2022-12"):
    (f,) = [f for f in window.store.trade_figures(reporter="PAK") if f.origin_id == origin_id]
    return f


def choose(qtbot, window, trade, figure) -> None:
    trade.select_figure(figure.id)
    trade.view.setFocus()
    qtbot.waitUntil(lambda: window.editing.on_figures)
    assert trade.current_figure().id == figure.id


def test_f2_in_the_trade_table_edits_the_figure_and_undo_redo_round_trip(
        qtbot, window, trade):
    f = a_figure(window)
    choose(qtbot, window, trade, f)
    assert window.editing.edit_action.text().replace("&", "") == "Edit trade figure…"
    assert "Dec 2022" in window.table_panes["detail"].browser.toPlainText()

    def correct(editor) -> None:
        assert editor.reporter_edit.text() == "PAK"
        editor.value_edit.setText("250 million")
        editor.note_edit.setPlainText("SBP's December release; check the revision")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, correct)
    qtbot.keyClick(trade.view, Qt.Key.Key_F2)
    after = window.store.trade_figure(f.id)
    assert after.value_usd == 250e6 and after.officer_note.startswith("SBP's December")
    assert window.editing.undo_action.text().replace("&", "").startswith(
        "Undo Edit figure PAK→AFG export Dec 2022")
    detail = window.table_panes["detail"].browser.toPlainText()
    assert "Your note" in detail and "250,000,000" in detail and "edited" in detail
    assert trade.current_figure().id == f.id  # still the current row after the reload
    window.editing.undo_action.trigger()
    assert window.store.trade_figure(f.id).value_usd == f.value_usd
    window.editing.redo_action.trigger()
    assert window.store.trade_figure(f.id).value_usd == 250e6


def test_a_negative_value_keeps_save_off_with_the_reason(qtbot, window, trade):
    f = a_figure(window)
    choose(qtbot, window, trade, f)
    seen = {}

    def break_it(editor) -> None:
        editor.value_edit.setText("-3 million")
        editor.partner_edit.setText("XYZ")
        seen["save"] = editor.buttons.button(editor.buttons.StandardButton.Ok).isEnabled()
        seen["value"] = editor.problems["value"].text()
        seen["partner"] = editor.problems["partner"].text()
        editor.reject()

    when_shown(lambda: window.editing.editor, break_it)
    qtbot.keyClick(trade.view, Qt.Key.Key_Return)
    assert seen == {"save": False, "value": "⚠ a trade value cannot be negative",
                    "partner": "⚠ unknown country 'XYZ'"}
    assert window.store.trade_figure(f.id) == f


def test_delete_from_the_trade_table_and_undo(qtbot, window, trade):
    f = a_figure(window, "sbp-pak-afg-x-fy2019-20-first")
    choose(qtbot, window, trade, f)
    window.editing.delete_action.trigger()
    assert window.store.trade_figure(f.id) is None
    window.editing.undo_action.trigger()
    back = window.store.trade_figure(f.id)
    assert back.superseded_by is not None and back.value_usd == f.value_usd


def test_new_trade_figure_and_the_events_keys_come_back_with_the_timeline(
        qtbot, window, trade):
    def fill(editor) -> None:
        editor.reporter_edit.setText("Afghanistan")
        editor.partner_edit.setText("Iran")
        editor.flow_combo.setCurrentIndex(editor.flow_combo.findData("import"))
        editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("calendar_year"))
        editor.value_edit.setText("$3.1 bn")
        editor.sources_edit.setPlainText("Tolo News | https://tolonews.com/business/x")
        assert "2000" not in editor.period_shown.text()
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, fill)
    window.editing.new_figure_action.trigger()
    before = window.store.trade_figures(reporter="AFG", partner="IRN")  # the sample's 2025
    (made,) = [f for f in before if f.value_usd == 3.1e9]
    assert made.value_usd == 3.1e9 and [x.outlet for x in made.sources] == ["Tolo News"]
    window.editing.undo_action.trigger()
    after = window.store.trade_figures(reporter="AFG", partner="IRN")
    assert [f.id for f in after] == [f.id for f in before if f.id != made.id]
    window.timeline_pane.setFocus()
    window.timeline_pane.plot.setFocus()
    qtbot.waitUntil(lambda: not window.editing.on_figures)
    assert window.editing.edit_action.text().replace("&", "") == "Edit event…"


def test_a_colleagues_change_to_the_figure_is_shown_and_nothing_is_lost(
        qtbot, window, trade):
    f = a_figure(window)
    choose(qtbot, window, trade, f)
    seen = {}

    def edit_value(editor) -> None:
        # Meanwhile a colleague writes a note on the same figure.
        window.store.update_trade_figure(dataclasses.replace(f, officer_note="colleague"),
                                         f.version)
        editor.value_edit.setText("251 million")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    def choose_fields(dialog) -> None:
        seen["fields"] = list(dialog.fields)
        dialog.keep_theirs("note")
        dialog.save_button.click()

    when_shown(lambda: window.editing.editor if hasattr(window.editing.editor, "value_edit")
               else None, edit_value)
    when_shown(lambda: window.editing.editor if hasattr(window.editing.editor, "keep_theirs")
               else None, choose_fields)
    window.editing.edit_selected()
    assert seen["fields"] == ["value_usd", "note"]
    got = window.store.trade_figure(f.id)
    assert (got.value_usd, got.officer_note) == (251e6, "colleague")
    QApplication.processEvents()


def test_an_officer_pastes_a_report_confirms_two_events_and_a_figure_then_corrects_and_undoes(
        qtbot, window):
    from tests.io.test_article_extraction import KABUL_REPORT

    events_before = window.info.events.count
    seen = {}

    def correct_the_figure(editor) -> None:
        seen["value"] = editor.value_edit.text()
        seen["period"] = editor.period_shown.text()
        editor.flow_combo.setCurrentIndex(editor.flow_combo.findData("export"))
        editor.note_edit.setPlainText("The envoy's claim; SBP's own figure is lower")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    def paste_and_confirm(dialog) -> None:
        dialog.outlet_edit.setText("Kabul correspondent")
        dialog.text_edit.setPlainText(KABUL_REPORT)
        dialog.propose()
        rows = dialog.model.proposals(only_ticked=False)
        seen["kinds"] = [p.kind for p in rows]
        figure_row = seen["kinds"].index("trade figure")
        seen["save_before"] = dialog.buttons.button(dialog.buttons.StandardButton.Save).text()
        when_shown(lambda: dialog.editor, correct_the_figure)
        dialog.table.setCurrentIndex(dialog.model.index(figure_row, 1))
        qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
        seen["save_after"] = dialog.buttons.button(dialog.buttons.StandardButton.Save).text()
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    when_shown(lambda: window.editing.editor if hasattr(window.editing.editor, "model")
               else None, paste_and_confirm)
    window.editing.article_action.trigger()
    assert seen["kinds"] == ["event", "trade figure", "event"]
    assert seen["value"] == "1,000,000,000" and seen["period"].startswith("2024")
    # A figure is proposed unticked, for a look; corrected, it is ticked.
    assert (seen["save_before"], seen["save_after"]) == ("Save 2 ticked", "Save 3 ticked")
    assert window.info.events.count == events_before + 2
    (figure,) = [f for f in window.store.trade_figures(reporter="PAK")
                 if f.sources and f.sources[0].outlet == "Kabul correspondent"]
    assert figure.value_usd == 1e9 and figure.estimated and figure.flow.value == "export"
    assert figure.officer_note.startswith("The envoy's claim")
    meeting = next(window.store.event_detail(i).event for i in window.state.selection
                   if window.store.event_detail(i).event.type == "talks")
    assert meeting.sources[0].outlet == "Kabul correspondent"
    assert meeting.id in window.timeline_pane.arrays.ids  # on the timeline

    # The meeting was on the 16th: the officer corrects the date, then undoes it.
    window.state.set_selection({meeting.id})

    def fix_date(editor) -> None:
        from PySide6.QtCore import QDate
        editor.start_edit.setDate(QDate(2025, 7, 16))
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, fix_date)
    window.editing.edit_event(meeting.id)
    assert window.store.event_detail(meeting.id).event.start.day == 16
    window.editing.undo_action.trigger()
    assert window.store.event_detail(meeting.id).event.start.day == 17
    window.editing.undo_action.trigger()  # the whole article
    assert window.info.events.count == events_before
    assert window.store.trade_figure(figure.id) is None


def test_figures_whose_notes_match_the_search_stand_out_in_the_trade_table(
        qtbot, window, trade):
    from viewer.app.models.trade_table import MATCH_BACKGROUND
    from viewer.domain.model import Filter

    f = a_figure(window)
    window.store.update_trade_figure(dataclasses.replace(f, officer_note="Check the revision"),
                                     f.version)
    window.reload_store()
    window.state.set_filter(Filter(search="notes:revision"))
    qtbot.waitUntil(lambda: "matching" in trade.count_label.text())
    assert trade.count_label.text().endswith("· 1 with notes matching the search")
    trade.select_figure(f.id)
    index = trade.view.currentIndex()
    assert index.data(Qt.ItemDataRole.BackgroundRole) == MATCH_BACKGROUND
    other = trade.long_model.index(0 if index.row() else 1, 0)
    assert other.data(Qt.ItemDataRole.BackgroundRole) is None
    window.state.set_filter(Filter())
    qtbot.waitUntil(lambda: "matching" not in trade.count_label.text())
