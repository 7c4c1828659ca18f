"""The sample dataset read straight from its CSV files with the `csv` module: what a store
built from it must hold, worked out without the loader, the store or the service, so a
test comparing the two can fail and does not change when a sourced row is added."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from viewer.paths import sample_data_dir

_WORD = re.compile(r"\w+")
# The files in the source tree, which a wheel or bundle must carry whole.
SOURCE_TREE = Path(__file__).resolve().parent.parent / "viewer" / "sample_data"


def csv_rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    """The rows of one sample file (in the folder stores are filled from, or `folder`), as
    the csv module reads them."""
    with ((folder or sample_data_dir()) / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _items(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(";") if x.strip())


@dataclass(frozen=True)
class SampleEvent:
    """One row of events.csv."""

    event_id: str
    start: dt.date
    end: dt.date | None
    precision: str
    type: str
    title: str
    summary: str
    location: str
    latitude: float | None
    longitude: float | None
    countries: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]  # (role, name)
    tags: tuple[str, ...]
    sources: tuple[str, ...]

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """True when [start, end or start] meets the inclusive window [start, end]."""
        return self.start <= end and (self.end or self.start) >= start

    def words(self) -> set[str]:
        """The lower-case words of what search reads: title, summary, actors, the cited
        sources' outlets and titles, and tags."""
        names = {r["name"]: r for r in csv_rows("actors.csv")}
        by_id = {r["source_id"]: r for r in csv_rows("sources.csv")}
        text = [self.title, self.summary, *self.tags]
        for _role, name in self.actors:
            text += [name, names[name]["native_name"]]
        for sid in self.sources:
            text += [by_id[sid]["outlet"], by_id[sid]["title"]]
        return {w for t in text for w in _WORD.findall(t.lower())}


def _event(row: dict[str, str]) -> SampleEvent:
    def number(field: str) -> float | None:
        return float(row[field]) if row[field].strip() else None

    return SampleEvent(
        event_id=row["event_id"], start=dt.date.fromisoformat(row["start_date"]),
        end=dt.date.fromisoformat(row["end_date"]) if row["end_date"] else None,
        precision=row["precision"], type=row["type"], title=row["title"],
        summary=row["summary"], location=row["location"], latitude=number("latitude"),
        longitude=number("longitude"), countries=_items(row["countries"]),
        actors=tuple(tuple(a.split(":", 1)) for a in _items(row["actors"])),
        tags=_items(row["tags"]), sources=_items(row["sources"]))


@cache
def events() -> tuple[SampleEvent, ...]:
    """Every row of events.csv."""
    return tuple(_event(r) for r in csv_rows("events.csv"))


def events_in(start: dt.date, end: dt.date, where: Callable[[SampleEvent], bool] | None = None,
              ) -> list[SampleEvent]:
    """The sample events overlapping the inclusive window (and passing `where`)."""
    return [e for e in events() if e.overlaps(start, end) and (where is None or where(e))]


def events_of_year(year: int) -> list[SampleEvent]:
    """The sample events overlapping one calendar year."""
    return events_in(dt.date(year, 1, 1), dt.date(year, 12, 31))


def mentioning(word: str, among: Iterable[SampleEvent] | None = None) -> list[SampleEvent]:
    """The events a one-word search finds: the word among the words search reads."""
    return [e for e in (events() if among is None else among) if word.lower() in e.words()]


def tally(among: Iterable[SampleEvent], field: str) -> Counter[str]:
    """How many events hold each value of a field (each value once per event)."""
    counts: Counter[str] = Counter()
    for e in among:
        value = getattr(e, field)
        if field == "actors":
            value = {name for _role, name in value}
        counts.update(set(value) if isinstance(value, tuple | set) else {value})
    return counts


def figures(reporter: str, partner: str, flow: str, commodity: str = "TOTAL",
            ) -> list[dict[str, str]]:
    """The rows of trade_figures.csv of one reporter, partner, flow and commodity (every
    coverage, restated first reports included)."""
    return [r for r in csv_rows("trade_figures.csv")
            if (r["reporter"], r["partner"], r["flow"], r["commodity_code"])
            == (reporter, partner, flow, commodity)]


def count(name: str, folder: Path | None = None) -> int:
    """The number of rows of one sample file (events.csv, sources.csv, …)."""
    return len(csv_rows(name, folder))


def path(name: str) -> Path:
    """Where one sample file is."""
    return sample_data_dir() / name
