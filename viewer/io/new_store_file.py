"""A new SQLite store file appears whole or not at all: it is built under a temporary name
beside the target and renamed into place once complete (RELIABILITY #23)."""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

# A build file this old belongs to a run that was killed: no live build takes this long.
STALE_BUILD_SECONDS = 600
BUILD_SUFFIX = ".init-tmp"


def new_sqlite_file(db: str) -> Path | None:
    """The path of a SQLite store that does not exist yet (an empty file counts as none);
    None for an existing store, a server URL or an in-memory database."""
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


def build_then_rename(path: Path, fill: Callable[[str], None]) -> None:
    """Let `fill` create, fill and close a store at a temporary file, then rename it to `path`.

    The temporary file sits beside `path` so that the rename stays on one file system and
    is atomic; on any failure it is removed, and `path` is left as it was.
    """
    from viewer.store.engine import StoreError

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
        fill(str(build))
        _fold_journal(build)
        os.replace(build, path)
    except BaseException:
        _remove_build(build)
        raise


def _fold_journal(build: Path) -> None:
    """Checkpoint and close, so that the whole store is in the one file that is renamed."""
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
