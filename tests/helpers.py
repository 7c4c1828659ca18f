"""Plain helpers several test folders share (a module, not a conftest, so it imports)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from viewer.domain.model import ActorRef, Event, Source


def copy_sqlite(source: Path, target: Path) -> Path:
    """A private copy of a SQLite store (backup API, not a file copy)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def sample_event(i: int, title: str = "", **kw) -> Event:
    """An event on day i of 2024, with an actor and one source; keywords override fields."""
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


class LockHolder:
    """Another process holding a SQLite store's write lock until released (a real lock,
    as another officer's program would hold it)."""

    SCRIPT = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('BEGIN EXCLUSIVE')\n"
              "c.execute('UPDATE store_change SET counter = counter')\n"
              "print('locked', flush=True)\n"
              "sys.stdin.readline()\n"
              "c.execute('ROLLBACK')\n")

    def __init__(self, path: str | Path) -> None:
        import subprocess
        import sys

        self.proc = subprocess.Popen([sys.executable, "-c", self.SCRIPT, str(path)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.strip() == "locked", line

    @property
    def pid(self) -> int:
        return self.proc.pid

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            self.proc.wait(30)

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def sqlite_statements() -> Iterator[list[str]]:
    """Every SQL statement the SQLite connections opened meanwhile run (parameters
    inlined), from sqlite3's own trace callback."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def record(dbapi_connection, _record) -> None:  # noqa: ANN001
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(statements.append)

    event.listen(Engine, "connect", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "connect", record)
