"""Dates in colleagues' sheets: the day/month order decided per column from all its values,
asked when no value tells, kept in the mapping; month names, ISO with a time, Excel serials."""

from __future__ import annotations

import datetime as dt

import pytest
from importer_files import count
from sqlalchemy import text

from viewer.cli import run
from viewer.domain.model import Precision
from viewer.io.importers.cli import ADVICE
from viewer.io.importers.dates import DateColumn, DateOrder, decide_order, two_readings
from viewer.io.importers.mapping import Mapping
from viewer.io.importers.report import RowError
from viewer.io.importers.runner import import_file

D = dt.date


@pytest.mark.parametrize(("written", "expected", "precision"), [
    ("2024-03-05", D(2024, 3, 5), Precision.DAY),
    ("2024-03-05T14:30:00", D(2024, 3, 5), Precision.DAY),
    ("2024-03-05 14:30", D(2024, 3, 5), Precision.DAY),
    ("2024/03/05", D(2024, 3, 5), Precision.DAY),
    ("20240305", D(2024, 3, 5), Precision.DAY),
    ("March 5, 2024", D(2024, 3, 5), Precision.DAY),
    ("5 Mar 2024", D(2024, 3, 5), Precision.DAY),
    ("5-Mar-2024", D(2024, 3, 5), Precision.DAY),
    ("Tuesday, 5th March 2024", D(2024, 3, 5), Precision.DAY),
    ("Sept 30 2024", D(2024, 9, 30), Precision.DAY),
    ("Tue, 05 Mar 2024 10:00:00 GMT", D(2024, 3, 5), Precision.DAY),
    ("45356", D(2024, 3, 5), Precision.DAY),  # Excel's day number
    ("45356.75", D(2024, 3, 5), Precision.DAY),
    ("2024-03", D(2024, 3, 1), Precision.MONTH),
    ("03/2024", D(2024, 3, 1), Precision.MONTH),
    ("March 2024", D(2024, 3, 1), Precision.MONTH),
    ("2024", D(2024, 1, 1), Precision.YEAR),
])
def test_forms_that_need_no_order(written, expected, precision):
    assert DateColumn("Date", None).parse(written) == (expected, precision)


def test_numeric_dates_in_each_order():
    assert DateColumn("d", DateOrder.DMY).parse("03/05/2024")[0] == D(2024, 5, 3)
    assert DateColumn("d", DateOrder.MDY).parse("03/05/2024")[0] == D(2024, 3, 5)
    assert DateColumn("d", DateOrder.MDY).parse("5/3/24")[0] == D(2024, 5, 3)
    assert DateColumn("d", DateOrder.DMY).parse("05.03.2024")[0] == D(2024, 3, 5)
    # Unambiguous values need no order: 25 can only be a day.
    assert DateColumn("d", None).parse("25/03/2024")[0] == D(2024, 3, 25)
    assert DateColumn("d", None).parse("03/25/2024")[0] == D(2024, 3, 25)
    with pytest.raises(RowError, match="reads as 3 May or 5 March 2024"):
        DateColumn("d", None).parse("03/05/2024")
    with pytest.raises(RowError, match="not a valid date"):
        DateColumn("d", DateOrder.MDY).parse("25/03/2024")
    with pytest.raises(RowError, match="not a date"):
        DateColumn("d", None).parse("next Tuesday")


def test_order_decided_from_all_values_of_a_column():
    assert decide_order(["03/05/2024", "04/06/2024", "25/06/2024"], "Date").order == \
        DateOrder.DMY
    assert decide_order(["03/05/2024", "06/25/2024"], "Date").order == DateOrder.MDY
    evidence = decide_order(["03/05/2024", "2024-01-02", "5 May 2024"], "Date")
    assert evidence.ambiguous and evidence.order is None and evidence.example == "03/05/2024"
    assert not decide_order(["2024-01-02", "07/07/2024"], "Date").ambiguous
    with pytest.raises(RowError, match="mixes day-first dates"):
        decide_order(["25/03/2024", "03/25/2024"], "Date")
    assert two_readings("03/05/2024") == "3 May or 5 March 2024"


def _sheet(path, dates: list[str]):
    rows = ["Ref,Date,Headline,Country"] + [f"R{i},{d},Item {i},PAK" for i, d in
                                            enumerate(dates)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _days(store) -> list[str]:
    with store.store.connect() as conn:
        return [str(d) for d in conn.scalars(text("SELECT start_date FROM event "
                                                  "ORDER BY origin_id"))]


def test_a_column_of_day_first_dates_is_read_day_first(store, tmp_path):
    report = import_file(store, _sheet(tmp_path / "dmy.csv", ["03/05/2024", "25/06/2024"]),
                         format="csv")
    assert report.ok, report.lines()
    assert _days(store) == ["2024-05-03", "2024-06-25"]
    assert any("day first" in n and "'25/06/2024' shows" in n for n in report.notes)


def test_a_column_of_month_first_dates_is_read_month_first(store, tmp_path):
    report = import_file(store, _sheet(tmp_path / "mdy.csv", ["03/05/2024", "06/25/2024"]),
                         format="csv")
    assert report.ok and _days(store) == ["2024-03-05", "2024-06-25"]


def test_an_ambiguous_column_is_refused_then_read_as_told(store, tmp_path, capsys):
    path = _sheet(tmp_path / "amb.csv", ["03/05/2024", "04/06/2024", "2024-07-01"])
    report = import_file(store, path, format="csv")
    assert not report.ok and report.remedy == "date_order" and count(store, "event") == 0
    assert "'03/05/2024' is 3 May or 5 March 2024" in report.summary(ADVICE)
    db = store.target
    assert run(["import", str(path), "--format", "csv", "--db", db]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith("import again with --date-order DMY, MDY or YMD")
    assert run(["import", str(path), "--format", "csv", "--date-order", "mdy",
                "--db", db]) == 0
    assert _days(store) == ["2024-03-05", "2024-04-06", "2024-07-01"]


def test_the_mapping_keeps_the_date_order(store, tmp_path):
    path = _sheet(tmp_path / "amb.csv", ["03/05/2024", "04/06/2024"])
    mapping = Mapping(kind="events", columns={"origin_id": "Ref", "start_date": "Date",
                                              "title": "Headline", "countries": "Country"},
                      date_order="DMY")
    mapping.save(tmp_path / "map.json")
    assert '"date_order": "DMY"' in (tmp_path / "map.json").read_text()
    report = import_file(store, path, mapping=Mapping.load(tmp_path / "map.json"))
    assert report.ok and _days(store) == ["2024-05-03", "2024-06-04"]
    (tmp_path / "bad.json").write_text('{"kind": "events", "columns": {}, "date_order": "DM"}')
    with pytest.raises(ValueError, match="DMY, MDY or YMD"):
        Mapping.load(tmp_path / "bad.json")


def test_contradicting_dates_in_a_column_are_refused(store, tmp_path):
    report = import_file(store, _sheet(tmp_path / "mixed.csv", ["25/03/2024", "03/25/2024"]),
                         format="csv")
    assert not report.ok and "mixes day-first dates ('25/03/2024')" in report.refused
