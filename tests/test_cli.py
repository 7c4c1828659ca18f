"""The command line: exit codes and messages per DESIGN §5."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import sample_rows
from viewer import __version__
from viewer.cli import run


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_usage_error_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-such-command"]) == 2
    assert run(["screenshot", "x.png", "--size", "big"]) == 2


def test_init_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.sqlite")
    assert run(["init", "--db", db]) == 0
    capsys.readouterr()
    assert run(["info", "--db", db, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["events"]["count"] == sample_rows.count("events.csv")
    assert info["events"]["first"] == min(e.start for e in sample_rows.events()).isoformat()
    assert info["trade_figures"]["count"] == sample_rows.count("trade_figures.csv")
    assert run(["info", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "events:" in out and "2016-06-13" in out


def test_init_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "e.sqlite")
    assert run(["init", "--empty", "--db", db]) == 0
    assert "0 events" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["text", "missing-folder", "missing-file", "truncated"])
def test_bad_store_is_one_line_and_exit_1(case: str, tmp_path: Path, sample_store_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    if case == "text":
        target = tmp_path / "t.sqlite"
        target.write_text("not a database\n" * 20)
    elif case == "missing-folder":
        target = tmp_path / "nope" / "s.sqlite"
    elif case == "missing-file":
        target = tmp_path / "absent.sqlite"
    else:
        data = sample_store_path.read_bytes()
        target = tmp_path / "cut.sqlite"
        target.write_bytes(data[: len(data) // 2])
    before = target.read_bytes() if target.exists() else None
    assert run(["info", "--db", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("viewer: error: ") and target.name in err[0]
    assert (target.read_bytes() if target.exists() else None) == before


def test_default_store_is_created_on_first_start(tmp_path: Path) -> None:
    env = {**os.environ, "DESK_VIEWER_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "viewer", "info", "--json"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["url"] == str(tmp_path / "home" / "store.sqlite")
    assert info["events"]["count"] == sample_rows.count("events.csv")
