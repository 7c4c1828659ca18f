"""Parity: every store-service method gives the same answer on SQLite and PostgreSQL.

Both stores hold the same rows: the sample dataset, the real GDELT and UN Comtrade files
in ../shared/data when present (about 6,300 events and 460 trade figures), and a
few events written here to reach the corners (Urdu and Pashto, Latin diacritics, ties in
sort keys, sources without dates). Each test asks both and compares the answers whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import copy_sqlite
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import ActorRef, Coverage, Event, Filter, Source, TimeWindow
from viewer.domain.records import SavedView
from viewer.domain.search_query import SearchSyntaxError
from viewer.store.event_pages import SORT_KEYS
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter

pytestmark = pytest.mark.postgres

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SHARED_FILES = ("gdelt/gdeltPyR_events2samps_2017.csv",
                "gdelt/gdelt2_events_PAK_AFG_subset_61col.tsv",
                "comtrade/comtrade_legacy_2017_totals_vs_world_asheshwor.csv",
                "comtrade/comtradeplus_api_CHN_imports_from_USA_HS8542_laureleallen.csv")

CORNERS = (
    Event(title="طورخم سرحد دوبارہ کھول دی گئی", start=dt.date(2025, 11, 2), type="border",
          countries=("PAK", "AFG"), origin_dataset="parity", origin_id="urdu"),
    Event(title="د تورخم لاره بیا پرانیستل شوه", start=dt.date(2025, 11, 3), type="border",
          summary="سوداګري بیا پیل شوه", countries=("AFG",), origin_dataset="parity",
          origin_id="pashto"),
    Event(title="Talks in Türkiye reported by Hürriyet", start=dt.date(2025, 11, 2),
          type="talks", countries=("TUR", "PAK", "AFG"),
          actors=(ActorRef("Hakan Fidan", "mediator", "person", "TUR"),),
          sources=(Source("Hürriyet", "https://example.org/h", "Istanbul round"),),
          origin_dataset="parity", origin_id="turkiye"),
    Event(title="apple talks", start=dt.date(2025, 11, 2), type="talks",
          sources=(Source("Undated outlet"),), origin_dataset="parity", origin_id="lower"),
    Event(title="Apple talks", start=dt.date(2025, 11, 2), type="talks",
          summary="Gunfire near the gate; border-crossing shut", tags=("torkham", "gunfire"),
          origin_dataset="parity", origin_id="upper"),
    Event(title="Zebra talks", start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31),
          type="talks", origin_dataset="parity", origin_id="long"),
)

WINDOWS = (None, TimeWindow(dt.date(2017, 5, 1), dt.date(2017, 7, 31)),
           TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
           TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 1, 31)))
FILTERS = (Filter(), Filter(countries=("AFG",)), Filter(types=("talks", "border")),
           Filter(search="torkham"), Filter(countries=("PAK",), search="kabul* OR police"),
           Filter(precisions=("approximate",)), Filter(tags=("torkham",)),
           Filter(outlets=("Dawn",)), Filter(actors=("Taliban",)))
QUERIES = ("torkham", "Torkham closure", '"doha ceasefire"', "kabul*", "cease* OR truce",
           "torkham NOT gunfire", "title:gunfire", "summary:gunfire", "tags:torkham",
           "actors:muttaqi", "sources:dawn", "hurriyet", "turkiye", "Türkiye", "متقی",
           "طورخم", "تورخم", "سوداګري", "پرانی*", '"دوبارہ کھول"', "border-crossing",
           "(kabul OR islamabad) AND talks", "police", "pakistan afghanistan", "protest*",
           "title:\"apple talks\"", "zebra", "apple")


def _fill(service: StoreService) -> None:
    from viewer.io.importers.runner import import_file

    if SHARED.is_dir():
        for name in SHARED_FILES:
            report = import_file(service, SHARED / name, skip_bad_rows=True)
            assert report.ok, report.lines()
    with service.write() as conn:
        EventWriter(conn).add_all(CORNERS)
    service.save_view(SavedView("Doha", WINDOWS[2], FILTERS[4], "country", is_startup=True))
    service.save_view(SavedView("All", None, Filter()))


@pytest.fixture(scope="module")
def both(_sample_template, _pg_sample_template, pg_databases, tmp_path_factory):
    """(SQLite, PostgreSQL) services over the same rows."""
    path = copy_sqlite(_sample_template, tmp_path_factory.mktemp("parity") / "p.sqlite")
    url = pg_databases.create(template=_pg_sample_template)
    lite, pg = StoreService.open(path), StoreService.open(url)
    _fill(lite)
    _fill(pg)
    yield lite, pg
    lite.close()
    pg.close()
    pg_databases.drop(url)


def same(both, call):
    lite, pg = both
    a, b = call(lite), call(pg)
    assert a == b
    return a


def test_info_counts_and_ranges(both):
    def facts(s):
        info = s.info()
        return dataclasses.replace(info, url="", read_only_reason=None)

    info = same(both, facts)
    assert info.events.count > 20
    same(both, lambda s: s.change_counter())
    same(both, lambda s: s.eras())
    same(both, lambda s: s.actors())
    same(both, lambda s: s.annotations())


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("flt", FILTERS)
def test_views_of_events(both, window, flt):
    n = same(both, lambda s: s.count_events(window, flt))
    found = same(both, lambda s: s.events(window, flt))
    assert len(found) == n
    same(both, lambda s: s.count_by_type(window, flt))
    same(both, lambda s: [e for part in s.iter_events(window, flt, chunk=97) for e in part])


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("flt", [Filter(), Filter(search="talks"), Filter(countries=("AFG",))])
def test_table_pages(both, key, descending, flt):
    for window in WINDOWS[:3]:
        first = same(both, lambda s, w=window: s.events_page(w, flt, key, descending, 0, 50))
        same(both, lambda s, w=window: s.events_page(w, flt, key, descending, 50, 50))
        if first:
            assert len(first) == min(50, same(both, lambda s, w=window: s.count_events(w, flt)))


@pytest.mark.parametrize("query", QUERIES)
def test_search_hits_and_order(both, query):
    ranked = same(both, lambda s: s.search(query, 200))
    same(both, lambda s: sorted(s.search(query, None, ranked=False)))
    same(both, lambda s: s.search(query, 20, rank_at_most=5))
    if query in ("torkham", "kabul*", "hurriyet", "turkiye", "متقی", "tags:torkham"):
        assert ranked


def test_search_finds_the_corners_on_both(both):
    for query, origin in (("hurriyet", "turkiye"), ("turkiye", "turkiye"),
                          ("Türkiye", "turkiye"), ("طورخم", "urdu"), ("پرانی*", "pashto"),
                          ("summary:gunfire", "upper"), ("title:\"apple talks\"", "lower")):
        for s in both:
            hit = s.event_by_origin("parity", origin)
            assert hit.id in s.search(query), (s.dialect, query)


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("flt", FILTERS)
def test_facet_counts(both, window, flt):
    same(both, lambda s: s.facet_counts(window, flt))


@pytest.mark.parametrize("lane_key", ["type", "country", "actor", "source"])
@pytest.mark.parametrize("flt", FILTERS[:4])
def test_drawing_arrays(both, lane_key, flt):
    lite, pg = both
    a, b = lite.timeline_arrays(flt, lane_key), pg.timeline_arrays(flt, lane_key)
    assert a.lanes == b.lanes
    for name in ("ids", "start", "end", "type_index", "lane", "precision", "has_end"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    da, db = lite.event_days(flt), pg.event_days(flt)
    assert np.array_equal(da[0], db[0]) and np.array_equal(da[1], db[1])


def test_trade_series_and_figures(both):
    series = same(both, lambda s: s.trade_series())
    assert SeriesKey("PAK", "AFG", "export") in {i.key.any_coverage() for i in series}
    lite, pg = both
    for info in series:
        a, b = lite.trade_arrays(info.key), pg.trade_arrays(info.key)
        for name in ("ids", "start", "end", "value", "kind"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), (info.key, name)
    same(both, lambda s: s.trade_figures())
    same(both, lambda s: s.trade_figures(reporter="PAK", partner="AFG", window=WINDOWS[2]))
    same(both, lambda s: s.trade_reporters())
    for reporter in (None, "PAK", "CHN"):
        same(both, lambda s, r=reporter: s.trade_dimensions(r))
    same(both, lambda s: s.trade_dimensions("PAK", "AFG"))


def test_trade_figures_with_several_sources_and_restatements(both):
    every = same(both, lambda s: s.trade_figures(reporter="PAK", partner="AFG"))
    latest = same(both, lambda s: s.trade_figures(reporter="PAK", partner="AFG",
                                                 include_superseded=False))
    restated = [f for f in every if f.superseded]
    assert len(restated) == 2 and len(latest) == len(every) - 2
    assert max(len(f.sources) for f in every) >= 2
    assert {f.coverage for f in every} == set(Coverage)


def test_event_detail_titles_and_lookups(both):
    lite, pg = both
    ids = [e.id for e in lite.events(WINDOWS[2])]
    assert ids == [e.id for e in pg.events(WINDOWS[2])]

    def detail(s, i):
        d = s.event_detail(i)
        batch = d.batch and dataclasses.replace(d.batch, imported_at=None)
        return dataclasses.replace(d, created_at=None, updated_at=None, batch=batch)

    for i in ids:
        same(both, lambda s, i=i: detail(s, i))
    same(both, lambda s: s.event_titles(ids))
    same(both, lambda s: s.events_by_id(ids[::3]))
    assert same(both, lambda s: s.event_detail(10**9)) is None


def test_saved_views(both):
    views = same(both, lambda s: s.saved_views())
    assert [v.name for v in views] == ["Doha", "All"]
    same(both, lambda s: s.startup_view())


def test_exports_write_the_same_files(both, tmp_path):
    from openpyxl import load_workbook

    from viewer.io.export.csv_export import write_events_csv, write_trade_csv
    from viewer.io.export.workbook import write_workbook

    outputs = []
    for s in both:
        folder = tmp_path / s.dialect
        folder.mkdir()
        write_events_csv(s, folder / "e.csv", WINDOWS[2], FILTERS[4])
        write_trade_csv(s, folder / "t.csv", WINDOWS[2])
        write_workbook(s, folder / "b.xlsx", WINDOWS[2], Filter(search="torkham OR kabul"))
        wb = load_workbook(folder / "b.xlsx", read_only=True)
        sheets = {ws.title: [row for row in ws.iter_rows(values_only=True)]
                  for ws in wb.worksheets if ws.title != "Summary"}
        wb.close()
        outputs.append(((folder / "e.csv").read_bytes(), (folder / "t.csv").read_bytes(), sheets))
    assert outputs[0] == outputs[1]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["kabul", "Torkham", "border", "AND", "OR", "NOT", "(", ")",
                                 '"', "*", "title:", "summary:", "tags:", "متقی", "Türkiye",
                                 "pakistan", "-", "talks", "police*"]),
                max_size=10).map(" ".join))
def test_any_search_text_gets_the_same_answer_on_both(both, text):
    answers = []
    for s in both:
        try:
            answers.append(s.search(text, 50))
        except SearchSyntaxError as exc:
            answers.append(("refused", exc.detail))
    assert answers[0] == answers[1]
