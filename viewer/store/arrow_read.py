"""Big integer reads of a SQLite store through an Arrow-speaking driver, when installed.

The ADBC SQLite driver (`pip install 'desk-viewer[fast]'`) hands a query's columns over
as Arrow arrays: at a million events the timeline's read takes 0.44–0.62 s against
0.96–1.15 s for the sqlite3 module's rows turned into numpy, measured side by side. It
reads through a read-only connection of its own.

It is off unless `DESK_VIEWER_ARROW=1`: in the window, loading pyarrow costs about 0.3 s
in the loader thread and its memory pool kept 110 MB more resident at 1M (560–582 MB
against 453 MB), so the opening was not faster and went over the memory target.
Without the driver, for another backend, or when anything about the answer is
unexpected (a NULL, a column of another type, an error), `read_columns` says None and
the caller reads rows as before.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import quote

import numpy as np
from sqlalchemy import Connection

log = logging.getLogger(__name__)


def _driver():  # noqa: ANN202 - the adbc_driver_sqlite.dbapi module, or None
    if os.environ.get("DESK_VIEWER_ARROW", "0") != "1":
        return None
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        return None
    return adbc


def read_columns(conn: Connection, sql: str, args: tuple, ncols: int,
                 dtype: type) -> np.ndarray | None:
    """The rows of `sql` as an (n, ncols) matrix of `dtype`, or None to read them another
    way."""
    adbc = _driver()
    path = conn.engine.url.database
    if adbc is None or conn.dialect.name != "sqlite" or not path or path == ":memory:":
        return None
    try:
        with adbc.connect(f"file:{quote(os.path.abspath(path))}?mode=ro") as arrow_conn, \
                arrow_conn.cursor() as cursor:
            cursor.execute(sql, args)
            table = cursor.fetch_arrow_table()
        if table.num_columns != ncols or any(c.null_count for c in table.columns):
            return None
        if table.num_rows == 0:
            return np.zeros((0, ncols), dtype=dtype)
        out = np.empty((table.num_rows, ncols), dtype=dtype)
        for i, column in enumerate(table.columns):
            out[:, i] = column.to_numpy()
        return out
    except Exception:  # noqa: BLE001 - any trouble: the plain read answers instead
        log.debug("Arrow read failed; reading rows instead", exc_info=True)
        return None
