"""Creating a store: a new file appears complete or not at all (RELIABILITY #23)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import sample_rows
from viewer.io.default_store import create_store
from viewer.io.new_store_file import STALE_BUILD_SECONDS
from viewer.paths import sample_data_dir


def run_viewer(*args: str, env_extra: dict[str, str] | None = None,
               cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "viewer", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=120)


def broken_sample(tmp_path: Path) -> Path:
    """The sample dataset with one bad date near the end of the events file."""
    folder = tmp_path / "broken-sample"
    shutil.copytree(sample_data_dir(), folder)
    events = folder / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    assert header[1] == "start_date"
    first, rest = lines[-1].split(",", 2)[0], lines[-1].split(",", 2)[2]
    lines[-1] = f"{first},2024-13-45,{rest}"
    events.write_text("".join(lines), encoding="utf-8")
    return folder


def test_init_that_fails_midway_leaves_no_file(tmp_path: Path) -> None:
    stores = tmp_path / "stores"
    stores.mkdir()
    done = run_viewer("init", "--db", str(stores / "brief.sqlite"),
                      env_extra={"DESK_VIEWER_SAMPLE_DIR": str(broken_sample(tmp_path))})
    assert done.returncode == 1
    last_row = sample_rows.count("events.csv") + 1  # the header is row 1
    assert done.stderr.strip().splitlines() == [
        f"viewer: error: events.csv, row {last_row}, field 'start_date': cannot read "
        "'2024-13-45'"]
    assert list(stores.iterdir()) == []


def test_default_store_is_not_left_half_made(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"DESK_VIEWER_HOME": str(home)}
    failed = run_viewer("info", env_extra={**env,
                                           "DESK_VIEWER_SAMPLE_DIR": str(broken_sample(tmp_path))})
    assert failed.returncode == 1
    assert not (home / "store.sqlite").exists()
    assert sorted(p.name for p in home.iterdir()) == []
    again = run_viewer("info", "--json", env_extra=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["events"]["count"] == sample_rows.count("events.csv")


def test_killed_init_leaves_no_store_and_its_leftovers_are_cleared(tmp_path: Path) -> None:
    target = tmp_path / "brief.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "init", "--db", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    builds: list[Path] = []
    while not builds and time.monotonic() < deadline and proc.poll() is None:
        builds = list(tmp_path.glob(".brief.sqlite.*.init-tmp"))
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert builds, "the build file never appeared"
    assert not target.exists()
    leftovers = sorted(tmp_path.iterdir())
    assert leftovers and all(p.name.startswith(".brief.sqlite.") for p in leftovers)

    # A young build may belong to a live run and is left alone; an old one is cleared.
    old = time.time() - STALE_BUILD_SECONDS - 60
    for p in leftovers:
        os.utime(p, (old, old))
    create_store(str(target), empty=True).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.sqlite"]


def test_young_builds_of_another_run_are_left_alone(tmp_path: Path) -> None:
    other = tmp_path / ".brief.sqlite.0123456789ab.init-tmp"
    other.write_bytes(b"")
    create_store(str(tmp_path / "brief.sqlite"), empty=True).close()
    assert other.exists()


def test_init_on_an_existing_store_keeps_it(tmp_path: Path, sample_store_path: Path) -> None:
    with sqlite3.connect(sample_store_path) as conn:
        conn.execute("INSERT INTO era (name, start_date, color) VALUES ('Mine', '2020-01-01', "
                     "'#000000')")
    conn.close()
    done = run_viewer("init", "--db", str(sample_store_path))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(sample_store_path) as conn:
        assert conn.execute("SELECT count(*) FROM era WHERE name = 'Mine'").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM event").fetchone() == (
            sample_rows.count("events.csv"),)
    conn.close()


def test_new_store_is_one_file_readable_as_the_umask_allows(tmp_path: Path) -> None:
    target = tmp_path / "team.sqlite"
    create_store(f"sqlite:///{target}", empty=False).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.sqlite"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM event").fetchone() == (
            sample_rows.count("events.csv"),)
    conn.close()


def test_an_empty_file_at_the_target_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "store.sqlite"
    target.write_bytes(b"")
    create_store(str(target), empty=False).close()
    assert target.stat().st_size > 0


def test_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    from viewer.store.engine import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        create_store(str(tmp_path / "nope" / "s.sqlite"), empty=True)
