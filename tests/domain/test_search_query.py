"""The search language: any text either parses or gets a hint, and what parses is a query
both backends accept (FTS5 checked for real; tsquery syntax checked on the server suite)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.domain.search_query import All, Any, SearchSyntaxError, Term, Without, in_column, parse
from viewer.store.search import fts_query, ts_query

PIECES = st.sampled_from(["kabul", "Torkham", "AND", "OR", "NOT", "(", ")", '"', "*",
                          "title:", "actors:", "طورخم", "Türkiye", "-", " ", "border-crossing"])
TEXT = st.lists(PIECES, max_size=12).map(" ".join) | st.text(max_size=40)


def _fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, summary, actors, sources, tags, "
                 "tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO f VALUES ('kabul torkham', 'border crossing', 'x', 'y', 'z')")
    return conn


FTS = _fts()


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_any_text_parses_or_gets_a_hint_and_fts5_accepts_what_parses(text: str) -> None:
    try:
        node = parse(text)
    except SearchSyntaxError as exc:
        assert exc.hint and exc.detail
        return
    FTS.execute("SELECT rowid FROM f WHERE f MATCH ?", (fts_query(node),)).fetchall()
    assert ts_query(node).count("(") == ts_query(node).count(")")
    for column in ("title", "summary", "actors", "sources", "tags"):
        restricted = in_column(node, column)
        if restricted is not None:
            FTS.execute("SELECT rowid FROM f WHERE f MATCH ?", (fts_query(restricted),))


def test_precedence_not_then_and_then_or() -> None:
    a, b, c, d = (Term((w,)) for w in "abcd")
    assert parse("a OR b c NOT d") == Any((a, All((b, Without(c, d)))))
    assert parse("(a OR b) c") == All((Any((a, b)), c))
    assert parse('title:"doha talks"*') == Term(("doha", "talks"), True, "title")


def test_a_column_restriction_drops_terms_of_other_columns() -> None:
    node = parse("title:gunfire kabul")
    assert in_column(node, "summary") is None
    assert in_column(node, "title") == All((Term(("gunfire",), False, "title"),
                                            Term(("kabul",), False, "title")))
    assert in_column(parse("kabul NOT title:x"), "summary") == Term(("kabul",), False,
                                                                    "summary")
