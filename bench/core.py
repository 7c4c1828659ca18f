"""The benchmark context and result rows shared by every `bench/b_*.py` module."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from viewer.store.heap import peak_rss_mb  # noqa: F401 - the bench modules' import


def remove_sqlite(db: Path) -> None:
    """A SQLite file and its WAL and shared-memory files."""
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)


@dataclass
class Row:
    """One measured figure; `baseline` is in the same unit, measured in the same run."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""

    def ratio(self) -> float | None:
        # ours / baseline: for rates more is better, for times and sizes less is better.
        if self.baseline in (None, 0) or self.value == 0:
            return None
        return self.value / self.baseline


@dataclass
class Context:
    """What a bench module gets: the size, a scratch folder, the generated store."""

    n: int
    tmp: Path
    store_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    pg_url: str | None = None  # a PostgreSQL server for the server rows, when given
    shared: dict[str, dict[str, float]] = field(default_factory=dict)  # figures by module

    @staticmethod
    def measure(fn: Callable[[], object], repeat: int = 5) -> float:
        """Median wall time of `fn` in seconds over `repeat` runs."""
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def format_table(rows: list[Row]) -> str:
    """The one table `make bench` prints."""
    head = f"{'figure':<52} {'value':>14} {'baseline':>14}  {'ratio':>7}  {'target':<26} baseline is"
    lines = [head, "-" * len(head)]
    def fmt(v: float | None, unit: str) -> str:
        if v is None:
            return "-"
        return f"{v:,.0f} {unit}" if abs(v) >= 1000 else f"{v:.3g} {unit}"

    for r in rows:
        ratio = r.ratio()
        lines.append(f"{r.name:<52} {fmt(r.value, r.unit):>14} {fmt(r.baseline, r.unit):>14}  "
                     f"{(f'{ratio:.2f}x' if ratio else '-'):>7}  {r.target:<26} {r.baseline_name}")
    return "\n".join(lines)
