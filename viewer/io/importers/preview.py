"""A first look at a file before importing it: its format, or its header, rows and a mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from viewer.io.errors import InputError
from viewer.io.importers import detect
from viewer.io.importers.formats import detect_header
from viewer.io.importers.mapping import Mapping, propose
from viewer.io.importers.report import ImportReport
from viewer.io.importers.safezip import is_zip
from viewer.io.importers.textfile import TextTable, peek


@dataclass
class Preview:
    """What the import dialog shows for one file."""

    path: Path
    label: str = ""  # the detected format, when it needs no mapping
    needs_mapping: bool = False
    workbook: bool = False
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    mapping: Mapping | None = None
    error: str = ""


def preview(path: str | Path, sheet: str | None = None, rows: int = 20) -> Preview:
    """Detect a file's format; for unknown CSV and for workbooks, read the first rows."""
    path = Path(path)
    out = Preview(path)
    report = ImportReport(file=str(path))
    try:
        facts = peek(path)  # the first 64 KB: a big file must not stall the dialog
        if is_zip(facts.head) and detect.is_workbook_name(path):
            from viewer.io.importers.xlsxfile import XlsxTable, sheet_names

            out.workbook = True
            out.sheets = sheet_names(path)
            table = XlsxTable(path, report, sheet)
            out.sheet = table.sheet
            found = detect_header(table.header)
        else:
            if is_zip(facts.head):
                out.label = "zipped text export"
                return out
            try:
                found = detect.detect_text(facts)
                out.label = found.label
                return out
            except detect.NotAnExport:
                raise  # no mapping can import it: the dialog shows why
            except InputError:
                pass  # a sheet of some other shape: offer a column mapping
            delimiter, _ = detect.first_rows(facts)
            table = TextTable(facts, report, delimiter=delimiter)
            found = None
        out.header = table.header
        out.rows = [f for _, f in islice(table.rows(), rows)]  # stops reading after `rows`
        if hasattr(table, "close"):
            table.close()
        if found is not None:
            out.label = found.label
            return out
        out.needs_mapping = True
        out.mapping = propose(table.header)
        out.mapping.sheet = out.sheet
    except InputError as exc:
        out.error = str(exc)
    except (UnicodeDecodeError, OSError) as exc:
        out.error = f"{path.name}: cannot read the file ({exc})"
    return out
