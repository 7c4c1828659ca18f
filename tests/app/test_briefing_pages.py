"""The PDF pack's pages: tables cut between rows, each page with the header row again."""

from __future__ import annotations

import re

from viewer.app.briefing_pdf import paginate
from viewer.io.export.briefing_html import table

ROWS = [(f"row {i}",) for i in range(10)]


def _rows_per_page(pages: list[str]) -> list[list[str]]:
    return [re.findall(r"<td[^>]*>(row \d+)</td>", page) for page in pages]


def test_tables_break_between_rows_with_header_and_heading_again():
    parts = ["<p>intro</p>", table(("Name",), ROWS, (100,), heading="<h2>Sources</h2><p>x</p>")]
    # A page holds four table rows (the header row counts) and paragraphs count as rows.
    pages = paginate(parts, lambda html: html.count("<tr") + html.count("<p>") <= 5)
    rows = _rows_per_page(pages)
    assert [r for page in rows for r in page] == [r[0] for r in ROWS]  # each row once
    assert all(page.count("<thead>") == 1 for page in pages)
    assert "<h2>Sources</h2><p>x</p>" in pages[0]
    assert all("<h2>Sources (continued)</h2>" in p and "<p>x</p>" not in p for p in pages[1:])
    assert all(len(r) >= 1 for r in rows)


def test_a_row_taller_than_a_page_has_a_page_alone():
    parts = [table(("Name",), ROWS[:3], (100,))]
    pages = paginate(parts, lambda html: "row 1" not in html and html.count("<tr") <= 3)
    assert _rows_per_page(pages) == [["row 0"], ["row 1"], ["row 2"]]
