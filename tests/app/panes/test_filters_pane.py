"""FiltersPane: facets drive the filter, search box with hint, dates drive the window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests import sample_rows
from viewer.app.models.facet_table import COL_VALUE
from viewer.app.panes.filters import FiltersPane
from viewer.app.state import ViewState
from viewer.domain.model import Filter, TimeWindow

ALL = TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


def sample_count(field: str, value: str, among=None) -> int:  # noqa: ANN001
    """How many sample events (of `among`, else all) hold the value, from the CSV."""
    return sample_rows.tally(sample_rows.events() if among is None else among, field)[value]


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


@pytest.fixture
def pane(qtbot, store):
    pane = FiltersPane(store, ViewState(ALL))
    qtbot.addWidget(pane)
    pane.show()
    return pane


def row_of(model, value: str) -> int:
    for r in range(model.rowCount()):
        if model.index(r, COL_VALUE).data(Qt.ItemDataRole.ToolTipRole) == value:
            return r
    raise AssertionError(f"{value} not listed")


def count_of(model, value: str) -> int:
    return int(model.index(row_of(model, value), 1).data().replace(",", ""))


def test_facets_show_counts(pane):
    assert count_of(pane.models["countries"], "AFG") == sample_count("countries", "AFG")
    assert pane.models["countries"].index(row_of(pane.models["countries"], "AFG"),
                                          COL_VALUE).data() == "Afghanistan (AFG)"
    assert count_of(pane.models["types"], "border") == sample_count("type", "border") > 0


def test_checking_values_sets_the_filter_and_recounts(pane):
    countries, types = pane.models["countries"], pane.models["types"]
    countries.setData(countries.index(row_of(countries, "QAT"), COL_VALUE),
                      Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert pane.state.filter.countries == ("QAT",)
    pane.refresh_facets()
    qatar = [e for e in sample_rows.events() if "QAT" in e.countries]
    assert count_of(types, "agreement") == sample_count("type", "agreement", qatar) > 0
    types.setData(types.index(row_of(types, "talks"), COL_VALUE),
                  Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert pane.state.filter == Filter(countries=("QAT",), types=("talks",))


def test_facets_follow_the_window(qtbot, pane):
    pane.state.set_window(TimeWindow(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    afghan = sample_count("countries", "AFG", sample_rows.events_of_year(2023))
    assert 0 < afghan < sample_count("countries", "AFG")
    qtbot.waitUntil(lambda: count_of(pane.models["countries"], "AFG") == afghan)
    assert pane.start_edit.date() == dt.date(2023, 1, 1)
    assert pane.start_edit.edit.text() == "2023-01-01"


def test_search_box_sets_filter_after_typing(qtbot, pane):
    with qtbot.waitSignal(pane.state.filter_changed):
        pane.search.setText("Torkham")
    assert pane.state.filter.search == "Torkham"
    assert pane.hint.isHidden()
    torkham = sample_count("tags", "torkham", sample_rows.mentioning("torkham"))
    assert torkham > 1
    qtbot.waitUntil(lambda: count_of(pane.models["tags"], "torkham") == torkham)


def test_malformed_search_shows_hint_and_clears_the_last_results(pane):
    pane.search.setText("kabul")
    pane.apply_search()
    pane.search.setText('"doha')
    pane.apply_search()
    assert not pane.hint.isHidden()
    assert "quote" in pane.hint.text() and "quoted words" in pane.hint.text()
    # Into the filter, so that no pane keeps showing what "kabul" found.
    assert pane.state.filter.search == '"doha'
    # Counts fall back to no search (as in the first test).
    assert count_of(pane.models["countries"], "AFG") == sample_count("countries", "AFG")
    pane.search.setText("kabul AND")
    pane.apply_search()
    assert not pane.hint.isHidden()
    pane.search.setText("kabul*")
    pane.apply_search()
    assert pane.hint.isHidden()
    assert pane.state.filter.search == "kabul*"


def test_clear_all(pane):
    pane.state.set_filter(Filter(countries=("AFG",), search="kabul"))
    assert pane.search.text() == "kabul"
    pane.clear_all()
    assert pane.state.filter == Filter()
    assert pane.search.text() == ""


def type_date(qtbot, field, text: str) -> None:
    """What an officer does: select the field's text, type over it, press Enter."""
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def test_date_fields_set_the_window(qtbot, pane):
    type_date(qtbot, pane.start_edit, "2024-01-01")
    assert pane.state.window == TimeWindow(dt.date(2024, 1, 1), ALL.end)
    type_date(qtbot, pane.end_edit, "2023-01-01")  # before the start: ignored, and said
    assert pane.state.window.end == ALL.end
    assert not pane.date_hint.isHidden() and "after" in pane.date_hint.text()


