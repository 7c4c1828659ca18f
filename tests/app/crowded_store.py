"""A store with many actors (invented for tests): the sample plus events that name 150 actors.

The timeline must stay readable when lanes run into the hundreds (after a GDELT import);
these events give every lane key many values. Nothing here goes into the sample data.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from viewer.domain.model import ActorRef, Event, Source
from viewer.domain.taxonomy import EVENT_TYPES

NATIVE = ("حکومت", "وزارت", "شورا", "کمیسیون", "ادارہ")
OUTLETS = ("Dawn", "Tolo News", "Pajhwok", "The News", "Ariana News", "Express Tribune",
           "BBC Urdu", "Reuters", "AFP", "Al Jazeera")


def crowded_events(actors: int = 150, events: int = 600, seed: int = 7) -> list[Event]:
    """Events 2016-2025, each naming one to three of `actors` invented actors."""
    rng = random.Random(seed)
    people = []
    for i in range(actors):
        country = ("PAK", "AFG", "IRN", "CHN", "USA")[i % 5]
        native = f"{NATIVE[i % len(NATIVE)]} {i}" if i % 3 == 0 else None
        people.append(ActorRef(f"Test actor {i:03d} of {country}", "participant",
                               "organisation", country, native))
    start = dt.date(2016, 1, 1)
    out = []
    for n in range(events):
        day = start + dt.timedelta(days=rng.randrange(0, 3650))
        chosen = tuple(dict.fromkeys(rng.choice(people) for _ in range(rng.randint(1, 3))))
        kind = EVENT_TYPES[n % len(EVENT_TYPES)].code
        outlet = OUTLETS[n % len(OUTLETS)]
        out.append(Event(
            title=f"Crowded test event {n}", start=day, type=kind,
            countries=tuple(dict.fromkeys(a.country for a in chosen if a.country)),
            actors=chosen,
            sources=(Source(outlet, f"https://example.org/crowded/{n}", f"Report {n}", day),),
            origin_dataset="crowded-test", origin_id=f"c{n}"))
    return out


def add_crowd(target: str | Path, actors: int = 150, events: int = 600) -> None:
    """Write the crowded events into an existing store."""
    from viewer.store.service import StoreService
    from viewer.store.writer import EventWriter

    store = StoreService.open(target)
    try:
        with store.write() as conn:
            EventWriter(conn).add_all(crowded_events(actors, events))
        store.rebuild_search_index()
    finally:
        store.close()
