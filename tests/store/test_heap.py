"""After a big read, the pages its short-lived objects used go back to the system."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from viewer.store import heap

STATUS = Path("/proc/self/status")
pytestmark = pytest.mark.skipif(heap._trim is None or not STATUS.exists(),  # noqa: SLF001
                                reason="glibc's malloc_trim and /proc only")


def rss_mb() -> float:
    for line in STATUS.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_big_read_gives_its_freed_pages_back() -> None:
    import numpy as np

    gc.collect()
    heap.after_read(heap.BIG_READ)
    before = rss_mb()
    # A read's chunks of rows: once one big buffer was freed, glibc serves the next ones
    # from its heap; a small buffer made after them keeps the heap from shrinking by itself.
    np.ones(1 << 19).sum()  # 4 MB, made and freed
    chunks = [np.ones(1 << 19) for _ in range(40)]
    pinned = bytearray(1 << 16)
    grown = rss_mb() - before
    del chunks
    kept = rss_mb() - before
    heap.after_read(heap.BIG_READ - 1)  # a small read: nothing is done
    assert rss_mb() - before == pytest.approx(kept, abs=2)
    heap.after_read(heap.BIG_READ)
    assert grown > 150 and kept > 100 and rss_mb() - before < kept - 100
    del pinned
