"""A store locked by another process (RELIABILITY #15): no traceback, retried for a bounded
time with the holder named, the pending import kept and nothing written."""

from __future__ import annotations

import threading

from tests.helpers import LockHolder, copy_sqlite
from tests.io.importers.importer_files import acled_row, count, write_acled
from viewer.cli import run
from viewer.io.importers.runner import import_file
from viewer.store.service import StoreService


def _rollback_store(sample_store_path, monkeypatch):
    # With the rollback journal a writer's exclusive lock stops readers too: the
    # hardest case for opening (a network drive uses this journal).
    monkeypatch.setenv("DESK_VIEWER_JOURNAL", "delete")
    StoreService.open(sample_store_path).close()
    return sample_store_path


def test_open_of_a_locked_store_says_who_holds_it_after_trying_again(
        sample_store_path, monkeypatch, capsys):
    path = _rollback_store(sample_store_path, monkeypatch)
    before = path.read_bytes()
    with LockHolder(path) as holder:
        code = run(["--lock-wait", "6", "info", "--db", str(path)])
        err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "corrupt" not in err
    lines = err.splitlines()
    assert any("trying again in" in line for line in lines[:-1]), lines
    assert lines[-1].startswith(f"viewer: error: {path}: the store is locked by process "
                                f"{holder.pid} (python")
    assert path.read_bytes() == before


def test_a_command_goes_through_once_the_lock_is_released(sample_store_path, monkeypatch,
                                                          capsys):
    path = _rollback_store(sample_store_path, monkeypatch)
    holder = LockHolder(path)
    # Released after the first attempt gave up (5 s busy timeout), during a pause.
    releaser = threading.Timer(6.0, holder.release)
    releaser.start()
    try:
        code = run(["--lock-wait", "120", "info", "--db", str(path)])
    finally:
        releaser.join()
        holder.release()
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "trying again in" in err and "events:" in out


def test_import_into_a_locked_store_is_refused_whole_and_kept_for_later(
        sample_store_path, tmp_path, capsys):
    # WAL (the local default): reading goes on, the import's write waits for the lock.
    csv_path = write_acled(tmp_path / "acled.csv", [acled_row(i) for i in range(3)])
    store = StoreService.open(sample_store_path)
    events = count(store, "event")
    try:
        with LockHolder(sample_store_path) as holder:
            report = import_file(store, csv_path, lock_wait=0.5)
            assert not report.ok and report.store_failed and report.retryable
            assert report.refused.startswith("acled.csv: nothing was imported; ")
            assert f"locked by process {holder.pid}" in report.refused
            assert count(store, "event") == events
        again = import_file(store, csv_path)
        assert again.ok and again.added == 3 and count(store, "event") == events + 3
    finally:
        store.close()


def test_cli_import_with_the_store_locked_exits_1_with_one_line(sample_store_path, tmp_path,
                                                                 capsys):
    csv_path = write_acled(tmp_path / "acled.csv", [acled_row(1)])
    copy = copy_sqlite(sample_store_path, tmp_path / "copy.sqlite")
    with LockHolder(copy):
        code = run(["--lock-wait", "0.5", "import", str(csv_path), "--db", str(copy)])
    err = capsys.readouterr().err
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("viewer: error: acled.csv: nothing was imported; ")
    assert "the store is locked by process" in line
