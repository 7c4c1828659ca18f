"""The main window: docks for the panes, menus, status bar, remembered layout."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from viewer.app import edit_entries
from viewer.app.dialog_size import fit_to_screen
from viewer.app.dock_layout import DockLayout, column_floor
from viewer.app.editing import EditController
from viewer.app.file_actions import ImportController
from viewer.app.gui_wording import gui_words
from viewer.app.help_menu import HelpController
from viewer.app.panes.loader import hold_background_loads, release_background_loads
from viewer.app.panes.pending import PendingPane
from viewer.app.saved_views import SavedViewsController
from viewer.app.settings import Settings
from viewer.app.state import ViewState
from viewer.app.store_watch import StoreWatcher
from viewer.app.tab_order import chain_panes
from viewer.app.theme import ThemeController
from viewer.app.window_keys import WindowKeysFirst
from viewer.domain.model import Filter, StoreInfo, TimeWindow
from viewer.domain.pictures import PICTURE_PANES
from viewer.paths import resource_path
from viewer.store.service import StoreError, StoreService

log = logging.getLogger(__name__)
# Background loads wait for the first paint; a window that is never painted (hidden,
# in tests) starts them after this long anyway.
LOAD_FALLBACK_MS = 300

TAB_ORDER = ("filters", "timeline", "trade", "events", "trade_table", "map", "detail")
# name, title, area, placeholder text
PANES: tuple[tuple[str, str, Qt.DockWidgetArea, str], ...] = (
    ("timeline", "Timeline", Qt.DockWidgetArea.TopDockWidgetArea,
     "Timeline of events in lanes, on the shared time axis."),
    ("trade", "Trade chart", Qt.DockWidgetArea.TopDockWidgetArea,
     "Trade figures drawn over their periods, on the same time axis."),
    ("events", "Events", Qt.DockWidgetArea.TopDockWidgetArea,
     "Table of the events in the window."),
    ("trade_table", "Trade table", Qt.DockWidgetArea.TopDockWidgetArea,
     "Table of the trade figures of a series."),
    ("filters", "Filters", Qt.DockWidgetArea.LeftDockWidgetArea,
     "Countries, actors, types and tags with counts."),
    ("map", "Map", Qt.DockWidgetArea.RightDockWidgetArea,
     "Where the events of the window happen, with the border crossings."),
    ("detail", "Detail", Qt.DockWidgetArea.RightDockWidgetArea,
     "Every field of the selected event, with its sources."),
)


def initial_window(info: StoreInfo) -> TimeWindow:
    """Everything in the store, with a little margin; today's year when it is empty."""
    firsts = [d for d in (info.events.first, info.trade_figures.first) if d]
    lasts = [d for d in (info.events.last, info.trade_figures.last) if d]
    if not firsts:
        today = dt.date.today()
        return TimeWindow(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    start, end = min(firsts), max(lasts)
    margin = dt.timedelta(days=max(15, (end - start).days // 40))
    return TimeWindow(start - margin, end + margin)


class MainWindow(QMainWindow):
    """Docks for the panes around one ViewState; the store can be switched at run time."""

    store_changed = Signal(object)  # StoreService: another store was opened
    data_changed = Signal()  # the same store was read again (an import, another writer)

    def __init__(self, store: StoreService, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.store = store
        self.info = store.info()
        self.state = ViewState(initial_window(self.info), self)
        self.docks: dict[str, QDockWidget] = {}
        self.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
        self.setDockNestingEnabled(True)
        self.setCentralWidget(column_floor())
        # The panes' big loads start once the window has painted: beside construction and
        # the first paint they would compete for the GIL and delay both.
        hold_background_loads()
        self._loads_released = False
        QTimer.singleShot(LOAD_FALLBACK_MS, self._release_loads)
        self._build_docks()
        self._build_panes()
        self.dock_layout = DockLayout(self, self.docks)
        # Tab in reading order: the filters at the left first, the detail at the right last.
        chain_panes([self.docks[n].widget() for n in TAB_ORDER])
        self._build_menus()
        self._build_find_action()
        self._build_colours_menu()
        self._build_status_bar()
        self.importer = ImportController(self)
        self.watcher = StoreWatcher(self)
        self.watcher.changed_elsewhere.connect(self._on_watcher_changed_elsewhere)
        self._default_state = self.saveState()
        self._restore_layout()
        self._show_store()
        self.saved_views.apply_startup()

    # -- construction ---------------------------------------------------------
    def _build_docks(self) -> None:
        # Filters and detail run the full height at the sides; the panes share the middle.
        for corner, area in ((Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea),
                             (Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea),
                             (Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea),
                             (Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)):
            self.setCorner(corner, area)
        previous: QDockWidget | None = None
        for name, title, area, text in PANES:
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(PendingPane(text))
            self.docks[name] = dock
            if name in ("trade", "events") and previous is not None:
                # One column: the charts, then the tables (see dock_layout).
                self.splitDockWidget(previous, dock, Qt.Orientation.Vertical)
            elif name == "detail":
                # The map above the detail, sharing the right-hand column.
                self.addDockWidget(area, dock)
                self.splitDockWidget(self.docks["map"], dock, Qt.Orientation.Vertical)
            elif name == "trade_table":
                self.addDockWidget(area, dock)
                self.tabifyDockWidget(self.docks["events"], dock)
            else:
                self.addDockWidget(area, dock)
            previous = dock
        self.docks["events"].raise_()

    def _build_panes(self) -> None:
        """Every pane in its dock, each holding the store service and the one ViewState."""
        from viewer.app.panes.detail import DetailPane
        from viewer.app.panes.events_table import EventsTablePane
        from viewer.app.panes.filters import FiltersPane
        from viewer.app.panes.map_pane import MapPane
        from viewer.app.panes.timeline import TimelinePane
        from viewer.app.panes.trade_chart import TradeChartPane
        from viewer.app.panes.trade_table import TradeTablePane

        store, state = self.store, self.state
        self.timeline_pane = TimelinePane(store, state)
        self.trade_pane = TradeChartPane(store, state)
        self.map_pane = MapPane(store, state)
        self.table_panes = {"events": EventsTablePane(store, state),
                            "filters": FiltersPane(store, state),
                            "detail": DetailPane(store, state),
                            "trade_table": TradeTablePane(store, state)}
        for name, pane in (("timeline", self.timeline_pane), ("trade", self.trade_pane),
                           ("map", self.map_pane), *self.table_panes.items()):
            self.set_pane(name, pane)
        self.table_panes["trade_table"].figure_chosen.connect(
            self.table_panes["detail"].show_figure)
        # A bar picked on the chart is shown in the trade table: bring its tab forward.
        state.figure_changed.connect(
            lambda figure: figure is not None and self.docks["trade_table"].raise_())

    def picture_panes(self) -> dict[str, QWidget | None]:
        """The panes that pictures and the PDF pack draw, by name."""
        return {"timeline": self.docks["timeline"].widget(),
                "trade": self.docks["trade"].widget(),
                "map": self.docks["map"].widget()}

    def _apply_default_sizes(self) -> None:
        """Side panes narrow, timeline and chart tall: sized once the window has its size."""
        self.dock_layout.apply_defaults()

    def set_pane(self, name: str, widget: QWidget) -> None:
        """Put a pane into its dock, replacing whatever was there."""
        old = self.docks[name].widget()
        self.docks[name].setWidget(widget)
        if old is not None:
            old.deleteLater()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action("&Open store…", QKeySequence.StandardKey.Open,
                                        self._on_open_store_triggered)
        self.open_url_action = self._action("Open database &URL…", "Ctrl+Shift+O",
                                            self._on_open_url_triggered)
        file_menu.addActions([self.open_action, self.open_url_action])
        self.recent_menu = file_menu.addMenu("&Recent stores")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.import_action = self._action("&Import…", "Ctrl+I", None)
        self.export_action = self._action("&Export…", "Ctrl+E", self._on_export_triggered)
        self.pack_action = self._action("Briefing &pack…", "Ctrl+Shift+E",
                                        self._on_briefing_pack_triggered)
        file_menu.addActions([self.import_action, self.export_action, self.pack_action])
        self.copy_image_menu = file_menu.addMenu("Copy &image")
        for name, title in PICTURE_PANES.items():
            action = self.copy_image_menu.addAction(title)
            action.setObjectName(f"copy_image_{name}")
            action.triggered.connect(lambda _=False, n=name: self._copy_pane_image(n))
        file_menu.addSeparator()
        self.reload_action = self._action("Re&load store", QKeySequence.StandardKey.Refresh,
                                          self.reload_store)
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.close))

        self.editing = EditController(self)
        self.editing.fill_menu(bar.addMenu("&Edit"))
        self.timeline_pane.note_clicked.connect(self.editing.edit_note)
        entries = edit_entries.bind(self.editing)
        for pane in (self.timeline_pane, self.trade_pane, self.table_panes["events"],
                     self.table_panes["trade_table"]):
            for name, add in entries.items():
                if hasattr(pane, name):  # the right-click menus a pane has
                    setattr(pane, name, add)

        view_menu = self.view_menu = bar.addMenu("&View")
        for name, _title, _area, _text in PANES:
            view_menu.addAction(self.docks[name].toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self._action("&Reset layout", "Ctrl+Shift+R", self.reset_layout))
        view_menu.addSeparator()
        self.saved_views = SavedViewsController(self.store, self.state,
                                                view_menu.addMenu("&Saved views"), self)

        self._build_help_menu(bar.addMenu("&Help"))

    def _build_help_menu(self, help_menu) -> None:
        """The user guide (F1), the shortcut list and About."""
        self.help = HelpController(self, help_menu)
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About Desk Viewer", None, self._on_about_triggered))

    def _build_find_action(self) -> None:
        """Ctrl+F: to the search box, wherever the focus is."""
        self.find_action = self._action("&Search events…", QKeySequence.StandardKey.Find,
                                        self.focus_search)
        first = self.view_menu.actions()[0] if self.view_menu.actions() else None
        self.view_menu.insertAction(first, self.find_action)
        self.view_menu.insertSeparator(first)
        # Fields keep Ctrl keys for their cursor (Ctrl+E is "end of line" on Linux):
        # the window's shortcuts go first.
        self.keys_first = WindowKeysFirst(self)
        self.keys_first.watch(self)

    def _build_colours_menu(self) -> None:
        """View ▸ Colours: follow the system's light or dark scheme, or pick one."""
        self.theme = ThemeController(self.settings, self)
        self.theme.add_menu(self.view_menu.addMenu("&Colours"))

    def focus_search(self) -> None:
        """Show the filters pane and put the cursor in its search box, text selected."""
        dock = self.docks["filters"]
        dock.show()
        dock.raise_()
        self.table_panes["filters"].focus_search()

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_status_bar(self) -> None:
        self.banner = QLabel()
        self.banner.setStyleSheet("QLabel { background: #ffe08a; color: #3d2e00; padding: 1px 6px;"
                                  " border-radius: 3px; }")
        self.store_label = QLabel()
        self.changed_label = QLabel("The store was changed by another officer or process.")
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Read the store again; the window, filter and "
                                      "selection stay (F5)")
        self.reload_button.clicked.connect(self.reload_store)
        self.statusBar().addWidget(self.banner)
        self.statusBar().addWidget(self.changed_label)
        self.statusBar().addWidget(self.reload_button)
        self.statusBar().addPermanentWidget(self.store_label)
        self._show_changed_elsewhere(False)

    # -- layout ---------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1400, 860, keep_within=False)  # a small screen too
        state = self.settings.window_state()
        self._sized = state is not None and self.restoreState(state)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._apply_default_sizes)
        else:
            QTimer.singleShot(0, self.dock_layout.remember)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if not self._loads_released:
            QTimer.singleShot(0, self._release_loads)

    def _release_loads(self) -> None:
        if not self._loads_released:
            self._loads_released = True
            release_background_loads()

    def reset_layout(self) -> None:
        """Put every pane back where it starts, all visible."""
        self.restoreState(QByteArray(self._default_state))
        for dock in self.docks.values():
            dock.show()
        self._apply_default_sizes()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._release_loads()  # closed before its first paint: loads held for it go on
        self.settings.save_layout(self.saveGeometry(), self.saveState())
        super().closeEvent(event)

    # -- store ----------------------------------------------------------------
    def _show_store(self) -> None:
        info = self.info
        title = f"Desk Viewer – {info.url}"
        if info.read_only:
            title += " [read-only]"
        self.setWindowTitle(title)
        self.banner.setText(f"Read-only: {info.read_only_reason}" if info.read_only else "")
        self.banner.setVisible(info.read_only)

        def span(r) -> str:
            return f" ({r.first.year}–{r.last.year})" if r.count else ""

        self.store_label.setText(
            f"{info.url}  ·  {info.events.count:,} events{span(info.events)}  ·  "
            f"{info.trade_figures.count:,} trade figures{span(info.trade_figures)}  ·  "
            f"{info.sources:,} sources")

    def switch_store(self, target: str) -> bool:
        """Open another store; on failure say why and keep the current one."""
        try:
            store = StoreService.open(target)
        except StoreError as exc:
            QMessageBox.critical(self, "Cannot open store", gui_words(str(exc)))
            return False
        old, self.store = self.store, store
        old.close()
        self.info = store.info()
        self.settings.add_recent_store(target)
        with self.state.batch():
            self.state.set_window(initial_window(self.info))
            self.state.set_filter(Filter())
            self.state.set_selection(())
        self.timeline_pane.set_store(store)
        self.trade_pane.set_store(store)
        self.map_pane.set_store(store)
        for pane in self.table_panes.values():
            pane.set_store(store)
        self.saved_views.set_store(store)
        self.saved_views.apply_startup()
        self.watcher.set_store(store)
        self.editing.set_store(store)
        self._show_store()
        self.store_changed.emit(store)
        return True

    def reload_store(self) -> None:
        """Read the store again after its rows changed (an import, another officer's edit);
        the time window, filter and selection stay as they are."""
        self.watcher.mark_seen()
        self._show_changed_elsewhere(False)
        self.info = self.store.info()
        self._show_store()
        self.timeline_pane.reload_all()
        self.trade_pane.reload()
        self.map_pane.reload_all()
        for pane in self.table_panes.values():
            pane.set_store(self.store)
        self.saved_views.set_store(self.store)
        self.data_changed.emit()

    def show_figure(self, figure_id: int) -> None:
        """A trade figure in the detail pane, and current in the trade table when shown."""
        self.table_panes["trade_table"].select_figure(figure_id)
        self.table_panes["detail"].show_figure(figure_id)

    def _on_watcher_changed_elsewhere(self) -> None:
        self._show_changed_elsewhere(True)

    def _show_changed_elsewhere(self, changed: bool) -> None:
        self.changed_label.setVisible(changed)
        self.reload_button.setVisible(changed)

    def _on_briefing_pack_triggered(self) -> None:
        from viewer.app.export_dialog import open_briefing_pack

        open_briefing_pack(self)

    def _on_export_triggered(self) -> None:
        from viewer.app.export_dialog import open_export

        open_export(self)

    def _copy_pane_image(self, name: str) -> None:
        from viewer.app.export_images import copy_image, picture_of

        copy_image(picture_of(self.docks[name].widget()))

    def _on_open_store_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open store", "",
                                              "Desk Viewer stores (*.sqlite *.db);;All files (*)")
        if path:
            self.switch_store(path)

    def _on_open_url_triggered(self) -> None:
        url, ok = QInputDialog.getText(self, "Open database URL",
                                       "SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
        if ok and url.strip():
            self.switch_store(url.strip())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_stores()
        for target in recent:
            action = self.recent_menu.addAction(target)
            action.triggered.connect(lambda _=False, t=target: self.switch_store(t))
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _on_about_triggered(self) -> None:
        from viewer.app.about_dialog import AboutDialog

        AboutDialog(self.store, self.info, self).exec()
