"""Opening a store: a SQLite path or any SQLAlchemy URL, checked, migrated, with pragmas.

Every failure becomes a `StoreError` whose message names the store and says what to
do; the file is never changed by a failed open (RELIABILITY #12–16).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# A full `PRAGMA quick_check` reads every page; above this size only the header,
# the page count and the schema are checked so that opening stays fast.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024


class StoreError(Exception):
    """A store cannot be opened or written; the message says which and what to do."""


class StoreLocked(StoreError):
    """Another program holds the store's lock; trying again later may work."""


# Tables every Desk Viewer store has had since its first schema: a database without them
# is someone else's, whatever else it holds (an alembic_version table included).
CORE_TABLES = frozenset({"event", "trade_figure", "import_batch", "source"})


@dataclass
class Store:
    """An open store: an engine plus what is known about how it may be used."""

    engine: Engine
    display: str
    read_only: bool = False
    read_only_reason: str | None = None
    revision: str | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def sqlite_path(self) -> Path | None:
        if self.dialect != "sqlite":
            return None
        database = self.engine.url.database or ""
        return Path(database.removeprefix("file:")) if database else None

    def session(self) -> Session:
        """A new ORM session; the caller closes it (use it as a context manager)."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: all or nothing. Refused on a read-only store."""
        self.require_writable()
        with self.engine.begin() as conn:
            yield conn

    def require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.display}: opened read-only ({self.read_only_reason})")

    def close(self) -> None:
        self.engine.dispose()


def is_url(target: str) -> bool:
    return "://" in target


def open_store(
    target: str | os.PathLike[str], *, create: bool = False, read_only: bool = False
) -> Store:
    """Open (or with `create`, create) the store at a path or SQLAlchemy URL, migrated to head."""
    text = os.fspath(target)
    if is_url(text):
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise StoreError(f"{text}: not a valid database URL ({exc})") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return _open_sqlite(Path(url.database), create=create, read_only=read_only)
        return _open_server(url, create=create, read_only=read_only)
    return _open_sqlite(Path(text).expanduser(), create=create, read_only=read_only)


