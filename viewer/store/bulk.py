"""Rows written at driver speed: PostgreSQL's COPY, SQLite's executemany.

On PostgreSQL one INSERT per row costs a round of statement work on the server (measured:
56 µs a row, 8,000 rows/s for an import); COPY streams the rows (a few µs each).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection

INDEX_BUILD_CACHE_KIB = 8192  # SQLite's page cache while a bulk load makes its indexes again


def copy_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple], *,
              ignore: bool = False) -> None:
    """Append plain tuples to a table; `ignore` skips rows whose key is there already."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name != "postgresql":
        marks = ", ".join("?" * len(columns))
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        conn.exec_driver_sql(f"{verb} INTO {table} ({names}) VALUES ({marks})", rows)
        return
    target = table
    if ignore:
        # COPY cannot skip conflicts: stage the rows, then insert what is new.
        target = f"_staged_{table}"
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {target} "
                             f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if ignore:
        conn.exec_driver_sql(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} "
                             "ON CONFLICT DO NOTHING")
        conn.exec_driver_sql(f"TRUNCATE {target}")


def secondary_indexes(conn: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the tables' plain indexes: not unique, not a key's."""
    if conn.dialect.name != "sqlite" or not tables:
        return []
    marks = ", ".join("?" * len(tables))
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name", tuple(tables)).all()
    return [(name, sql) for name, sql in rows
            if not sql.lstrip().upper().startswith("CREATE UNIQUE")]


@contextmanager
def indexes_set_aside(conn: Connection, tables: Sequence[str]) -> Iterator[None]:
    """The tables' plain indexes dropped for a bulk load and made again after it, all in
    the caller's transaction (SQLite only; elsewhere nothing is changed).

    Kept up row by row, an index takes a random page write per row once it outgrows the
    page cache; made afresh it is one sort. The unique indexes stay: the load looks rows
    up by them. A rollback (an error, a cancel, a kill) brings the indexes back with
    everything else, so the store is never seen without them.
    """
    dropped = secondary_indexes(conn, tables)
    for name, _ in dropped:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    if not dropped:
        return
    # SQLite's sort for a new index may use as much memory as the page cache; with the
    # import's 64 MiB cache a million-row load peaked at 230 MB (158 MB after its first
    # quarter). With a small cache while the indexes are made, 167 MB, in the same time.
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{INDEX_BUILD_CACHE_KIB}")
    try:
        for _, sql in dropped:
            conn.exec_driver_sql(sql)
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")
