"""Print-ready sheets streamed with xlsxwriter in constant-memory mode.

Each row goes to disk as it is written, so 100k+ events export in bounded memory. Every
text cell is written as an inline string after `clean_text` (whole rows at once, see
`xlsx_stream`), and the workbook is opened with strings_to_formulas, strings_to_urls and
strings_to_numbers off: no text ever becomes a formula, a link or a number unless the
exporter makes it one. Column widths
come from the content seen, text wraps, sheets print A4 landscape with the header row
repeated, and text in Arabic script (Urdu, Pashto, Dari) reads right to left.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from viewer.io.export.safe import clean_text, sheet_name, too_long
from viewer.io.export.xlsx_stream import (
    StreamingWorksheet,
    column_names,
    date_serial,
    number_cell,
    row_start,
    string_cell,
)

EXCEL_MAX_ROWS = 1_048_576
# Excel refuses more than 65,530 hyperlinks on one sheet; beyond this the URL stays as text.
MAX_HYPERLINKS_PER_SHEET = 65_000
# Millions on screen and on paper; the cell keeps the exact dollars.
USD_MILLIONS = '#,##0.000,,;-#,##0.000,,;"–"'
DATE = "dd mmm yyyy"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Anything a row's text may need work for: characters to remove, a CR, right-to-left script.
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff"
                         "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR = re.compile("[A-Za-z\u00c0-\u024f]")


def cell_text(text: str, warnings: list[str] | None = None, where: str = "") -> str:
    """Text a cell can hold: cleaned, truncated at the cell limit, line breaks as LF (a CR
    would be stored as the escape _x000D_, which not every reader turns back)."""
    text = clean_text(text, warnings, where)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def right_to_left(text: str) -> bool:
    """True when the text's first strong letter is Hebrew or Arabic script."""
    rtl, ltr = _RTL.search(text), _LTR.search(text)
    return rtl is not None and (ltr is None or rtl.start() < ltr.start())


