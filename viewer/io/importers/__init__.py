"""Importers of event and trade exports (ACLED, GDELT, UN Comtrade, mapped CSV/XLSX); no Qt."""

from viewer.io.importers.report import ImportReport, Rejection
from viewer.io.importers.runner import ImportCancelled, import_file

__all__ = ["ImportCancelled", "ImportReport", "Rejection", "import_file"]
