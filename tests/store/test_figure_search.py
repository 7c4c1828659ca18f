"""Trade figures found by their notes with the events' query language; the matcher that
searches them gives the answer the stores' indexes give for events."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.domain.search_query import SearchSyntaxError, matches, parse
from viewer.domain.search_text import words
from viewer.store.search import documents


def columns(d) -> dict[str, list[str]]:  # noqa: ANN001
    return {c: words(getattr(d, c)) for c in ("title", "summary", "actors", "sources", "tags",
                                              "notes")}


@pytest.fixture
def docs(service):
    with service.write() as conn:  # read inside a transaction of its own
        return [(d.event_id, columns(d)) for d in documents(conn)]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["kabul", "Torkham", "border", "AND", "OR", "NOT", "(", ")",
                                 '"', "*", "title:", "summary:", "actors:", "متقی", "Türkiye",
                                 "pakistan", "talks", "police*", "dar", "muttaqi"]),
                min_size=1, max_size=8).map(" ".join))
def test_the_matcher_agrees_with_the_index(service, docs, text):
    try:
        node = parse(text)
    except SearchSyntaxError:
        with pytest.raises(SearchSyntaxError):
            service.search(text, None, ranked=False)
        return
    expected = {event_id for event_id, cols in docs if matches(node, cols)}
    assert set(service.search(text, None, ranked=False)) == expected


def test_figures_are_found_by_their_notes(service):
    figures = {f.origin_id: f for f in service.trade_figures(reporter="PAK")}
    f = figures["sbp-pak-afg-x-2022-12"]
    service.update_trade_figure(dataclasses.replace(f, officer_note="Check SBP's revision"),
                                f.version)
    assert service.search_figures("notes:revision") == {f.id}
    assert service.search_figures("revis*") >= {f.id}
    restated = figures["sbp-pak-afg-x-fy2019-20-first"].id
    assert restated in service.search_figures('summary:"restated as"')
    assert restated not in service.search_figures('notes:"restated as"')
    assert service.search_figures("revision NOT sbp") == set()
    with pytest.raises(SearchSyntaxError):
        service.search_figures('"unclosed')
