"""Mapped CSV/XLSX imports, and every bad-workbook case of RELIABILITY #1–5 on files built here."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from importer_files import ACLED_CURRENT, acled_row, count, plain, snapshot
from sqlalchemy import text

from viewer.cli import run
from viewer.io.importers.mapping import Mapping, propose
from viewer.io.importers.runner import import_file
from viewer.io.importers.xlsxfile import sheet_names

EVENTS = [["Ref", "Date", "Headline", "Category", "Country", "Place", "Link"],
          ["E1", "2023-11-01", "Deportation drive begins", "migration", "PAK; AFG", "Torkham",
           "https://www.dawn.com/news/1"],
          ["E2", "19 Oct 2025", "Doha ceasefire", "Agreement or ceasefire", "Pakistan",
           "Doha", ""]]


def _workbook(path, rows=EVENTS, *, sheet="Events", extra_sheet=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("Notes").append(["just", "notes"])
    wb.save(path)
    return path


def _rewrite(path, member: str, change) -> None:
    """Rewrite one XML part of a workbook (to plant entities, dimensions...)."""
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, change(body) if info.filename == member else body)


def _refused(store, path, *expect, **kwargs):
    before = snapshot(store)
    report = import_file(store, path, **kwargs)
    assert not report.ok, report.lines()
    assert path.name in report.refused
    for part in expect:
        assert part in report.refused, report.refused
    assert snapshot(store) == before
    return report


def test_proposed_mapping_imports_a_workbook(store, tmp_path):
    path = _workbook(tmp_path / "briefing.xlsx")
    report = import_file(store, path)
    assert report.ok and report.added == 2 and report.format == "xlsx", report.lines()
    assert any("title=Headline" in n for n in report.notes)
    with store.store.connect() as conn:
        rows = conn.execute(text("SELECT title, start_date, type, location FROM event "
                                 "ORDER BY start_date")).all()
        rows = [plain(r) for r in rows]
        places = set(conn.scalars(text("SELECT country_iso3 FROM event_country")))
    assert rows == [("Deportation drive begins", "2023-11-01", "migration", "Torkham"),
                    ("Doha ceasefire", "2025-10-19", "agreement", "Doha")]
    assert places == {"PAK", "AFG"}
    again = import_file(store, _workbook(tmp_path / "copy.xlsx", EVENTS + [
        ["E3", "2024-01-05", "Talks", "talks", "AFG", "Kabul", ""]]))
    # Another file name, the same id column and columns: the same dataset, updated by id.
    assert (again.added, again.updated, again.unchanged) == (1, 0, 2), again.lines()


def test_saved_mapping_and_sheet_choice_through_the_cli(store, tmp_path, capsys):
    path = _workbook(tmp_path / "book.xlsx", extra_sheet=True)
    assert sheet_names(path) == ["Events", "Notes"]
    mapping = propose(EVENTS[0])
    mapping.dataset = "desk-log"
    mapping.columns["summary"] = "Link"
    mapping.sheet = "Events"
    mapping.save(tmp_path / "map.json")
    assert Mapping.load(tmp_path / "map.json") == mapping
    report = import_file(store, path, sheet="Notes", mapping=Mapping.load(tmp_path / "map.json"))
    assert "the mapping names columns the file lacks" in report.refused
    db = store.target
    assert run(["import", str(path), "--map", str(tmp_path / "map.json"), "--db", db]) == 0
    assert "2 events added" in capsys.readouterr().out
    with store.store.connect() as conn:
        assert set(conn.scalars(text("SELECT origin_dataset FROM event"))) == {"desk-log"}


def test_trade_csv_with_mapping(store, tmp_path):
    path = tmp_path / "sbp.csv"
    path.write_text("Reporter,Partner,Flow,Fiscal year,Value (US$ thousand)\n"
                    "PAK,AFG,Exports,2022-23,1234.5\nPakistan,Afghanistan,Imports,2023-07,10\n")
    mapping = Mapping(kind="trade", columns={"reporter": "Reporter", "partner": "Partner",
                                             "flow": "Flow", "period": "Fiscal year",
                                             "value_usd": "Value (US$ thousand)"},
                      value_scale=1000)
    report = import_file(store, path, format="csv", mapping=mapping)
    assert report.ok and report.added == 2, report.lines()
    with store.store.connect() as conn:
        rows = conn.execute(text("SELECT flow, period_kind, period_start, period_end, value_usd, "
                                 "fiscal_year FROM trade_figure ORDER BY id")).all()
        rows = [plain(r) for r in rows]
    assert rows[0] == ("export", "fiscal_year", "2022-07-01", "2023-06-30", 1_234_500.0,
                       "2022-23")
    assert rows[1][:5] == ("import", "month", "2023-07-01", "2023-07-31", 10_000.0)


def test_acled_layout_in_a_workbook_uses_the_acled_parser(store, tmp_path):
    rows = [ACLED_CURRENT] + [[acled_row(i)[h] for h in ACLED_CURRENT] for i in range(3)]
    report = import_file(store, _workbook(tmp_path / "acled.xlsx", rows))
    assert report.ok and report.format == "acled/current" and report.added == 3


def test_acled_aggregate_workbook_is_refused(store, tmp_path):
    path = _workbook(tmp_path / "agg.xlsx", [["Country", "Month", "Year", "Events", "Fatalities"],
                                             ["Pakistan", "January", 2025, 120, 40]],
                     sheet="Non_HRP")
    _refused(store, path, "ACLED aggregate")


def test_unmappable_csv_is_refused_with_what_is_missing(store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("alpha,beta\n1,2\n")
    _refused(store, path, "cannot tell which columns hold", "alpha, beta", format="csv")


def test_text_renamed_xlsx_is_refused(store, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("this is not a workbook\n")
    _refused(store, path, "not an Excel workbook")


def test_truncated_workbook_is_refused(store, tmp_path):
    good = _workbook(tmp_path / "good.xlsx")
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    _refused(store, bad)


def test_billion_laughs_is_refused(store, tmp_path):
    path = _workbook(tmp_path / "laughs.xlsx")
    bomb = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    _rewrite(path, "xl/workbook.xml", lambda body: bomb + body.replace(
        b"<sheets>", b"<sheets>&lol3;", 1))
    _refused(store, path, "XML entities")


def test_external_entity_in_a_sheet_is_refused(store, tmp_path):
    path = _workbook(tmp_path / "xxe.xlsx")
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda body: (doctype + body).replace(
                 b"<sheetData>", b"<sheetData>&xxe;", 1))
    report = _refused(store, path, "XML entities")
    assert "top secret" not in report.refused


def test_small_zip_bomb_is_refused_before_inflating(store, tmp_path):
    path = _workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (24 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    _refused(store, path, "zip bomb")


def test_declared_full_sheet_dimension_is_not_trusted(store, tmp_path):
    path = _workbook(tmp_path / "huge-dim.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda body: re.sub(
        rb'<dimension ref="[A-Z0-9:]+" */>', b'<dimension ref="A1:XFD1048576"/>', body))
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    report = import_file(store, path)
    assert report.ok and report.added == 2


def test_too_many_columns_are_refused(store, tmp_path):
    wide = [[f"c{i}" for i in range(300)], list(range(300))]
    _refused(store, _workbook(tmp_path / "wide.xlsx", wide), "more than 256 columns")


def test_formula_and_error_cells_are_text_and_flagged(store, tmp_path):
    rows = [EVENTS[0], ["E1", "2023-11-01", '=HYPERLINK("http://x","click")', "talks", "PAK",
                        "#REF!", ""]]
    path = _workbook(tmp_path / "formulas.xlsx", rows)
    assert openpyxl.load_workbook(path)["Events"]["F2"].data_type == "e"
    report = import_file(store, path)
    assert report.ok and report.added == 1
    assert any("row 2, field 'Headline': a formula" in n for n in report.notes)
    assert any("field 'Place': an error value" in n for n in report.notes)
    with store.store.connect() as conn:
        assert conn.execute(text("SELECT title, location FROM event")).one() == (
            '=HYPERLINK("http://x","click")', "#REF!")


@pytest.mark.parametrize("bad", ["not-a-date", "2024-13-45"])
def test_bad_dates_in_a_workbook_name_the_row_and_column(store, tmp_path, bad):
    rows = EVENTS[:2] + [["E9", bad, "x", "talks", "PAK", "", ""]]
    report = _refused(store, _workbook(tmp_path / "dates.xlsx", rows), "1 row rejected")
    assert (report.rejected[0].row, report.rejected[0].field) == (3, "Date")


def test_empty_workbook_is_refused(store, tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "empty.xlsx")
    _refused(store, tmp_path / "empty.xlsx", "empty")
    assert count(store, "event") == 0


def test_openpyxl_parses_with_defusedxml():
    from viewer.io.importers.xlsxfile import require_defusedxml

    assert openpyxl.DEFUSEDXML is True
    require_defusedxml()


def _team_sheet(path, rows: list[list[str]]):
    header = ["ID", "Date", "Title", "Countries", "Type"]
    path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in [header, *rows]) + "\n",
                    encoding="utf-8")
    return path


def test_a_newer_version_of_a_colleagues_sheet_updates_by_id(store, tmp_path):
    v1 = _team_sheet(tmp_path / "team_v1.csv", [
        ["T1", "2024-03-05", "Border talks", "Pakistan; Afghanistan", "Talks"],
        ["T2", "2024-03-09", "Torkham closed", "PK, AF", "BORDER"]])
    first = import_file(store, v1, format="csv")
    assert first.ok and first.added == 2, first.lines()
    v2 = _team_sheet(tmp_path / "team_v2.csv", [
        ["T1", "2024-03-05", "Border talks", "Pakistan; Afghanistan", "Talks"],
        ["T2", "2024-03-09", "Torkham closed to trucks", "PK, AF", "BORDER"],
        ["T3", "2024-03-12", "Torkham reopened", "Pakistan", "border"]])
    second = import_file(store, v2, format="csv")
    assert (second.added, second.updated, second.unchanged) == (1, 1, 1), second.lines()
    assert count(store, "event") == 3
    with store.store.connect() as conn:
        rows = conn.execute(text("SELECT origin_id, title, type, version FROM event "
                                 "ORDER BY origin_id")).all()
        places = sorted(conn.execute(text("SELECT country_iso3 FROM event_country")).scalars())
    assert rows == [("T1", "Border talks", "talks", 1),
                    ("T2", "Torkham closed to trucks", "border", 2),
                    ("T3", "Torkham reopened", "border", 1)]
    assert places == ["AFG", "AFG", "PAK", "PAK", "PAK"]


def test_without_an_id_rows_are_matched_on_date_title_and_countries(store, tmp_path):
    def sheet(name: str, rows: list[list[str]]):
        path = tmp_path / name
        path.write_text("When,What,Country\n" + "".join(",".join(r) + "\n" for r in rows))
        return path

    first = import_file(store, sheet("log1.csv", [["2024-03-05", "Border talks", "PAK"],
                                                  ["2024-03-09", "Torkham closed", "AFG"]]),
                        format="csv")
    assert first.ok and first.added == 2, first.lines()
    assert any("no id column: rows are matched on their date, title and countries" in n
               for n in first.notes)
    second = import_file(store, sheet("log2.csv", [["2024-03-05", "Border  talks", "Pakistan"],
                                                   ["2024-03-10", "Torkham closed", "AFG"]]),
                         format="csv")
    # The same date, title (spacing and case aside) and country: matched, and its title
    # text updated; a corrected date is a new row, as the note says.
    assert (second.added, second.updated) == (1, 1) and count(store, "event") == 3


def test_unknown_country_names_the_row_and_field(store, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Ref,Date,Headline,Country\nR1,2024-03-05,x,Narnia\nR2,2024-03-05,y,UK\n")
    report = import_file(store, path, format="csv")
    assert not report.ok and [(r.row, r.field) for r in report.rejected] == [(2, "Country")]
    assert "unknown country 'Narnia'" in report.rejected[0].reason
