"""Facet counts and combined filters, checked by hand against the sample data."""

from __future__ import annotations

import datetime as dt

import pytest

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
    assert counts(f["countries"]) == {"AFG": 29, "PAK": 28, "CHN": 3, "QAT": 2, "TUR": 2,
                                        "UZB": 1}
    assert counts(f["precisions"]) == {"day": 24, "approximate": 5}
    assert counts(f["types"])["border"] == 8
    assert counts(f["tags"])["torkham"] == 8
    assert sum(counts(f["types"]).values()) == 29


def test_country_type_and_window_combined(store):
    # 2025 has 18 events, all involving Afghanistan: 3 talks (Beijing, Kabul, Istanbul);
    # 4 agreements (the UAP railway framework among them), 4 border events (the Torkham
    # reopening, the October crossing closures and the transit-cargo suspension besides).
    flt = Filter(countries=("AFG",), types=("talks",))
    found = {e.origin_id for e in store.events(Y2025, flt)}
    assert found == {"2025-05-21-beijing-trilateral", "2025-08-20-trilateral-kabul",
                     "2025-10-25-istanbul-talks"}
    assert store.count_events(Y2025, flt) == 3
    f = store.facet_counts(Y2025, flt)
    # A facet is counted without its own choice, so the other types stay visible.
    assert counts(f["types"]) == {"talks": 3, "agreement": 4, "visit": 2, "call": 2,
                                  "strike": 1, "diplomatic_status": 1, "border": 4,
                                  "armed_clash": 1}
    # Other facets count the chosen talks only.
    assert counts(f["countries"]) == {"AFG": 3, "PAK": 3, "CHN": 2, "TUR": 1, "QAT": 1}


def test_chosen_values_stay_listed_with_zero(store):
    f = store.facet_counts(Y2025, Filter(tags=("no-such-tag",)))
    assert counts(f["tags"])["no-such-tag"] == 0
    assert store.count_events(Y2025, Filter(tags=("no-such-tag",))) == 0


def test_search_narrows_facets(store):
    f = store.facet_counts(None, Filter(search="torkham"))
    assert sum(counts(f["types"]).values()) == 8
    assert counts(f["types"])["border"] == 7


def test_actor_and_outlet_counts_are_per_event(store):
    f = store.facet_counts(None, Filter())
    assert counts(f["actors"])["Ishaq Dar"] == 9  # the UAP railway signing among them
    assert counts(f["outlets"])["Dawn"] == 4


def test_whole_store_counts_follow_writes(store):
    import datetime as dt

    from viewer.domain.model import Event
    from viewer.store.writer import EventWriter

    assert counts(store.facet_counts(None, Filter())["countries"])["QAT"] == 2
    with store.write() as conn:
        EventWriter(conn).add_all([Event(
            title="Qatar hosts a round", start=dt.date(2025, 11, 5), type="talks",
            countries=("QAT",), origin_dataset="t", origin_id="q")])
    f = store.facet_counts(None, Filter())
    assert counts(f["countries"])["QAT"] == 3
    assert counts(f["types"])["talks"] == 5


def test_precision_filter_narrows_type_counts(store):
    f = store.facet_counts(None, Filter(precisions=("approximate",)))
    # The 1 June 2025 call is dated to the day; the October 2025 closures are not.
    assert counts(f["types"]) == {"border": 4, "visit": 1}
    assert counts(f["precisions"]) == {"day": 24, "approximate": 5}
