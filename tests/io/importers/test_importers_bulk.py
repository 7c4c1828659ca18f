"""The bulk load writes what the chunked path writes: rows, links, search documents,
history, counts and messages; a cancel or a fault leaves the store and its indexes as
they were. Real SQLite files (and the PostgreSQL store, where bulk falls back)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.io.importers.importer_files import (
    TABLES,
    acled_row,
    gdelt_line,
    snapshot,
    write_acled,
)
from viewer.io.importers.bulk_parse import InLine, ParseJob, ParserProcess
from viewer.io.importers.runner import import_file
from viewer.io.importers.textfile import scan
from viewer.store.service import StoreService
from viewer.store.writer import CHUNK

N = 2 * CHUNK + 300  # three chunks


def _acled_rows() -> list[dict[str, str]]:
    rows = []
    for i in range(N):
        over = {}
        if i % 7 == 0:
            over["location"] = "لنڈی کوتل"  # right-to-left text: normalized search words
            over["notes"] = "Jirga at Torkham — crossing closed; “talks” resumed"
        if i % 11 == 0:
            over["actor2"] = "Military Forces of Pakistan (2018-)"  # the same actor twice
        if i % 13 == 0:
            over["tags"] = "crowd size=around 200; local administrators"
        if i % 5 == 0:
            over["source"] = "The News; Dawn; Dawn"  # a repeated source in one row
        rows.append(acled_row(i, **over))
    # Repeats of an earlier id: one in the same chunk, one two chunks on.
    rows.insert(20, acled_row(5, fatalities="9"))
    rows.append(acled_row(7, notes="A later report of event 7."))
    return rows


def _gdelt_text() -> str:
    lines = []
    for i in range(N):
        over = {}
        if i % 3 == 0:
            over["SOURCEURL"] = f"https://www.dawn.com/news/{i // 3}"
        if i % 17 == 0:
            over["Actor2Name"], over["Actor2CountryCode"] = "PAKISTAN", "PAK"
        lines.append(gdelt_line(i, **over))
    lines.append(gdelt_line(3, GoldsteinScale="2.0"))
    return "".join(lines)


def _file(tmp_path: Path, kind: str) -> Path:
    if kind == "acled":
        return write_acled(tmp_path / "acled.csv", _acled_rows())
    path = tmp_path / "20231101.export.CSV"
    path.write_text(_gdelt_text(), encoding="utf-8")
    return path


def _open(path: Path) -> StoreService:
    return StoreService.open(path, create=True)


def _indexes(store: StoreService) -> list[tuple]:
    with store.store.connect() as conn:
        return conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                 "ORDER BY name")).all()


_CLOCK = {"created_at", "updated_at", "imported_at", "changed_at"}


def _tables(store: StoreService) -> dict[str, list[tuple]]:
    """Every row an import writes, without the clock's columns."""
    out = {}
    with store.store.connect() as conn:
        for table in (*TABLES, "change_log"):
            columns = [r[1] for r in conn.execute(text(f"PRAGMA table_info({table})"))
                       if r[1] not in _CLOCK]
            out[table] = sorted(conn.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))
                                .all(), key=repr)
        out["search index"] = conn.execute(text("SELECT rowid, * FROM event_fts ORDER BY rowid")
                                           ).all()
    return out


def _history(store: StoreService) -> list[tuple]:
    with store.store.connect() as conn:
        return conn.execute(text("SELECT entity, entity_id, action, import_batch_id "
                                 "FROM change_log ORDER BY id")).all()


def _both(tmp_path: Path, *files: Path, **options) -> tuple[list, list]:
    """Each file imported in turn into two fresh stores, chunked and bulk: their reports
    and final snapshots (with history and indexes)."""
    out = []
    for bulk in (False, True):
        store = _open(tmp_path / f"bulk-{bulk}.sqlite")
        reports = [import_file(store, f, bulk=bulk, **options).lines() for f in files]
        out.append((reports, _tables(store), _history(store), _indexes(store)))
        store.close()
    return out[0], out[1]


@pytest.mark.parametrize("kind", ["acled", "gdelt"])
def test_bulk_load_writes_what_the_chunked_path_writes(tmp_path, kind):
    chunked, bulk = _both(tmp_path, _file(tmp_path, kind))
    assert bulk == chunked
    reports, tables, history, _ = bulk
    assert "1 changed" in reports[0][0]  # the repeat two chunks on updates its row
    assert len(tables["event"]) == N
    assert len(tables["search index"]) == N
    assert len(history) == N + 1  # one "imported" each, one "re-imported" (7, chunks on)


