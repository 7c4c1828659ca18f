"""EventsTableModel: paging, sorting in SQL, roles, and qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests import sample_rows
from viewer.app.models.events_table import (
    COL_DATE,
    COL_SOURCES,
    COL_TITLE,
    COL_TYPE,
    ID_ROLE,
    PAGE,
    ROW_ROLE,
    SORT_ROLE,
    EventsTableModel,
)
from viewer.domain.model import Event, Filter, Precision, Source, TimeWindow
from viewer.io.sample import load_sample
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter


@pytest.fixture
def sample(tmp_path):
    store = StoreService.open(tmp_path / "sample.sqlite", create=True)
    load_sample(store)
    yield store
    store.close()


@pytest.fixture
def big(tmp_path):
    store = StoreService.open(tmp_path / "big.sqlite", create=True)
    base = dt.date(2020, 1, 1)
    with store.write() as conn:
        EventWriter(conn).add_all(
            Event(title=f"Event {i:04d}", start=base + dt.timedelta(days=i), type=("border", "talks")[i % 2],
                  sources=tuple(Source(f"Outlet {k}", f"https://x.test/{i}/{k}") for k in range(i % 3)),
                  origin_dataset="gen", origin_id=str(i))
            for i in range(2 * PAGE + 50))
    yield store
    store.close()


def test_qtmodeltester_on_sample(qtmodeltester, sample):
    model = EventsTableModel(sample)
    model.reload()
    assert model.rowCount() == sample_rows.count("events.csv")
    qtmodeltester.check(model)


def test_qtmodeltester_while_paging(qtmodeltester, big):
    model = EventsTableModel(big)
    model.reload()
    qtmodeltester.check(model)
    model.fetchMore()
    qtmodeltester.check(model)


def test_rows_arrive_one_page_at_a_time(big):
    model = EventsTableModel(big)
    model.reload()
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE + 50
    assert not model.canFetchMore()
    assert model.total() == 2 * PAGE + 50


def test_sort_is_done_in_sql_over_all_rows(big):
    model = EventsTableModel(big)
    model.reload()
    model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    # The first row of the descending sort is the last event, though it was never loaded.
    assert model.index(0, COL_TITLE).data() == f"Event {2 * PAGE + 49:04d}"
    assert model.rowCount() == PAGE
    model.sort(COL_SOURCES, Qt.SortOrder.DescendingOrder)
    assert model.index(0, COL_SOURCES).data() == "2"
    model.sort(COL_TYPE, Qt.SortOrder.AscendingOrder)
    assert {model.index(r, COL_TYPE).data() for r in range(PAGE)} == {"Border closure"}


def test_window_limits_rows(big):
    model = EventsTableModel(big)
    model.set_query(TimeWindow(dt.date(2020, 1, 1), dt.date(2020, 1, 10)), Filter())
    assert model.rowCount() == 10
    assert not model.canFetchMore()


def test_roles_give_event_id_and_sort_value(sample):
    model = EventsTableModel(sample)
    model.reload()
    index = model.index(0, COL_DATE)
    event = index.data(ROW_ROLE)
    assert isinstance(event, Event)
    assert index.data(ID_ROLE) == event.id
    assert index.data(SORT_ROLE) == event.start.toordinal()
    assert event.title == "Torkham shut after clashes over Pakistan's border gate"
    assert index.data() == "~13 Jun 2016 – 18 Jun 2016 (approx.)"


def test_month_precision_is_shown(tmp_path):
    store = StoreService.open(tmp_path / "p.sqlite", create=True)
    with store.write() as conn:
        EventWriter(conn).add_all([Event(title="Some talks", start=dt.date(2024, 3, 1),
                                         type="talks", precision=Precision.MONTH,
                                         origin_dataset="t", origin_id="1")])
    model = EventsTableModel(store)
    model.reload()
    assert model.index(0, COL_DATE).data() == "Mar 2024 (month)"
    store.close()


def test_bad_search_text_shows_no_rows_and_a_hint(sample):
    model = EventsTableModel(sample)
    model.set_query(None, Filter(search='"torkham'))
    assert model.rowCount() == 0
    assert model.error and "quoted words" in model.error


def test_events_page_and_count_agree_with_filters(sample):
    window = TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    flt = Filter(countries=("QAT",))
    page = sample.events_page(window, flt, "date", False, 0, 100)
    assert len(page) == sample.count_events(window, flt)
    assert all("QAT" in e.countries for e in page)


@pytest.mark.parametrize("start,end", [
    ("2016-06-15", "2016-06-20"),  # inside a five-day closure that started before
    ("2016-06-19", "2021-08-15"),  # just after it ended; the fall of Kabul on the last day
    ("2023-09-10", "2023-09-10"),  # one day inside a nine-day closure
    ("2010-01-01", "2030-12-31"),
])
def test_day_number_window_matches_date_window(sample, start, end):

    window = TimeWindow(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    expected = [e.id for e in sample.events(window)]
    assert [e.id for e in sample.events_page(window, Filter(), "date", False, 0, 100)] == expected
    assert sample.count_events(window, Filter()) == len(expected)
    by_title = sample.events_page(window, Filter(), "title", False, 0, 100)
    assert sorted(e.id for e in by_title) == sorted(expected)
    assert [e.title for e in by_title] == sorted(e.title for e in by_title)
    assert expected
