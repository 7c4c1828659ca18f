"""The store a command or the GUI opens: the one named by --db, or the user's own store,
created and filled with the sample dataset on first use."""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from pathlib import Path

from viewer.store.engine import Store

# A build file this old belongs to a run that was killed: no live build takes this long.
STALE_BUILD_SECONDS = 600
BUILD_SUFFIX = ".init-tmp"


def open_or_create_default(db: str | None, *, read_only: bool = False) -> Store:
    """Open the store named by --db, or the user's default store (created and filled once)."""
    from viewer.store import open_store

    if db:
        return open_store(db, read_only=read_only)
    from viewer.paths import default_store_path

    path = default_store_path()
    if path.exists() and path.stat().st_size > 0:
        return open_store(path, read_only=read_only)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_store(str(path), empty=False)


def create_store(db: str, *, empty: bool) -> Store:
    """Create (or open) a store and, unless empty, fill it with the sample data.

    A new SQLite file appears complete or not at all; an existing store or a database
    server gets the sample in one transaction.
    """
    path = _new_sqlite_file(db)
    if path is None:
        return _fill_in_place(db, empty=empty)
    return _build_then_rename(path, empty=empty)


def _new_sqlite_file(db: str) -> Path | None:
    """The path of a SQLite store that does not exist yet (an empty file counts as none)."""
    from sqlalchemy.engine import make_url

    from viewer.store.engine import is_url

    if is_url(db):
        url = make_url(db)
        if url.get_backend_name() != "sqlite" or not url.database or url.query:
            return None
        if url.database == ":memory:" or url.database.startswith("file:"):
            return None
        path = Path(url.database)
    else:
        path = Path(db).expanduser()
    path = path.absolute()
    if path.exists() and (not path.is_file() or path.stat().st_size > 0):
        return None
    return path


def _fill_in_place(db: str, *, empty: bool) -> Store:
    from viewer.io.sample import load_sample
    from viewer.store import open_store

    store = open_store(db, create=True)
    try:
        if not empty:
            load_sample(store)
    except BaseException:
        store.close()
        raise
    return store


def _build_then_rename(path: Path, *, empty: bool) -> Store:
    # Built beside the target so that the rename stays on one file system and is atomic.
    from viewer.store import StoreError, open_store

    if not path.parent.is_dir():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    _remove_stale_builds(path)
    build = path.with_name(f".{path.name}.{secrets.token_hex(6)}{BUILD_SUFFIX}")
    try:
        # Mode 0o666 less the umask, as SQLite itself would create it: a team store
        # on a shared drive must stay readable by colleagues.
        os.close(os.open(build, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create a store in {path.parent}: {exc.strerror}") from None
    try:
        _fill_in_place(str(build), empty=empty).close()
        _fold_journal(build)
        os.replace(build, path)
    except BaseException:
        _remove_build(build)
        raise
    return open_store(path)


def _fold_journal(build: Path) -> None:
    """Checkpoint and close so that the whole store is in the one file that is renamed."""
    conn = sqlite3.connect(build)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    left = [p.name for p in _companions(build) if p.exists()]
    if left:
        raise OSError(f"{build}: the store was still open ({', '.join(left)} remain)")


def _companions(build: Path) -> list[Path]:
    return [build.with_name(build.name + tail) for tail in ("-wal", "-shm", "-journal")]


def _remove_build(build: Path) -> None:
    for p in (build, *_companions(build)):
        p.unlink(missing_ok=True)


def _remove_stale_builds(path: Path) -> None:
    cutoff = time.time() - STALE_BUILD_SECONDS
    for build in path.parent.glob(f".{path.name}.*{BUILD_SUFFIX}"):
        try:
            if build.stat().st_mtime < cutoff:
                _remove_build(build)
        except OSError:
            continue  # another process removed or holds it; not ours to fight over
