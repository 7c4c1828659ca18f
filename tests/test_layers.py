"""Layering: store, io and domain import no Qt (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "viewer"


def test_lower_layers_load_no_qt() -> None:
    code = ("import sys, pkgutil, importlib, viewer.store, viewer.io, viewer.domain\n"
            "for pkg in (viewer.store, viewer.io, viewer.domain):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        if '.migrations' not in m.name: importlib.import_module(m.name)\n"
            "import viewer.cli\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_no_qt_import_lines_below_app() -> None:
    offenders = []
    for layer in ("store", "io", "domain"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith(("import PySide6", "from PySide6", "import pyqtgraph",
                                        "from pyqtgraph")):
                    offenders.append(f"{path}: {stripped}")
    assert offenders == []
