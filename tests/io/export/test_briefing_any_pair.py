"""A briefing of any relationship: a store holding one pair that is not the sample's
(India and Bangladesh, from a Comtrade file written here) exports its figures in the
workbook, the CSV and the PDF pack, and the PDF can be followed and read back."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from viewer.cli import run
from viewer.io.importers.runner import import_file

HEADER = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,"
    "Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,"
    "2nd Partner Code,2nd Partner,2nd Partner ISO,Customs Proc. Code,Customs,"
    "Mode of Transport Code,Mode of Transport,Commodity Code,Commodity,Qty Unit Code,Qty Unit,"
    "Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweightkg,Gross weight (kg),TradeValueUS,"
    "CIF Trade Value (US$),FOB Trade Value (US$),Flag")


def comtrade_file(folder: Path) -> Path:
    """India's exports to Bangladesh: two years and three months with a gap."""
    rows = []
    for period, desc, value in (("2022", "2022", 12_000_000_000), ("2023", "2023", 11_000_000_000),
                                ("202301", "January 2023", 900_000_000),
                                ("202302", "February 2023", 950_000_000),
                                ("202306", "June 2023", 870_000_000)):
        rows.append(f"HS,{period[:4]},{period},{desc},0,0,2,Export,699,India,IND,50,Bangladesh,"
                    f"BGD,,,,,,,,TOTAL,All Commodities,1,No Quantity,,,,,,,{value},,,0")
    path = folder / "ind-bgd.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture
def ind_bgd(empty_target, tmp_path):
    from viewer.store.service import StoreService

    store = StoreService.open(empty_target, create=True)
    report = import_file(store, comtrade_file(tmp_path))
    assert report.ok and report.added == 5, report.lines()
    store.close()
    return empty_target


def test_one_non_sample_pair_in_workbook_and_csv(ind_bgd, tmp_path):
    out = tmp_path / "brief.xlsx"
    assert run(["export", str(out), "--db", ind_bgd]) == 0
    wb = load_workbook(out)
    trade = wb["Trade"]
    rows = [[c.value for c in r] for r in trade.iter_rows(min_row=2)]
    assert len(rows) == 5 and {(r[0], r[1]) for r in rows} == {("IND", "BGD")}
    head = [c.value for c in trade[1]]
    assert {r[head.index("Reporter's fiscal year")] for r in rows} >= {"2022-23", "2023-24"}
    summary = [c.value for row in wb["Summary"].iter_rows() for c in row if c.value]
    assert "IND exports to BGD, goods only" in summary
    assert run(["export", str(tmp_path / "brief.csv"), "--db", ind_bgd,
                "--series", "IND:BGD:export"]) == 0
    with (tmp_path / "brief-trade.csv").open(encoding="utf-8-sig") as fh:
        figures = list(csv.DictReader(fh))
    assert len(figures) == 5 and all(f["reporter"] == "IND" for f in figures)


def test_one_non_sample_pair_in_the_pdf_pack(ind_bgd, tmp_path, qapp):
    out = tmp_path / "brief.pdf"
    assert run(["export", str(out), "--db", ind_bgd, "--country", "IND",
                "--country", "BGD"]) == 0
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "IND exports to" in flat and "23,000.000" in flat  # two calendar years
    # Tables of every kind of period the series has: calendar years and months.
    assert "By calendar year (US$ million)" in flat and "12,000.000" in flat
    assert "By month (US$ million)" in flat
    months = flat[flat.index("By month"):]
    assert [m for m in ("Jan 2023", "Feb 2023", "Jun 2023") if m in months] == [
        "Jan 2023", "Feb 2023", "Jun 2023"]
    assert "950.000" in months and "870.000" in months


def test_pdf_pack_pages_links_and_arabic_script(tmp_path, sample_store_path, qapp):
    import pypdf

    out = tmp_path / "pack.pdf"
    assert run(["export", str(out), "--db", str(sample_store_path), "--from", "2019-07-01",
                "--to", "2025-12-31"]) == 0
    reader = pypdf.PdfReader(out)
    pages = len(reader.pages)
    links = [a.get_object()["/A"]["/URI"] for page in reader.pages
             for a in page.get("/Annots") or [] if a.get_object()["/Subtype"] == "/Link"]
    # Every source listed links to its full address.
    assert len(set(links)) >= 40 and all(link.startswith("http") for link in links)
    assert ("https://www.app.com.pk/business/pakistans-exports-to-afghanistan-increase-10-47-"
            "in-fy-2020-21/") in links
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        for number, page_text in enumerate(text.split("\f")[:pages], start=1):
            flat = " ".join(page_text.split())
            assert f"Page {number} of {pages}" in flat
            assert "Window: 01 Jul 2019 – 31 Dec 2025" in flat
        plain = re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))
        for name in ("امیر خان متقی", "اسحاق ڈار"):
            assert name in plain, name
        # The restated FY2019-20 export is listed once as restated, and never summed.
        assert "Restated figures" in plain and "888.913" in plain


def test_restated_figure_once_in_totals_once_as_superseded(tmp_path, sample_store):
    import datetime as dt

    from viewer.domain.drawing import SeriesKey
    from viewer.domain.model import TimeWindow
    from viewer.io.export.workbook import write_workbook

    out = tmp_path / "brief.xlsx"
    write_workbook(sample_store, out, TimeWindow(dt.date(2019, 7, 1), dt.date(2021, 6, 30)),
                   series=[SeriesKey("PAK", "AFG", "export")])
    wb = load_workbook(out)
    trade = wb["Trade"]
    head = [c.value for c in trade[1]]
    fy = [[c.value for c in r] for r in trade.iter_rows(min_row=2)
          if r[head.index("Period")].value == "FY 2019-20"]
    by_value = {r[head.index("Value (US$ m)")]: r[head.index("Status")] for r in fy}
    assert by_value[888_913_000].startswith("superseded") and by_value[890_052_000]
    pivot = [[c.value for c in r] for r in wb["Trade by period"].iter_rows(max_col=4)]
    assert [r[3] for r in pivot if r[0] == "FY 2019-20"] == [890_052_000]
    summary = {r[0].value: [c.value for c in r[1:]] for r in wb["Summary"].iter_rows()
               if r[0].value and r[1].value == "fiscal years"}
    row = summary["PAK exports to AFG, goods and services"]
    assert row[1] == 2 and row[2] == 890_052_000 + 983_295_000
