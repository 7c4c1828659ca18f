"""Sources, actors and eras edited by hand on both backends: versions, history, search,
and rows in use kept."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.edits import EditConflict
from viewer.domain.reference_rows import check_row
from viewer.store.engine import StoreError


def test_an_actor_gets_its_native_name_and_the_events_find_it(service):
    dar = next(r for r in service.reference_rows("actor") if r.values["name"] == "Ishaq Dar")
    values, errors = check_row("actor", {**dar.values, "native_name": "اسحاق ڈار",
                                         "country_iso3": "Pakistan"})
    assert errors == {} and values["country_iso3"] == "PAK"
    stored = service.reference_row("actor", dar.id)
    assert stored.uses > 0
    after = service.update_reference_row("actor", dar.id, {**values, "name": "Mohammad Ishaq Dar"},
                                         stored.version)
    assert after.version == stored.version + 1
    assert service.search('actors:"mohammad ishaq"')  # the citing events were re-indexed
    (change,) = [c for c in service.history("actor", dar.id) if c.action == "edited"]
    assert change.old["name"] == "Ishaq Dar" and change.new["name"] == "Mohammad Ishaq Dar"
    with pytest.raises(EditConflict):
        service.update_reference_row("actor", dar.id, values, stored.version)
    with pytest.raises(StoreError, match="cited by"):
        service.delete_reference_row("actor", dar.id, after.version)


def test_an_era_round_trip_and_checks(service):
    values, errors = check_row("era", {"name": "Talks in Istanbul", "start_date":
                                       dt.date(2025, 10, 25), "end_date": dt.date(2025, 10, 1),
                                       "color": "blue"})
    assert errors == {"end_date": "ends before it starts", "color": "a colour as #rrggbb"}
    values, errors = check_row("era", {"name": "Talks in Istanbul", "start_date":
                                       dt.date(2025, 10, 25), "end_date": dt.date(2025, 11, 7),
                                       "color": "#66c2a5"})
    era = service.create_reference_row("era", values)
    assert "Talks in Istanbul" in [e.name for e in service.eras()]
    deleted = service.delete_reference_row("era", era.id, era.version)
    assert "Talks in Istanbul" not in [e.name for e in service.eras()]
    assert service.restore_reference_row(deleted).values["name"] == "Talks in Istanbul"


def test_a_source_link_is_checked(service):
    source = service.reference_rows("source")[0]
    _values, errors = check_row("source", {**source.values, "url": "htp:/broken"})
    assert errors == {"url": "not a web address (http:// or https://…)"}