def test_bulk_load_updates_stored_rows_as_the_chunked_path(tmp_path):
    first = write_acled(tmp_path / "first.csv", [acled_row(i) for i in range(0, N, 2)])
    # Again: half as they were, a quarter changed, and new rows between them.
    rows = [acled_row(i, fatalities="7") if i % 4 == 0 else acled_row(i) for i in range(N)]
    second = write_acled(tmp_path / "second.csv", rows)
    chunked, bulk = _both(tmp_path, first, second)
    # The bulk load numbers a chunk's events before it knows which are stored already, so
    # the new rows of a re-import may leave gaps in the ids: compared by origin id.
    assert _by_origin(bulk[1]) == _by_origin(chunked[1])
    assert bulk[0] == chunked[0] and bulk[3] == chunked[3]
    assert "1,075 changed, 1,075 unchanged" in bulk[0][1][0]


def _by_origin(tables: dict[str, list[tuple]]) -> dict[str, list]:
    origin = {r[0]: r[-4] for r in tables["event"]}  # id -> origin_id
    assert len(set(origin.values())) == len(origin)
    renamed = {t: sorted(((origin[r[0]], *r[1:]) for r in rows), key=repr)
               for t, rows in tables.items() if t.startswith("event") or t == "search index"}
    renamed["change_log"] = sorted(((*r[1:3], origin.get(r[3]), *r[4:]) if r[2] == "event"
                                    else r[1:] for r in tables["change_log"]), key=repr)
    return renamed


def test_rejected_rows_read_the_same_and_nothing_is_written(tmp_path):
    rows = [acled_row(i) for i in range(N)]
    rows[3]["event_date"] = "2024-02-31"
    rows[CHUNK + 10]["latitude"] = "north"
    path = write_acled(tmp_path / "bad.csv", rows)
    chunked, bulk = _both(tmp_path, path)
    assert bulk == chunked
    assert "rejected, nothing imported" in bulk[0][0][0]
    assert bulk[1]["event"] == []
    (tmp_path / "skip").mkdir()
    skipped_chunked, skipped_bulk = _both(tmp_path / "skip", path, skip_bad_rows=True)
    assert skipped_bulk == skipped_chunked
    assert len(skipped_bulk[1]["event"]) == N - 2


def test_a_file_that_breaks_midway_is_refused_alike(tmp_path):
    path = tmp_path / "broken.export.CSV"
    data = _gdelt_text().encode()
    cut = len(data) * 2 // 3
    path.write_bytes(data[:cut] + b"\xff\xfe\xff" + data[cut:])
    chunked, bulk = _both(tmp_path, path)
    assert bulk == chunked
    assert bulk[1]["event"] == []


def test_cancelled_bulk_load_leaves_the_store_and_its_indexes(tmp_path):
    store = _open(tmp_path / "s.sqlite")
    indexes = _indexes(store)
    calls = []
    report = import_file(store, _file(tmp_path, "gdelt"), bulk=True,
                         progress=calls.append, should_stop=lambda: len(calls) >= 1)
    assert report.cancelled and report.added == 0
    assert snapshot(store)["event"] == []
    assert _indexes(store) == indexes
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_parser_process_prepares_the_chunks_made_in_line(tmp_path):
    path = _file(tmp_path, "acled")
    job = ParseJob(scan(path), "auto", None, None, None, frozenset({"PAK", "AFG"}), 40)
    process = ParserProcess(job)
    try:
        far = list(process)
    finally:
        process.close()
    near = InLine(job)
    assert far == list(near)
    assert process.outcome is not None
    assert process.outcome.skip_reasons == near.outcome.skip_reasons
    assert process.outcome.rejected_count == near.outcome.rejected_count == 0
    assert [c.first_id for c, _ in far] == [40, 40 + CHUNK - 1, 40 + 2 * CHUNK - 1]


def test_bulk_on_postgresql_takes_the_chunked_path(store, tmp_path):
    # PostgreSQL writes by COPY already and would lock its tables for the index rebuild.
    path = _file(tmp_path, "gdelt")
    report = import_file(store, path, bulk=True)
    assert report.ok and report.added == N
    assert len(snapshot(store)["search index"]) == N
