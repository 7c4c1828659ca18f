"""A whole store copied to another backend: PostgreSQL to a SQLite file for the laptop, a
SQLite file to PostgreSQL to seed a team server.

Rows keep their ids, so links, sources, import batches, saved views and eras come across
as they are; the search index is rebuilt at the destination from the copied tables (each
backend keeps its own kind), and the counts of every table are compared at the end.
Nothing half-copied is ever left: a SQLite destination is built in a temporary file
beside it and renamed over it at the end, a PostgreSQL one is filled in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Date, DateTime, Table, func, select
from sqlalchemy.engine import make_url

from viewer.store import schema as s
from viewer.store.bulk import copy_rows
from viewer.store.engine import StoreError, is_url, open_store
from viewer.store.search import rebuild_index

Progress = Callable[[str, int, int], None]  # table, rows copied, rows in all
CHUNK = 5000
# Parents before children; countries are reference data every store fills itself.
TABLES: tuple[Table, ...] = tuple(m.__table__ for m in (  # type: ignore[misc]
    s.Actor, s.ImportBatch, s.Source, s.Event, s.EventCountry, s.EventActor, s.EventTag,
    s.EventSource, s.TradeFigure, s.TradeFigureSource, s.Era, s.SavedView))
_WITH_IDS = ("actor", "import_batch", "source", "event", "trade_figure", "era", "saved_view")


@dataclass
class CopyResult:
    """Rows copied per table and where they went."""

    destination: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_store(source: str, destination: str, *, replace: bool = False,
               progress: Progress | None = None) -> CopyResult:
    """Copy the store at `source` to `destination` (paths or database URLs)."""
    if _same_place(source, destination):
        raise StoreError(f"{destination}: the destination is the source itself")
    src = open_store(source, read_only=True)
    try:
        with src.connect() as conn:
            totals = {t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                      for t in TABLES}
        if is_url(destination) and make_url(destination).get_backend_name() != "sqlite":
            return _to_server(src, destination, totals, replace, progress)
        return _to_file(src, destination, totals, replace, progress)
    finally:
        src.close()


def _same_place(a: str, b: str) -> bool:
    def where(target: str) -> str:
        if is_url(target):
            url = make_url(target)
            if url.get_backend_name() != "sqlite":
                return url.set(password=None).render_as_string()
            target = url.database or ""
        return str(Path(target).expanduser().resolve())
    return where(a) == where(b)


def _to_file(src, destination: str, totals: dict[str, int], replace: bool,  # noqa: ANN001
             progress: Progress | None) -> CopyResult:
    target = Path(make_url(destination).database if is_url(destination) else destination)
    target = target.expanduser().absolute()
    if target.exists() and target.stat().st_size > 0:
        if not replace:
            raise StoreError(f"{target}: a file is there already; add --replace to write "
                             "over it")
        open_store(target, read_only=True).close()  # only a store is ever replaced
    if not target.parent.is_dir():
        raise StoreError(f"{target}: folder {target.parent} does not exist")
    building = target.with_name(f".{target.name}.copying")
    _remove_sqlite(building)
    try:
        dest = open_store(building, create=True)
        try:
            with dest.begin() as conn:
                result = _fill(src, conn, totals, progress, str(target))
        finally:
            dest.close()
        # A stale -wal beside the old file would be read into the new one: drop it.
        for extra in ("-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
        os.replace(building, target)
    except BaseException:
        _remove_sqlite(building)
        raise
    return result


def _remove_sqlite(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


def _to_server(src, destination: str, totals: dict[str, int], replace: bool,  # noqa: ANN001
               progress: Progress | None) -> CopyResult:
    dest = open_store(destination, create=True)
    try:
        if dest.read_only:
            raise StoreError(f"{dest.display}: cannot write there ({dest.read_only_reason})")
        with dest.begin() as conn:
            held = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in TABLES}
            if any(held.values()):
                if not replace:
                    raise StoreError(f"{dest.display}: the store there holds data already; "
                                     "add --replace to write over it")
                for table in reversed(TABLES):
                    conn.execute(table.delete())
            result = _fill(src, conn, totals, progress, dest.display)
            conn.exec_driver_sql("ANALYZE")  # the planner's statistics for the new rows
            for name in _WITH_IDS:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {name}")
        return result
    finally:
        dest.close()


def _fill(src, conn: Connection, totals: dict[str, int], progress: Progress | None,  # noqa: ANN001
          destination: str) -> CopyResult:
    """Every row of the source into `conn`'s store, the index rebuilt, the counts checked."""
    result = CopyResult(destination)
    _copy_countries(src, conn)
    for table in TABLES:
        done = 0
        if progress is not None:
            progress(table.name, 0, totals[table.name])
        for rows in _rows(src, table):
            _insert(conn, table, rows)
            done += len(rows)
            if progress is not None:
                progress(table.name, done, totals[table.name])
        result.rows[table.name] = done
    if progress is not None:
        progress("search index", 0, totals["event"])
    rebuild_index(conn)
    copied = {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}
    if copied != totals:
        wrong = ", ".join(f"{name}: {copied[name]:,} of {totals[name]:,}"
                          for name in totals if copied[name] != totals[name])
        raise StoreError(f"{destination}: the copy does not hold every row ({wrong}); "
                         "nothing was written")
    return result


def _copy_countries(src, conn: Connection) -> None:  # noqa: ANN001
    """Countries the destination lacks (a store made by another version may have more)."""
    have = set(conn.scalars(select(s.Country.iso3)))
    with src.connect() as read:
        missing = [dict(r._mapping) for r in read.execute(select(s.Country))
                   if r.iso3 not in have]
    if missing:
        conn.execute(s.Country.__table__.insert(), missing)


def _rows(src, table: Table) -> Iterator[list[tuple]]:  # noqa: ANN001
    """The table's rows in key order, as plain tuples, CHUNK at a time."""
    key = list(table.primary_key.columns)
    with src.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(
            select(*table.columns).order_by(*key))
        for part in result.partitions(CHUNK):
            yield [tuple(r) for r in part]


def _insert(conn: Connection, table: Table, rows: list[tuple]) -> None:
    # SQLite keeps dates and times as the text SQLAlchemy writes; values read from
    # PostgreSQL arrive as date and datetime objects.
    if conn.dialect.name == "sqlite" and any(isinstance(c.type, Date | DateTime)
                                             for c in table.columns):
        rows = [tuple(_as_sqlite(v) for v in row) for row in rows]
    copy_rows(conn, table.name, [c.name for c in table.columns], rows)


def _as_sqlite(value):  # noqa: ANN001, ANN202
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


__all__ = ["CopyResult", "copy_store"]
