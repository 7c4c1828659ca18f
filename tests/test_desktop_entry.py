"""`make desktop-entry`: a menu entry and icon in the user's XDG folders, no root."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.install_helpers import ROOT, make

SCRIPT = ROOT / "packaging" / "install-desktop-entry"


def entry_of(data: Path) -> dict[str, str]:
    text = (data / "applications" / "desk-viewer.desktop").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def validate(path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (desktop-file-utils)")
    done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


def test_make_desktop_entry_installs_for_this_checkout(tmp_path: Path) -> None:
    make("desktop-entry", XDG_DATA_HOME=tmp_path)
    entry = entry_of(tmp_path)
    program = ROOT / ".venv" / "bin" / "desk-viewer"
    assert entry["Exec"] == f'"{program}"' and entry["TryExec"] == str(program)
    assert entry["Icon"] == "desk-viewer" and entry["Terminal"] == "false"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "desk-viewer.svg"
    assert icon.read_bytes() == (ROOT / "viewer" / "resources" / "icons" / "app.svg").read_bytes()
    validate(tmp_path / "applications" / "desk-viewer.desktop")


def test_awkward_paths_are_quoted_and_remove_takes_both_away(tmp_path: Path) -> None:
    folder = tmp_path / 'R&D $HOME "team"'
    folder.mkdir()
    program = folder / "desk-viewer"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run(["bash", str(SCRIPT), str(program)], env=env, check=True,
                   capture_output=True)
    entry = entry_of(tmp_path / "data")
    assert entry["Exec"] == f'"{tmp_path}/R&D \\\\$HOME \\\\"team\\\\"/desk-viewer"'
    validate(tmp_path / "data" / "applications" / "desk-viewer.desktop")

    subprocess.run(["bash", str(SCRIPT), "--remove"], env=env, check=True, capture_output=True)
    assert [p for p in (tmp_path / "data").rglob("*") if p.is_file()] == []


def test_a_missing_program_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(["bash", str(SCRIPT), str(tmp_path / "nope")], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "is not a program" in done.stderr
    assert list(tmp_path.iterdir()) == []
