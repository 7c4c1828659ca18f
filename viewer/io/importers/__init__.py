"""Importers of event and trade exports (ACLED, GDELT, UN Comtrade, mapped CSV/XLSX); no Qt.

The runner (and SQLAlchemy under it) loads on first use, so that building the command
line's parser or painting the main window does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viewer.io.importers.report import ImportReport, Rejection
    from viewer.io.importers.runner import ImportCancelled, import_file

__all__ = ["ImportCancelled", "ImportReport", "Rejection", "import_file"]


def __getattr__(name: str) -> Any:
    if name in ("ImportReport", "Rejection"):
        from viewer.io.importers import report

        return getattr(report, name)
    if name in ("ImportCancelled", "import_file"):
        from viewer.io.importers import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
