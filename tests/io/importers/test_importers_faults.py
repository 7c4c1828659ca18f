"""Files that crashed the importers in the fault campaign: each is now a row rejection
naming the field, or a refusal naming the file, and the store is left as it was
(RELIABILITY #1, #6, #21, #22)."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import openpyxl
import pytest
from importer_files import acled_row, count, gdelt_line, snapshot, write_acled

from viewer.cli import run
from viewer.io.importers.runner import import_file

COMTRADE = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,"
            "Trade Flow Code,Trade Flow,Reporter Code,Reporter,Reporter ISO,Partner Code,"
            "Partner,Partner ISO,Commodity Code,Commodity,Trade Value (US$),Flag\n")


def _comtrade_row(year: str, period: str) -> str:
    return (f"H4,{year},{period},{period},0,0,2,Export,586,Pakistan,PAK,4,Afghanistan,AFG,"
            "TOTAL,All Commodities,123456789,0\n")


def _rejected_field(store, path, field: str, row: int = 2) -> str:
    """The file is refused whole for its one bad row, named by row and field."""
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok, report.lines()
    assert path.name in report.refused
    assert [r.field for r in report.rejected] == [field], report.rejected
    assert report.rejected[0].row == row
    assert snapshot(store) == before
    return report.rejected[0].reason


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "9" * 20, "9" * 31, "1e400"])
def test_acled_fatalities_out_of_range_is_a_rejected_row(store, tmp_path, value):
    path = write_acled(tmp_path / "acled.csv", [acled_row(1, fatalities=value)])
    reason = _rejected_field(store, path, "fatalities")
    assert "finite" in reason or "out of range" in reason


@pytest.mark.parametrize("value", ["inf", "nan", "9" * 25, "-" + "9" * 22])
def test_gdelt_mentions_out_of_range_is_a_rejected_row(store, tmp_path, value):
    path = tmp_path / "g.export.CSV"
    path.write_text(gdelt_line(1, NumMentions=value))
    _rejected_field(store, path, "NumMentions", row=1)  # raw GDELT has no header


@pytest.mark.parametrize("field, value", [("GoldsteinScale", "inf"), ("AvgTone", "nan"),
                                          ("ActionGeo_Lat", "-inf")])
def test_gdelt_float_fields_must_be_finite(store, tmp_path, field, value):
    path = tmp_path / "g.export.CSV"
    path.write_text(gdelt_line(1, **{field: value}))
    _rejected_field(store, path, field, row=1)


@pytest.mark.parametrize("year, period", [("99999999999", "99999999999"),
                                          ("2024" + "9" * 18, "2024" + "9" * 18),
                                          ("10000", "1000001")])
def test_comtrade_year_past_9999_is_a_rejected_row(store, tmp_path, year, period):
    path = tmp_path / "comtrade.csv"
    path.write_text(COMTRADE + _comtrade_row(year, period))
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok and path.name in report.refused
    assert report.rejected_count == 1 and report.rejected[0].row == 2
    assert report.rejected[0].field in ("Period", "Year")
    assert snapshot(store) == before


def _workbook_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Events"
    ws.append(["Ref", "Date", "Headline", "Country"])
    ws.append(["E1", "2023-11-01", "Deportation drive begins", "PAK"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["brief.zip", "brief.csv", "brief.txt", "brief"])
def test_a_valid_workbook_under_another_name_is_imported(store, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_workbook_bytes())
    report = import_file(store, path)
    assert report.ok and report.added == 1, report.lines()


def _rezip(data: bytes, change) -> bytes:  # noqa: ANN001
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if change(info.filename, body) is not None:
                dst.writestr(info, change(info.filename, body))
    return out.getvalue()


def test_a_workbook_with_no_sheets_is_refused(store, tmp_path):
    def no_sheets(name: str, body: bytes) -> bytes | None:
        if "worksheets/" in name:
            return None
        if name == "xl/workbook.xml":
            return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", body, flags=re.S)
        return body

    path = tmp_path / "empty.xlsx"
    path.write_bytes(_rezip(_workbook_bytes(), no_sheets))
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok and report.refused.startswith("empty.xlsx: ")
    assert "no worksheets" in report.refused and not report.unforeseen
    assert snapshot(store) == before


def _gdelt_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20231101.export.CSV", "".join(gdelt_line(i) for i in range(3)))
    return out.getvalue()


def _patch_headers(data: bytes, offset: int, value: int, *, central: bool, local: bool,
                   combine: bool = False) -> bytes:
    """Set a 16-bit field at `offset` from each local (PK\\3\\4) or central (PK\\1\\2) header."""
    buf = bytearray(data)
    for sig, base, wanted in ((b"PK\x03\x04", 4, local), (b"PK\x01\x02", 6, central)):
        if not wanted:
            continue
        for m in re.finditer(re.escape(sig), data):
            at = m.start() + base + offset
            old = struct.unpack_from("<H", buf, at)[0]
            struct.pack_into("<H", buf, at, old | value if combine else value)
    return bytes(buf)


@pytest.mark.parametrize("what, offset, value, combine", [
    ("a zip version from the future", 0, 99, False),
    ("marked encrypted", 2, 0x1, True),
    ("strong encryption", 2, 0x41, True),
    ("compressed patched data", 2, 0x20, True),
    ("an unsupported compression method", 4, 99, False),
])
@pytest.mark.parametrize("name", ["g.export.CSV.zip", "brief.xlsx"])
def test_unreadable_zip_features_are_refused_naming_the_file(store, tmp_path, what, offset,
                                                             value, combine, name):
    data = _gdelt_zip() if name.endswith(".zip") else _workbook_bytes()
    path = tmp_path / name
    path.write_bytes(_patch_headers(data, offset, value, central=True, local=True,
                                    combine=combine))
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok, what
    assert report.refused.startswith(f"{name}: "), report.refused
    assert not report.unforeseen, report.unforeseen
    assert snapshot(store) == before


def test_a_batch_goes_on_past_files_that_used_to_crash(store, tmp_path, capsys):
    first = write_acled(tmp_path / "first.csv", [acled_row(1)])
    overflow = write_acled(tmp_path / "overflow.csv", [acled_row(2, fatalities="9" * 25)])
    encrypted = tmp_path / "locked.export.CSV.zip"
    encrypted.write_bytes(_patch_headers(_gdelt_zip(), 2, 0x1, central=True, local=True,
                                         combine=True))
    last = write_acled(tmp_path / "last.csv", [acled_row(3)])
    code = run(["import", str(first), str(overflow), str(encrypted), str(last),
                "--db", store.target])
    out, err = capsys.readouterr()
    assert code == 1
    assert count(store, "event") == 2 and count(store, "import_batch") == 2
    assert "first.csv (acled/current): 1 event added" in out
    assert "last.csv (acled/current): 1 event added" in out
    assert "2 of 4 files imported; not imported: overflow.csv, locked.export.CSV.zip" in out
    assert "overflow.csv, row 2, field 'fatalities'" in err
    assert "locked.export.CSV.zip: " in err and "Traceback" not in err
