"""Revisions read without Alembic agree with Alembic; an up-to-date store opens without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from viewer.store import migrate
from viewer.store.engine import open_store
from viewer.store.revisions import script_head, stored_revision


def test_script_head_is_alembics_head() -> None:
    assert script_head() == migrate.head_revision()


def test_stored_revision_reads_the_version_table(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite", create=True)
    with store.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert stored_revision(conn, tables) == migrate.current_revision(conn)
        assert stored_revision(conn, set()) is None  # no version table
    store.close()


def test_old_revision_still_migrates_through_alembic(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path, create=True).close()
    store = open_store(path)
    with store.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'zzzz'"))
    store.close()
    reopened = open_store(path)  # unknown to this app: read-only, said by Alembic's path
    assert reopened.read_only and reopened.revision == "zzzz"
    reopened.close()


def test_up_to_date_store_opens_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path, create=True).close()
    code = ("import sys; from viewer.store.engine import open_store; s = open_store(sys.argv[1]); "
            "print(s.revision, any(m.startswith('alembic') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True, timeout=120)
    assert done.stdout.split() == [migrate.head_revision(), "False"]
