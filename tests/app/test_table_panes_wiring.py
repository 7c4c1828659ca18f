"""MainWindow with the issue-5 panes: wiring, saved views across a restart, store switch."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from tests import sample_rows
from viewer.app.main_window import MainWindow
from viewer.app.panes.detail import DetailPane
from viewer.app.panes.events_table import EventsTablePane
from viewer.app.panes.filters import FiltersPane
from viewer.app.panes.trade_table import TradeTablePane
from viewer.app.settings import Settings
from viewer.domain.model import Filter, TimeWindow
from viewer.io.sample import load_sample
from viewer.store.service import StoreService


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "main.sqlite"
    store = StoreService.open(path, create=True)
    load_sample(store)
    store.close()
    return path


def make_window(qtbot, path, tmp_path) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(StoreService.open(path), settings)
    qtbot.addWidget(window)
    return window


def test_panes_are_in_their_docks(qtbot, store_path, tmp_path):
    window = make_window(qtbot, store_path, tmp_path)
    assert isinstance(window.docks["events"].widget(), EventsTablePane)
    assert isinstance(window.docks["filters"].widget(), FiltersPane)
    assert isinstance(window.docks["detail"].widget(), DetailPane)
    assert isinstance(window.docks["trade_table"].widget(), TradeTablePane)
    assert window.tabifiedDockWidgets(window.docks["events"]) == [window.docks["trade_table"]]
    window.store.close()


def test_trade_table_behind_the_events_tab_is_read_only_when_its_tab_is_chosen(
        qtbot, store_path, tmp_path):
    window = make_window(qtbot, store_path, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    window.grab()
    qtbot.wait(20)  # let any queued catch-up run
    trade_table = window.docks["trade_table"].widget()
    assert trade_table.view.model() is None  # parked behind Events: nothing read
    window.docks["trade_table"].raise_()
    qtbot.waitUntil(lambda: trade_table.view.model() is not None, timeout=5000)
    assert trade_table.view.model().rowCount() > 0
    window.store.close()


def test_torkham_search_to_detail(qtbot, store_path, tmp_path):
    """The desk officer's path: search, pick a closure in the table, read its sources."""
    window = make_window(qtbot, store_path, tmp_path)
    filters, table = window.docks["filters"].widget(), window.docks["events"].widget()
    detail = window.docks["detail"].widget()
    filters.search.setText("Torkham")
    filters.apply_search()
    assert window.state.filter.search == "Torkham"
    assert table.model.rowCount() == len(sample_rows.mentioning("Torkham")) > 2
    table.view.selectRow(2)
    chosen = table.model.event_at(2)
    assert window.state.selection == {chosen.id}
    assert chosen.title in detail.browser.toPlainText()
    assert "copy URL" in detail.browser.toPlainText()
    window.store.close()


def test_saved_view_applies_after_restart(qtbot, store_path, tmp_path):
    window = make_window(qtbot, store_path, tmp_path)
    flt = Filter(countries=("AFG",), types=("border",))
    window.state.set_window(TimeWindow(dt.date(2023, 1, 1), dt.date(2024, 12, 31)))
    window.state.set_filter(flt)
    window.state.set_lane_key("country")
    window.saved_views.save_current("Afghan border 2023-24", startup=True)
    window.state.set_filter(Filter())
    assert window.saved_views.recall(0)
    assert window.state.filter == flt
    window.store.close()
    window.close()

    again = make_window(qtbot, store_path, tmp_path)
    assert again.state.window == TimeWindow(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert again.state.filter == flt
    assert again.state.lane_key == "country"
    table = again.docks["events"].widget()
    # 2023-02-19, 2023-09-06 and 2024-08-12 closures.
    assert table.model.rowCount() == 3
    again.store.close()


def test_ctrl_number_recalls_views(qtbot, store_path, tmp_path):
    window = make_window(qtbot, store_path, tmp_path)
    views = window.saved_views
    window.state.set_filter(Filter(types=("call",)))
    views.save_current("Calls")
    window.state.set_filter(Filter(types=("talks",)))
    views.save_current("Talks")
    assert [v.name for v in window.store.saved_views()] == ["Calls", "Talks"]
    views.recall_actions[0].trigger()
    assert window.state.filter == Filter(types=("call",))
    views.recall_actions[1].trigger()
    assert window.state.filter == Filter(types=("talks",))
    assert not views.recall(5)
    assert views.recall_actions[0].shortcut().toString() == "Ctrl+1"
    assert views.save_action.shortcut().toString() == "Ctrl+Shift+S"
    views.rebuild_menu()
    texts = [a.text() for a in views.menu.actions()]
    assert "Calls\tCtrl+1" in texts and "Talks\tCtrl+2" in texts
    window.store.close()


def test_switching_store_reloads_panes(qtbot, store_path, tmp_path):
    window = make_window(qtbot, store_path, tmp_path)
    call = window.store.event_by_origin("sample", "2024-03-16-dar-muttaqi-call")
    window.state.set_selection({call.id})
    window.state.set_filter(Filter(types=("call",)))
    empty = tmp_path / "empty.sqlite"
    StoreService.open(empty, create=True).close()
    assert window.switch_store(str(empty))
    table = window.docks["events"].widget()
    assert table.model.rowCount() == 0
    assert window.state.filter == Filter() and window.state.selection == frozenset()
    assert "Select an event" in window.docks["detail"].widget().browser.toPlainText()
    window.store.close()


def test_read_only_store_cannot_save_views(qtbot, store_path, tmp_path):
    from PySide6.QtWidgets import QMenu

    from viewer.app.saved_views import SavedViewsController
    from viewer.app.state import ViewState

    store = StoreService.open(store_path, read_only=True)
    menu = QMenu()
    views = SavedViewsController(store, ViewState(TimeWindow(dt.date(2020, 1, 1),
                                                             dt.date(2020, 12, 31))), menu)
    assert not views.save_action.isEnabled()
    assert views.apply_startup() is None
    store.close()
