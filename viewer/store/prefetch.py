"""A big store's drawing arrays read in a second process while the window is being built.

At a million events the read of every event's drawing columns (the timeline's type lanes
and the map's points) keeps one core busy for ~1.7 s, and importing Qt and building the
window keep one busy for ~1.3 s; in one process they queue behind each other (both need
Python's lock). A child forked before Qt starts (Linux only) opens the store anew, reads
the arrays and keeps them in the array cache; the service's first whole-store read waits
for the child, then maps the files. Nothing from the child is trusted: the cache checks
its entries as always (the store's fingerprint, a digest of every array), and a child that
failed, was killed or was too slow only means the read happens in this process as before.
When the cache is already current, or the store is small, the child ends at once.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

MIN_EVENTS = 200_000  # below this the read is quick enough where it is
WAIT_LIMIT_S = 120.0  # a child still reading after this is stopped; the read is done here
# The child yields the processor to the window being built: the first paint comes ~0.3 s
# sooner at a million events (1.47 -> 1.20 s), and all is drawn as soon as before, since
# the child has every core to itself once the window waits for it.
NICENESS = 10


class Prefetch:
    """A running child; `wait` until it has ended (its arrays are then in the cache)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.ended = False

    def wait(self, limit_s: float = WAIT_LIMIT_S) -> bool:
        """Block until the child ends (True when it filled the cache or found it current)."""
        deadline = time.monotonic() + limit_s
        while not self.ended:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                self.ended = True
                return False
            if pid:
                self.ended = True
                return os.waitstatus_to_exitcode(status) == 0
            if time.monotonic() > deadline:
                log.warning("drawing arrays still being read after %.0f s; reading here",
                            limit_s)
                self.stop()
                return False
            time.sleep(0.005)
        return False

    def stop(self) -> None:
        """End the child now (the window closed first); its half-written entry is left to
        the cache, which removes a dead writer's leftovers."""
        if self.ended:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.ended = True


def start(fill: Callable[[], bool]) -> Prefetch | None:
    """Fork a child that runs `fill` (it reads the store anew and keeps the arrays in the
    cache; True when it did) and ends; None where not on Linux. Call
    before Qt starts any thread."""
    # Linux only: on macOS a child forked from a process that has loaded Qt's frameworks
    # may abort in the Objective-C runtime; Windows has no fork. There the read happens
    # in the window's process, as before.
    if not sys.platform.startswith("linux"):
        return None
    try:
        pid = os.fork()
    except OSError as exc:
        log.warning("drawing arrays not read ahead: %s", exc)
        return None
    if pid:
        return Prefetch(pid)
    code = 1
    try:
        logging.disable(logging.CRITICAL)  # the parent tells the officer; the child is quiet
        os.nice(NICENESS)
        code = 0 if fill() else 1
    finally:
        os._exit(code)  # no atexit handlers, no destructors of the parent's objects
