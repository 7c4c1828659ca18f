"""Search on PostgreSQL: the same user syntax through to_tsquery (no FTS5 index there)."""

from __future__ import annotations

import os

import pytest

from viewer.domain.model import Filter
from viewer.io.sample import load_sample
from viewer.store import open_store
from viewer.store.queries import events
from viewer.store.search import SearchSyntaxError, search_event_ids, ts_query

pytestmark = pytest.mark.postgres
PG_URL = os.environ.get("DESK_VIEWER_PG_URL")


@pytest.fixture(scope="module")
def store():
    if not PG_URL:
        pytest.skip("DESK_VIEWER_PG_URL is not set (run under .ci/with-postgres)")
    st = open_store(PG_URL, create=True)
    load_sample(st)  # keyed by origin id: loading twice updates, never duplicates
    yield st
    st.close()


def test_ts_query_translation():
    assert ts_query("torkham") == "(torkham)"
    assert ts_query("kabul* closure") == "(kabul:*) & (closure)"
    assert ts_query('"doha ceasefire" OR truce') == "(doha <-> ceasefire) | (truce)"
    assert ts_query("torkham NOT gunfire") == "(torkham) & ! (gunfire)"


def test_word_prefix_and_phrase(store):
    torkham = search_event_ids(store, "Torkham", None)
    assert len(torkham) == 6
    assert set(search_event_ids(store, "torkh*", None)) == set(torkham)
    assert len(search_event_ids(store, '"lasting ceasefire"', None)) == 1
    assert len(search_event_ids(store, "متقی", None)) == 8


def test_filter_search_and_bad_syntax(store):
    assert len(events(store, None, Filter(search="torkham", types=("border",)))) == 5
    with pytest.raises(SearchSyntaxError):
        search_event_ids(store, '"doha')


def test_facets_and_table_pages_on_postgres(store):
    import datetime as dt

    from viewer.domain.model import TimeWindow
    from viewer.store.facets import facet_counts
    from viewer.store.tables import count_events, events_page

    f = facet_counts(store, None, Filter())
    assert {v.value: v.count for v in f["countries"]}["AFG"] == 24
    year = TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    talks = Filter(countries=("AFG",), types=("talks",))
    assert count_events(store, year, talks) == 3
    assert len(events_page(store, year, talks, "title", True, 0, 10)) == 3
    f = facet_counts(store, year, Filter(search="torkham"))
    assert {v.value: v.count for v in f["types"]} == {"border": 1}
