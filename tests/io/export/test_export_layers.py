"""The exporters and their store queries import no Qt (DESIGN §2)."""

from __future__ import annotations

import subprocess
import sys


def test_export_modules_import_no_qt():
    code = ("import sys, viewer.io.export.safe, viewer.io.export.sheets, "
            "viewer.io.export.workbook, viewer.io.export.csv_export, "
            "viewer.io.export.briefing, viewer.io.export.trade_summary, "
            "viewer.export_command; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
