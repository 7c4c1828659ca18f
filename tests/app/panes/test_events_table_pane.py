"""EventsTablePane: follows the window and filter, mirrors the selection, copies TSV."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication

from tests import sample_rows
from viewer.app.models.events_table import COL_TITLE
from viewer.app.panes.events_table import EventsTablePane
from viewer.app.state import ViewState
from viewer.domain.model import Filter, TimeWindow

ALL = TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


@pytest.fixture
def pane(qtbot, store):
    state = ViewState(ALL)
    pane = EventsTablePane(store, state)
    qtbot.addWidget(pane)
    pane.resize(900, 400)
    pane.show()
    return pane


def titles(pane) -> list[str]:
    return [pane.model.index(r, COL_TITLE).data() for r in range(pane.model.rowCount())]


def test_follows_window_and_toggle(pane):
    every = sample_rows.count("events.csv")
    assert pane.model.rowCount() == len(sample_rows.events_in(ALL.start, ALL.end)) == every
    pane.state.set_window(TimeWindow(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    assert pane.model.rowCount() == len(sample_rows.events_of_year(2023)) < every
    pane.only_in_window.setChecked(False)
    assert pane.model.rowCount() == every


def test_follows_filter_search(pane):
    pane.state.set_filter(Filter(search="torkham"))
    assert len(titles(pane)) == len(sample_rows.mentioning("torkham")) > 1
    assert all("Torkham" in t or "torkham" in t.lower() for t in titles(pane))


def test_count_label_shows_total(qtbot, pane):
    pane.state.set_filter(Filter(types=("call",)))
    calls = sample_rows.tally(sample_rows.events(), "type")["call"]
    assert calls > 1
    qtbot.waitUntil(lambda: pane.count_label.text() == f"{calls} events")


def test_state_selection_selects_row(pane, store):
    call = store.event_by_origin("sample", "2024-03-16-dar-muttaqi-call")
    pane.state.set_selection({call.id})
    assert pane.selected_ids() == {call.id}
    row = pane.view.selectionModel().selectedRows()[0].row()
    assert pane.model.event_at(row).id == call.id


def test_view_selection_sets_state(qtbot, pane):
    model = pane.model
    with qtbot.waitSignal(pane.state.selection_changed) as blocker:
        pane.view.selectRow(3)
    assert blocker.args == [frozenset({model.event_at(3).id})]
    pane.view.selectionModel().select(
        model.index(5, 0), QItemSelectionModel.SelectionFlag.Select
        | QItemSelectionModel.SelectionFlag.Rows)
    assert pane.state.selection == {model.event_at(3).id, model.event_at(5).id}


def test_selection_survives_a_sort(pane):
    target = pane.model.event_at(2).id
    pane.state.set_selection({target})
    pane.view.sortByColumn(COL_TITLE, pane.view.horizontalHeader().sortIndicatorOrder())
    assert pane.selected_ids() == {target}
    assert pane.state.selection == {target}


def test_no_feedback_loop_on_state_selection(qtbot, pane):
    emitted = []
    pane.state.selection_changed.connect(emitted.append)
    ids = {pane.model.event_at(0).id, pane.model.event_at(1).id}
    pane.state.set_selection(ids)
    assert emitted == [frozenset(ids)]


def test_copy_selected_rows_as_tsv(pane):
    row = next(r for r in range(pane.model.rowCount())
               if pane.model.event_at(r).origin_id == "2024-03-16-dar-muttaqi-call")
    pane.view.selectRow(row)
    pane.copy_selection()
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "Date\tTitle\tType\tCountries\tActors\tSources"
    cells = lines[1].split("\t")
    assert len(lines) == 2 and len(cells) == 6
    assert cells[0] == "16 Mar 2024"
    assert cells[2] == "Phone call"
    assert cells[3] == "AFG, PAK"


def test_link_column_sort_refused_on_big_store(pane):
    from viewer.app.models.events_table import COL_COUNTRIES

    pane.model.link_sort_limit = 10  # the sample counts as big
    first = pane.model.event_at(0).id
    pane.view.sortByColumn(COL_COUNTRIES, pane.view.horizontalHeader().sortIndicatorOrder())
    assert pane.model.order == ("date", False)
    assert pane.model.event_at(0).id == first
    assert "sorting by countries is off" in pane.count_label.text()
    assert pane.view.horizontalHeader().sortIndicatorSection() == 0


def test_ctrl_c_copies(qtbot, pane):
    from PySide6.QtCore import Qt

    QGuiApplication.clipboard().clear()
    pane.view.selectRow(0)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().splitlines()[1].startswith("~13 Jun 2016")
