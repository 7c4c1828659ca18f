"""Stores for the export tests, on SQLite and on PostgreSQL: the sample data, and events
with hostile text."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import sample_event
from viewer.domain.model import Event
from viewer.store.service import StoreService


@pytest.fixture
def sample_store(service: StoreService) -> StoreService:
    """The sample store on the test's backend (tests/conftest.py)."""
    return service


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """Build an event on day i of 2024; keyword arguments override fields."""
    return sample_event


@pytest.fixture
def sheet_xml() -> Callable[[Path], dict[str, str]]:
    """Read every worksheet's XML of an xlsx, by part name."""
    def read(path: Path) -> dict[str, str]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist()
                    if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    return read
