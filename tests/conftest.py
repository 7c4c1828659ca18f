"""Shared fixtures: stores built from the real sample dataset in data/, one per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store, built once per session; tests get their own copy."""
    from viewer.io.default_store import create_store

    path = tmp_path_factory.mktemp("template") / "sample.sqlite"
    create_store(str(path), empty=False).close()
    return path


@pytest.fixture
def sample_store_path(_sample_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store (SQLite backup API, not a file copy)."""
    import sqlite3

    target = tmp_path / "sample.sqlite"
    src, dst = sqlite3.connect(_sample_template), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def sample_store(sample_store_path: Path):
    """The sample store, open; closed after the test."""
    from viewer.store import open_store

    store = open_store(sample_store_path)
    yield store
    store.close()


@pytest.fixture
def shared_data() -> Path:
    """The real public sample files in ../shared/data; the test skips without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
