"""Safe, streamed reading of one worksheet of an .xlsx workbook (RELIABILITY #1–5).

defusedxml must be active in openpyxl (entity tricks are refused); the archive is
checked for zip bombs before openpyxl inflates anything; the sheet is read with
`read_only=True` after dropping its declared dimension, with caps on rows and
columns. Formula and error cells come out as their text and are flagged.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from viewer.io.errors import InputError
from viewer.io.importers.report import ImportReport
from viewer.io.importers.safezip import open_checked_zip

log = logging.getLogger(__name__)

MAX_ROWS = 1_048_576
MAX_COLUMNS = 256
MAX_FLAGGED_NOTES = 20
# openpyxl raises all of these on damaged workbooks; none may reach the GUI.
# RuntimeError: a member marked encrypted; OverflowError: a date cell past year 9999.
_LOAD_ERRORS = (zipfile.BadZipFile, ParseError, zlib.error, KeyError, TypeError,
                NotImplementedError, OSError, ValueError, EOFError, IndexError, AttributeError,
                RuntimeError, OverflowError)


def require_defusedxml() -> None:
    """Refuse to read workbooks when openpyxl parses XML without defusedxml."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError("openpyxl is not using defusedxml; install defusedxml before "
                           "importing workbooks")


def _open_workbook(path: Path):  # noqa: ANN202
    require_defusedxml()
    with open_checked_zip(path, "workbook") as zf:
        if "xl/workbook.xml" not in zf.namelist():
            raise InputError(path, "not an Excel workbook: the zip archive has no "
                                   "xl/workbook.xml")
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # Opened as a file object: openpyxl refuses a valid workbook by its name alone
    # (.zip, .csv, no extension) when given a path. The workbook owns the handle.
    fh = path.open("rb")
    try:
        wb = load_workbook(fh, read_only=True, data_only=False, keep_links=False)
    except InputError:
        fh.close()
        raise
    except (*_LOAD_ERRORS, InvalidFileException) as exc:
        fh.close()
        # The traceback is for the log file (and -v); the officer gets one line.
        log.debug("cannot open workbook %s", path, exc_info=True)
        raise InputError(path, _load_reason(exc)) from None
    except BaseException:
        fh.close()
        raise
    _close_with(wb, fh)
    if not wb.sheetnames:
        wb.close()
        raise InputError(path, "the workbook has no worksheets")
    return wb


def _close_with(wb, fh) -> None:  # noqa: ANN001
    """Make wb.close() close the file handle too (openpyxl leaves a passed handle open)."""
    close = wb.close

    def close_both() -> None:
        try:
            close()
        finally:
            fh.close()

    wb.close = close_both


def _load_reason(exc: BaseException) -> str:
    # openpyxl wraps the parser's error; defusedxml's *Forbidden is further down the chain.
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for e in chain:
        name = type(e).__name__
        if "Forbidden" in name:
            return f"the workbook uses XML entities or external references, refused ({name})"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"not a readable Excel workbook ({type(exc).__name__}: {first})"


def sheet_names(path: str | Path) -> list[str]:
    """The worksheet names of a workbook, for the sheet choice."""
    wb = _open_workbook(Path(path))
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _text(value) -> str:  # noqa: ANN001
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class XlsxTable:
    """Rows of one worksheet as text fields, like TextTable, with the same rejections."""

    def __init__(self, path: str | Path, report: ImportReport, sheet: str | None = None) -> None:
        self.path = Path(path)
        self.report = report
        self.wb = _open_workbook(self.path)
        names = list(self.wb.sheetnames)
        if sheet is not None and sheet not in names:
            self.wb.close()
            raise InputError(self.path, f"no sheet {sheet!r} (sheets: {', '.join(names)})")
        self.sheet = sheet or names[0]
        self.ws = self.wb[self.sheet]
        declared = self._safe(lambda: self.ws.max_row) or 0
        # The declared dimension may say A1:XFD1048576; openpyxl would pad every row to it.
        self.ws.reset_dimensions()
        self.expected_rows = declared if 0 < declared <= MAX_ROWS else 0
        self._done = 0
        self.flagged = 0
        self.header = self._header()

    def _safe(self, fn: Callable):  # noqa: ANN202
        try:
            return fn()
        except _LOAD_ERRORS:
            return None

    def _iter(self) -> Iterator[tuple]:
        try:
            yield from self.ws.iter_rows()
        except InputError:
            raise
        except _LOAD_ERRORS as exc:
            raise InputError(self.path, _load_reason(exc), sheet=self.sheet) from None

    def _header(self) -> list[str]:
        for cells in self._iter():
            self._check_width(cells, 1)
            header = [_text(c.value).strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            if any(header):
                return header
            break
        raise InputError(self.path, "the sheet is empty or its first row is blank",
                         sheet=self.sheet, row=1)

    def _check_width(self, cells: tuple, number: int) -> None:
        if len(cells) > MAX_COLUMNS and any(c.value is not None for c in cells[MAX_COLUMNS:]):
            raise InputError(self.path, f"more than {MAX_COLUMNS} columns of data; refused",
                             sheet=self.sheet, row=number)

    def progress(self) -> float:
        return min(0.99, self._done / self.expected_rows) if self.expected_rows else 0.0

    def rows(self, should_stop: Callable[[], bool] | None = None) -> Iterator[tuple[int, list[str]]]:
        try:
            yield from self._rows()
        finally:
            self.close()

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.header)
        rows = self._iter()
        next(rows, None)  # the header
        for number, cells in enumerate(rows, start=2):
            self._done = number
            if number > MAX_ROWS:
                raise InputError(self.path, f"more than {MAX_ROWS:,} rows; refused",
                                 sheet=self.sheet, row=number)
            self._check_width(cells, number)
            if all(c.value is None for c in cells):
                continue
            fields = [""] * width
            for i, cell in enumerate(cells[:width]):
                fields[i] = _text(cell.value)
                if getattr(cell, "data_type", None) in ("f", "e"):
                    self._flag(number, i, cell.data_type, fields[i])
            extra = [c for c in cells[width:] if c.value is not None]
            if extra:
                self.report.reject(number, None, f"has values beyond the {width} header "
                                                 "columns (ragged row)")
                continue
            yield number, fields

    def _flag(self, number: int, index: int, kind: str, text: str) -> None:
        self.flagged += 1
        if self.flagged <= MAX_FLAGGED_NOTES:
            what = "a formula" if kind == "f" else "an error value"
            self.report.notes.append(
                f"sheet {self.sheet!r}, row {number}, field {self.header[index]!r}: {what} "
                f"({text[:40]}) imported as text")

    def close(self) -> None:
        self.wb.close()
