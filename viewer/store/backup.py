"""`viewer backup DEST`: a consistent copy of a SQLite store through SQLite's backup API.

Never a file copy: copying a store file while an officer writes (or with its -wal file
beside it) gives a torn or stale copy. The backup reads the store page by page inside
SQLite's own locking, is built beside DEST under a partial name, checked, switched to
the rollback journal (one self-contained file that is safe on a share) and renamed over
DEST only when whole.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from viewer.store.engine import StoreError, StoreLocked, is_lock_error, locked_message
from viewer.store.engine import open_store as _open_store

PAGES_PER_STEP = 1024  # pages copied per step; other writers may go on between steps
PARTIAL_SUFFIX = ".desk-viewer-partial"


@dataclass(frozen=True)
class BackupResult:
    """Where the backup went and how big it is."""

    destination: Path
    pages: int
    bytes: int


def backup_store(source: str, destination: str | os.PathLike[str], *,
                 replace: bool = False) -> BackupResult:
    """Back up the SQLite store at `source` to the file `destination`."""
    store = _open_store(source, read_only=True)  # checked: a Desk Viewer store, not corrupt
    try:
        src_path = store.sqlite_path
        if src_path is None:
            raise StoreError(f"{store.display}: backup copies SQLite stores; for a PostgreSQL "
                             "store use `viewer copy URL FILE.sqlite` (or pg_dump)")
    finally:
        store.close()
    dest = Path(destination).expanduser().absolute()
    if dest.exists() and os.path.samefile(dest, src_path):
        raise StoreError(f"{dest}: the destination is the store itself")
    if dest.is_dir():
        raise StoreError(f"{dest}: is a folder; give the backup a file name")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest}: folder {dest.parent} does not exist")
    if dest.exists() and not replace:
        raise StoreError(f"{dest}: exists already; give --replace to write over it")
    partial = dest.with_name(f".{dest.name}.{os.getpid()}-backup{PARTIAL_SUFFIX}")
    try:
        pages = _copy(src_path, partial)
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        _remove(partial)
        if is_lock_error(exc):
            raise StoreLocked(locked_message(src_path)) from None
        raise StoreError(f"{dest}: the backup failed ({exc}); nothing was written") from None
    except OSError as exc:
        _remove(partial)
        raise StoreError(f"{dest}: cannot write the backup ({exc.strerror or exc})") from None
    except BaseException:
        _remove(partial)
        raise
    return BackupResult(dest, pages, dest.stat().st_size)


def _copy(src_path: Path, partial: Path) -> int:
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True, timeout=5)
    try:
        dst = sqlite3.connect(partial, isolation_level=None)
        try:
            src.backup(dst, pages=PAGES_PER_STEP, sleep=0.05)
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the copy does not pass SQLite's quick_check")
            dst.execute("PRAGMA journal_mode=DELETE")
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    for extra in ("-wal", "-shm", "-journal"):
        _remove(Path(f"{partial}{extra}"))
    return pages


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
