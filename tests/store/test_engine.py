"""Opening stores: creation, round trips, migrations, and every bad-store case."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from tests import sample_rows
from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.store import migrate
from viewer.store.engine import StoreError, open_store
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter


def store_info(store):
    return StoreService(store).info()


def event_by_origin(store, dataset, origin_id):
    return StoreService(store).event_by_origin(dataset, origin_id)


def engine_url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_at_head_with_countries(empty_target: str) -> None:
    store = open_store(empty_target, create=True)
    info = store_info(store)
    assert store.revision == migrate.head_revision()
    assert not store.read_only
    assert info.events.count == 0
    assert info.countries >= 249  # every ISO 3166 country plus World
    with store.connect() as conn:
        row = conn.execute(text("SELECT m49, fips FROM country WHERE iso3 = 'AFG'")).one()
        assert tuple(row) == (4, "AF")
        if store.dialect == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()


def test_event_round_trip_and_update_by_origin(empty_target: str) -> None:
    store = open_store(empty_target, create=True)
    event = Event(
        title="Dar–Muttaqi call", start=dt.date(2024, 3, 16), type="call",
        precision=Precision.DAY, summary="Congratulations and an invitation to Kabul.",
        countries=("PAK", "AFG"),
        actors=(ActorRef("Ishaq Dar", "primary", "person", "PAK", "اسحاق ڈار"),
                ActorRef("Amir Khan Muttaqi", "counterpart", "person", "AFG")),
        tags=("call",), sources=(Source("MENAFN", "https://menafn.com/x"),),
        origin_dataset="test", origin_id="e1")
    with store.begin() as conn:
        assert EventWriter(conn).add_all([event]).added == 1
    got = event_by_origin(store, "test", "e1")
    assert got is not None
    assert (got.title, got.start, got.type, got.countries) == (
        event.title, event.start, "call", ("AFG", "PAK"))
    assert {(a.name, a.role, a.native_name) for a in got.actors} == {
        ("Ishaq Dar", "primary", "اسحاق ڈار"), ("Amir Khan Muttaqi", "counterpart", None)}
    assert [s.url for s in got.sources] == ["https://menafn.com/x"]

    changed = Event(**{**{f: getattr(event, f) for f in event.__slots__}, "title": "Renamed",
                       "tags": ("call", "kabul")})
    with store.begin() as conn:
        counts = EventWriter(conn).add_all([changed])
    assert (counts.added, counts.updated) == (0, 1)
    again = event_by_origin(store, "test", "e1")
    assert again.title == "Renamed" and again.tags == ("call", "kabul")
    assert store_info(store).events.count == 1
    with store.connect() as conn:
        assert conn.execute(text("SELECT version FROM event")).scalar() == 2
    store.close()


def test_migration_upgrades_a_filled_older_store(empty_target: str) -> None:
    """A store made at the first revision, with a row in it, is upgraded on open."""
    from sqlalchemy import create_engine

    path = empty_target
    engine = create_engine(engine_url(empty_target))
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO event (title, type, start_date, start_day, precision, "
                          "origin_dataset, origin_id, version) VALUES ('Old row', 'other', "
                          "'2020-01-02', 18263, 'day', 'test', 'old', 1)"))
    engine.dispose()
    store = open_store(path)
    assert store.revision == migrate.head_revision()
    assert event_by_origin(store, "test", "old").title == "Old row"
    store.close()


def test_migration_down_and_up_on_empty_store(empty_target: str) -> None:
    from alembic import command

    store = open_store(empty_target, create=True)
    cfg = migrate._config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with store.connect() as conn:
        assert migrate.current_revision(conn) is None
    migrate.upgrade(store.engine)
    with store.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    store.close()


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes\n" * 50)
    before = digest(path)
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(path)
    assert digest(path) == before


def test_truncated_store_is_refused_untouched(sample_store_path: Path) -> None:
    data = sample_store_path.read_bytes()
    sample_store_path.write_bytes(data[: len(data) // 3])
    before = digest(sample_store_path)
    with pytest.raises(StoreError, match="truncated"):
        open_store(sample_store_path)
    assert digest(sample_store_path) == before


def test_corrupt_pages_are_refused_untouched(sample_store_path: Path) -> None:
    conn = sqlite3.connect(sample_store_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(sample_store_path.read_bytes())
    for page in range(2, min(12, len(data) // page_size)):
        data[page * page_size + 10: page * page_size + 200] = os.urandom(190)
    sample_store_path.write_bytes(bytes(data))
    before = digest(sample_store_path)
    with pytest.raises(StoreError, match="corrupt|malformed|not a database"):
        open_store(sample_store_path)
    assert digest(sample_store_path) == before


def test_missing_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder .* does not exist"):
        open_store(tmp_path / "nowhere" / "s.sqlite", create=True)
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "absent.sqlite")
    assert not (tmp_path / "absent.sqlite").exists()


def test_read_only_file_opens_read_only(sample_store_path: Path) -> None:
    sample_store_path.chmod(0o444)
    try:
        store = open_store(sample_store_path)
        assert store.read_only and "read-only" in store.read_only_reason
        assert store_info(store).events.count > 0
        with pytest.raises(StoreError, match="read-only"):
            with store.begin():
                pass
        store.close()
    finally:
        sample_store_path.chmod(0o644)


def test_read_only_folder_opens_read_only(sample_store_path: Path) -> None:
    folder = sample_store_path.parent
    folder.chmod(0o555)
    try:
        store = open_store(sample_store_path)
        assert store.read_only and "folder" in store.read_only_reason
        assert store_info(store).events.count > 0
        store.close()
    finally:
        folder.chmod(0o755)


def test_newer_schema_opens_read_only_untouched(sample_store_path: Path) -> None:
    conn = sqlite3.connect(sample_store_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(sample_store_path)
    store = open_store(sample_store_path)
    assert store.read_only
    assert "newer" in store.read_only_reason
    assert store_info(store).events.count > 0
    store.close()
    assert digest(sample_store_path) == before


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(StoreError, match="not a Desk Viewer store"):
        open_store(path)


def test_bad_urls_give_clear_errors() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="no database driver"):
        open_store("nosuchdb://x/y")


@pytest.mark.postgres
def test_a_role_without_write_rights_opens_read_only(pg_databases, _pg_sample_template) -> None:
    from sqlalchemy.engine import make_url

    target = pg_databases.create(template=_pg_sample_template)
    service = StoreService.open(target)
    url = make_url(service.target)
    with service.store.engine.begin() as conn:
        conn.exec_driver_sql("DROP ROLE IF EXISTS desk_reader")
        conn.exec_driver_sql("CREATE ROLE desk_reader LOGIN")
        conn.exec_driver_sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO desk_reader")
    reader_url = url.set(username="desk_reader").render_as_string(hide_password=False)
    reader = StoreService.open(reader_url)
    try:
        assert reader.read_only
        assert reader.read_only_reason == "the database role desk_reader may only read this store"
        assert reader.info().events.count == sample_rows.count("events.csv")  # reads work
        assert reader.search("torkham")
        with pytest.raises(StoreError, match="read-only"):
            with reader.write():
                pass
        from viewer.cli import run

        assert run(["info", "--db", reader_url]) == 0
    finally:
        reader.close()
        with service.store.engine.begin() as conn:
            conn.exec_driver_sql("REASSIGN OWNED BY desk_reader TO postgres")
            conn.exec_driver_sql("DROP OWNED BY desk_reader")
            conn.exec_driver_sql("DROP ROLE desk_reader")
        service.close()
        pg_databases.drop(target)
