"""PySide6 6.12.0 dropped a reference to True per emit and aborted Python (DESIGN §8)."""

from __future__ import annotations

import datetime as dt
import sys

from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow


def test_ten_thousand_emits_keep_the_reference_to_true(qtbot):
    state = ViewState(TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    received = []
    state.window_changed.connect(lambda w: received.append(w.start))
    state.lane_key_changed.connect(lambda k: received.append(k))
    before = sys.getrefcount(True)
    window = state.window
    for i in range(10_000):
        state.window_changed.emit(window)
        state.lane_key_changed.emit("type" if i % 2 else "country")
    assert len(received) == 20_000
    assert sys.getrefcount(True) >= before
