"""Plain helpers several test folders share (a module, not a conftest, so it imports)."""

from __future__ import annotations

import datetime as dt
import sqlite3
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
