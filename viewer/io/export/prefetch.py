"""Reading ahead on a worker thread, so store reads overlap the writing of the last chunk.

sqlite3 releases the GIL while a statement steps, so the next chunk's query runs while
openpyxl formats the XML of the previous one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetched(make: Callable[[], Iterator[T]], depth: int = 2) -> Iterator[T]:
    """The items of `make()`, produced on a worker thread at most `depth` ahead.

    Closing this iterator early stops the worker after its current item and closes the
    inner iterator on that thread, so its connection is released where it was opened.
    """
    items: queue.Queue = queue.Queue(depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            inner = make()
            try:
                for item in inner:
                    if not put(item):
                        return
            finally:
                close = getattr(inner, "close", None)
                if close is not None:
                    close()
            put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer to re-raise
            put(_Failed(exc))

    worker = threading.Thread(target=run, name="export-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item
    finally:
        stop.set()
        worker.join()
