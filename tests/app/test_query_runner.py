"""LatestQueryRunner: results come back on the GUI thread, only the latest request's."""

from __future__ import annotations

import threading

from viewer.app.workers import LatestQueryRunner


def test_only_the_latest_result_is_delivered(qtbot):
    runner = LatestQueryRunner()
    release = threading.Event()
    got, threads = [], []
    runner.finished.connect(lambda r: (got.append(r), threads.append(threading.current_thread())))

    def slow():
        release.wait(5)
        return "old"

    runner.submit(slow)
    runner.submit(lambda: "new")
    release.set()
    qtbot.waitUntil(lambda: got == ["new"])
    runner.wait()
    qtbot.wait(10)  # let any queued (stale) delivery arrive: there must be none
    assert got == ["new"]
    assert threads == [threading.main_thread()]


def test_failure_is_reported(qtbot):
    runner = LatestQueryRunner()
    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit(lambda: 1 / 0)
    assert "division by zero" in blocker.args[0]
    runner.wait()
