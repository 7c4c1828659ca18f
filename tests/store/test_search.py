"""Full-text search on both backends: query syntax, hints, Urdu and Pashto text, the
index the writers keep and the one a rebuild makes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import create_engine, delete, func, select

from tests import sample_rows
from viewer.domain.model import ActorRef, Event, Filter, Source, TimeWindow
from viewer.domain.search_query import SearchSyntaxError
from viewer.domain.search_text import COLUMNS, words
from viewer.store import migrate
from viewer.store import schema as s
from viewer.store.search import fts_query, indexed_count
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter


@pytest.fixture
def store(service):
    """The sample store on each backend: a private copy per test (tests/conftest.py)."""
    return service


def search(store, query, limit=1000, **kw):
    return store.search(query, limit, **kw)


def origin_ids(store, ids) -> set[str]:
    with store.store.connect() as conn:
        return set(conn.scalars(select(s.Event.origin_id).where(s.Event.id.in_(ids))))


def add_events(store, *evs: Event) -> list[int]:
    """Write events; the writer indexes them itself."""
    with store.write() as conn:
        return EventWriter(conn).add_all(evs).ids


def index_words(store) -> dict[int, tuple]:
    """Each indexed event's columns as sorted word lists, read from either backend's index."""
    with store.store.connect() as conn:
        if store.dialect == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT rowid, title, summary, actors, sources, tags FROM event_fts").all()
            return {r[0]: tuple(sorted(words(c)) for c in r[1:]) for r in rows}
        tags = {"t": 0, "s": 1, "a": 2, "o": 3, "g": 4}
        out = {}
        for eid, doc in conn.exec_driver_sql("SELECT event_id, document::text FROM event_search"):
            columns: list[list[str]] = [[] for _ in COLUMNS]
            for m in re.finditer(r"'(\w)\.([^']*)'(?::([\d,]+))?", doc):
                columns[tags[m.group(1)]] += [m.group(2)] * len((m.group(3) or "1").split(","))
            out[eid] = tuple(sorted(c) for c in columns)
        return out


def test_plain_word_finds_every_torkham_event(store):
    found = origin_ids(store, search(store, "Torkham"))
    assert found == {e.event_id for e in sample_rows.mentioning("torkham")}
    assert {"2016-06-13-torkham-gate-closure", "2023-02-20-torkham-gunfire",
            "2025-03-19-torkham-reopens-cargo", "2025-10-11-crossings-closed"} <= found


def test_prefix_query_matches_word_starts(store):
    exact = set(search(store, "ceasefire"))
    prefix = set(search(store, "cease*"))
    assert exact and exact <= prefix
    assert "2025-10-19-doha-ceasefire" in origin_ids(store, prefix)


def test_phrase_query_needs_adjacent_words(store):
    apart, together = add_events(
        store,
        Event(title="Ceasefire talks open in Doha", start=dt.date(2025, 11, 1), type="talks",
              origin_dataset="test", origin_id="apart"),
        Event(title="The Doha ceasefire holds", start=dt.date(2025, 11, 2), type="agreement",
              origin_dataset="test", origin_id="together"),
    )
    phrase = set(search(store, '"doha ceasefire"'))
    words = set(search(store, "doha ceasefire"))
    assert together in phrase and apart not in phrase
    assert {apart, together} <= words
    assert "2025-10-19-doha-ceasefire" in origin_ids(store, words)


def test_actor_and_source_names_are_searchable(store):
    by_actor = origin_ids(store, search(store, "Muttaqi"))
    assert "2024-03-16-dar-muttaqi-call" in by_actor
    by_native = origin_ids(store, search(store, "متقی"))
    assert by_native == by_actor


def test_urdu_and_pashto_titles_are_searchable(store):
    urdu, pashto = add_events(
        store,
        Event(title="طورخم سرحد دوبارہ کھول دی گئی", start=dt.date(2025, 11, 2), type="border",
              origin_dataset="test", origin_id="urdu-1"),
        Event(title="د تورخم لاره بیا پرانیستل شوه", start=dt.date(2025, 11, 3), type="border",
              summary="سوداګري بیا پیل شوه", origin_dataset="test", origin_id="pashto-1"),
    )
    assert search(store, "سرحد") == [urdu]
    assert search(store, "طورخم") == [urdu]
    assert search(store, "تورخم") == [pashto]
    assert search(store, "سوداګري") == [pashto]
    assert search(store, "پرانی*") == [pashto]
    assert search(store, '"دوبارہ کھول"') == [urdu]


def test_arabic_script_marks_and_letter_forms_are_folded(store):
    (eid,) = add_events(store, Event(title="کِتاب خانہ میں اجلاس", start=dt.date(2025, 1, 1),
                                     type="talks", origin_dataset="test", origin_id="marks"))
    assert search(store, "کتاب") == [eid]
    # Arabic kaf and yeh typed on an Arabic keyboard find the Urdu letters.
    assert search(store, "كتاب") == [eid]
    assert search(store, "ميں") == [eid]


def test_ascii_text_gives_the_words_fts5_reads_from_it(store):
    # ASCII documents go to FTS5 unchanged: its tokenizer must make the same words.
    if store.dialect != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    text = "Pak-Afghan JCC: 2nd round_of talks (U.S.-brokered) at Torkham, 11:30"
    with store.store.connect() as conn:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.t USING fts5(x, tokenize = "
                             "'unicode61 remove_diacritics 2')")
        conn.exec_driver_sql("INSERT INTO temp.t VALUES (?)", (text,))
        conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.v USING fts5vocab(temp, t, 'instance')")
        fts_words = [w for (w,) in conn.exec_driver_sql("SELECT term FROM temp.v ORDER BY offset")]
    assert fts_words == words(text)


def test_marks_in_actor_and_source_names_are_folded(store):
    (eid,) = add_events(store, Event(
        title="Meeting", start=dt.date(2025, 1, 1), type="talks", origin_dataset="test",
        origin_id="marks2", actors=(ActorRef(name="وزارتِ خارجہ", native_name="كابينہ"),),
        sources=(Source(outlet="روزنامہ", title="خبرِ نو"),)))
    assert search(store, "actors:وزارت") == [eid]
    assert search(store, "actors:کابینہ") == [eid]
    assert search(store, "sources:خبر") == [eid]


def test_latin_diacritics_are_removed(store):
    (eid,) = add_events(store, Event(title="Talks in Türkiye", start=dt.date(2025, 1, 1),
                                     type="talks", origin_dataset="test", origin_id="tr"))
    assert eid in search(store, "Turkiye")


@pytest.mark.parametrize("bad", ['"doha', "kabul AND", "(kabul", "NOT", "*", "OR torkham"])
def test_malformed_query_raises_with_hint(store, bad):
    with pytest.raises(SearchSyntaxError) as info:
        search(store, bad)
    assert "quoted words" in info.value.hint
    assert info.value.hint in str(info.value)
    with pytest.raises(SearchSyntaxError):
        store.check_query(bad)


def test_punctuation_inside_words_is_not_a_syntax_error(store):
    found = origin_ids(store, search(store, "border-crossing"))
    assert "2023-02-19-torkham-closure" in found
    assert fts_query("border-crossing*") == '"border crossing"*'


def test_search_text_is_bound_not_spliced(store):
    for attack in ["'; DROP TABLE event; --", '" OR 1=1 --"', "x') OR ('1'='1"]:
        try:
            search(store, attack)
        except SearchSyntaxError:
            pass
    assert store.info().events.count == sample_rows.count("events.csv")


def test_filter_search_restricts_events_with_window(store):
    window = TimeWindow(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    torkham_2023 = sample_rows.mentioning("torkham", sample_rows.events_of_year(2023))
    found = {e.origin_id for e in store.events(window, Filter(search="torkham"))}
    assert found == {e.event_id for e in torkham_2023}
    assert {"2023-02-19-torkham-closure", "2023-02-20-torkham-gunfire"} <= found
    found = {e.origin_id for e in store.events(window, Filter(search="torkham",
                                                                types=("border",)))}
    assert found == {e.event_id for e in torkham_2023 if e.type == "border"}
    assert "2023-02-20-torkham-gunfire" not in found


def test_reimport_reindexes_changed_title(store):
    old = store.event_by_origin("sample", "2021-08-15-fall-of-kabul")
    add_events(store, Event(title="Renamed zebrafinch event", start=old.start, type=old.type,
                            origin_dataset="sample", origin_id="2021-08-15-fall-of-kabul"))
    assert search(store, "zebrafinch") == [old.id]
    assert old.id not in search(store, "Ghani")


def test_deleted_events_are_not_returned(store):
    (eid,) = add_events(store, Event(title="Ephemeral quokka", start=dt.date(2025, 1, 1),
                                     type="other", origin_dataset="test", origin_id="gone"))
    with store.write() as conn:
        conn.execute(delete(s.Event).where(s.Event.id == eid))
    assert search(store, "quokka") == []


def test_migration_builds_index_for_existing_rows(empty_target):
    url = empty_target if "://" in empty_target else f"sqlite:///{empty_target}"
    engine = create_engine(url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        # As an app from before the search index wrote it: no index to keep.
        EventWriter(conn, index=False, history=False).add_all([Event(
            title="Old store event at Chaman", start=dt.date(2020, 5, 1), type="border",
            actors=(ActorRef("Frontier Corps", "primary"),), sources=(Source("Dawn"),),
            origin_dataset="old", origin_id="1")])
    engine.dispose()
    store = StoreService.open(empty_target)
    try:
        assert store.info().schema_revision == migrate.head_revision()
        assert len(search(store, "Chaman")) == 1
        assert len(search(store, "frontier")) == 1
        assert len(search(store, "dawn")) == 1
    finally:
        store.close()


def test_rebuild_index_matches_incremental_index(store):
    before = search(store, "kabul*", limit=None)
    assert store.rebuild_search_index() == sample_rows.count("events.csv")
    assert sorted(search(store, "kabul*", limit=None)) == sorted(before)


def test_common_words_come_newest_first_beyond_the_rank_limit(store):
    ranked = search(store, "torkham")
    assert len(ranked) == len(sample_rows.mentioning("torkham")) > 3
    newest = search(store, "torkham", rank_at_most=3)
    assert newest == sorted(ranked, reverse=True)  # newest stored first
    assert search(store, "torkham", 2, rank_at_most=3) == newest[:2]


@pytest.mark.parametrize("text, detail", [
    ("zqx'); DROP TABLE event; --", "no '('"),
    ("(torkham", "not closed"),
    ("torkham OR", "ends with an operator"),
    ("OR torkham", "needs a word before it"),
    ("torkham AND OR kabul", "needs a word before it"),
    ("torkham ()", "nothing after it"),
])
def test_malformed_structure_gives_a_hint(text: str, detail: str) -> None:
    with pytest.raises(SearchSyntaxError, match=re.escape(detail)) as info:
        fts_query(text)
    assert info.value.hint


def test_writer_documents_match_a_rebuild_from_the_tables(store):
    # The import names a stored actor and source without their native name and title:
    # the documents still carry them, as a rebuild from the tables does.
    with store.store.connect() as conn:
        actor, country, native = conn.execute(
            select(s.Actor.name, s.Actor.country_iso3, s.Actor.native_name)
            .where(s.Actor.native_name.is_not(None))).first()
        outlet, url, title = conn.execute(select(s.Source.outlet, s.Source.url, s.Source.title)
                                          .where(s.Source.title.is_not(None))).first()
    ids = add_events(
        store,
        Event(title="Envoy meets the minister", start=dt.date(2025, 1, 9), type="visit",
              actors=(ActorRef(actor, "primary", country=country),
                      ActorRef("Zalmay Example", "other")),
              sources=(Source(outlet, url=url),), tags=("talks", "envoy"),
              origin_dataset="t", origin_id="w1"),
        Event(title="\u0637\u0648\u0631\u062e\u0645 \u0628\u0646\u062f\u064e",
              start=dt.date(2025, 1, 10), type="border", summary="Folded text",
              origin_dataset="t", origin_id="w2"))
    written = index_words(store)
    assert set(words(native)) <= set(written[ids[0]][2])
    assert set(words(title)) <= set(written[ids[0]][3])
    assert written[ids[1]][0] == sorted(words("\u0637\u0648\u0631\u062e\u0645 "
                                              "\u0628\u0646\u062f\u064e"))
    store.rebuild_search_index()
    assert index_words(store) == written


def test_updated_event_replaces_its_document(store):
    first = Event(title="Talks on the Qalzarak crossing", start=dt.date(2025, 3, 1),
                  type="talks", origin_dataset="t", origin_id="u1")
    (id_,) = add_events(store, first)
    assert search(store, "qalzarak crossing") == [id_]
    add_events(store, Event(title="Talks on Xembra transit trade", start=dt.date(2025, 3, 1),
                            type="talks", origin_dataset="t", origin_id="u1"))
    assert search(store, "qalzarak") == []
    assert search(store, '"xembra transit"') == [id_]
    with store.store.connect() as conn:
        assert indexed_count(conn) == conn.scalar(select(func.count()).select_from(s.Event))


def test_writer_documents_hold_what_the_tables_hold(store):
    # Repeats the link tables drop, a source cited by id, and titles the stored sources
    # do not have: the documents follow the tables, as a rebuild would.
    with store.store.connect() as conn:
        sid, outlet, title = conn.execute(select(s.Source.id, s.Source.outlet, s.Source.title)
                                          .where(s.Source.title.is_not(None))).first()
    add_events(store, Event(title="Untitled source first", start=dt.date(2025, 2, 1),
                            type="talks", sources=(Source("Qarnaweb News"),),
                            origin_dataset="t", origin_id="d0"))
    ids = add_events(
        store,
        Event(title="Repeats everywhere", start=dt.date(2025, 2, 2), type="talks",
              actors=(ActorRef("Frontier Corps", "primary"), ActorRef("Frontier Corps", "primary")),
              tags=("envoy", "envoy", ""),
              sources=(Source("Dawn", url="https://example.org/x"),
                       Source("Dawn", url="https://example.org/x")),
              origin_dataset="t", origin_id="d1"),
        Event(title="Cited by id", start=dt.date(2025, 2, 3), type="talks",
              sources=(Source("Some other outlet name", id=sid),),
              origin_dataset="t", origin_id="d2"),
        Event(title="Now with a title", start=dt.date(2025, 2, 4), type="talks",
              sources=(Source("Qarnaweb News", title="Zerbovian headline"),),
              origin_dataset="t", origin_id="d3"))
    written = index_words(store)
    assert written[ids[0]][2] == ["corps", "frontier"]
    assert written[ids[0]][3] == ["dawn"] and written[ids[0]][4] == ["envoy"]
    assert written[ids[1]][3] == sorted(words(f"{outlet} {title}"))
    assert written[ids[2]][3] == ["news", "qarnaweb"]  # the stored source has no title
    store.rebuild_search_index()
    assert index_words(store) == written
