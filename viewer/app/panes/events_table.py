"""EventsTablePane: the events of the window and filter in a sortable table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.app.models.events_table import (
    COL_DATE,
    COL_TITLE,
    HEADERS,
    SORT_KEYS,
    EventsTableModel,
)
from viewer.app.panes.event_menu import event_menu
from viewer.app.panes.popup import show_menu
from viewer.app.state import ViewState
from viewer.store.service import StoreService


class EventsTablePane(QWidget):
    """Table of events; selection is mirrored with the ViewState both ways."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.event_entries = None  # more right-click entries, given by the window (editing)
        self._syncing = False
        self.model = EventsTableModel(store, self)

        self.only_in_window = QCheckBox("Only in window")
        self.only_in_window.setChecked(True)
        self.only_in_window.setToolTip("Show only events that overlap the time window")
        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.only_in_window)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSortIndicator(COL_DATE, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # after the indicator: one sort, by date
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_DATE, 200)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view)

        # The count is one more full query: done once the window stops moving.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(150)
        self._count_timer.timeout.connect(self._update_count)

        self.view.setAccessibleName("Events table")
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.menu: QMenu | None = None  # the last right-click menu shown

        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.view)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_selection)

        self.only_in_window.toggled.connect(self._on_only_in_window_toggled)
        self.state.window_changed.connect(self._on_state_window_changed)
        self.state.filter_changed.connect(self._on_state_filter_changed)
        self.state.selection_changed.connect(self._on_state_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.sort_refused.connect(self._on_model_sort_refused)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self._requery()

    # -- query ----------------------------------------------------------------
    def set_store(self, store: StoreService) -> None:
        """Show another store (after File ▸ Open)."""
        self.store = store
        self.model.set_store(store)

    def _requery(self) -> None:
        window = self.state.window if self.only_in_window.isChecked() else None
        self.model.set_query(window, self.state.filter)
        self._count_timer.start()

    def _update_count(self) -> None:
        if self.model.error:
            self.count_label.setText("⚠ search text not understood: no events listed")
            return
        self.count_label.setText(f"{self.model.total():,} events")

    def _on_only_in_window_toggled(self, _checked: bool) -> None:
        self._requery()

    def _on_state_window_changed(self, _window) -> None:  # noqa: ANN001
        if self.only_in_window.isChecked():
            self._requery()

    def _on_state_filter_changed(self, _flt) -> None:  # noqa: ANN001
        self._requery()

    def _on_model_sort_refused(self, why: str) -> None:
        key, descending = self.model.order
        header = self.view.horizontalHeader()
        with QSignalBlocker(header):
            header.setSortIndicator(SORT_KEYS.index(key), Qt.SortOrder.DescendingOrder
                                    if descending else Qt.SortOrder.AscendingOrder)
        self.count_label.setText(why)

    def _on_model_reset(self) -> None:
        self._select(self.state.selection, scroll=False)

    # -- selection ------------------------------------------------------------
    def _on_state_selection_changed(self, ids: frozenset[int]) -> None:
        self._select(ids, scroll=True)

    def _select(self, ids: frozenset[int], scroll: bool) -> None:
        """Mirror the state's selection into the view without echoing it back."""
        if ids:
            self.model.load_until(set(ids))
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        rows = sorted(r for r in (self.model.row_of(i) for i in ids) if r is not None)
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        self._syncing = True
        try:
            self.view.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False
        if scroll and rows:
            self.view.scrollTo(self.model.index(rows[0], COL_TITLE))

    def _on_view_selection_changed(self, _selected, _deselected) -> None:  # noqa: ANN001
        if self._syncing:
            return
        self.state.set_selection(self.selected_ids())

    def selected_ids(self) -> frozenset[int]:
        rows = self.view.selectionModel().selectedRows()
        return frozenset(e.id for e in (self.model.event_at(i.row()) for i in rows) if e)

    # -- menu -----------------------------------------------------------------
    def context_menu(self, row: int) -> QMenu | None:
        """The right-click menu of the event in `row`: the event's entries, then copying
        every selected row."""
        event = self.model.event_at(row)
        if event is None:
            return None
        menu = event_menu(self, event, self.state, self.event_entries)
        menu.addSeparator()
        rows = len(self.view.selectionModel().selectedRows())
        menu.addAction(f"Copy selected rows ({rows})", self.copy_selection).setEnabled(rows > 0)
        return menu

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isRowSelected(index.row(), index.parent()):
            self.view.selectRow(index.row())  # as in a file manager: the row clicked on
        menu = self.context_menu(index.row())
        if menu is not None:
            self.menu = show_menu(self.menu, menu, self.view.viewport().mapToGlobal(pos))

    # -- copy -----------------------------------------------------------------
    def selected_tsv(self) -> str:
        """The selected rows as tab-separated text with a header line."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        lines = ["\t".join(HEADERS)]
        for row in rows:
            event = self.model.event_at(row)
            if event is not None:
                cells = (self.model.cell_text(event, c) for c in range(len(HEADERS)))
                lines.append("\t".join(_clean(c) for c in cells))
        return "\n".join(lines) + "\n"

    def copy_selection(self) -> None:
        if self.view.selectionModel().hasSelection():
            QGuiApplication.clipboard().setText(self.selected_tsv())


def _clean(cell: str) -> str:
    """Tabs and line breaks inside a cell would break the TSV grid."""
    return " ".join(cell.split())