@pytest.mark.parametrize(("text", "start"), [
    ("2023-10-01", dt.date(2023, 10, 1)), ("1 Oct 2023", dt.date(2023, 10, 1)),
    ("October 1, 2023", dt.date(2023, 10, 1)), ("2023/10/01", dt.date(2023, 10, 1)),
    ("2023-10", dt.date(2023, 10, 1)), ("Oct 2023", dt.date(2023, 10, 1)),
    ("2023", dt.date(2023, 1, 1))])
def test_a_whole_date_typed_into_from_is_taken_whole(qtbot, pane, text, start):
    type_date(qtbot, pane.start_edit, text)
    assert pane.state.window.start == start
    assert pane.start_edit.edit.text() == start.isoformat()


def test_a_month_typed_into_to_means_its_last_day(qtbot, pane):
    type_date(qtbot, pane.end_edit, "2024-02")
    assert pane.state.window.end == dt.date(2024, 2, 29)


def test_a_text_that_is_no_date_is_explained_and_changes_nothing(qtbot, pane):
    type_date(qtbot, pane.start_edit, "2023-13-45")
    assert pane.state.window == ALL
    assert not pane.date_hint.isHidden() and "not a date" in pane.date_hint.text()
    type_date(qtbot, pane.start_edit, "2020-02-02")
    assert pane.date_hint.isHidden()


def test_big_store_counts_in_a_worker(qtbot, store):
    pane = FiltersPane(store, ViewState(ALL))
    qtbot.addWidget(pane)
    pane.big_store_events = 0  # treat the sample as big: counting goes to the worker
    pane._size_for = None
    pane.state.set_filter(Filter(countries=("QAT",)))
    pane.refresh_facets()
    qtbot.waitUntil(lambda: pane.counting_label.isHidden())
    pane.wait_for_counts()
    qatar = [e for e in sample_rows.events() if "QAT" in e.countries]
    assert count_of(pane.models["types"], "agreement") == sample_count("type", "agreement",
                                                                        qatar) > 0
    # Own facet: not narrowed.
    assert count_of(pane.models["countries"], "AFG") == sample_count("countries", "AFG")


def test_the_count_column_fits_the_widest_count(pane):
    """Sized from the counts when they arrive (no fitting to contents, row by row)."""
    from viewer.app.models.facet_table import COL_COUNT
    from viewer.domain.records import FacetValue

    view, model = pane.views["countries"], pane.models["countries"]
    shown = [model.data(model.index(r, COL_COUNT)) for r in range(model.rowCount())]
    widest = max(view.fontMetrics().horizontalAdvance(t) for t in shown)
    assert widest < view.columnWidth(COL_COUNT) < widest + 40
    counts = {f: [] for f in pane.models}
    counts["countries"] = [FacetValue("PAK", 1_234_567), FacetValue("AFG", 3)]
    pane._show_counts(Filter(), counts)  # noqa: SLF001 - as the counting worker delivers
    assert view.columnWidth(COL_COUNT) > view.fontMetrics().horizontalAdvance("1,234,567")
