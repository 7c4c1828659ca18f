"""Search text fuzzed on both backends (RELIABILITY #20): every query either runs, in the
search, count, table-page and facet paths alike, or is refused with the hint."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.cli import run
from viewer.domain.model import Filter
from viewer.domain.search_query import HINT, SearchSyntaxError

EXAMPLES = int(os.environ.get("DESK_VIEWER_FUZZ_EXAMPLES", "150"))

# Pieces of the search language and characters that broke it: operators as column terms,
# FTS5 and tsquery syntax, NUL, lone surrogates (non-UTF-8 bytes read with
# surrogateescape), right-to-left and zero-width marks.
ATOMS = ("title:", "summary:", "tags:", "actors:", "sources:", "notes:", "OR", "AND", "NOT",
         "(", ")", '"', "*", "-", "+", "^", ":", "'", "\\", "{", "}", ",", "NEAR", "&", "|",
         "!", "<->", "torkham", "kabul", "doha", "\x00", "\udcff", "\ud800", "é", "ټ",
         "\u200f", "\ufeff", "0", " ", " ", " ")
QUERIES = st.one_of(
    st.lists(st.sampled_from(ATOMS), min_size=1, max_size=12).map("".join),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                   categories=None), max_size=20),
)
KNOWN = ["title:OR", "title:NOT", "title:AND", "(" * 100 + "torkham" + ")" * 100,
         "(" * 1000, "tor\x00kham", b"caf\xe9 kabul".decode("utf-8", "surrogateescape"),
         "\ud800", "-torkham", "tags:+NOT title:'OR", "NOT", "OR OR", '"', "title:", "*",
         "NEAR(torkham kabul)", "torkham:kabul", "^torkham", "a <-> b", "!torkham"]


def _every_path(service, query: str) -> None:
    flt = Filter(search=query)
    service.search(query)
    service.search(query, ranked=False)
    service.count_events(None, flt)
    service.events_page(None, flt)
    service.facet_counts(None, flt)
    service.search_figures(query)


def _runs_or_hints(service, query: str) -> None:
    try:
        _every_path(service, query)
    except SearchSyntaxError as exc:
        assert HINT in str(exc)


@pytest.mark.parametrize("query", KNOWN)
def test_known_bad_queries_run_or_get_the_hint(service, query):
    _runs_or_hints(service, query)


def test_random_queries_run_or_get_the_hint(service):
    @settings(max_examples=EXAMPLES if service.dialect == "sqlite" else EXAMPLES // 3,
              deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(QUERIES)
    def check(query: str) -> None:
        _runs_or_hints(service, query)

    check()


def test_a_search_starting_with_a_dash_is_the_search_not_an_option(sample_store_path,
                                                                  tmp_path, capsys):
    out = tmp_path / "brief.csv"
    code = run(["export", str(out), "--search", "-torkham", "--db", str(sample_store_path)])
    assert code == 0, capsys.readouterr().err
    assert out.exists()
