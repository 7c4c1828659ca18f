"""After a big read, the pages its short-lived objects used go back to the system."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.store import heap

pytestmark = pytest.mark.skipif(heap._trim is None or not Path("/proc/self/status").exists(),  # noqa: SLF001
                                reason="glibc's malloc_trim and /proc only")

# In a fresh process, so the heap holds only what the script makes.
SCRIPT = """
import json, numpy as np
from viewer.store import heap

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

before = rss()
# A read's chunks of rows: once one big buffer was freed, glibc serves the next ones from
# its heap; a buffer made after them keeps the heap from shrinking by itself.
np.ones(1 << 19).sum()
chunks = [np.ones(1 << 19) for _ in range(40)]  # 40 x 4 MB
pinned = bytearray(1 << 16)
grown = rss() - before
del chunks
kept = rss() - before
heap.after_read(heap.BIG_READ - 1)  # a small read: nothing is done
small = rss() - before
heap.after_read(heap.BIG_READ)
print(json.dumps({"grown": grown, "kept": kept, "small": small, "trimmed": rss() - before}))
"""


def test_a_big_read_gives_its_freed_pages_back() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=True, timeout=60)
    mb = json.loads(done.stdout)
    assert mb["grown"] > 150 and mb["kept"] > 100  # freed, but still the process's
    assert mb["small"] == pytest.approx(mb["kept"], abs=2)
    assert mb["trimmed"] < mb["kept"] - 100
