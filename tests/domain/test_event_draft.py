"""The event editor's fields: read back into an event, or refused with a reason each."""

from __future__ import annotations

import dataclasses
import datetime as dt

from viewer.domain.event_draft import EventDraft, check, draft_of
from viewer.domain.model import ActorRef, Event, Precision, Source

EVENT = Event("Dar–Muttaqi call", dt.date(2024, 3, 16), "call", Precision.DAY,
              summary="Congratulations and an invitation.", location="Islamabad",
              latitude=33.6844, longitude=73.0479, countries=("AFG", "PAK"),
              actors=(ActorRef("Ishaq Dar", "primary"), ActorRef("Amir Khan Muttaqi",
                                                                  "counterpart")),
              tags=("call", "refugees"),
              sources=(Source("MENAFN", "https://menafn.com/x", "A report"),
                       Source("Dawn", None, "Print edition"), Source("APP")),
              origin_dataset="sample", origin_id="x", id=7, note="Check the date")


def test_a_stored_event_comes_back_whole_through_the_editor():
    event, errors = check(draft_of(EVENT), EVENT)
    assert errors == {} and event == EVENT


def test_each_bad_field_says_why():
    bad = dataclasses.replace(
        draft_of(EVENT), title=" ", end=dt.date(2024, 3, 1), latitude="95", longitude="abc",
        countries="Pakistan, Narnia, uk", sources="https://no-outlet.example\nDawn | htp:/x")
    event, errors = check(bad, EVENT)
    assert event is None
    assert errors["title"] == "a title is needed"
    assert errors["end"].startswith("ends before it starts")
    assert errors["latitude"] == "must be between -90 and 90"
    assert errors["longitude"] == "not a number: 'abc'"
    assert errors["countries"] == "unknown country: Narnia"
    assert "not a web address" in errors["sources"]


def test_names_and_codes_of_countries_and_plain_lines_read():
    draft = EventDraft(title="Talks", type="talks", start=dt.date(2025, 10, 25),
                       countries="Türkiye, pk, Afghanistan, PAK", actors="Hakan Fidan\n"
                       "mediator: Qatar", tags="talks, talks, istanbul")
    event, errors = check(draft)
    assert errors == {}
    assert event.countries == ("TUR", "PAK", "AFG")
    assert event.actors == (ActorRef("Hakan Fidan", "participant"), ActorRef("Qatar",
                                                                              "mediator"))
    assert event.tags == ("talks", "istanbul") and event.latitude is None


def test_a_named_actor_is_the_known_one_with_its_country_and_native_name():
    known = (ActorRef("Ishaq Dar", "participant", "person", "PAK", "اسحاق ڈار"),)
    draft = EventDraft(title="Call", type="call", start=dt.date(2024, 3, 16),
                       actors="primary: ishaq dar\ncounterpart: Someone New")
    event, errors = check(draft, known_actors=known)
    assert errors == {}
    assert event.actors == (ActorRef("Ishaq Dar", "primary", "person", "PAK", "اسحاق ڈار"),
                            ActorRef("Someone New", "counterpart"))
