"""Who holds the write lock of a SQLite store: read from /proc/locks, never by opening it.

Opening and closing the file here would drop this process's own SQLite locks on it
(POSIX record locks belong to the process, not the descriptor), so the kernel's lock
table is read instead. Linux only; elsewhere the answer is None.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")


def lock_holder(path: str | Path) -> str | None:
    """'process 1234 (python3, user ana)' for the process holding a write lock on the store
    file or its -shm file, or None when that cannot be told."""
    files = [Path(path), Path(f"{path}-shm")]
    wanted = {}
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        wanted[(os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)] = f
    if not wanted:
        return None
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return None
    for pid in _writers(lines, wanted):
        if pid != os.getpid():
            return describe_process(pid)
    return None


def _writers(lines: list[str], wanted: dict) -> list[int]:
    found = []
    for line in lines:
        # "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 1073741824 1073741824"
        parts = line.replace("->", "").split()
        if len(parts) < 8 or parts[3] != "WRITE":
            continue
        try:
            pid = int(parts[4])
            major, minor, inode = parts[5].split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        if key in wanted:
            found.append(pid)
    return found


def describe_process(pid: int) -> str:
    """'process 1234 (python3, user ana)', with what /proc tells of it."""
    proc = Path("/proc") / str(pid)
    bits = []
    try:
        bits.append(proc.joinpath("comm").read_text().strip())
    except OSError:
        pass
    try:
        import pwd

        bits.append(f"user {pwd.getpwuid(proc.stat().st_uid).pw_name}")
    except (OSError, KeyError, ImportError):
        pass
    return f"process {pid}" + (f" ({', '.join(bits)})" if bits else "")
