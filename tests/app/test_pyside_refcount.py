"""DESIGN §8: PySide6 6.12.0 drops a reference to True per emit and aborts Python 3.11."""

from __future__ import annotations

import datetime as dt
import sys

from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow


def test_ten_thousand_emits_keep_the_refcount_of_true(qtbot) -> None:
    state = ViewState(TimeWindow(dt.date(2020, 1, 1), dt.date(2021, 1, 1)))
    seen = []
    state.window_changed.connect(lambda w: seen.append(w.end))
    before = sys.getrefcount(True)
    start = dt.date(2020, 1, 1)
    for i in range(10_000):
        state.set_window(TimeWindow(start, start + dt.timedelta(days=400 + i)))
    assert len(seen) == 10_000
    assert sys.getrefcount(True) >= before - 10
