"""Opening the main window leaves the import and export machinery unloaded until used."""

from __future__ import annotations

import os
import subprocess
import sys

from viewer.io.default_store import create_store

SCRIPT = """
import sys
from PySide6.QtCore import QSettings
from viewer.app.application import make_application
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.store.service import StoreService

app = make_application()
window = MainWindow(StoreService.open(sys.argv[1]),
                    Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
window.show()
app.processEvents()
window.grab()
heavy = ("openpyxl", "viewer.app.import_dialog", "viewer.app.export_dialog",
         "viewer.io.importers", "viewer.io.export")
print(sorted(m for m in sys.modules if m.startswith(heavy)))
"""


def test_first_paint_does_not_import_dialogs_or_openpyxl(tmp_path):
    db = tmp_path / "sample.sqlite"
    create_store(str(db), empty=False).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db), str(tmp_path / "s.ini")],
                          capture_output=True, text=True, env=env, check=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]"