def _open_server(url: URL, *, create: bool, read_only: bool) -> Store:
    display = url.render_as_string(hide_password=True)
    try:
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            _install_server_settings(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        hint = " (install desk-viewer[postgres])" if url.get_backend_name() == "postgresql" else ""
        raise StoreError(f"{display}: no database driver for this URL{hint}: {exc}") from None
    except DBAPIError as exc:
        raise StoreError(f"{display}: cannot connect: {_first_line(exc.orig)}") from None
    reason = "asked for read-only" if read_only else _role_cannot_write(engine)
    store = Store(engine, display, read_only=reason is not None, read_only_reason=reason)
    return _migrate(store, create=create)


def _install_server_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        # The panes' queries are short; JIT compilation, triggered by the cost estimates
        # of the links' sub-selects, took 223 of 266 ms of a table page at 1M events.
        cur = dbapi_conn.cursor()
        cur.execute("SET jit = off")
        cur.close()
        dbapi_conn.commit()


def _role_cannot_write(engine: Engine) -> str | None:
    """Why the database role may only read an existing store, or None when it may write."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        role, found = conn.execute(text(
            "SELECT current_user, to_regclass('event') IS NOT NULL")).one()
        if not found:
            return None  # a new store: creating it will say if the role may not
        writes = conn.scalar(text(
            "SELECT has_table_privilege('event', 'INSERT') "
            "AND has_table_privilege('event', 'UPDATE') "
            "AND (to_regclass('store_change') IS NULL "
            "     OR has_table_privilege('store_change', 'UPDATE'))"))
    return None if writes else f"the database role {role} may only read this store"


def _open_sqlite(path: Path, *, create: bool, read_only: bool) -> Store:
    path = path.absolute()
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{path}: folder {folder} does not exist")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise StoreError(f"{path}: no store here; create one with `viewer init --db {path}`")
    reason = "asked for read-only" if read_only else None
    file_writable = not path.exists() or _writable(path)
    if exists:
        tables = _check_sqlite_file(path)
        # Decided before any connection with our pragmas (WAL) touches the file: a refused
        # file is never changed.
        if not tables and not create:
            raise StoreError(f"{path}: empty database; create a store with `viewer init`")
        if tables and not CORE_TABLES <= tables:
            raise StoreError(f"{path}: not a Desk Viewer store (it has other tables: "
                             f"{', '.join(sorted(tables)[:5])})")
        if not file_writable:
            reason = "the file is read-only"
        elif not _writable(folder):
            reason = f"the folder {folder} is read-only"
    elif not _writable(folder):
        raise StoreError(f"{path}: cannot create a store, the folder {folder} is read-only")

    if reason:
        # immutable=1 when nobody can write the file: no lock or -shm file is needed.
        flags = "mode=ro&immutable=1" if not file_writable else "mode=ro"
        url = f"sqlite+pysqlite:///file:{path}?{flags}&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    journal = "DELETE" if _on_network_drive(path) else "WAL"
    engine = create_engine(url)
    _install_pragmas(engine, writable=reason is None, journal=journal)
    store = Store(engine, str(path), read_only=reason is not None, read_only_reason=reason)
    try:
        return _migrate(store, create=create)
    except DBAPIError as exc:
        store.close()
        if is_lock_error(exc.orig):
            raise StoreLocked(locked_message(path)) from None
        raise StoreError(f"{path}: cannot read the store: {_first_line(exc.orig)}") from None


def _writable(path: Path) -> bool:
    """Writable by us and meant to be: root passes os.access, so the mode bits count too."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def is_lock_error(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" / "busy", PostgreSQL's lock timeout."""
    text = str(exc).lower()
    return "locked" in text or "lock timeout" in text or "busy" in text


def locked_message(path: Path | str) -> str:
    """The store is locked: by whom when the system tells, and what to do."""
    from viewer.store.lock_holder import lock_holder

    holder = lock_holder(path)
    by = f" by {holder}" if holder else " by another officer or program"
    return f"{path}: the store is locked{by}; try again when it has finished"


def _check_sqlite_file(path: Path) -> frozenset[str]:
    """Refuse files that are not SQLite, truncated or corrupt, without writing to them;
    returns the names of the tables in it."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise StoreError(f"{path}: not a Desk Viewer store (not an SQLite database file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size = path.stat().st_size
    if page_size and pages and size < pages * page_size:
        raise StoreError(
            f"{path}: the database is truncated ({size:,} bytes of "
            f"{pages * page_size:,}); restore it from a backup"
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = frozenset(name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"))
            if size <= FULL_CHECK_MAX_BYTES:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise StoreError(
                        f"{path}: the database is corrupt ({result}); restore it from a backup"
                    )
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if is_lock_error(exc):
            raise StoreLocked(locked_message(path)) from None
        raise StoreError(
            f"{path}: the database is corrupt or not a database ({exc}); restore it from a backup"
        ) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: the database is corrupt or not a database ({exc}); restore it from a backup"
        ) from None
    return tables


def _install_pragmas(engine: Engine, *, writable: bool, journal: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if writable:
            cur.execute(f"PRAGMA journal_mode={journal}")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def _on_network_drive(path: Path) -> bool:
    """True on NFS/SMB and similar, where WAL is unsafe (RELIABILITY #16)."""
    forced = os.environ.get("DESK_VIEWER_JOURNAL", "").lower()
    if forced:
        return forced == "delete"
    from viewer.store.network_drive import on_network_drive

    return on_network_drive(path)


def _migrate(store: Store, *, create: bool) -> Store:
    from viewer.store.revisions import script_head, stored_revision

    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        stored = stored_revision(conn, tables)
    if stored is not None and stored == script_head():
        return _opened(store, stored)  # up to date: no need to load Alembic
    from viewer.store import migrate

    with store.engine.connect() as conn:
        current = migrate.current_revision(conn)
    if (current is None and tables - {"alembic_version"}) or \
            (current is not None and not CORE_TABLES <= tables):
        store.close()
        raise StoreError(
            f"{store.display}: not a Desk Viewer store (it has other tables: "
            f"{', '.join(sorted(tables)[:5])})"
        )
    if current is None and not create:
        store.close()
        raise StoreError(f"{store.display}: empty database; create a store with `viewer init`")
    head = migrate.head_revision()
    if current is not None and not migrate.is_known(current):
        store.read_only = True
        store.read_only_reason = (
            f"written by a newer Desk Viewer (schema {current}); upgrade the app to edit it"
        )
        store.revision = current
        return store
    if current != head:
        if store.read_only:
            store.close()
            raise StoreError(
                f"{store.display}: the store needs upgrading to schema {head} "
                f"but is read-only ({store.read_only_reason})"
            )
        migrate.upgrade(store.engine)
        log.info("migrated %s from %s to %s", store.display, current, head)
    return _opened(store, head)


def _opened(store: Store, revision: str) -> Store:
    store.revision = revision
    if not store.read_only:
        from viewer.store.reference import ensure_countries

        with store.engine.begin() as conn:
            ensure_countries(conn)
    return store


def _first_line(exc: BaseException | None) -> str:
    return str(exc).strip().splitlines()[0] if exc and str(exc).strip() else type(exc).__name__
