"""The process's memory: freed pages handed back to the system after a big read, and
the peak resident size (the bench and the bulk import's parser report it).

Reading a million events builds millions of short-lived Python objects; once freed,
glibc keeps their pages for later (measured: 210 MB kept after the facet columns were
read, 76 MB of them still in use). `malloc_trim` returns the free ones. Elsewhere (macOS,
Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import resource
from pathlib import Path

log = logging.getLogger(__name__)

BIG_READ = 100_000  # rows: below this a read leaves little behind

_trim = None
try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _trim = getattr(_libc, "malloc_trim", None)
except OSError:  # no C library found by that name: nothing to trim
    _trim = None


def after_read(rows: int) -> None:
    """Give free heap pages back when a read of `rows` rows has just ended."""
    if _trim is not None and rows >= BIG_READ:
        _trim(0)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork/exec,
    so a child of a large process would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
