"""Stores for the export tests, on SQLite and on PostgreSQL: the sample data, and events
with hostile text."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from viewer.domain.model import ActorRef, Event, Source
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter


@pytest.fixture
def sample_store(service: StoreService) -> StoreService:
    """The sample store on the test's backend (tests/conftest.py)."""
    return service


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
def make_store(backend: str, request: pytest.FixtureRequest,
               tmp_path: Path) -> Iterable[Callable[[list[Event]], StoreService]]:
    """New stores on the test's backend, holding the given events."""
    opened: list[StoreService] = []
    databases = request.getfixturevalue("pg_databases") if backend == "postgresql" else None
    urls: list[str] = []

    def make(events: list[Event]) -> StoreService:
        if databases is None:
            target = str(tmp_path / f"s{len(opened)}.sqlite")
        else:
            target = databases.create()
            urls.append(target)
        store = StoreService.open(target, create=True)
        opened.append(store)
        with store.write() as conn:
            EventWriter(conn).add_all(events)
        return store

    yield make
    for store in opened:
        store.close()
    for url in urls:
        databases.drop(url)


@pytest.fixture
def sheet_xml() -> Callable[[Path], dict[str, str]]:
    """Read every worksheet's XML of an xlsx, by part name."""
    def read(path: Path) -> dict[str, str]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist()
                    if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    return read
