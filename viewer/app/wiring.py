"""Puts the table, filters, detail and trade-table panes and the saved views into MainWindow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from viewer.app.panes.detail import DetailPane
from viewer.app.panes.events_table import EventsTablePane
from viewer.app.panes.filters import FiltersPane
from viewer.app.panes.trade_table import TradeTablePane
from viewer.app.saved_views import SavedViewsController
from viewer.domain.model import Filter

if TYPE_CHECKING:
    from viewer.app.main_window import MainWindow
    from viewer.store.service import StoreService


def _view_menu(window: MainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "View" and action.menu() is not None:
            return action.menu()
    return None


def install_table_panes(window: MainWindow) -> None:
    """Events table, filters, detail, a trade-table dock tabbed with the events, saved views."""
    store, state = window.store, window.state
    panes = {
        "events": EventsTablePane(store, state),
        "filters": FiltersPane(store, state),
        "detail": DetailPane(store, state),
    }
    for name, pane in panes.items():
        window.set_pane(name, pane)

    dock = QDockWidget("Trade table", window)
    dock.setObjectName("dock_trade_table")
    trade_table = TradeTablePane(store, state)
    dock.setWidget(trade_table)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.docks["events"], dock)
    window.docks["events"].raise_()
    window.docks["trade_table"] = dock
    panes["trade_table"] = trade_table

    menu = _view_menu(window)
    saved_menu = QMenu("&Saved views", window)
    if menu is not None:
        # After the other panes' toggles, which end at the first separator.
        separator = next((a for a in menu.actions() if a.isSeparator()), None)
        menu.insertAction(separator, dock.toggleViewAction())
        menu.addSeparator()
        menu.addMenu(saved_menu)
    views = SavedViewsController(store, state, saved_menu, window)
    window.table_panes = panes
    window.saved_views = views

    def on_store_changed(new_store: StoreService) -> None:
        with state.batch():
            state.set_filter(Filter())
            state.set_selection(())
        for pane in panes.values():
            pane.set_store(new_store)
        views.set_store(new_store)
        views.apply_startup()

    window.store_changed.connect(on_store_changed)
    views.apply_startup()
