"""Another officer's writes are noticed and offered for reload; the view survives it."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.conftest import open_window
from viewer.domain.model import Event, Filter, TimeWindow
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter


@pytest.fixture
def window(qtbot, tmp_path, sample_target):
    yield from open_window(qtbot, tmp_path, sample_target)


def other_officer_adds(target: str, origin: str) -> None:
    other = StoreService.open(target)
    try:
        with other.write() as conn:
            EventWriter(conn).add_all([Event("Envoy meets the governor", dt.date(2024, 5, 2),
                                             "visit", countries=("AFG",),
                                             origin_dataset="colleague", origin_id=origin)])
    finally:
        other.close()


def test_changes_by_another_writer_are_offered_and_the_view_survives(qtbot, window,
                                                                     sample_target):
    view = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    call = window.store.event_by_origin("sample", "2024-03-16-dar-muttaqi-call")
    with window.state.batch():
        window.state.set_window(view)
        window.state.set_filter(Filter(countries=("AFG",)))
        window.state.set_selection({call.id})
    assert not window.reload_button.isVisible()
    before = window.info.events.count

    window.watcher.check()
    qtbot.wait(300)
    assert not window.reload_button.isVisible()  # nothing changed yet

    other_officer_adds(sample_target, "c1")
    with qtbot.waitSignal(window.watcher.changed_elsewhere, timeout=10_000):
        window.watcher.check()
    assert window.reload_button.isVisible() and window.changed_label.isVisible()

    with qtbot.waitSignal(window.data_changed, timeout=10_000):
        window.reload_button.click()
    assert window.info.events.count == before + 1
    assert len(window.timeline_pane.arrays) == before + 1
    assert window.state.window == view
    assert window.state.filter == Filter(countries=("AFG",))
    assert window.state.selection == {call.id}
    assert not window.reload_button.isVisible()


def test_the_windows_own_writes_are_not_news(qtbot, window):
    window.saved_views.save_current("Mine")
    with qtbot.assertNotEmitted(window.watcher.changed_elsewhere, wait=500):
        window.watcher.check()
    assert not window.reload_button.isVisible()
