"""Big drawing-array fetches off the GUI thread; small stores load at once.

A QRunnable runs the query (it opens its own connection from the engine's pool) and
reports through a signal, which Qt delivers on the GUI thread. A generation number drops
results that a newer request has made stale (filter changed while loading).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ASYNC_ABOVE = 200_000  # events: above this a pane loads in the background


_gc_lock = threading.Lock()
_gc_holds = 0
# Background loads asked for while the main window is still building and painting wait
# here: run beside it, they hold the GIL for long stretches and delay the first paint.
# Released, they run in stages: the timeline's arrays alone first (stage 0), the chart's
# after them (stage 1), then whatever waits for every event to be drawn (the facets).
_held: list[tuple[int, _Job]] | None = None
_waiting: list[tuple[int, _Job]] = []
_running = 0  # released jobs of the current stage not yet finished
_stage_lock = threading.Lock()
_when_done: list[Callable[[], None]] = []


class _StageRelay(QObject):
    """Lives on the GUI thread: a released job's end, emitted in its worker thread, is
    handled there (the next stage, then the callbacks, which may touch widgets)."""

    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished)

    @Slot()
    def _on_finished(self) -> None:
        _on_released_job_finished()


_stage_relay: _StageRelay | None = None


def hold_background_loads() -> None:
    """Queue background loads from now on instead of starting them."""
    global _held, _stage_relay
    if _stage_relay is None:  # made on the GUI thread: its signal is delivered there
        _stage_relay = _StageRelay()
    if _held is None:
        _held = []


def release_background_loads() -> int:
    """Start the queued background loads stage by stage (returns how many were queued);
    later ones start at once. Loads of no stage start at once and hold no stage up."""
    global _held
    jobs, _held = _held or [], None
    for stage, job in jobs:
        if stage is None:
            QThreadPool.globalInstance().start(job)
    _waiting.extend((stage, job) for stage, job in jobs if stage is not None)
    _start_next_stage()
    return len(jobs)


def when_background_loads_done(callback: Callable[[], None]) -> None:
    """Call `callback` once every held load has run (at once when none is held)."""
    if _held is None and not _waiting and _running == 0:
        callback()
    else:
        _when_done.append(callback)


def _start_next_stage() -> None:
    global _running
    if not _waiting:
        callbacks = list(_when_done)
        _when_done.clear()
        for callback in callbacks:
            callback()
        return
    first = min(stage for stage, _job in _waiting)
    now = [job for stage, job in _waiting if stage == first]
    _waiting[:] = [(stage, job) for stage, job in _waiting if stage != first]
    with _stage_lock:
        _running += len(now)
    for job in now:
        job.released = True
        QThreadPool.globalInstance().start(job)


def _on_released_job_finished() -> None:
    global _running
    with _stage_lock:
        _running -= 1
        last = _running == 0
    if last:
        _start_next_stage()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a load builds a million tuples.

    Two reasons: a collection started in a worker thread would run the destructors of
    dead Qt items there ("Timers cannot be started from another thread"), and the
    collections the tuples trigger cost ~20% of the load.
    """
    global _gc_holds
    with _gc_lock:
        _gc_holds += 1
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0:
                gc.enable()


class _Relay(QObject):
    done = Signal(int, object, object)  # generation, result, error


class _Job(QRunnable):
    def __init__(self, relay: _Relay, generation: int, fn: Callable[[], object]) -> None:
        super().__init__()
        self.relay, self.generation, self.fn = relay, generation, fn
        self.released = False  # started by release_background_loads: counts in a stage

    def run(self) -> None:
        try:
            with gc_paused():
                result, error = self.fn(), None
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread, not lost here
            log.exception("background load failed")
            result, error = None, exc
        try:
            self.relay.done.emit(self.generation, result, error)
        except RuntimeError:
            pass  # the pane was closed while loading: nobody is waiting for the result
        if self.released and _stage_relay is not None:
            try:
                _stage_relay.finished.emit()
            except RuntimeError:
                pass  # the application is shutting down: no next stage to start


class ArrayLoader(QObject):
    """Runs `fn` now or in the thread pool and hands the newest result to `on_result`."""

    def __init__(self, on_result: Callable[[object], None], parent: QObject | None = None,
                 stage: int | None = 0):
        super().__init__(parent)
        self.on_result = on_result
        # Held loads run stage by stage once released; None: at once, beside any stage.
        self.stage = stage
        self.generation = 0
        self.pending = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_relay_done)

    def load(self, fn: Callable[[], object], background: bool) -> None:
        self.generation += 1
        if not background:
            self.pending = False
            with gc_paused():
                result = fn()
            self.on_result(result)
            return
        self.pending = True
        job = _Job(self._relay, self.generation, fn)
        if _held is not None:
            _held.append((self.stage, job))
        else:
            QThreadPool.globalInstance().start(job)

    def _on_relay_done(self, generation: int, result: object, error: object) -> None:
        if generation != self.generation:
            return  # a newer load is on its way
        self.pending = False
        if error is not None:
            raise error  # on the GUI thread: the app's excepthook shows it once
        self.on_result(result)
