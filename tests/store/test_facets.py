"""Facet counts and combined filters, checked against the sample CSV files read directly."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import sample_rows
from viewer.domain.model import Filter, TimeWindow

Y2025 = TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def store(service):
    """The sample store on each backend: a private copy per test (tests/conftest.py)."""
    return service


def counts(values) -> dict[str, int]:
    return {v.value: v.count for v in values}


def test_whole_store_counts(store):
    f = store.facet_counts(None, Filter())
    every = sample_rows.events()
    assert counts(f["countries"]) == sample_rows.tally(every, "countries")
    assert counts(f["precisions"]) == sample_rows.tally(every, "precision")
    assert counts(f["types"]) == sample_rows.tally(every, "type")
    assert counts(f["tags"]) == sample_rows.tally(every, "tags")
    assert counts(f["types"])["border"] > 0 and counts(f["tags"])["torkham"] > 0
    assert sum(counts(f["types"]).values()) == sample_rows.count("events.csv")


def test_country_type_and_window_combined(store):
    flt = Filter(countries=("AFG",), types=("talks",))
    afghan = sample_rows.events_in(Y2025.start, Y2025.end, lambda e: "AFG" in e.countries)
    talks = [e for e in afghan if e.type == "talks"]
    found = {e.origin_id for e in store.events(Y2025, flt)}
    # The three 2025 rounds (Beijing, Kabul, Istanbul) are among them.
    assert {"2025-05-21-beijing-trilateral", "2025-08-20-trilateral-kabul",
            "2025-10-25-istanbul-talks"} <= found
    assert found == {e.event_id for e in talks}
    assert store.count_events(Y2025, flt) == len(talks)
    f = store.facet_counts(Y2025, flt)
    # A facet is counted without its own choice, so the other types stay visible.
    assert counts(f["types"]) == sample_rows.tally(afghan, "type")
    assert len(counts(f["types"])) > 1
    # Other facets count the chosen talks only.
    assert counts(f["countries"]) == sample_rows.tally(talks, "countries")


def test_chosen_values_stay_listed_with_zero(store):
    f = store.facet_counts(Y2025, Filter(tags=("no-such-tag",)))
    assert counts(f["tags"])["no-such-tag"] == 0
    assert store.count_events(Y2025, Filter(tags=("no-such-tag",))) == 0


def test_search_narrows_facets(store):
    f = store.facet_counts(None, Filter(search="torkham"))
    torkham = sample_rows.mentioning("torkham")
    assert 0 < len(torkham) < sample_rows.count("events.csv")
    assert counts(f["types"]) == sample_rows.tally(torkham, "type")


def test_actor_and_outlet_counts_are_per_event(store):
    f = store.facet_counts(None, Filter())
    every = sample_rows.events()
    dar = sample_rows.tally(every, "actors")["Ishaq Dar"]
    assert counts(f["actors"])["Ishaq Dar"] == dar > 1  # the UAP railway signing among them
    outlet = {r["source_id"]: r["outlet"] for r in sample_rows.csv_rows("sources.csv")}
    dawn = sum(1 for e in every if "Dawn" in {outlet[s] for s in e.sources})
    assert counts(f["outlets"])["Dawn"] == dawn > 1


def test_whole_store_counts_follow_writes(store):
    import datetime as dt

    from viewer.domain.model import Event
    from viewer.store.writer import EventWriter

    qatar = counts(store.facet_counts(None, Filter())["countries"])["QAT"]
    talks = counts(store.facet_counts(None, Filter())["types"])["talks"]
    assert qatar == sample_rows.tally(sample_rows.events(), "countries")["QAT"]
    with store.write() as conn:
        EventWriter(conn).add_all([Event(
            title="Qatar hosts a round", start=dt.date(2025, 11, 5), type="talks",
            countries=("QAT",), origin_dataset="t", origin_id="q")])
    f = store.facet_counts(None, Filter())
    assert counts(f["countries"])["QAT"] == qatar + 1
    assert counts(f["types"])["talks"] == talks + 1


def test_precision_filter_narrows_type_counts(store):
    f = store.facet_counts(None, Filter(precisions=("approximate",)))
    every = sample_rows.events()
    approximate = [e for e in every if e.precision == "approximate"]
    # The 1 June 2025 call is dated to the day; the October 2025 closures are not.
    assert "2025-10-11-crossings-closed" in {e.event_id for e in approximate}
    assert counts(f["types"]) == sample_rows.tally(approximate, "type")
    assert counts(f["precisions"]) == sample_rows.tally(every, "precision")


def test_the_columns_read_a_range_of_events_at_a_time_as_whole(store, monkeypatch):
    """Read four events at a time (the sample is nine such ranges, some with no links of
    a kind), the facet columns are exactly the ones read in one range, and the counts are
    the CSV files' own."""
    from viewer.store import facet_columns

    def read():  # noqa: ANN202
        with store._reading() as conn:  # noqa: SLF001
            return facet_columns.load_arrays(conn)

    whole = read()
    monkeypatch.setattr(facet_columns, "CHUNK_EVENTS", 4)
    ranged = read()
    for field in ("ids", "start", "last"):
        assert getattr(ranged, field).tolist() == getattr(whole, field).tolist()
    assert ranged.facets.keys() == whole.facets.keys()
    for name, coded in whole.facets.items():
        got = ranged.facets[name]
        assert got.values == coded.values, name
        assert got.codes.tolist() == coded.codes.tolist(), name
        assert (got.events is None) == (coded.events is None), name
        if coded.events is not None:
            assert got.events.tolist() == coded.events.tolist(), name
    store._facets = None  # noqa: SLF001 - count from the ranged read
    f = store.facet_counts(None, Filter())
    every = sample_rows.events()
    assert counts(f["countries"]) == sample_rows.tally(every, "countries")
    assert counts(f["types"]) == sample_rows.tally(every, "type")
