"""Stores for the export tests: the sample data, and events with hostile text."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from viewer.domain.model import ActorRef, Event, Source
from viewer.store import Store, open_store
from viewer.store.writer import EventWriter


@pytest.fixture
def sample_store(tmp_path) -> Iterable[Store]:
    from viewer.io.default_store import create_store

    store = create_store(str(tmp_path / "sample.sqlite"), empty=False)
    yield store
    store.close()


def _event(i: int, title: str = "", **kw) -> Event:
    """An event on day i of 2024, with one source."""
    defaults = dict(
        title=title or f"Event {i}", start=dt.date(2024, 1, 1) + dt.timedelta(days=i),
        type="talks", countries=("PAK", "AFG"),
        actors=(ActorRef("Government of Pakistan", "primary", "government", "PAK",
                         "حکومت پاکستان"),),
        sources=(Source("Dawn", f"https://dawn.example/{i}", f"Report {i}",
                        dt.date(2024, 1, 2)),),
        origin_dataset="test", origin_id=f"e{i}")
    defaults.update(kw)
    return Event(**defaults)


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """Build an event on day i of 2024; keyword arguments override fields."""
    return _event


@pytest.fixture
def make_store(tmp_path) -> Iterable[Callable[[list[Event]], Store]]:
    opened: list[Store] = []

    def make(events: list[Event]) -> Store:
        store = open_store(tmp_path / f"s{len(opened)}.sqlite", create=True)
        opened.append(store)
        with store.begin() as conn:
            EventWriter(conn).add_all(events)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def sheet_xml() -> Callable[[Path], dict[str, str]]:
    """Read every worksheet's XML of an xlsx, by part name."""
    def read(path: Path) -> dict[str, str]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist()
                    if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    return read
