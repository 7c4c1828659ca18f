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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

ASYNC_ABOVE = 200_000  # events: above this a pane loads in the background


_gc_lock = threading.Lock()
_gc_holds = 0
# Background loads asked for while the main window is still building and painting wait
# here: run beside it, they hold the GIL for long stretches and delay the first paint.
_held: list[_Job] | None = None


def hold_background_loads() -> None:
    """Queue background loads from now on instead of starting them."""
    global _held
    if _held is None:
        _held = []


def release_background_loads() -> int:
    """Start every queued background load (returns how many); later ones start at once."""
    global _held
    jobs, _held = _held or [], None
    for job in jobs:
        QThreadPool.globalInstance().start(job)
    return len(jobs)


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


class ArrayLoader(QObject):
    """Runs `fn` now or in the thread pool and hands the newest result to `on_result`."""

    def __init__(self, on_result: Callable[[object], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_result = on_result
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
            _held.append(job)
        else:
            QThreadPool.globalInstance().start(job)

    def _on_relay_done(self, generation: int, result: object, error: object) -> None:
        if generation != self.generation:
            return  # a newer load is on its way
        self.pending = False
        if error is not None:
            raise error  # on the GUI thread: the app's excepthook shows it once
        self.on_result(result)
