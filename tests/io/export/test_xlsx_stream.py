"""Rows written as XML in one step: the same cells and links xlsxwriter's own API writes."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from openpyxl import load_workbook

from viewer.io.export.xlsx_sheets import Column, Styles, TableSheet, open_book

COLUMNS = (Column("Text"), Column("Date", "date"), Column("Value", "usd"),
           Column("Count", "integer"), Column("Link", "link"))
ROWS = [
    ["plain", dt.date(2024, 2, 29), 890_052_000.0, 3, "https://example.org/a b#part 2"],
    ["_x0041_ looks like an escape", dt.date(1900, 1, 15), 0.1, 0, "mailto:desk@example.org"],
    ["  edge spaces  ", dt.date(1900, 3, 1), -1.5e-7, 12, "https://example.org/%20done"],
    ["a & b < c > d \"quoted\"\nsecond line", dt.datetime(2025, 10, 11, 6, 30), 1e21, 7,
     "ftp://not-linked.example.org"],
    ["اسحاق ڈار", None, None, None, None],
]


def _ours(path, parts) -> None:
    wb = open_book(str(path), str(parts))
    st = Styles(wb)
    sheet = TableSheet(wb, st, "Rows", COLUMNS)
    for row in ROWS:
        sheet.append(row)
    sheet.close()
    wb.close()


def _xlsxwriters(path, parts) -> None:
    """The same cells through xlsxwriter's API, formats made in the same order."""
    wb = open_book(str(path), str(parts))
    st = Styles(wb)
    ws = wb.add_worksheet("Rows")
    for i, c in enumerate(COLUMNS):
        ws.write_string(0, i, c.header, st.header)
    for r, (text, day, value, count, url) in enumerate(ROWS, start=1):
        ws.write_string(r, 0, text, st.rtl if text.startswith("ا") else st.text)
        if day is not None:
            ws.write_datetime(r, 1, day, st.date)
            ws.write_number(r, 2, value, st.usd)
            ws.write_number(r, 3, count, st.integer)
        if url and not url.startswith("ftp"):
            ws.write_url(r, 4, url, st.link, url)
        elif url:
            ws.write_string(r, 4, url, st.text)
    wb.close()


_IDS = re.compile(r'(font|xf)Id="\d+"')


def _parts(path):
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        styles = z.read("xl/styles.xml").decode()
    data = re.search("<sheetData>.*</sheetData>", sheet, re.S).group(0)
    # Row heights are ours alone (the wrapped lines); the cells must be the same.
    data = re.sub("<row [^>]*>", "<row>", data)
    # Style indices depend on the order formats are first used: compare the styles.
    xfs = re.findall("<xf [^>]*>", re.search("<cellXfs.*</cellXfs>", styles, re.S).group(0))
    fonts = re.findall("<font>.*?</font>", re.search("<fonts.*</fonts>", styles, re.S).group(0),
                       re.S)

    def style(m: re.Match) -> str:
        xf = xfs[int(m.group(1))]
        font = fonts[int(re.search(r'fontId="(\d+)"', xf).group(1))]
        shape = _IDS.sub("", xf)
        return f's="{shape}{font}"'
    data = re.sub(r's="(\d+)"', style, data)
    links = re.search("<hyperlinks>.*</hyperlinks>", sheet, re.S).group(0)
    return data, links, rels


def test_rows_as_xml_match_xlsxwriters_cells_and_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _ours(tmp_path / "ours.xlsx", tmp_path / "a")
    _xlsxwriters(tmp_path / "theirs.xlsx", tmp_path / "b")
    ours, theirs = _parts(tmp_path / "ours.xlsx"), _parts(tmp_path / "theirs.xlsx")
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    assert ours[2] == theirs[2]


def test_rows_as_xml_read_back(tmp_path):
    out = tmp_path / "ours.xlsx"
    (tmp_path / "parts").mkdir()
    _ours(out, tmp_path / "parts")
    ws = load_workbook(out)["Rows"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    # Excel reads _x005F_ back as "_"; openpyxl leaves the escape as it is.
    assert [v[0].replace("_x005F", "") for v in values] == [r[0] for r in ROWS]
    assert values[0][1] == dt.datetime(2024, 2, 29) and values[2][1] == dt.datetime(1900, 3, 1)
    assert values[3][1] == dt.datetime(2025, 10, 11, 6, 30)
    assert values[0][2] == 890_052_000 and values[3][2] == 1e21
    assert ws["E2"].hyperlink.target == "https://example.org/a%20b"
    assert ws["E2"].hyperlink.location == "part 2"
    assert ws["E5"].hyperlink is None and ws["E5"].value == "ftp://not-linked.example.org"
    assert ws.max_row == 6 and ws.max_column == 5
    assert ws.auto_filter.ref == "A1:E6"


def test_row_heights_follow_wrapped_lines(tmp_path):
    out = tmp_path / "ours.xlsx"
    (tmp_path / "parts").mkdir()
    wb = open_book(str(out), str(tmp_path / "parts"))
    sheet = TableSheet(wb, Styles(wb), "Rows", (Column("Text", "text", 8, 20),))
    sheet.append(["short"])
    sheet.append(["a much longer text that needs three or four lines at twenty"])
    sheet.close()
    wb.close()
    ws = load_workbook(out)["Rows"]
    assert ws.row_dimensions[2].height is None
    assert ws.row_dimensions[3].height > 2 * 13
