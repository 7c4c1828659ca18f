"""One fuzz input through the importer, and what came of it.

The documented outcomes are an import report that either went in or was refused with a
message naming the file; anything raised out of `import_file` is a finding.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

from viewer.io.importers.runner import import_file
from viewer.store.service import StoreService


@dataclass(frozen=True)
class Outcome:
    """imported, refused, or a finding (an exception, or a refusal not naming the file)."""

    kind: str
    detail: str = ""

    @property
    def finding(self) -> bool:
        return self.kind not in ("imported", "refused")


def import_outcome(store: StoreService, path: Path) -> Outcome:
    """Import `path` and classify what happened; never raises for the importer's faults."""
    try:
        report = import_file(store, path)
    except Exception as exc:  # noqa: BLE001 - the point is to catch what escapes
        return Outcome("exception", signature(exc))
    if report.unforeseen:
        # Caught by the runner's last resort: contained, but no check named the problem.
        return Outcome("unforeseen", report.unforeseen)
    if report.ok:
        return Outcome("imported")
    if path.name not in report.refused:
        return Outcome("unnamed refusal", report.refused[:200])
    return Outcome("refused")


def signature(exc: BaseException) -> str:
    """Exception type and the innermost frame of viewer code (or the last frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/viewer/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:120]}"
