"""All or nothing per file: a killed import leaves nothing; the CLI reports and exits 1 on refusal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from importer_files import acled_row, count, gdelt_line, snapshot, write_acled

from viewer.cli import run
from viewer.io.importers.runner import import_file
from viewer.store.service import StoreService


def test_kill_mid_import_leaves_nothing(store, tmp_path):
    path = tmp_path / "big.export.CSV"
    with path.open("w") as fh:
        for i in range(10_000):
            fh.write(gdelt_line(i))
    db = store.target
    store.close()
    script = textwrap.dedent(f"""
        import sys, time
        from viewer.store.service import StoreService
        from viewer.io.importers.runner import import_file
        store = StoreService.open({db!r})
        def progress(fraction):
            print("progress", fraction, flush=True)
            sys.stdin.readline()  # wait here, inside the transaction, until killed
        import_file(store, {str(path)!r}, progress=progress)
        print("finished", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("progress"), line  # rows are written, not committed
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    reopened = StoreService.open(db)
    try:
        assert count(reopened, "event") == 0 and count(reopened, "import_batch") == 0
        assert count(reopened, "source") == 0 and count(reopened, "actor") == 0
        report = import_file(reopened, path)
        assert report.ok and report.added == 10_000
    finally:
        reopened.close()


def test_cancel_rolls_back(store, tmp_path):
    path = tmp_path / "c.export.CSV"
    path.write_text("".join(gdelt_line(i) for i in range(5000)))
    before = snapshot(store)
    report = import_file(store, path, should_stop=lambda: True)
    assert report.cancelled and not report.ok and report.added == 0
    assert snapshot(store) == before


def test_cli_prints_the_report(store, tmp_path, capsys):
    path = write_acled(tmp_path / "acled.csv", [acled_row(i) for i in range(3)])
    db = store.target
    assert run(["import", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert ("acled.csv (acled/current): 3 events added, 0 changed, 0 unchanged, 0 skipped, "
            "0 rejected") in out
    assert run(["import", str(path), "--db", db]) == 0
    assert "already imported on" in capsys.readouterr().out


def test_cli_exit_1_when_a_file_is_refused(store, tmp_path, capsys):
    good = write_acled(tmp_path / "good.csv", [acled_row(1)])
    bad = write_acled(tmp_path / "bad.csv", [acled_row(2, event_date="yesterday")])
    code = run(["import", str(good), str(bad), "--db", store.target])
    captured = capsys.readouterr()
    assert code == 1
    assert "good.csv (acled/current): 1 event added" in captured.out
    # One problem, one line: the rejected row, that nothing was imported, and the option.
    [line] = captured.err.splitlines()
    assert line.startswith("viewer: error: bad.csv, row 2, field 'event_date': not a date")
    assert line.endswith("nothing imported; fix them, or import again with --skip-bad-rows "
                         "to leave them out")
    assert count(store, "event") == 1


def test_cli_skip_bad_rows(store, tmp_path, capsys):
    bad = write_acled(tmp_path / "bad.csv", [acled_row(1), acled_row(2, event_date="x")])
    assert run(["import", str(bad), "--skip-bad-rows", "--db", store.target]) == 0
    assert "1 event added" in capsys.readouterr().out and count(store, "event") == 1


def test_cli_bad_format_is_usage_error(tmp_path):
    assert run(["import", str(tmp_path / "x.csv"), "--format", "pdf"]) == 2


def test_import_waits_for_another_writer_then_goes_in(store, tmp_path):
    path = write_acled(tmp_path / "a.csv", [acled_row(1)])
    held = threading.Event()
    release = threading.Event()

    def other_officer() -> None:
        with StoreService.open(store.target).write() as conn:  # holds the write lock
            conn.exec_driver_sql("SELECT 1")
            held.set()
            release.wait(10)

    writer = threading.Thread(target=other_officer)
    writer.start()
    assert held.wait(10)
    threading.Timer(1.5, release.set).start()
    started = time.monotonic()
    report = import_file(store, path)
    waited = time.monotonic() - started
    writer.join()
    assert report.ok and report.added == 1 and count(store, "event") == 1
    assert waited >= 1.4  # it waited for the other writer instead of failing


def test_cancel_while_waiting_for_another_writer(store, tmp_path):
    path = write_acled(tmp_path / "a.csv", [acled_row(1)])
    with StoreService.open(store.target).write():
        report = import_file(store, path, should_stop=lambda: True)
    assert report.cancelled and count(store, "event") == 0
