"""`viewer export` end to end on a real sample store."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from tests import sample_rows
from viewer.cli import run


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.sqlite"
    assert run(["init", "--db", str(path)]) == 0
    return str(path)


def test_export_xlsx_of_a_window(tmp_path, db, capsys):
    out = tmp_path / "brief.xlsx"
    code = run(["export", str(out), "--from", "2023-01-01", "--to", "2025-12-31", "--db", db])
    assert code == 0
    # Every sample event of 2023–2025: not the 2016 Torkham closure, not the fall of Kabul.
    shown = len(sample_rows.events_in(dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
    assert 0 < shown < sample_rows.count("events.csv")
    assert f"{shown} events" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Events", "Trade", "Trade by period", "Sources"]
    assert wb["Events"].max_row == shown + 1


def test_export_csv_with_filters_writes_events_and_trade(tmp_path, db):
    out = tmp_path / "brief.csv"
    code = run(["export", str(out), "--from", "2023-01-01", "--country", "afg",
                "--type", "border", "--search", "Torkham", "--db", db])
    assert code == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["type"] == "border" and "AFG" in r["countries"] for r in rows)
    assert all("torkham" in (r["title"] + r["summary"]).lower() for r in rows)
    assert (tmp_path / "brief-trade.csv").exists()


def test_country_and_type_options_take_what_officers_write(tmp_path, db):
    # The importers' resolver: ISO2, names, short forms; types by code or label, any case.
    for country, kind in (("pk", "Border"), ("Pakistan", "BORDER CLOSURE"), ("586", "border")):
        out = tmp_path / f"{country}.csv"
        assert run(["export", str(out), "--country", country, "--type", kind, "--db", db]) == 0
        with open(out, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["type"] == "border" and "PAK" in r["countries"] for r in rows)


def test_search_text_is_a_parameter_not_sql(tmp_path, db):
    out = tmp_path / "brief.csv"
    # Spliced into SQL this would drop the table; bound, it is words no event has.
    assert run(["export", str(out), "--search", "zqx DROP TABLE event --", "--db", db]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert list(csv.DictReader(fh)) == []
    assert run(["export", str(out), "--search", "Torkham", "--db", db]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) >= 4


def test_malformed_search_is_one_line_with_a_hint(tmp_path, db, capsys):
    out = tmp_path / "brief.csv"
    assert run(["export", str(out), "--search", "zqx'); DROP TABLE event; --", "--db", db]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no '('" in err[0]
    assert not out.exists()


@pytest.mark.parametrize("argv, code, message", [
    (["x.doc"], 2, "unknown format"),
    (["missing/x.xlsx"], 1, "does not exist"),
    (["x.xlsx", "--type", "nonsense"], 1, "unknown type nonsense"),
    (["x.xlsx", "--country", "XXX"], 1, "unknown country XXX"),
    (["x.xlsx", "--from", "2024-01-01", "--to", "2023-01-01"], 1, "before"),
])
def test_export_errors_are_one_line(tmp_path, db, capsys, argv, code, message):
    argv = [str(tmp_path / argv[0]), *argv[1:]]
    assert run(["export", *argv, "--db", db]) == code
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_export_to_a_folder_keeps_it(tmp_path, db, capsys):
    folder = tmp_path / "brief.xlsx"
    folder.mkdir()
    assert run(["export", str(folder), "--db", db]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert folder.is_dir()
