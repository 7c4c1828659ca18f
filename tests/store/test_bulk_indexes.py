"""A bulk load's indexes set aside: dropped for the load, made again after it with a small
page cache (so SQLite's sort for them stays small), and the cache given back."""

from __future__ import annotations

from viewer.store import bulk
from viewer.store.service import StoreService


def test_indexes_come_back_and_the_page_cache_is_given_back(tmp_path, monkeypatch) -> None:
    store = StoreService.open(str(tmp_path / "s.sqlite"), create=True)
    seen: list[int] = []
    made = bulk.Connection.exec_driver_sql

    def watch(conn, sql, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        if sql.startswith("CREATE INDEX"):
            seen.append(made(conn, "PRAGMA cache_size").scalar())
        return made(conn, sql, *args, **kw)

    try:
        with store.write() as conn:
            conn.exec_driver_sql("PRAGMA cache_size=-65536")
            before = bulk.secondary_indexes(conn, ("event", "event_actor"))
            assert before  # the event table has plain indexes to set aside
            monkeypatch.setattr(bulk.Connection, "exec_driver_sql", watch)
            with bulk.indexes_set_aside(conn, ("event", "event_actor")):
                assert bulk.secondary_indexes(conn, ("event", "event_actor")) == []
            monkeypatch.undo()
            assert bulk.secondary_indexes(conn, ("event", "event_actor")) == before
            assert seen == [-bulk.INDEX_BUILD_CACHE_KIB] * len(before)
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -65536
    finally:
        store.close()
