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
from viewer.io.importers.text_encoding import EncodingGuess
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
    guess: EncodingGuess | None = None  # how the text is encoded (text files)
    error: str = ""


def preview(path: str | Path, sheet: str | None = None, rows: int = 20,
            encoding: str | None = None) -> Preview:
    """Detect a file's format; for unknown CSV and for workbooks, read the first rows."""
    path = Path(path)
    out = Preview(path)
    report = ImportReport(file=str(path))
    try:
        facts = peek(path, encoding)  # the first 64 KB: a big file must not stall the dialog
        out.guess = facts.guess
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


@dataclass
class RowCheck:
    """What the import would make of the preview rows: rejections and two-way dates."""

    rejected: dict[int, str] = field(default_factory=dict)  # preview row -> why
    ambiguous: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> why
    undecided: list[str] = field(default_factory=list)  # date columns that need an order


def check_rows(found: Preview, mapping: Mapping | None, date_order: str | None) -> RowCheck:
    """Parse the preview rows as the import would, with `mapping` and `date_order`."""
    from viewer.io.importers.dates import DateOrder, decide_order, is_ambiguous, two_readings
    from viewer.io.importers.mapped import DATE_FIELDS, row_parser
    from viewer.io.importers.report import RowError

    check = RowCheck()
    if mapping is None or mapping.missing() or any(
            c not in found.header for c in mapping.columns.values()):
        return check
    given = DateOrder(date_order) if date_order else None
    orders: dict[str, DateOrder | None] = {}
    for f in DATE_FIELDS[mapping.kind]:
        column = mapping.columns.get(f)
        if column is None:
            continue
        i = found.header.index(column)
        values = [r[i] for r in found.rows if i < len(r)]
        try:
            evidence = decide_order(values, column)
        except RowError:
            evidence = None
        decided = evidence.order if evidence and evidence.order is not DateOrder.YMD else None
        orders[f] = decided or given
        if evidence is not None and evidence.ambiguous and given is None:
            check.undecided.append(column)
            for n, r in enumerate(found.rows):
                if i < len(r) and is_ambiguous(r[i]):
                    check.ambiguous[(n, i)] = (f"{r[i]!r} reads as {two_readings(r[i])}: "
                                               "choose the date order")
    # Rows are parsed day first where the order is still open; those cells are marked.
    parse = row_parser(mapping, found.header, {
        f: o or DateOrder.DMY for f, o in orders.items()})
    for n, r in enumerate(found.rows):
        try:
            parse(r)
        except RowError as exc:
            check.rejected[n] = f"{exc.field}: {exc.reason}" if exc.field else exc.reason
        except (ValueError, TypeError, IndexError) as exc:
            check.rejected[n] = f"cannot read the row ({exc})"
    return check
