"""Tabular write-only sheets that continue on a new sheet at the row limit."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from viewer.io.export.safe import clean_text, sheet_name, string_cell

EXCEL_MAX_ROWS = 1_048_576
# Excel refuses more than 65,530 hyperlinks on one sheet; beyond this the URL stays as text.
MAX_HYPERLINKS_PER_SHEET = 65_000
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
LINK_FONT = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
USD = "#,##0"


class StyleCache:
    """Cells styled by copying a style computed once: openpyxl hashes fonts on every set."""

    def __init__(self) -> None:
        self._styles: dict[str, object] = {}

    def apply(self, cell, key: str, **style) -> None:
        cached = self._styles.get(key)
        if cached is None:
            for name, value in style.items():
                setattr(cell, name, value)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(cached)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a tabular sheet: header and width in characters."""

    header: str
    width: float = 14


def print_setup(ws, *, title_row: bool = False) -> None:
    """A4 landscape, fitted to one page wide, so a printed sheet keeps its columns together."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_row:
        ws.print_title_rows = "1:1"


class TableSheet:
    """Rows appended to a sheet with a header, a frozen first row and an Excel table.

    When a sheet reaches `max_rows` data rows the next row opens `Name (2)` with the
    same header, so no row is ever lost to Excel's 1,048,576-row limit.
    """

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], *,
                 max_rows: int = EXCEL_MAX_ROWS - 1, table: bool = True,
                 warnings: list[str] | None = None, styles: StyleCache | None = None) -> None:
        self.wb, self.title, self.columns = wb, title, tuple(columns)
        self.styles = styles or StyleCache()
        self.max_rows = max(1, min(max_rows, EXCEL_MAX_ROWS - 1))
        self.table = table
        self.warnings = warnings if warnings is not None else []
        self.sheets: list = []
        self.rows = 0  # data rows on the current sheet
        self.total = 0
        self.links = 0
        self._open()

    def _open(self) -> None:
        n = len(self.sheets) + 1
        title = self.title if n == 1 else f"{self.title} ({n})"
        ws = self.wb.create_sheet(sheet_name(title, {s.title for s in self.wb.worksheets}))
        # Widths and the frozen row must be set before the first row is streamed.
        for i, col in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        print_setup(ws, title_row=True)
        header = []
        for col in self.columns:
            cell = string_cell(ws, clean_text(col.header))
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header.append(cell)
        ws.append(header)
        self.sheets.append(ws)
        self.rows = 0
        self.links = 0

    @property
    def ws(self):
        return self.sheets[-1]

    def append(self, values: list) -> None:
        """Append one data row (values already made safe), opening a new sheet when full."""
        if self.rows >= self.max_rows:
            self._close_table()
            self._open()
        self.ws.append(values)
        self.rows += 1
        self.total += 1

    def link(self, url: str | None):
        """A cell showing `url` as a clickable link, or as text past the sheet's link limit."""
        if not url:
            return None
        url = clean_text(url)
        cell = string_cell(self.ws, url)
        if self.links < MAX_HYPERLINKS_PER_SHEET and url.lower().startswith(
                ("http://", "https://", "mailto:")):
            cell.hyperlink = url
            self.styles.apply(cell, "link", font=LINK_FONT)
            self.links += 1
            if self.links == MAX_HYPERLINKS_PER_SHEET:
                self.warnings.append(f"{self.ws.title}: more than {MAX_HYPERLINKS_PER_SHEET:,} "
                                     "links; the rest are plain text")
        return cell

    def _close_table(self) -> None:
        if not self.table or self.rows == 0:
            return
        ws = self.ws
        ref = f"A1:{get_column_letter(len(self.columns))}{self.rows + 1}"
        name = "".join(ch for ch in self.title if ch.isascii() and ch.isalnum()) or "Table"
        table = Table(displayName=f"{name}_{len(self.sheets)}", ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        # Write-only sheets cannot be read back, so name the table's columns from the headers
        # here; otherwise openpyxl names them Column1… and Excel "repairs" the file.
        table._initialise_columns()
        for table_column, col in zip(table.tableColumns, self.columns, strict=True):
            table_column.name = clean_text(col.header)
        with warnings.catch_warnings():
            # openpyxl always warns in write-only mode; the columns are named above.
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(table)

    def close(self) -> None:
        """Finish the last sheet's table; call once after the last row."""
        self._close_table()
