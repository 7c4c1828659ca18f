"""TradeTablePane: the figures of one trade series, long form or pivoted by period."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.app.models.trade_table import ROW_ROLE, TradePivotTableModel, TradeTableModel
from viewer.app.panes.popup import show_menu
from viewer.app.state import ViewState
from viewer.domain.model import TradeFigure
from viewer.store.service import StoreService

ANY = "(all)"
MODES = (("long", "Long form"), ("flow", "Periods × flows"), ("partner", "Periods × partners"))


class TradeTablePane(QWidget):
    """Series chooser (reporter, partner, flow, commodity) over a long or pivoted table."""

    # The figure under the current cell: a row of the long form, or a pivot cell of one.
    figure_chosen = Signal(int)

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.long_model = TradeTableModel(self)
        self.pivot_model = TradePivotTableModel(self)
        self.reporter, self.partner = QComboBox(self), QComboBox(self)
        self.flow, self.commodity = QComboBox(self), QComboBox(self)
        self.mode = QComboBox(self)
        for key, label in MODES:
            self.mode.addItem(label, key)
        self.only_in_window = QCheckBox("Only in window", self)
        self.only_in_window.setChecked(True)
        self.count_label = QLabel(self)

        # A tool bar, so the choices that do not fit a narrow pane go behind its » button.
        self.toolbar = QToolBar(self)
        for label, combo in (("Reporter", self.reporter), ("Partner", self.partner),
                             ("Flow", self.flow), ("Commodity", self.commodity),
                             ("Show", self.mode)):
            text = QLabel(f" {label} ", self)
            text.setBuddy(combo)
            combo.setAccessibleName(label)
            self.toolbar.addWidget(text)
            self.toolbar.addWidget(combo)
        self.toolbar.addWidget(self.only_in_window)
        self.toolbar.addWidget(self.count_label)

        self.view = QTableView(self)
        self.view.setAccessibleName("Trade figures table")
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        # Sized once per refresh from a sample of rows: ResizeToContents measures every
        # row on each layout, which cost 0.7 s of the first paint on a 1M store.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setResizeContentsPrecision(100)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.figure_entries = None  # right-click entries for a figure, given by the window
        self.menu: QMenu | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view)

        # Filled and queried when first shown: the pane starts as a hidden tab, and at 1M
        # figures that work would only delay the window's first paint.
        self._stale = True
        self._filled = False
        self._catch_up_queued = False
        # Partners follow the reporter and commodities the partner, before the requery.
        self.reporter.currentIndexChanged.connect(self._on_reporter_changed)
        self.partner.currentIndexChanged.connect(self._on_partner_changed)
        for combo in (self.reporter, self.partner, self.flow, self.commodity, self.mode):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self.only_in_window.toggled.connect(self._on_choice_changed)
        self.state.window_changed.connect(self._on_state_window_changed)
        self.state.filter_changed.connect(self._on_state_filter_changed)
        self._search = ""
        self.state.figure_changed.connect(self._on_state_figure_changed)
        self._pending_figure = None  # picked on the chart while this pane was not shown

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        super().showEvent(event)
        # In a dock it waits for its first paint: a dock tabbed behind another counts as
        # shown but is parked off-screen, and is never painted until its tab is chosen.
        if self.isWindow():
            self._catch_up()

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        super().paintEvent(event)
        if (not self._filled or self._stale) and not self._catch_up_queued:
            self._catch_up_queued = True
            QTimer.singleShot(0, self._catch_up)  # not inside the paint itself

    def _catch_up(self) -> None:
        self._catch_up_queued = False
        if not self._filled:
            self._fill_choices()
        if self._stale:
            self.refresh()
        if self._pending_figure is not None:
            self._show_figure()

    def set_store(self, store: StoreService) -> None:
        self.store = store
        self._filled = False
        self._stale = True
        if self._on_screen():
            self._fill_choices()
            self.refresh()

    def _on_screen(self) -> bool:
        """Shown and not parked off-screen behind another dock's tab."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _fill_choices(self) -> None:
        """Reporters, then the chosen reporter's partners, then their commodities."""
        self._filled = True
        _refill(self.reporter, self.store.trade_reporters(), "PAK")
        dims = self.store.trade_dimensions(self.reporter.currentData())
        _refill(self.partner, dims.partners, "AFG")
        _refill(self.flow, dims.flows, "export")
        self._fill_commodities()

    def _fill_commodities(self) -> None:
        dims = self.store.trade_dimensions(self.reporter.currentData(),
                                self.partner.currentData())
        labels = {code: code if code == "TOTAL" else f"{code} {label}"
                  for code, label in dims.commodities}
        _refill(self.commodity, tuple(labels), "TOTAL", labels)

    def _on_reporter_changed(self, *_args) -> None:  # noqa: ANN002
        dims = self.store.trade_dimensions(self.reporter.currentData())
        _refill(self.partner, dims.partners, "AFG")
        self._fill_commodities()

    def _on_partner_changed(self, *_args) -> None:  # noqa: ANN002
        self._fill_commodities()

    def _on_choice_changed(self, *_args) -> None:  # noqa: ANN002
        self.refresh()

    def _on_state_window_changed(self, _window) -> None:  # noqa: ANN001
        if self.only_in_window.isChecked():
            if self._on_screen():
                self.refresh()
            else:
                self._stale = True

    def _on_state_filter_changed(self, flt) -> None:  # noqa: ANN001
        if flt.search != self._search:
            self._search = flt.search
            if self._on_screen():
                self.refresh()
            else:
                self._stale = True

    def _matching(self) -> set[int]:
        """Ids of the figures whose notes match the search box (none when it is empty)."""
        from viewer.domain.search_query import SearchSyntaxError

        query = self.state.filter.search.strip()
        if not query:
            return set()
        try:
            return self.store.search_figures(query)
        except SearchSyntaxError:
            return set()  # the search box says why
    def _on_state_figure_changed(self, figure) -> None:  # noqa: ANN001
        self._pending_figure = figure
        if figure is not None and self._on_screen():
            self._show_figure()

    def _show_figure(self) -> None:
        """The series of the figure picked on the chart, long form, with its row selected."""
        key, figure_id = self._pending_figure
        self._pending_figure = None
        if not self._filled:
            self._fill_choices()
        _choose(self.reporter, key.reporter)
        self._on_reporter_changed()
        _choose(self.partner, key.partner)
        self._on_partner_changed()
        _choose(self.flow, key.flow)
        _choose(self.commodity, key.commodity)
        _choose(self.mode, "long")
        self.refresh()
        self.select_figure(figure_id)

    def refresh(self) -> None:
        """Query the chosen series again and show it in the chosen form."""
        self._stale = False
        mode = self.mode.currentData()
        # A pivot across flows (partners) takes every flow (partner) of the series.
        figures = self.store.trade_figures(
            reporter=self.reporter.currentData(),
            partner=None if mode == "partner" else self.partner.currentData(),
            flow=None if mode == "flow" else self.flow.currentData(),
            commodity=self.commodity.currentData(),
            window=self.state.window if self.only_in_window.isChecked() else None)
        self.flow.setEnabled(mode != "flow")
        self.partner.setEnabled(mode != "partner")
        marked = self._matching()
        if mode == "long":
            self.long_model.set_figures(figures, marked)
            model = self.long_model
        else:
            self.pivot_model.set_figures(figures, across=mode)
            model = self.pivot_model
        if self.view.model() is not model:
            self.view.setModel(model)
            self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        hits = sum(f.id in marked for f in figures)
        self.count_label.setText(f"{len(figures):,} figures" + (
            f" · {hits} with notes matching the search" if hits else ""))
        self.view.horizontalHeader().setStretchLastSection(mode == "long")
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.resizeColumnsToContents()


    def figure_at(self, index: QModelIndex) -> TradeFigure | None:
        """The one figure a cell shows (None for an empty or summed pivot cell)."""
        if not index.isValid():
            return None
        if self.view.model() is self.long_model:
            return index.data(ROW_ROLE)
        found = self.pivot_model.figures(index.row(), index.column())
        return found[0] if len(found) == 1 else None

    def current_figure(self) -> TradeFigure | None:
        return self.figure_at(self.view.currentIndex())

    def select_figure(self, figure_id: int) -> None:
        """Make the figure's row current (long form), after a refresh."""
        if self._stale:
            self.refresh()
        if self.view.model() is not self.long_model:
            return
        for row in range(self.long_model.rowCount()):
            index = self.long_model.index(row, 0)
            if self.long_model.row_at(index).id == figure_id:
                self.view.setCurrentIndex(index)
                self.view.selectRow(row)
                self.view.scrollTo(index)
                return

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The right-click menu of the figure a cell shows (copy its value; the window's
        editing entries); on a summed or empty cell, only what needs no figure."""
        figure = self.figure_at(index)
        menu = QMenu(self)
        menu.setObjectName("figure_menu")
        text = str(index.data() or "") if index.isValid() else ""
        menu.addAction("Copy", lambda: QGuiApplication.clipboard().setText(text)).setEnabled(
            bool(text))
        if self.figure_entries is not None:
            self.figure_entries(menu, figure.id if figure is not None else None)
        return menu

    def _on_view_context_menu_requested(self, pos) -> None:  # noqa: ANN001 (QPoint)
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        self.menu = show_menu(self.menu, self.context_menu(index),
                              self.view.viewport().mapToGlobal(pos))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        figure = self.figure_at(current)
        if figure is not None and figure.id is not None:
            self.figure_chosen.emit(figure.id)


def _choose(combo: QComboBox, value: str) -> None:
    with QSignalBlocker(combo):
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)


def _refill(combo: QComboBox, values: tuple[str, ...], preferred: str,
            labels: dict[str, str] | None = None) -> None:
    """Offer (all) plus these values, keeping the current choice when it is still there."""
    with QSignalBlocker(combo):
        current = combo.currentData()
        combo.clear()
        combo.addItem(ANY, None)
        for value in values:
            combo.addItem((labels or {}).get(value, value), value)
        pick = current if current in values else preferred if preferred in values else None
        combo.setCurrentIndex(max(0, combo.findData(pick)) if pick else 0)
