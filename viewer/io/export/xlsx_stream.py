"""Whole rows of a constant-memory xlsxwriter sheet written as XML in one step.

xlsxwriter spends most of a large export in its per-cell machinery (a cell object per
value, attribute lists, three escapes per string) and keeps every hyperlink in a
dict of dicts until the workbook closes (~16 MB at 100k links). A tabular sheet needs
none of that: each row's cells are known when the row is written, so `StreamingWorksheet`
takes the row as one XML string, and keeps its links as three compact arrays that are
written out, one relationship per link as xlsxwriter would, when the sheet is assembled.
The XML is what xlsxwriter writes for the same cells (inline strings, its `_xHHHH_`
escape of escape-like text, preserved edge whitespace).
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterable, Iterator

from xlsxwriter.url import Url
from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_XML_SPECIAL = re.compile("[&<>]")
# Text that looks like Excel's own escape (_x0041_) is escaped in turn, as xlsxwriter does.
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_DAY_ZERO = dt.date(1899, 12, 30).toordinal()
_FIRST_REAL_DAY = dt.date(1900, 3, 1)  # before it Excel counts a 29 Feb 1900


def column_names(n: int) -> list[str]:
    """The letters of the first `n` columns."""
    return [xl_col_to_name(i) for i in range(n)]


def string_cell(ref: str, xf: int, text: str) -> str:
    """An inline-string cell; `text` is already free of characters XML cannot carry."""
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    if _XML_SPECIAL.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    return f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _attribute(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", "&#xA;"))


def number_cell(ref: str, xf: int, value: float) -> str:
    return f'<c r="{ref}" s="{xf}"><v>{value:.16G}</v></c>'


def date_serial(value: dt.date) -> float:
    """Excel's serial number of a date (or date and time), 1900 date system."""
    if type(value) is dt.date and value >= _FIRST_REAL_DAY:
        return value.toordinal() - _DAY_ZERO
    return _datetime_to_excel_datetime(value, False, True)


def row_start(row: int, height: float | None) -> str:
    """The opening tag of a 0-based row, with a height in points when one is set."""
    if height is None:
        return f'<row r="{row + 1}">'
    return f'<row r="{row + 1}" ht="{height:.16g}" customHeight="1">'


class _Chain:
    """The packager's `external_hyper_links + …` without a list of 100k entries."""

    def __init__(self, parts: tuple[Iterable, ...]) -> None:
        self.parts = parts

    def __add__(self, other: Iterable) -> _Chain:
        return _Chain((*self.parts, other))

    def __bool__(self) -> bool:
        return any(bool(p) for p in self.parts)

    def __iter__(self) -> Iterator:
        for part in self.parts:
            yield from part


class _LinkTargets:
    """The relationships of a sheet's links, made one at a time as the packager reads them."""

    def __init__(self, sheet: StreamingWorksheet) -> None:
        self.sheet = sheet

    def __bool__(self) -> bool:
        return len(self.sheet.link_rows) > 0

    def __add__(self, other: Iterable) -> _Chain:
        return _Chain((self, other))

    def __iter__(self) -> Iterator[list[str]]:
        targets = self.sheet.link_targets
        for i in self.sheet.link_url_ids:
            yield ["/hyperlink", targets[i], "External"]


class StreamingWorksheet(Worksheet):
    """A constant-memory sheet that also takes whole rows as XML, with compact links."""

    def __init__(self) -> None:
        super().__init__()
        self.link_rows = array("i")
        self.link_cols = array("H")
        self.link_url_ids = array("i")
        # Per distinct address: the relationship's target and the part after '#'.
        self.link_targets: list[str] = []
        self.link_anchors: list[str] = []
        self._link_ids: dict[str, int] = {}

    def _write_single_row(self, current_row_num: int = 0) -> None:
        # A row's height is no longer needed once the row is on disk; xlsxwriter would
        # keep it until the workbook closes (to place images, which tables have none of).
        written = self.previous_row
        super()._write_single_row(current_row_num)
        self.row_info.pop(written, None)
        self.row_sizes.pop(written, None)

    def write_row_xml(self, row: int, xml: str, first_col: int, last_col: int) -> None:
        """Write a complete `<row>` element for 0-based `row` (below every row so far)."""
        if row > self.previous_row or self.table:
            self._write_single_row(row)  # rows written through xlsxwriter's API go first
        self._check_dimensions(row, first_col)
        self._check_dimensions(row, last_col)
        self.row_data_fh.write(xml)

    def add_link(self, row: int, col: int, url: str) -> None:
        """An external (http, https, mailto) link on a cell of a row written as XML."""
        i = self._link_ids.get(url)
        if i is None:
            parsed = Url(url)  # xlsxwriter's own escaping and anchor split
            i = self._link_ids[url] = len(self.link_targets)
            self.link_targets.append(parsed._target())
            self.link_anchors.append(parsed._anchor)
        self.link_rows.append(row)
        self.link_cols.append(col)
        self.link_url_ids.append(i)
        self.hlink_count += 1

    def _write_hyperlinks(self) -> None:
        if not len(self.link_rows):
            super()._write_hyperlinks()
            return
        if self.hyperlinks:
            raise ValueError(f"{self.name}: links written both ways")
        # Rows arrive in order, so the links are already in row and column order.
        self._xml_start_tag("hyperlinks")
        names = column_names(max(self.link_cols) + 1)
        write = self.fh.write
        anchors = self.link_anchors
        for row, col, i in zip(self.link_rows, self.link_cols, self.link_url_ids, strict=True):
            self.rel_count += 1
            location = f' location="{_attribute(anchors[i])}"' if anchors[i] else ""
            write(f'<hyperlink ref="{names[col]}{row + 1}" r:id="rId{self.rel_count}"'
                  f"{location}/>")
        self._xml_end_tag("hyperlinks")
        self.external_hyper_links = _LinkTargets(self)
