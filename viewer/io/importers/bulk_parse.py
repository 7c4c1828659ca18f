"""Parsing in a second process for a bulk load, overlapping the store's own work.

The parser process reads the file with the same reader the import would use, turns each
chunk of events into plain rows (`bulk_events.prepare`) and pickles them down a pipe; the
importing process writes them meanwhile. SQLite keeps the GIL for every bound row of an
executemany, so a parser thread would only take turns with the writer (measured slower);
a process runs beside it. The pipe is the bounded queue: the parser blocks once it is a
chunk or two ahead, so memory stays flat however long the file is. Rejected rows, skip
counts and any error travel back at the end and read as they would in one process.

A frozen bundle has no Python to start, and a caller may ask for one process: then the
same chunks are prepared in line (`InLine`), without the overlap.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from viewer.io.errors import InputError
from viewer.io.importers.opening import open_reader
from viewer.io.importers.report import MAX_KEPT_REJECTIONS, ImportReport, Rejection
from viewer.io.importers.textfile import FileFacts
from viewer.store.bulk_events import PreparedChunk, prepare
from viewer.store.heap import peak_rss_mb
from viewer.store.writer import CHUNK

_PIPE_BYTES = 1 << 20  # a chunk pickles to ~0.5-0.8 MB: the parser may run one ahead


@dataclass
class ParseJob:
    """What the parser process needs to read the file as the import would."""

    facts: FileFacts
    format: str
    sheet: str | None
    encoding: str | None
    date_order: str | None
    known: frozenset[str]
    first_id: int


@dataclass
class ParseOutcome:
    """What reading the file told besides its rows: rejections and skips."""

    rejected: list[Rejection] = field(default_factory=list)
    rejected_count: int = 0
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    peak_rss_mb: float = 0.0  # the parser process's, for the bench
    cpu_s: float = 0.0

    def merge_into(self, report: ImportReport) -> None:
        room = MAX_KEPT_REJECTIONS - len(report.rejected)
        report.rejected += self.rejected[:max(room, 0)]
        report.rejected_count += self.rejected_count
        report.skipped += self.skipped


class BulkParseError(Exception):
    """An unforeseen fault in the parser process, with where it was raised there."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.bulk_where = where


def _chunks(job: ParseJob, report: ImportReport,
            outcome: ParseOutcome) -> Iterator[tuple[PreparedChunk, float]]:
    reader = open_reader(job.facts, report, job.format, sheet=job.sheet,
                         encoding=job.encoding, date_order=job.date_order)
    if reader.kind != "events":
        raise InputError(job.facts.path, "a bulk load takes events only")
    next_id, batch = job.first_id, []
    for record in reader.records():
        batch.append(record)
        if len(batch) == CHUNK:
            chunk = prepare(batch, job.known, next_id)
            next_id, batch = chunk.next_id, []
            yield chunk, reader.progress()
    if batch:
        yield prepare(batch, job.known, next_id), reader.progress()
    outcome.rejected, outcome.rejected_count = report.rejected, report.rejected_count
    outcome.skipped, outcome.skip_reasons = report.skipped, dict(reader.skip_reasons)


class InLine:
    """The same chunks prepared in this process, without the overlap."""

    def __init__(self, job: ParseJob) -> None:
        self.job = job
        self.outcome = ParseOutcome()

    def __iter__(self) -> Iterator[tuple[PreparedChunk, float]]:
        return _chunks(self.job, ImportReport(file=str(self.job.facts.path)), self.outcome)

    def close(self) -> None:
        pass


class ParserProcess:
    """A parser process for one file; iterate it for (chunk, progress), then read outcome."""

    def __init__(self, job: ParseJob) -> None:
        self.outcome: ParseOutcome | None = None
        self._proc = subprocess.Popen(
            # Not `-m`: the classes pickled must be this module's, not __main__'s.
            [sys.executable, "-c", "import sys; from viewer.io.importers.bulk_parse import "
             "main; sys.exit(main())"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        with contextlib.suppress(OSError, AttributeError):
            import fcntl

            fcntl.fcntl(self._proc.stdout.fileno(), 1031, _PIPE_BYTES)  # F_SETPIPE_SZ
        pickle.dump(job, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.close()

    def __iter__(self) -> Iterator[tuple[PreparedChunk, float]]:
        out = self._proc.stdout
        assert out is not None
        while True:
            try:
                message = pickle.load(out)
            except EOFError:
                code = self._proc.wait()
                raise BulkParseError(f"the parser process ended early (exit code {code})",
                                     "bulk_parse.py") from None
            kind = message[0]
            if kind == "chunk":
                yield message[1], message[2]
            elif kind == "end":
                self.outcome = message[1]
                return
            else:
                raise _rebuilt_error(message)

    def close(self) -> None:
        """Stop the process (when the import ends early) and reap it."""
        proc = self._proc
        if proc.poll() is None:
            proc.kill()
        with contextlib.suppress(OSError):
            if proc.stdout is not None:
                proc.stdout.close()
        proc.wait()


def _portable_error(exc: BaseException) -> tuple:
    """An exception as a message that unpickles in the importing process."""
    if isinstance(exc, InputError):
        return ("input", exc.file, exc.reason, exc.row, exc.field, exc.sheet, exc.remedy)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{type(exc).__name__} at {Path(frames[-1].filename).name}:{frames[-1].lineno}" \
        if frames else type(exc).__name__
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
    except Exception:  # noqa: BLE001 - any exception that does not travel becomes text
        return ("other", type(exc).__name__, str(exc), where)
    return ("exception", data, where)


def _rebuilt_error(message: tuple) -> BaseException:
    kind = message[0]
    if kind == "input":
        file, reason, row, field_, sheet, remedy = message[1:]
        return InputError(file, reason, row=row, field=field_, sheet=sheet, remedy=remedy)
    if kind == "exception":
        exc = pickle.loads(message[1])
        exc.bulk_where = message[2]
        return exc
    return BulkParseError(f"{message[1]}: {message[2]}", message[3])


def _send(out: BinaryIO, message: Any) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def main() -> int:
    """The parser process: a job on stdin, pickled messages on the original stdout."""
    data = os.fdopen(os.dup(1), "wb", buffering=1 << 16)
    os.dup2(2, 1)  # stray prints must not corrupt the stream
    job: ParseJob = pickle.load(sys.stdin.buffer)
    report, outcome = ImportReport(file=str(job.facts.path)), ParseOutcome()
    try:
        for chunk, progress in _chunks(job, report, outcome):
            _send(data, ("chunk", chunk, progress))
        outcome.peak_rss_mb, outcome.cpu_s = peak_rss_mb(), time.process_time()
        _send(data, ("end", outcome))
    except BrokenPipeError:
        return 1  # the importing process is gone
    except BaseException as exc:  # noqa: BLE001 - every fault is reported to the importer
        with contextlib.suppress(BrokenPipeError):
            _send(data, _portable_error(exc))
        return 1
    return 0

