"""The bulk load of a big events file into SQLite: when to use it, and running it.

Measured at 1M ACLED rows (see bench/b_import.py): the SQLite side of an import is mostly
B-tree work for indexes kept up row by row; the Python side is parsing and row building.
The bulk load moves parsing and row building to a parser process (bulk_parse.py) while
this process writes (store/bulk_events.py), and, when the file is large against the
store, drops the plain indexes of the tables it fills and makes them again before the
commit. All of it is one transaction: all or nothing per file, as ever.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from viewer.io.importers.bulk_parse import InLine, ParseJob, ParserProcess
from viewer.io.importers.report import ImportReport
from viewer.io.importers.textfile import FileFacts
from viewer.store.bulk import indexes_set_aside
from viewer.store.bulk_events import BULK_TABLES, BulkEventWriter
from viewer.store.writer import WriteCounts

log = logging.getLogger(__name__)

# Below this many rows the parser process's start (~0.3 s) is not won back.
BULK_MIN_ROWS = 50_000
# Bytes a row of an events export takes at least (GDELT ~230, ACLED ~310): the row count
# is estimated from the size before a row is read.
ROW_BYTES_AT_LEAST = 200
# Indexes are set aside when the file brings at least this share of the rows stored: making
# them again costs a sort of the whole table, keeping them up a page write per new row.
INDEX_REBUILD_SHARE = 0.5


@dataclass
class BulkRequest:
    """How the file is read (as the import opened it) and whether the caller chose bulk."""

    facts: FileFacts
    format: str
    sheet: str | None
    encoding: str | None
    date_order: str | None
    chosen: bool | None  # None: decide by size


@dataclass
class BulkPlan:
    """What a bulk load does: a parser process or not, indexes set aside or not."""

    process: bool
    set_aside_indexes: bool


def bulk_plan(conn: Connection, request: BulkRequest) -> BulkPlan | None:
    """The bulk load for this file and store, or None for the chunked path."""
    if request.chosen is False or conn.dialect.name != "sqlite":
        return None
    size = request.facts.text_size or request.facts.size
    rows = size // ROW_BYTES_AT_LEAST
    if request.chosen is None and rows < BULK_MIN_ROWS:
        return None
    stored = conn.exec_driver_sql("SELECT max(id) FROM event").scalar() or 0
    # A frozen bundle has no interpreter to run the parser process with.
    process = not getattr(sys, "frozen", False)
    return BulkPlan(process=process, set_aside_indexes=rows >= stored * INDEX_REBUILD_SHARE)


def bulk_load(conn: Connection, batch_id: int, request: BulkRequest, plan: BulkPlan,
              report: ImportReport, progress: Callable[[float], None] | None,
              should_stop: Callable[[], bool] | None,
              cancelled: type[Exception]) -> tuple[WriteCounts, dict[str, int]]:
    """Every event of the file, written in the caller's transaction; raises `cancelled`."""
    writer = BulkEventWriter(conn, batch_id)
    job = ParseJob(request.facts, request.format, request.sheet, request.encoding,
                   request.date_order, writer.known, writer.first_id())
    chunks = ParserProcess(job) if plan.process else InLine(job)
    try:
        tables = BULK_TABLES if plan.set_aside_indexes else ()
        waited, started = 0.0, time.perf_counter()
        with indexes_set_aside(conn, tables):
            stream = iter(chunks)
            while True:
                before = time.perf_counter()
                try:
                    chunk, done = next(stream)
                except StopIteration:
                    break
                waited += time.perf_counter() - before
                writer.write(chunk)
                if should_stop is not None and should_stop():
                    raise cancelled
                if progress is not None:
                    progress(done)
        outcome = chunks.outcome
    finally:
        chunks.close()
    assert outcome is not None
    LAST_LOAD.update(parser_peak_rss_mb=outcome.peak_rss_mb, parser_cpu_s=outcome.cpu_s,
                     waited_s=waited, seconds=time.perf_counter() - started)
    log.debug("bulk load: %s", LAST_LOAD)
    outcome.merge_into(report)
    return writer.counts, outcome.skip_reasons


# Figures of the last bulk load in this process, for the bench.
LAST_LOAD: dict[str, float] = {}
