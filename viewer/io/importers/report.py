"""What an import did: counts, rejected rows with where and why, the batch it made."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Rejections beyond this many are counted but not kept, so a broken 1M-row file
# does not hold a million messages in memory.
MAX_KEPT_REJECTIONS = 10_000


@dataclass(frozen=True, slots=True)
class Rejection:
    """One row that was not imported: its number in the file, the field and the reason."""

    row: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", field {self.field!r}" if self.field else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """Rows added, changed, unchanged, skipped and rejected by one file's import, and its batch."""

    file: str
    format: str = ""
    kind: str = ""  # "events" or "trade"
    sha256: str = ""
    encoding: str = ""
    added: int = 0
    updated: int = 0  # stored rows whose content changed
    unchanged: int = 0  # stored rows the file repeats as they are: left alone
    skipped: int = 0
    rejected_count: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    batch_id: int | None = None
    duplicate_file: bool = False
    duplicate_of: str = ""  # "batch 3 on 2026-11-22 10:01"
    refused: str = ""  # why nothing was imported, when nothing was
    remedy: str = ""  # a viewer.io.errors.Remedy the officer can apply, worded by the front end
    cancelled: bool = False
    store_failed: bool = False  # the store could not be written (e.g. locked): try again
    # A fault no check foresaw (logged with its traceback): "OverflowError at base.py:90".
    unforeseen: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def ok(self) -> bool:
        """True when the file was imported (or recognised as already imported)."""
        return not self.refused and not self.cancelled

    @property
    def retryable(self) -> bool:
        """Not imported, but another try may work: cancelled, rows rejected (skip them),
        or the store busy; a file that cannot be read or recognised is not."""
        return not self.ok and (self.cancelled or self.store_failed or self.rejected_count > 0)

    def reject(self, row: int, field: str | None, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_KEPT_REJECTIONS:
            self.rejected.append(Rejection(row, field, reason))

    def summary(self, advice: Mapping[str, str] | None = None) -> str:
        """One line for the status bar or the CLI; `advice` words each remedy for its reader."""
        if self.duplicate_file:
            return f"{self.name}: already imported ({self.duplicate_of}); nothing changed"
        if self.cancelled:
            return f"{self.name}: cancelled; nothing imported"
        if self.refused:
            hint = (advice or {}).get(self.remedy, "")
            return f"{self.refused}; {hint}" if hint else self.refused  # it names the file
        what = plural(self.added, "event" if self.kind == "events" else "trade figure")
        return (f"{self.name} ({self.format}): {what} added, "
                f"{self.updated:,} changed, {self.unchanged:,} unchanged, "
                f"{self.skipped:,} skipped, {self.rejected_count:,} rejected")

    def lines(self, max_rejections: int = 20,
              advice: Mapping[str, str] | None = None) -> list[str]:
        """The report as text lines: the summary, notes, then the first rejected rows."""
        out = [self.summary(advice)]
        out += [f"  note: {n}" for n in self.notes]
        for r in self.rejected[:max_rejections]:
            out.append(f"  {self.name}, {r}")
        more = self.rejected_count - min(len(self.rejected), max_rejections)
        if more > 0:
            out.append(f"  … and {more:,} more rejected rows")
        return out

    def save_rejections(self, path: str | Path) -> int:
        """Write the rejected rows (row, field, reason) to a CSV file; returns how many."""
        target = Path(path)
        tmp = target.with_name(target.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "row", "field", "reason"])
            for r in self.rejected:
                w.writerow([self.name, r.row, r.field or "", r.reason])
        tmp.replace(target)
        return len(self.rejected)


def plural(n: int, noun: str) -> str:
    """'1 row', '2 rows', '1,200 rows'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


class RowError(ValueError):
    """A row cannot be imported; the runner records it as a rejection with its row number."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class RowSkipped(Exception):
    """A well-formed row that this import leaves out on purpose (e.g. a flow we do not keep)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