LINE_POINTS = 13.0  # one line of 10-point text


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` characters takes for `text` (an upper bound)."""
    usable = max(width - 1.5, 4)
    return sum(max(1, math.ceil(len(part) / usable)) for part in text.split("\n"))


def open_book(path: str, parts: str) -> xlsxwriter.Workbook:
    """A constant-memory workbook that writes text only as text; its rows wait in `parts`."""
    return xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "tmpdir": parts, "default_date_format": DATE,
    })


class Styles:
    """The workbook's formats, made once (xlsxwriter formats are workbook-wide)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"valign": "top", "font_size": 10}
        self.header = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF",
                                     "bg_color": "#1F4E79", "text_wrap": True})
        self.text = wb.add_format({**base, "text_wrap": True})
        self.plain = wb.add_format(base)
        self.rtl = wb.add_format({**base, "text_wrap": True, "reading_order": 2,
                                  "align": "right", "font_name": "Noto Sans Arabic"})
        self.date = wb.add_format({**base, "num_format": DATE, "align": "left"})
        self.usd = wb.add_format({**base, "num_format": USD_MILLIONS})
        self.usd_estimate = wb.add_format({**base, "num_format": USD_MILLIONS, "italic": True,
                                           "font_color": "#7F6000"})
        self.usd_superseded = wb.add_format({**base, "num_format": USD_MILLIONS,
                                             "font_strikeout": True, "font_color": "#808080"})
        self.integer = wb.add_format({**base, "num_format": "#,##0"})
        self.percent = wb.add_format({**base, "num_format": "+0.0%;-0.0%;0.0%"})
        self.link = wb.add_format({**base, "font_color": "#0563C1", "underline": 1,
                                   "text_wrap": True})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({**base, "bold": True, "text_wrap": True})
        self.datetime = wb.add_format({**base, "num_format": "dd mmm yyyy hh:mm",
                                       "align": "left"})


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a tabular sheet: header, kind of value and width limits in characters."""

    header: str
    kind: str = "text"  # text, date, usd, integer, link
    min_width: float = 8
    max_width: float = 40


def print_setup(ws: Worksheet, *, header_rows: int = 1, footer: str = "") -> None:
    """A4 landscape fitted to the page width, header rows repeated, page numbers below."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_footer(f"&L{_escape(footer)}&RPage &P of &N")


def _escape(text: str) -> str:
    return text.replace("&", "&&")[:200]


class TableSheet:
    """Rows streamed to a sheet under a header; continues on `Name (2)` at the row limit.

    Widths are taken from the content written (within each column's limits) and set
    when the sheet is closed; the header row is frozen, filtered and repeated in print.
    """

    def __init__(self, wb: xlsxwriter.Workbook, styles: Styles, title: str,
                 columns: Sequence[Column], *, max_rows: int = EXCEL_MAX_ROWS - 1,
                 warnings: list[str] | None = None, print_columns: int | None = None,
                 footer: str = "") -> None:
        self.wb, self.styles, self.title = wb, styles, title
        self.columns = tuple(columns)
        self.max_rows = max(1, min(max_rows, EXCEL_MAX_ROWS - 1))
        self.warnings = warnings if warnings is not None else []
        self.print_columns = print_columns
        self.footer = footer
        self.sheets: list[Worksheet] = []
        self.rows = 0  # data rows on the current sheet
        self.total = 0
        self.links = 0
        self._widths: list[float] = []
        self._names = column_names(len(self.columns))
        self._xf = {id(f): f._get_xf_index() for f in (
            styles.text, styles.rtl, styles.date, styles.usd, styles.integer, styles.link)}
        self._open()

    def _open(self) -> None:
        n = len(self.sheets) + 1
        name = self.title if n == 1 else f"{self.title} ({n})"
        ws = self.wb.add_worksheet(sheet_name(name, {s.name for s in self.wb.worksheets()}),
                                   worksheet_class=StreamingWorksheet)
        ws.freeze_panes(1, 0)
        print_setup(ws, footer=self.footer)
        self._widths = [max(c.min_width, min(c.max_width, len(c.header) * 0.9 + 2))
                        for c in self.columns]
        # Headers wrap at the columns' first widths (they only grow): the row shows them all.
        lines = max(lines_needed(c.header, w) for c, w in zip(self.columns, self._widths,
                                                                strict=True))
        if lines > 1:
            ws.set_row(0, LINE_POINTS * lines + 2)
        for i, col in enumerate(self.columns):
            ws.write_string(0, i, clean_text(col.header), self.styles.header)
        self.sheets.append(ws)
        self.rows = 0
        self.links = 0

    @property
    def ws(self) -> Worksheet:
        return self.sheets[-1]

    def _xf_of(self, fmt) -> int:  # noqa: ANN001
        xf = self._xf.get(id(fmt))
        if xf is None:
            xf = self._xf[id(fmt)] = fmt._get_xf_index()
        return xf

    def append(self, values: Sequence, formats: dict[int, object] | None = None) -> None:
        """One data row; text is cleaned here, other values written by the column's kind.

        The row goes to the sheet as one piece of XML (see `xlsx_stream`)."""
        if self.rows >= self.max_rows:
            self._finish_sheet()
            self._open()
        self.rows += 1
        self.total += 1
        row, st = self.rows, self.styles
        texts = [v for v in values if isinstance(v, str) and v]
        joined = "\n".join(texts)
        # One scan of the row decides whether any text needs cleaning or right-to-left
        # alignment; most rows need neither.
        plain = not (_NEEDS_WORK.search(joined) or too_long(joined))
        # Rows take their height before their cells; widths are final only at the end,
        # so lines are counted at each column's widest.
        lines = 1
        for v, c in zip(values, self.columns, strict=False):
            if c.kind == "text" and isinstance(v, str) and (len(v) > c.max_width - 2
                                                            or "\n" in v):
                lines = max(lines, lines_needed(v, c.max_width))
        cells = [row_start(row, LINE_POINTS * min(lines, 30) + 2 if lines > 1 else None)]
        widths, names, xf, r = self._widths, self._names, self._xf, row + 1
        for i, (value, col) in enumerate(zip(values, self.columns, strict=False)):
            if value is None or value == "":
                continue
            fmt = formats.get(i) if formats else None
            ref = f"{names[i]}{r}"
            if col.kind == "link":
                cells.append(self._link(row, i, ref, value))
            elif isinstance(value, str):
                if plain:
                    text, style = value, fmt or st.text
                else:
                    text = cell_text(value, self.warnings, f"{self.ws.name} row {r}")
                    style = fmt or (st.rtl if right_to_left(text) else st.text)
                cells.append(string_cell(ref, xf.get(id(style)) or self._xf_of(style), text))
                if len(value) + 1 > widths[i]:
                    self._fit(i, value)
            elif isinstance(value, dt.date):
                cells.append(number_cell(ref, self._xf_of(fmt or st.date), date_serial(value)))
            elif isinstance(value, bool):
                cells.append(string_cell(ref, xf[id(st.text)], "yes" if value else "no"))
            else:
                style = fmt or (st.usd if col.kind == "usd" else st.integer)
                cells.append(number_cell(ref, self._xf_of(style), value))
                if widths[i] < 14:
                    self._fit(i, f"{value:,.3f}" if col.kind == "usd" else f"{value:,}")
        cells.append("</row>")
        self.ws.write_row_xml(row, "".join(cells), 0, len(self.columns) - 1)

    def _fit(self, i: int, text: str) -> None:
        longest = max((len(line) for line in text.split("\n")), default=0) * 1.05 + 1
        if longest > self._widths[i]:
            self._widths[i] = min(self.columns[i].max_width, longest)

    def _link(self, row: int, col: int, ref: str, url: str) -> str:
        """The cell of a link: the full address, linked while the sheet has room for links."""
        url = clean_text(url)
        ws = self.ws
        linked = False
        if self.links < MAX_HYPERLINKS_PER_SHEET and len(url) <= 2079 and url.lower().startswith(
                ("http://", "https://", "mailto:")):
            try:
                ws.add_link(row, col, url)
                linked = True
            except ValueError:  # longer than Excel takes once escaped
                pass
        if linked:
            self.links += 1
            if self.links == MAX_HYPERLINKS_PER_SHEET:
                self.warnings.append(f"{ws.name}: more than {MAX_HYPERLINKS_PER_SHEET:,} "
                                     "links; the rest are plain text")
        self._fit(col, url)
        return string_cell(ref, self._xf_of(self.styles.link if linked else self.styles.text),
                           url)

    def _finish_sheet(self) -> None:
        ws = self.ws
        for i, width in enumerate(self._widths):
            ws.set_column(i, i, width)
        last = len(self.columns) - 1
        ws.autofilter(0, 0, max(self.rows, 1), last)
        if self.print_columns:
            ws.print_area(0, 0, max(self.rows, 1), min(last, self.print_columns - 1))

    def close(self) -> None:
        """Set the last sheet's widths and filter; call once after the last row."""
        self._finish_sheet()
