"""The importers stay below the GUI: importing them loads no Qt."""

from __future__ import annotations

import subprocess
import sys


def test_importers_import_no_qt():
    code = ("import sys, viewer.io.importers.cli, viewer.io.importers.mapped, "
            "viewer.io.importers.preview; print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
