"""FiltersPane: search box, date fields and facets with counts; it writes ViewState.filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableView,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

from viewer.app.models.facet_table import COL_COUNT, COL_VALUE, FacetTableModel
from viewer.app.panes.area_chip import AreaChip
from viewer.app.panes.date_field import DateField
from viewer.app.panes.loader import when_background_loads_done
from viewer.app.state import ViewState
from viewer.app.workers import LatestQueryRunner
from viewer.domain.countries import country_name
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.records import FACETS
from viewer.domain.search_query import SearchSyntaxError
from viewer.domain.taxonomy import type_label
from viewer.store.service import StoreService

TITLES = {"countries": "Countries", "types": "Types", "actors": "Actors", "tags": "Tags",
          "precisions": "Date precision", "outlets": "Source outlets"}
SEARCH_DELAY_MS = 300
FACET_DELAY_MS = 120
BIG_STORE = 50_000  # events; above this, facets are counted in a worker thread


def _country_label(code: str) -> str:
    return f"{country_name(code)} ({code})"


LABELS = {"countries": _country_label, "types": type_label}


def _count(store: StoreService, window: TimeWindow, flt: Filter) -> dict:
    try:
        return store.facet_counts(window, flt)
    except SearchSyntaxError:
        return store.facet_counts(window, replace(flt, search=""))


def _hint_label(parent: QWidget) -> QLabel:
    """A hidden, wrapping line that explains a problem (in the palette's colours)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    font = label.font()
    font.setItalic(True)
    label.setFont(font)
    label.hide()
    return label


class FiltersPane(QWidget):
    """Facets with counts for the current window and filter; ticking a value filters every pane."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state

        self.search = QLineEdit(self)
        self.search.setPlaceholderText('Search: torkham, kabul*, "doha ceasefire"')
        self.search.setAccessibleName("Search events")
        self.search.setToolTip("Words in titles, summaries, tags and sources; Enter searches "
                               "at once (Ctrl+F comes here)")
        self.search.setClearButtonEnabled(True)
        self.hint = _hint_label(self)
        self.start_edit = DateField("From", end=False, parent=self)
        self.end_edit = DateField("To", end=True, parent=self)
        self.date_hint = _hint_label(self)
        self.area_chip = AreaChip(state, self)
        self.clear_button = QPushButton("Clear all filters", self)
        self.counting_label = QLabel("Counting…", self)
        self.counting_label.setEnabled(False)  # greyed by the palette, light or dark
        self.counting_label.hide()
        self._runner = LatestQueryRunner(self)
        self._runner.finished.connect(self._on_runner_finished)
        self._runner.failed.connect(self._on_runner_failed)
        self._size_for: StoreService | None = None
        self.big_store_events = BIG_STORE
        self._is_big = False

        dates = QFormLayout()
        dates.addRow("From", self.start_edit)
        dates.addRow("To", self.end_edit)

        self.models: dict[str, FacetTableModel] = {}
        self.views: dict[str, QTableView] = {}
        self.toolbox = QToolBox(self)
        for facet in FACETS:
            model = FacetTableModel(facet, LABELS.get(facet, str), self)
            view = QTableView(self)
            view.setModel(model)
            view.verticalHeader().hide()
            view.horizontalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
            # Sized from the largest count when counts arrive: fitting the column to its
            # contents asked the model for every row's text, size and font on each count
            # (thousands of calls into Python per filter change).
            view.horizontalHeader().setSectionResizeMode(COL_COUNT, QHeaderView.ResizeMode.Fixed)
            view.verticalHeader().setDefaultSectionSize(20)
            view.setShowGrid(False)
            view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            view.setAccessibleName(f"{TITLES[facet]}: tick values to filter by")
            view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
            model.checked_changed.connect(self._on_facet_checked_changed)
            self.models[facet], self.views[facet] = model, view
            self.toolbox.addItem(view, TITLES[facet])
            # The box wraps each list in a scroll area: the list is the one tab stop.
            area = view.parentWidget().parentWidget() if view.parentWidget() else None
            if isinstance(area, QScrollArea):
                area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addLayout(dates)
        layout.addWidget(self.date_hint)
        layout.addWidget(self.area_chip)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.counting_label)
        layout.addWidget(self.toolbox, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self._facet_timer = QTimer(self)
        self._facet_timer.setSingleShot(True)
        self._facet_timer.setInterval(FACET_DELAY_MS)
        self._facet_timer.timeout.connect(self.refresh_facets)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self.apply_search)
        for edit in (self.start_edit, self.end_edit):
            edit.date_edited.connect(self._on_date_edit_changed)
            edit.problem.connect(self._on_date_edit_problem)
        self.clear_button.clicked.connect(self.clear_all)
        self.state.window_changed.connect(self._on_state_window_changed)
        self.state.filter_changed.connect(self._on_state_filter_changed)
        self._show_window(self.state.window)
        if self._big_store():
            # The first count of a big store reads its facet arrays (seconds, in a
            # worker): only once the timeline and the chart have drawn every event.
            self.counting_label.show()
            when_background_loads_done(self._first_count)
        else:
            self.refresh_facets()

    def _first_count(self) -> None:
        try:
            self.refresh_facets()
        except RuntimeError:
            pass  # the pane was closed before the window's first loads ended

    def set_store(self, store: StoreService) -> None:
        self._runner.wait()
        self.store = store
        self.refresh_facets()

    # -- search ---------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def apply_search(self) -> None:
        """Put the typed text into the filter; a text that cannot be read also shows why.

        An unreadable text goes into the filter too: the table then lists nothing and
        the timeline highlights nothing, rather than keep the last search's results as if
        they were this one's.
        """
        self._search_timer.stop()
        text = self.search.text().strip()
        self.hint.hide()
        if text:
            try:
                self.store.check_query(text)
            except SearchSyntaxError as exc:
                self.hint.setText(f"⚠ Not understood: {exc.detail}. No events match until "
                                  f"it is fixed.\n{exc.hint}")
                self.hint.show()
        self.state.set_filter(replace(self.state.filter, search=text))

    # -- dates ----------------------------------------------------------------
    def _on_date_edit_changed(self, _day: dt.date) -> None:
        start, end = self.start_edit.date(), self.end_edit.date()
        if start <= end:
            self.state.set_window(TimeWindow(start, end))
        else:
            self.date_hint.setText(f"⚠ From ({start:%d %b %Y}) is after To ({end:%d %b %Y}); "
                                   "the window stays as it was.")
            self.date_hint.show()

    def _on_date_edit_problem(self, text: str) -> None:
        self.date_hint.setText(f"⚠ {text}" if text else "")
        self.date_hint.setVisible(bool(text))

    def _show_window(self, window: TimeWindow) -> None:
        self.start_edit.set_date(window.start)
        self.end_edit.set_date(window.end)
        if window.start <= window.end:
            self.date_hint.hide()

    def _on_state_window_changed(self, window: TimeWindow) -> None:
        self._show_window(window)
        self._facet_timer.start()

    # -- facets ---------------------------------------------------------------
    def _on_state_filter_changed(self, flt: Filter) -> None:
        if flt.search != self.search.text().strip():
            with QSignalBlocker(self.search):
                self.search.setText(flt.search)
            self.hint.hide()
        self._facet_timer.start()

    def refresh_facets(self) -> None:
        """Count every facet for the state's window and filter (in SQL).

        On a big store the counting runs in a worker thread and the lists update when it
        ends; on a small one it is done at once.
        """
        self._facet_timer.stop()
        window, flt, store = self.state.window, self.state.filter, self.store
        if self._big_store():
            self.counting_label.show()
            self._runner.submit(lambda: (flt, _count(store, window, flt)))
        else:
            self._show_counts(flt, _count(store, window, flt))

    def _big_store(self) -> bool:
        if self._size_for is not self.store:
            self._size_for = self.store
            self._is_big = self.store.event_count_estimate() > self.big_store_events
        return self._is_big

    def _on_runner_finished(self, result: tuple) -> None:
        self.counting_label.hide()
        self._show_counts(*result)

    def _on_runner_failed(self, message: str) -> None:
        self.counting_label.setText(f"Counting failed: {message}")

    def _show_counts(self, _flt: Filter, counts: dict) -> None:
        for facet, model in self.models.items():
            model.set_values(counts[facet], getattr(self.state.filter, facet))
            view = self.views[facet]
            widest = max((v.count for v in counts[facet]), default=0)
            view.setColumnWidth(COL_COUNT, view.fontMetrics().horizontalAdvance(
                f"{widest:,}") + 2 * view.style().pixelMetric(
                    QStyle.PixelMetric.PM_FocusFrameHMargin) + 8)
            n = len(getattr(self.state.filter, facet))
            title = TITLES[facet] + (f" ({n} chosen)" if n else "")
            self.toolbox.setItemText(self.toolbox.indexOf(self.views[facet]), title)

    def wait_for_counts(self) -> None:
        """Block until background counting ends (tests, closing the store)."""
        self._runner.wait()

    def _on_facet_checked_changed(self, facet: str, values: tuple) -> None:
        self.state.set_filter(replace(self.state.filter, **{facet: tuple(values)}))

    def clear_all(self) -> None:
        """Drop every facet choice, the map's box and the search text."""
        with QSignalBlocker(self.search):
            self.search.clear()
        self.hint.hide()
        self.date_hint.hide()
        self.state.set_filter(Filter())
