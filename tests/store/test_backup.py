"""`viewer backup DEST` (RELIABILITY #16): SQLite's backup API, consistent while another
process writes, one self-contained rollback-journal file, never half-written; and WAL is
kept off a network mount."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import LockHolder
from viewer.cli import run


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("event", "trade_figure", "source", "import_batch", "era")}
    finally:
        conn.close()


def test_backup_is_a_checked_rollback_journal_copy(sample_store_path, tmp_path, capsys):
    dest = tmp_path / "backups" / "store-backup.sqlite"
    dest.parent.mkdir()
    assert run(["backup", str(dest), "--db", str(sample_store_path)]) == 0
    assert f"backed up to {dest}" in capsys.readouterr().out
    assert _counts(dest) == _counts(sample_store_path)
    assert dest.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    assert sorted(p.name for p in dest.parent.iterdir()) == ["store-backup.sqlite"]
    assert run(["info", "--db", str(dest)]) == 0


def test_backup_while_another_process_writes_has_only_committed_rows(sample_store_path,
                                                                     tmp_path):
    before = _counts(sample_store_path)
    dest = tmp_path / "b.sqlite"
    # The other process holds an open write transaction that changed rows (WAL: the
    # backup reads the last committed state).
    with LockHolder(sample_store_path):
        conn = sqlite3.connect(sample_store_path)
        assert run(["backup", str(dest), "--db", str(sample_store_path)]) == 0
        conn.close()
    assert _counts(dest) == before


def test_an_existing_destination_needs_replace(sample_store_path, tmp_path, capsys):
    dest = tmp_path / "b.sqlite"
    dest.write_bytes(b"an older backup")
    assert run(["backup", str(dest), "--db", str(sample_store_path)]) == 1
    assert "exists already; give --replace" in capsys.readouterr().err
    assert dest.read_bytes() == b"an older backup"
    assert run(["backup", str(dest), "--db", str(sample_store_path), "--replace"]) == 0
    assert _counts(dest) == _counts(sample_store_path)


def test_backup_of_something_not_a_store_is_refused_without_writing(tmp_path, capsys):
    src = tmp_path / "notes.txt"
    src.write_text("not a store")
    dest = tmp_path / "b.sqlite"
    assert run(["backup", str(dest), "--db", str(src)]) == 1
    assert "not a Desk Viewer store" in capsys.readouterr().err
    assert not dest.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_backup_into_itself_is_refused(sample_store_path, capsys):
    assert run(["backup", str(sample_store_path), "--db", str(sample_store_path),
                "--replace"]) == 1
    assert "the store itself" in capsys.readouterr().err


def test_a_store_on_a_network_mount_uses_the_rollback_journal(sample_store_path, tmp_path):
    # The mount table says the folder is an NFS share; the store file is real.
    folder = tmp_path / "share"
    folder.mkdir()
    store = folder / "team.sqlite"
    assert run(["backup", str(store), "--db", str(sample_store_path)]) == 0
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/root / ext4 rw,relatime 0 0\n"
                      f"fileserver:/export {folder} nfs4 rw,relatime 0 0\n")
    code = ("import sys; from pathlib import Path; from sqlalchemy import text\n"
            "from viewer.store import network_drive\n"
            "network_drive.PROC_MOUNTS = Path(sys.argv[2])\n"
            "from viewer.store.service import StoreService\n"
            "store = StoreService.open(sys.argv[1])\n"
            "with store.write() as conn:\n"
            "    conn.exec_driver_sql(\"UPDATE era SET name = name || '.'\")\n"
            "with store.store.connect() as conn:\n"
            "    print(conn.execute(text('PRAGMA journal_mode')).scalar())\n"
            "store.close()\n")
    env = {k: v for k, v in os.environ.items() if k != "DESK_VIEWER_JOURNAL"}
    done = subprocess.run([sys.executable, "-c", code, str(store), str(mounts)], env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "delete"
    assert store.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in folder.iterdir()) == ["team.sqlite"]  # no -wal, -shm
