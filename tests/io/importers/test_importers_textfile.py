"""Bad CSV/TSV input (RELIABILITY #6): each case on a file built here; the store is unchanged."""

from __future__ import annotations

from importer_files import acled_row, count, snapshot, write_acled
from sqlalchemy import text

from viewer.io.importers.cli import ADVICE
from viewer.io.importers.runner import import_file
from viewer.io.importers.textfile import FIELD_CAP


def _refused(store, path, *expect: str):
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok, report.summary()
    assert path.name in report.refused
    for part in expect:
        assert part in "\n".join(report.lines(advice=ADVICE)), report.lines()
    assert snapshot(store) == before
    return report


def test_empty_file_is_refused(store, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    report = _refused(store, path, "the file is empty")
    assert report.rejected_count == 0


def test_header_only_file_imports_nothing(store, tmp_path):
    report = import_file(store, write_acled(tmp_path / "header.csv", []))
    assert report.ok and report.added == 0 and count(store, "event") == 0


def test_bom_in_header_is_dropped(store, tmp_path):
    report = import_file(store, write_acled(tmp_path / "bom.csv", [acled_row(1)], bom=True))
    assert report.ok and report.added == 1 and report.encoding == "utf-8-sig"


def test_latin1_text_is_decoded(store, tmp_path):
    path = write_acled(tmp_path / "latin.csv",
                       [acled_row(1, location="Peshawar Saddar", notes="Café near the Qissa "
                                  "Khwani bazaar; 5 °C.")], encoding="latin-1")
    report = import_file(store, path)
    assert report.ok and report.encoding in ("cp1252", "latin-1")
    with store.store.connect() as conn:
        assert conn.scalar(text("SELECT summary FROM event")) == \
            "Café near the Qissa Khwani bazaar; 5 °C."


def test_nul_bytes_reject_the_row(store, tmp_path):
    path = write_acled(tmp_path / "nul.csv", [acled_row(1), acled_row(2, notes="bad\x00data")])
    report = _refused(store, path, "row 3, field 'notes': contains NUL bytes")
    assert report.rejected[0].row == 3


def test_field_of_200000_characters_is_read_whole(store, tmp_path):
    long = "x" * 200_000
    report = import_file(store, write_acled(tmp_path / "long.csv", [acled_row(1, notes=long)]))
    assert report.ok and report.added == 1
    with store.store.connect() as conn:
        assert conn.scalar(text("SELECT length(summary) FROM event")) == 200_000


def test_field_beyond_the_cap_is_rejected(store, tmp_path):
    path = write_acled(tmp_path / "huge.csv", [acled_row(1), acled_row(2, notes="y" *
                                                                      (FIELD_CAP + 10)),
                                               acled_row(3)])
    report = _refused(store, path, f"row 3: a field is longer than {FIELD_CAP:,} characters")
    assert report.rejected_count == 1


def test_unterminated_quote_is_rejected(store, tmp_path):
    path = write_acled(tmp_path / "quote.csv", [acled_row(1)])
    with path.open("a", encoding="utf-8") as fh:
        fh.write('PAK9,2024-01-01,2024,1,,Battles,Armed clash,"Open quote never closed,x\n')
    _refused(store, path, "row 3: unterminated quote")


def test_ragged_rows_are_rejected(store, tmp_path):
    path = write_acled(tmp_path / "ragged.csv", [acled_row(1)])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("PAK9,2024-01-01,2024,1\n")
        fh.write(",".join(["x"] * 40) + "\n")
    report = _refused(store, path, "row 3: has 4 fields, expected 31", "row 4: has 40 fields")
    assert report.rejected_count == 2


def test_unknown_file_says_what_it_looks_like(store, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name;role;phone\nAsma;desk officer;123\n")
    _refused(store, path, "semicolon-separated text file with 3 columns", "name, role, phone",
             "--format csv")


def test_forced_format_that_does_not_match_is_refused(store, tmp_path):
    path = write_acled(tmp_path / "a.csv", [acled_row(1)])
    before = snapshot(store)
    report = import_file(store, path, format="gdelt")
    assert "looks like ACLED event export" in report.refused and snapshot(store) == before


def test_json_and_html_are_named_as_such(store, tmp_path):
    (tmp_path / "codes.json").write_text('{"Description": {"01": "statement"}}\n')
    (tmp_path / "page.csv").write_text("<!DOCTYPE html><html><body>Export</body></html>\n")
    _refused(store, tmp_path / "codes.json", "this is a JSON file")
    _refused(store, tmp_path / "page.csv", "XML or HTML file")
