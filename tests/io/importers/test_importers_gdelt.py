"""GDELT 2.0 events: the real samples, generated raw/zipped files, re-imports."""

from __future__ import annotations

import zipfile

from importer_files import count, gdelt_line, plain, shared, snapshot
from sqlalchemy import text

from viewer.io.importers.runner import import_file


def _row(store, origin: str) -> dict:
    with store.store.connect() as conn:
        return plain(dict(conn.execute(text("SELECT * FROM event WHERE origin_dataset='gdelt' "
                                            "AND origin_id=:o"), {"o": origin}).mappings().one()))


def _countries(store, origin: str) -> set[str]:
    with store.store.connect() as conn:
        return set(conn.scalars(text(
            "SELECT country_iso3 FROM event_country WHERE event_id = (SELECT id FROM event "
            "WHERE origin_id = :o)"), {"o": origin}))




def test_real_tsv_sample(store):
    report = import_file(store, shared("gdelt", "gdelt2_events_PAK_AFG_subset_61col.tsv"))
    assert report.ok and report.format == "gdelt" and report.added == 248
    assert report.rejected_count == 0 and count(store, "event") == 248
    e = _row(store, "669667522")
    assert e["start_date"] == "2017-07-01" and e["cameo_code"] == "030"
    assert e["goldstein"] == 4.0 and e["mentions"] == 3 and e["tone"] == 0.0
    assert e["location"] == "Kabul, Kabol, Afghanistan" and e["latitude"] == 34.5167
    assert e["title"] == "Pakistan → Afghanistan: intent to cooperate"
    assert e["type"] == "cooperation"
    assert _countries(store, "669667522") == {"PAK", "AFG"}
    with store.store.connect() as conn:
        outlet, url = conn.execute(text(
            "SELECT s.outlet, s.url FROM source s JOIN event_source es ON es.source_id = s.id "
            "JOIN event e ON e.id = es.event_id WHERE e.origin_id = '669667522'")).one()
    assert outlet == "dawn.com" and url == "https://www.dawn.com/news/1342694/its-chinas-turn"


def test_real_header_csv_sample_and_overlap_updates(store):
    tsv = import_file(store, shared("gdelt", "gdelt2_events_PAK_AFG_subset_61col.tsv"))
    report = import_file(store, shared("gdelt", "gdeltPyR_events2samps_2017.csv"))
    assert tsv.added == 248
    assert report.ok and report.added == 6090 - 248 and report.updated == 248
    assert count(store, "event") == 6090
    e = _row(store, "669666351")  # the file's second row: CAMEO 046 with its description
    assert e["cameo_code"] == "046" and e["original_subtype"] == "Engage in negotiation"
    assert e["start_date"] == "2007-07-04" and e["type"] == "talks"


def test_generated_raw_file_keeps_codes_as_strings(store, tmp_path):
    path = tmp_path / "20231101120000.export.CSV"
    path.write_text("".join([gdelt_line(1), gdelt_line(2, EventCode="0871", EventBaseCode="087",
                                                       EventRootCode="08")]))
    report = import_file(store, path)
    assert report.ok and report.added == 2
    e = _row(store, "900002")
    assert e["cameo_code"] == "0871" and e["type"] == "agreement"
    deport = _row(store, "900001")
    assert deport["type"] == "migration" and deport["title"] == \
        "Pakistan → Afghanistan: expulsion or deportation"
    assert _countries(store, "900001") == {"PAK", "AFG"}


def test_zipped_export(store, tmp_path):
    path = tmp_path / "20231101120000.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20231101120000.export.CSV", "".join(gdelt_line(i) for i in range(50)))
    report = import_file(store, path)
    assert report.ok and report.added == 50 and count(store, "event") == 50


def test_truncated_zip_is_refused(store, tmp_path):
    good = tmp_path / "x.export.CSV.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.export.CSV", "".join(gdelt_line(i) for i in range(200)))
    bad = tmp_path / "cut.export.CSV.zip"
    bad.write_bytes(good.read_bytes()[:600])
    before = snapshot(store)
    report = import_file(store, bad)
    assert not report.ok and "cut.export.CSV.zip" in report.refused
    assert "zip" in report.refused
    assert snapshot(store) == before


def test_bad_rows_in_raw_file_name_row_and_field(store, tmp_path):
    path = tmp_path / "bad.export.CSV"
    path.write_text(gdelt_line(1) + gdelt_line(2, SQLDATE="2023XX01") +
                    gdelt_line(3, AvgTone="n/a") + "900004\t20231101\tshort\n")
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok
    assert [(r.row, r.field) for r in report.rejected] == [(2, "SQLDATE"), (3, "AvgTone"),
                                                           (4, None)]
    assert "has 3 fields, expected 61" in report.rejected[2].reason
    assert snapshot(store) == before


def test_repeated_id_in_one_file_is_kept_once(store, tmp_path):
    path = tmp_path / "dup.export.CSV"
    path.write_text(gdelt_line(1) + gdelt_line(1, NumMentions="99"))
    report = import_file(store, path)
    assert report.added == 1 and report.skipped == 1 and _row(store, "900001")["mentions"] == 99


def test_unknown_cameo_root_and_quad_class_are_rejected(store, tmp_path):
    from importer_files import gdelt_line

    path = tmp_path / "bad.export.CSV"
    path.write_text(gdelt_line(1) + gdelt_line(2, EventRootCode="21")
                    + gdelt_line(3, QuadClass="9") + gdelt_line(4, EventRootCode=""))
    report = import_file(store, path)
    assert not report.ok
    assert [(r.row, r.field) for r in report.rejected] == [
        (2, "EventRootCode"), (3, "QuadClass"), (4, "EventRootCode")]
    assert "not a CAMEO root code (01-20): '21'" in report.rejected[0].reason
