"""ACLED exports: both layouts, the three date spellings, precision, actors, sources, refusals."""

from __future__ import annotations

from importer_files import acled_row, count, plain, shared, snapshot, write_acled
from sqlalchemy import text

from viewer.io.importers.cli import ADVICE
from viewer.io.importers.runner import import_file
from viewer.store.search import indexed_count


def _event(store, origin: str) -> dict:
    with store.store.connect() as conn:
        row = conn.execute(text("SELECT * FROM event WHERE origin_id = :o"), {"o": origin})
        return plain(dict(row.mappings().one()))


def _links(store, origin: str, sql: str) -> list:
    with store.store.connect() as conn:
        return sorted(conn.execute(text(sql.replace("{id}", "(SELECT id FROM event WHERE "
                                                    "origin_id = :o)")), {"o": origin}))


def test_current_layout_imports_every_field(store, tmp_path):
    path = write_acled(tmp_path / "acled.csv", [acled_row(i) for i in range(5)] + [
        acled_row(9, event_id_cnty="AFG77", iso="4", country="Afghanistan",
                  event_type="Strategic developments", sub_event_type="Agreement",
                  time_precision="3", fatalities="", tags="", event_date="2024-03-15")])
    report = import_file(store, path)
    assert report.ok and report.added == 6 and report.format == "acled/current"
    e = _event(store, "PAK1002")
    assert e["start_date"] == "2024-03-03" and e["type"] == "armed_clash"
    assert e["original_type"] == "Battles" and e["original_subtype"] == "Armed clash"
    assert e["admin1"] == "Khyber Pakhtunkhwa" and e["admin2"] == "Khyber"
    assert e["location"] == "Landi Kotal" and abs(e["latitude"] - 34.0988) < 1e-9
    assert e["fatalities"] == 2 and e["summary"] == "Invented test event number 2."
    assert e["precision"] == "day"
    assert e["title"].startswith("Armed clash: Military Forces of Pakistan (2018-) and ")
    assert _links(store, "PAK1002", "SELECT country_iso3 FROM event_country WHERE event_id={id}") \
        == [("PAK",)]
    roles = _links(store, "PAK1002", "SELECT a.name, ea.role, a.kind FROM event_actor ea JOIN "
                   "actor a ON a.id = ea.actor_id WHERE ea.event_id={id}")
    assert ("Levies", "associate1", None) in roles and ("Police Forces", "associate1", None) in roles
    assert ("Military Forces of Pakistan (2018-)", "actor1", "government") in roles
    assert ("Unidentified Armed Group (Pakistan)", "actor2", "armed_group") in roles
    assert _links(store, "PAK1002", "SELECT s.outlet, s.scale FROM event_source es JOIN source s "
                  "ON s.id = es.source_id WHERE es.event_id={id}") == [
        ("Dawn", "National"), ("The News", "National")]
    assert _links(store, "PAK1002", "SELECT tag FROM event_tag WHERE event_id={id}") == [
        ("crowd size=no report",)]
    afg = _event(store, "AFG77")
    assert afg["type"] == "agreement" and afg["precision"] == "month"
    assert afg["fatalities"] is None


def test_legacy_layout_and_date_spellings(store, tmp_path):
    rows = [acled_row(1, event_date="16-05-2019", time_precision="2"),
            acled_row(2, event_date="16 May 2025"),
            acled_row(3, event_date="2021-08-15")]
    report = import_file(store, write_acled(tmp_path / "old.csv", rows, legacy=True))
    assert report.ok and report.format == "acled/legacy" and report.added == 3
    assert _event(store, "PAK1001")["start_date"] == "2019-05-16"
    assert _event(store, "PAK1001")["precision"] == "approximate"
    assert _event(store, "PAK1002")["start_date"] == "2025-05-16"
    assert _event(store, "PAK1003")["start_date"] == "2021-08-15"


def test_newer_export_updates_by_event_id(store, tmp_path):
    import_file(store, write_acled(tmp_path / "a.csv", [acled_row(i) for i in range(4)]))
    newer = [acled_row(i) for i in range(4)] + [acled_row(4)]
    newer[1] = acled_row(1, fatalities="7", notes="Revised figures.")
    report = import_file(store, write_acled(tmp_path / "b.csv", newer))
    # Only the row whose content changed is counted and updated; the others keep their version.
    assert (report.added, report.updated, report.unchanged) == (1, 1, 3)
    assert "1 event added, 1 changed, 3 unchanged" in report.summary()
    assert count(store, "event") == 5
    e = _event(store, "PAK1001")
    assert e["fatalities"] == 7 and e["summary"] == "Revised figures." and e["version"] == 2
    assert [_event(store, f"PAK100{i}")["version"] for i in (0, 2, 3)] == [1, 1, 1]
    assert _event(store, "PAK1000")["import_batch_id"] != e["import_batch_id"]
    assert count(store, "event_actor") == 5 * 4  # links replaced, not doubled


