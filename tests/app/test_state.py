"""ViewState: signals only on real change, and batching."""

from __future__ import annotations

import datetime as dt

from viewer.app.state import ViewState
from viewer.domain.model import Filter, TimeWindow

W1 = TimeWindow(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
W2 = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_setters_emit_only_on_change(qtbot) -> None:
    state = ViewState(W1)
    windows, selections = [], []
    state.window_changed.connect(windows.append)
    state.selection_changed.connect(selections.append)
    state.set_window(W1)
    state.set_window(W2)
    state.set_window(TimeWindow(W2.start, W2.end))
    state.set_selection([3, 1])
    state.set_selection({1, 3})
    assert windows == [W2]
    assert selections == [frozenset({1, 3})]


def test_batch_emits_each_changed_value_once_at_the_end(qtbot) -> None:
    state = ViewState(W1)
    log = []
    state.window_changed.connect(lambda w: log.append(("window", w)))
    state.filter_changed.connect(lambda f: log.append(("filter", f)))
    with state.batch():
        state.set_window(W2)
        state.set_filter(Filter(countries=("AFG",)))
        state.set_window(W1)
        state.set_window(W2)
        assert log == []
    assert log == [("window", W2), ("filter", Filter(countries=("AFG",)))]
