"""Refusing a file that is not a Desk Viewer store never changes it (RELIABILITY #12): no
switch to WAL, no -wal or -shm file, no traceback, whatever the command."""

from __future__ import annotations

import sqlite3

import pytest

from viewer.cli import run
from viewer.store.revisions import script_head


def _make(path, *statements: str):
    conn = sqlite3.connect(path)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()
    return path


FOREIGN = {
    "empty": ("PRAGMA user_version = 7",),
    "other tables": ("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)",
                     "INSERT INTO customer VALUES (1, 'Ana')"),
    "another app's alembic": ("CREATE TABLE alembic_version (version_num TEXT)",
                              "INSERT INTO alembic_version VALUES ('a1b2c3d4e5f6')",
                              "CREATE TABLE invoice (id INTEGER PRIMARY KEY)"),
    "our revision, no tables": ("CREATE TABLE alembic_version (version_num TEXT)",
                                "INSERT INTO alembic_version VALUES ('{head}')"),
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
@pytest.mark.parametrize("command", [["info"], ["export", "{out}"], ["import", "{csv}"]])
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path, capsys, kind, command):
    statements = [s.format(head=script_head()) for s in FOREIGN[kind]]
    path = _make(tmp_path / "theirs.sqlite", *statements)
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback journal
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("x\n1\n")
    args = [a.format(out=tmp_path / "out.xlsx", csv=csv_path) for a in command]
    code = run([*args, "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"viewer: error: {path}: ")
    assert "empty database" in line or "not a Desk Viewer store" in line
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "theirs.sqlite"]
