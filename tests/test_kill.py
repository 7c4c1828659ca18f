"""Real SIGKILLs at random moments of `viewer import` and `viewer export` (RELIABILITY #11,
#17, #23): an import is then entirely in the store or entirely absent, its commit and
close phases included; an export leaves the old file intact or the whole new one, its
partial files are cleared by the next export, and nothing is ever left in $TMPDIR.

The kill moments are spread over one measured run of the same command (start-up, the
rows, the commit and the close); `-s` prints the tallies.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import copy_sqlite
from tests.io.importers.importer_files import gdelt_line

KILLS = int(os.environ.get("DESK_VIEWER_KILLS", "20"))
ROWS = 8_000


def _env(tmpdir: Path) -> dict[str, str]:
    env = dict(os.environ, TMPDIR=str(tmpdir))
    env.pop("DESK_VIEWER_JOURNAL", None)
    return env


def _timed_run(args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "viewer", *args], env=env, check=True,
                   capture_output=True)
    return time.monotonic() - started


def _kill_at(args: list[str], env: dict[str, str], delay: float) -> bool:
    """Run the command and SIGKILL it after `delay` seconds; True when it was killed."""
    proc = subprocess.Popen([sys.executable, "-m", "viewer", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def _store_rows(path: Path) -> tuple[int, int, int, str]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM event").fetchone()[0],
                conn.execute("SELECT count(*) FROM import_batch").fetchone()[0],
                conn.execute("SELECT count(*) FROM event_fts").fetchone()[0],
                conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def empty_store_file(tmp_path) -> Path:
    from viewer.io.default_store import create_store

    path = tmp_path / "template.sqlite"
    create_store(str(path), empty=True).close()
    return path


def _indexes(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                            "ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("bulk", ["off", "on"])
def test_import_killed_at_random_moments_is_all_or_nothing(empty_store_file, tmp_path, bulk):
    # "on": the bulk load, with its parser process and the indexes dropped and made again
    # inside the transaction; a kill at any moment leaves every index in place.
    source = tmp_path / "big.export.CSV"
    source.write_text("".join(gdelt_line(i) for i in range(ROWS)))
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    env = _env(tmpdir)
    indexes = _indexes(empty_store_file)
    command = ["import", str(source), "--bulk", bulk, "--db"]
    measured = copy_sqlite(empty_store_file, tmp_path / "measured.sqlite")
    full = _timed_run([*command, str(measured)], env)
    assert _store_rows(measured)[:3] == (ROWS, 1, ROWS)
    assert _indexes(measured) == indexes
    rng = random.Random(17)
    tally = {"killed, nothing in": 0, "killed, all in": 0, "finished first": 0}
    for k in range(KILLS):
        store = copy_sqlite(empty_store_file, tmp_path / f"k{k}.sqlite")
        delay = rng.uniform(0.15, 1.1) * full  # start-up … rows … commit … close
        killed = _kill_at([*command, str(store)], env, delay)
        events, batches, indexed, check = _store_rows(store)
        assert check == "ok", (k, delay)
        assert (events, batches, indexed) in ((0, 0, 0), (ROWS, 1, ROWS)), (k, delay, events)
        assert _indexes(store) == indexes, (k, delay)
        outcome = "finished first" if not killed else \
            "killed, all in" if events else "killed, nothing in"
        tally[outcome] += 1
        assert list(tmpdir.iterdir()) == []
    print(f"\nimport kills ({bulk}): {KILLS} runs of {full:.2f} s, {tally}")
    assert tally["killed, nothing in"] + tally["killed, all in"] > 0


def _old_workbook(path: Path) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["the minister's copy of last week"])
    wb.save(path)
    return path.read_bytes()


def _complete_workbook(path: Path) -> bool:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return "Events" in wb.sheetnames
    finally:
        wb.close()


def test_export_killed_at_random_moments_leaves_old_or_whole_files(sample_store_path,
                                                                   tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    env = _env(tmpdir)
    book, events_csv, trade_csv = out / "brief.xlsx", out / "brief.csv", out / "brief-trade.csv"
    args = {"xlsx": ["export", str(book), "--db", str(sample_store_path)],
            "csv": ["export", str(events_csv), "--db", str(sample_store_path)]}
    full = {kind: _timed_run(a, env) for kind, a in args.items()}
    rng = random.Random(23)
    tally = {"killed, old kept": 0, "killed, new whole": 0, "finished first": 0}
    for k in range(KILLS):
        kind = "xlsx" if k % 2 == 0 else "csv"
        old = {book: _old_workbook(book)} if kind == "xlsx" else \
            {events_csv: b"old events\n", trade_csv: b"old trade\n"}
        for path, data in old.items():
            path.write_bytes(data)
        delay = rng.uniform(0.15, 1.3) * full[kind]  # start-up … rows … commit … close
        killed = _kill_at(args[kind], env, delay)
        now = {path: path.read_bytes() for path in old}
        if all(now[p] == old[p] for p in old):
            state = "old kept"
        else:
            # New files, whole: the workbook opens, and the two CSVs came together.
            assert all(now[p] != old[p] for p in old), (k, delay, "one CSV new, one old")
            assert kind == "csv" or _complete_workbook(book), (k, delay)
            state = "new whole"
        tally["finished first" if not killed else f"killed, {state}"] += 1
        assert list(tmpdir.iterdir()) == [], (k, delay)
    # The next export clears what the killed ones left beside the targets.
    subprocess.run([sys.executable, "-m", "viewer", *args["xlsx"]], env=env, check=True,
                   capture_output=True)
    assert sorted(p.name for p in out.iterdir()) == ["brief-trade.csv", "brief.csv",
                                                     "brief.xlsx"]
    assert list(tmpdir.iterdir()) == []
    print(f"\nexport kills: {KILLS} runs of {full['xlsx']:.2f} s (xlsx) and "
          f"{full['csv']:.2f} s (csv), {tally}")
    assert tally["killed, old kept"] + tally["killed, new whole"] > 0