def test_unchanged_reimport_changes_nothing(store, tmp_path):
    rows = [acled_row(i) for i in range(3)]
    import_file(store, write_acled(tmp_path / "a.csv", rows))
    before = snapshot(store)
    # Another file (another hash) holding the same rows: quoted differently, a BOM.
    again = import_file(store, write_acled(tmp_path / "b.csv", rows, bom=True))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3), again.lines()
    after = snapshot(store)
    assert after["event"] == before["event"] and after["search index"] == before["search index"]
    assert len(after["import_batch"]) == len(before["import_batch"]) + 1


def test_a_changed_actor_or_tag_alone_counts_as_a_change(store, tmp_path):
    import_file(store, write_acled(tmp_path / "a.csv", [acled_row(i) for i in range(3)]))
    rows = [acled_row(0, actor2="Lashkar Zubair"), acled_row(1, tags="crowd size=large"),
            acled_row(2)]
    report = import_file(store, write_acled(tmp_path / "b.csv", rows))
    assert (report.updated, report.unchanged) == (2, 1)


def test_newer_export_replaces_the_search_documents(store, tmp_path):
    import_file(store, write_acled(tmp_path / "a.csv", [acled_row(i) for i in range(3)]))
    newer = [acled_row(i) for i in range(3)] + [acled_row(3, notes="Fresh ceasefire talks.")]
    newer[1] = acled_row(1, notes="Revised casualty figures.", actor2="Lashkar Zubair")
    import_file(store, write_acled(tmp_path / "b.csv", newer))
    with store.store.connect() as conn:
        assert indexed_count(conn) == 4
    assert _origins(store, store.search("revised casualty")) == {"PAK1001"}
    assert _origins(store, store.search("actors:zubair")) == {"PAK1001"}
    assert _origins(store, store.search("ceasefire")) == {"PAK1003"}
    assert _origins(store, store.search('"test event number 1"')) == set()
    assert _origins(store, store.search('"test event number 2"')) == {"PAK1002"}


def _origins(store, ids: list[int]) -> set[str]:
    with store.store.connect() as conn:
        return {r[0] for r in conn.execute(
            text(f"SELECT origin_id FROM event WHERE id IN ({','.join(map(str, ids)) or 0})"))}


def test_same_file_twice_is_recognised(store, tmp_path):
    path = write_acled(tmp_path / "a.csv", [acled_row(i) for i in range(3)])
    first = import_file(store, path)
    before = snapshot(store)
    second = import_file(store, path)
    assert first.ok and second.duplicate_file and second.ok
    assert "already imported on" in second.summary() and f"batch {first.batch_id}" in \
        second.summary()
    assert snapshot(store) == before


def test_bad_date_and_number_reject_the_file(store, tmp_path):
    rows = [acled_row(1), acled_row(2, event_date="31-02-2024"), acled_row(3, fatalities="many"),
            acled_row(4, latitude="north")]
    before = snapshot(store)
    report = import_file(store, write_acled(tmp_path / "bad.csv", rows))
    assert not report.ok and "3 rows rejected, nothing imported" in report.refused
    assert [(r.row, r.field) for r in report.rejected] == [
        (3, "event_date"), (4, "fatalities"), (5, "latitude")]
    assert "  bad.csv, row 4, field 'fatalities': not a number: 'many'" in report.lines()
    assert snapshot(store) == before


def test_skip_bad_rows_imports_the_rest(store, tmp_path):
    rows = [acled_row(1), acled_row(2, event_date="someday"), acled_row(3)]
    report = import_file(store, write_acled(tmp_path / "bad.csv", rows), skip_bad_rows=True)
    assert report.ok and report.added == 2 and report.rejected_count == 1
    assert count(store, "event") == 2


def test_hdx_aggregate_is_refused_as_such(store):
    path = shared("acled", "hdx_hapi_conflict_event_2025-01_AFG_PAK.csv")
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok and "ACLED aggregate" in report.refused
    assert "monthly counts" in report.refused and path.name in report.refused
    assert snapshot(store) == before


def test_generated_aggregate_is_refused_without_the_shared_folder(store, tmp_path):
    path = tmp_path / "agg.csv"
    path.write_text("Country,Month,Year,Events,Fatalities\nPakistan,January,2025,120,40\n")
    report = import_file(store, path)
    assert "ACLED aggregate" in report.refused and count(store, "event") == 0


def test_one_bad_row_is_counted_in_the_singular(store, tmp_path):
    report = import_file(store, write_acled(tmp_path / "one.csv",
                                            [acled_row(1), acled_row(2, event_date="soon")]))
    assert report.refused.startswith("one.csv: 1 row rejected, nothing imported")
    # The remedy is worded by the front end: the CLI names its option.
    assert "--skip-bad-rows" in report.summary(ADVICE)


def test_unknown_enumerated_values_are_rejected_with_row_and_field(store, tmp_path):
    rows = [acled_row(1), acled_row(2, time_precision="7"), acled_row(3, geo_precision="0"),
            acled_row(4, time_precision="")]
    report = import_file(store, write_acled(tmp_path / "enum.csv", rows))
    assert not report.ok and count(store, "event") == 0
    assert [(r.row, r.field) for r in report.rejected] == [
        (3, "time_precision"), (4, "geo_precision"), (5, "time_precision")]
    assert "not an ACLED time precision (1, 2 or 3): '7'" in report.rejected[0].reason
