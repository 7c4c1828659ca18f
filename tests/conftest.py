"""Shared fixtures: stores built from the real sample dataset in data/, one per test, on
SQLite and on a real PostgreSQL server (`.ci/with-postgres` sets DESK_VIEWER_PG_URL)."""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from viewer.domain.model import Event
    from viewer.store.service import StoreService

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _own_user_folder(tmp_path_factory, monkeypatch) -> None:
    """Commands run without --db open the user's store: in tests, one of the test's own,
    never the officer's."""
    monkeypatch.setenv("DESK_VIEWER_HOME", str(tmp_path_factory.mktemp("user")))



@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Widgets a Qt test leaves behind go now, not in the middle of a paint.

    A pane shown by a test and held only by its own signal connections is garbage once
    the test returns. pytest-qt then processes events, which paints it; if Python's cycle
    collector happens to run inside that paint, it deletes the widget being painted and
    the painter's device goes with it (a segfault in pyqtgraph's `paint`, seen once in
    ~15 full runs and every time with MALLOC_PERTURB_). Collecting here, between the test
    and pytest-qt's event processing, deletes such widgets while nothing is painting."""
    result = yield
    if "qtbot" in item.fixturenames:
        gc.collect()
    return result


REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
PG_URL = os.environ.get("DESK_VIEWER_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class PostgresDatabases:
    """Databases made and dropped on the test server, each a fresh store or a copy."""

    _numbers = itertools.count(1)

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.admin = create_engine(self.url.set(database="postgres"),
                                   isolation_level="AUTOCOMMIT", poolclass=_null_pool())

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); returns its URL."""
        name = f"dv_{os.getpid()}_{next(self._numbers)}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"'
                                 + (f' TEMPLATE "{template}"' if template else ""))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" '
                                 "WITH (FORCE)")


def _null_pool():  # noqa: ANN202
    from sqlalchemy.pool import NullPool

    return NullPool


def require_postgres() -> str:
    """The test server's URL; fails in CI without one, skips elsewhere."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run with PostgreSQL (.ci/with-postgres sets DESK_VIEWER_PG_URL)")
        pytest.skip("no PostgreSQL server (DESK_VIEWER_PG_URL unset; run under .ci/with-postgres)")
    return PG_URL


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(require_postgres())
    yield databases
    databases.admin.dispose()


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store, built once per session; tests get their own copy."""
    from viewer.io.default_store import create_store

    path = tmp_path_factory.mktemp("template") / "sample.sqlite"
    create_store(str(path), empty=False).close()
    return path


@pytest.fixture(scope="session")
def _pg_sample_template(pg_databases: PostgresDatabases) -> Iterator[str]:
    """The sample store on the server, built once; tests get a database copied from it."""
    from sqlalchemy.engine import make_url

    from viewer.io.default_store import create_store

    url = pg_databases.create()
    create_store(url, empty=False).close()
    yield make_url(url).database
    pg_databases.drop(url)


@pytest.fixture
def sample_store_path(_sample_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store (SQLite backup API, not a file copy)."""
    from tests.helpers import copy_sqlite

    return copy_sqlite(_sample_template, tmp_path / "sample.sqlite")


@pytest.fixture
def sample_store(sample_store_path: Path):
    """The sample store on SQLite, open as a StoreService; closed after the test."""
    from viewer.store.service import StoreService

    service = StoreService.open(sample_store_path)
    yield service
    service.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test that asks for it runs on SQLite and on PostgreSQL."""
    return request.param


@pytest.fixture
def sample_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A private copy of the sample store on the test's backend: a path or a URL."""
    if backend == "sqlite":
        yield str(request.getfixturevalue("sample_store_path"))
        return
    databases: PostgresDatabases = request.getfixturevalue("pg_databases")
    url = databases.create(template=request.getfixturevalue("_pg_sample_template"))
    yield url
    databases.drop(url)


@pytest.fixture
def empty_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new, empty store goes on the test's backend (nothing created yet)."""
    if backend == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    databases: PostgresDatabases = request.getfixturevalue("pg_databases")
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture
def service(sample_target: str):
    """The sample store on the test's backend, open as a StoreService."""
    from viewer.store.service import StoreService

    opened = StoreService.open(sample_target)
    yield opened
    opened.close()


@pytest.fixture
def make_store(backend: str, request: pytest.FixtureRequest,
               tmp_path: Path) -> Iterable[Callable[[list[Event]], StoreService]]:
    """New stores on the test's backend, holding the given events."""
    from viewer.store.service import StoreService
    from viewer.store.writer import EventWriter

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
def shared_data() -> Path:
    """The real public sample files in ../shared/data; the test skips without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
