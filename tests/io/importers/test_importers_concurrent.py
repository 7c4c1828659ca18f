"""Two `viewer import` processes on the same store at once: neither deadlocks, nothing is
duplicated, and the same file imported twice at once is recorded once."""

from __future__ import annotations

import subprocess
import sys
import time

from importer_files import count, gdelt_line

ROWS = 8_000


def _file(path, first: int):
    with path.open("w") as fh:
        for i in range(first, first + ROWS):
            fh.write(gdelt_line(i))
    return path


def _run_together(target: str, *files) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "viewer", "import", str(f), "--db", target],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    started = time.monotonic()
    outs = [p.communicate(timeout=300) for p in procs]
    assert time.monotonic() - started < 300
    return [subprocess.CompletedProcess(p.args, p.returncode, o, e)
            for p, (o, e) in zip(procs, outs, strict=True)]


def test_two_imports_at_once_both_go_in(store, tmp_path):
    a = _file(tmp_path / "a.export.CSV", 0)
    b = _file(tmp_path / "b.export.CSV", ROWS)
    target = store.target
    done = _run_together(target, a, b)
    assert [d.returncode for d in done] == [0, 0], [d.stderr for d in done]
    assert all(f"{ROWS:,} events added" in d.stdout for d in done), [d.stdout for d in done]
    assert count(store, "event") == 2 * ROWS
    assert count(store, "import_batch") == 2
    assert count(store, "event_fts") == 2 * ROWS


def test_the_same_file_twice_at_once_is_recorded_once(store, tmp_path):
    a = _file(tmp_path / "a.export.CSV", 0)
    copy = tmp_path / "copy-of-a.export.CSV"
    copy.write_bytes(a.read_bytes())
    done = _run_together(store.target, a, copy)
    assert [d.returncode for d in done] == [0, 0], [d.stderr for d in done]
    outputs = sorted(d.stdout for d in done)
    assert sum("already imported" in o for o in outputs) == 1, outputs
    assert count(store, "event") == ROWS and count(store, "import_batch") == 1
