"""Every event's drawing columns from SQLite as fixed-width hexadecimal, two id ranges at once.

Fetching a million rows through the driver builds a million tuples and four million
Python numbers (1.1 s, all of it holding Python's lock). Here SQLite formats each row as
48 hexadecimal digits and joins a chunk of rows into one string (`group_concat`), inside
one step of the driver, which lets go of Python's lock for the whole chunk; the string
becomes numpy columns with `bytes.fromhex` and `numpy.frombuffer`. Two connections read
the lower and upper halves of the ids side by side: 0.6 s for a million rows here.

Coordinates travel as integers of 1e-7 degree (1 cm): exact for every coordinate written
with up to seven decimals, within half of that unit otherwise. A row that does not come
out at its fixed width (a coordinate outside the globe) makes the caller read the plain
way, so no row is ever misread.
"""

from __future__ import annotations

import threading

import numpy as np
from sqlalchemy import Connection

from viewer.store import schema as s

UNPLACED = 0xFFFFFFFF  # the coordinate of an event without both of them
_LON0, _LAT0, _SCALE = 1_800_000_000, 900_000_000, 1e7
_ROW = np.dtype([("id", ">i8"), ("packed", ">i8"), ("lon", ">u4"), ("lat", ">u4")])
CHUNK_ROWS = 131_072  # rows joined into one string: ~6 MB of text at a time
SPLIT_ROWS = 100_000  # below this, one connection reads every row


class NotFixedWidth(Exception):
    """A row came out wider than its fields: read the plain way."""


def read(conn: Connection, packed_sql: str) -> tuple[np.ndarray, ...] | None:
    """(ids, packed, lon, lat) of every event in id order, lon and lat NaN where unplaced;
    `packed_sql` is the SQL text (no parameters) of the packed day, length, type and
    precision. None when the store is not SQLite or a row is not fixed width."""
    if conn.dialect.name != "sqlite":
        return None
    # Two subqueries: each is one look at an end of the key; min and max in one SELECT
    # scan every row (0.1 s at a million).
    e = s.Event.__tablename__
    lo, hi = conn.exec_driver_sql(f"SELECT (SELECT min(id) FROM {e}), "
                                  f"(SELECT max(id) FROM {e})").one()
    if lo is None:
        return tuple(np.zeros(0, t) for t in (np.int64, np.int64, np.float64, np.float64))
    sql = _chunk_sql(packed_sql)
    middle = lo - 1 + (hi - lo + 1) // 2 if hi - lo >= SPLIT_ROWS else hi
    upper: list = []
    worker = threading.Thread(target=_read_upper, args=(conn, sql, middle, hi, upper),
                              name="packed-read", daemon=True)
    if middle < hi:  # the upper half on a second connection from the engine's pool
        worker.start()
    try:
        try:
            parts = _read_range(conn.connection.driver_connection, sql, lo - 1, middle)
        finally:
            if worker.ident is not None:
                worker.join()
        for found in upper:
            if isinstance(found, BaseException):
                raise found
            parts += found
    except NotFixedWidth:
        return None
    rows = np.concatenate(parts) if parts else np.zeros(0, _ROW)
    return (rows["id"].astype(np.int64), rows["packed"].astype(np.int64),
            _degrees(rows["lon"], _LON0), _degrees(rows["lat"], _LAT0))


def _degrees(q: np.ndarray, zero: int) -> np.ndarray:
    """Degrees from integers of 1e-7 degree; NaN for an unplaced event. The division of
    two exact integers gives the float nearest the stored value's seven decimals."""
    out = (q.astype(np.float64) - zero) / _SCALE
    out[q == UNPLACED] = np.nan
    return out


def _chunk_sql(packed_sql: str) -> str:
    e = s.Event.__tablename__
    unplaced = "(longitude IS NULL OR latitude IS NULL)"

    def coordinate(column: str, zero: int) -> str:
        return (f"CASE WHEN {unplaced} THEN {UNPLACED} "
                f"ELSE CAST(round({column} * {_SCALE:.0f}) AS INTEGER) + {zero} END")

    row = (f"printf('%016x%016x%08x%08x', id, {packed_sql}, "
           f"{coordinate('longitude', _LON0)}, {coordinate('latitude', _LAT0)})")
    # The inner query walks the table in id order from where the last chunk ended.
    return (f"SELECT group_concat(r, ''), max(id), count(*) FROM "
            f"(SELECT id, {row} AS r FROM {e} WHERE id > :after AND id <= :last "
            f"ORDER BY id LIMIT {CHUNK_ROWS})")


def _read_range(dbapi, sql: str, after: int, last: int) -> list[np.ndarray]:  # noqa: ANN001
    """The rows with after < id <= last, a chunk at a time."""
    parts: list[np.ndarray] = []
    cursor = dbapi.cursor()
    try:
        while True:
            text, top, n = cursor.execute(sql, {"after": after, "last": last}).fetchone()
            if not n:
                return parts
            if len(text) != n * 2 * _ROW.itemsize:
                raise NotFixedWidth
            parts.append(np.frombuffer(bytes.fromhex(text), dtype=_ROW))
            if n < CHUNK_ROWS:  # a short chunk is the range's last
                return parts
            after = top
    finally:
        cursor.close()


def _read_upper(conn: Connection, sql: str, after: int, last: int, out: list) -> None:
    try:
        with conn.engine.connect() as other:
            out.append(_read_range(other.connection.driver_connection, sql, after, last))
    except BaseException as exc:  # noqa: BLE001 - raised again in the reading thread
        out.append(exc)
