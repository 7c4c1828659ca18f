"""EventsTableModel: events of the window and filter, fetched from SQL a page at a time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from viewer.app.models.base import RowsTableModel
from viewer.domain.dates import format_event_date
from viewer.domain.model import Event, Filter, TimeWindow
from viewer.domain.search_query import SearchSyntaxError
from viewer.domain.taxonomy import type_label
from viewer.store.service import StoreService

log = logging.getLogger(__name__)

COL_DATE, COL_TITLE, COL_TYPE, COL_COUNTRIES, COL_ACTORS, COL_SOURCES = range(6)
HEADERS = ("Date", "Title", "Type", "Countries", "Actors", "Sources")
SORT_KEYS = ("date", "title", "type", "countries", "actors", "sources")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts like the column
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the Event dataclass
ID_ROLE = Qt.ItemDataRole.UserRole + 3  # the event id

PAGE = 200
LINK_COLUMNS = (COL_COUNTRIES, COL_ACTORS, COL_SOURCES)
LINK_SORT_LIMIT = 200_000

Index = QModelIndex | QPersistentModelIndex


class EventsTableModel(RowsTableModel):
    """Rows arrive through fetchMore, so a million events scroll without being loaded."""

    HEADERS = HEADERS

    sort_refused = Signal(str)  # why

    def __init__(self, store: StoreService, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._store = store
        self._window: TimeWindow | None = None
        self._filter = Filter()
        self._order = "date"
        self._descending = False
        self._rows: list[Event] = []
        self._row_of: dict[int, int] = {}
        self._exhausted = False
        self.error: str | None = None
        self.link_sort_limit = LINK_SORT_LIMIT

    # -- query ----------------------------------------------------------------
    def set_store(self, store: StoreService) -> None:
        self._store = store
        self.reload()

    def set_query(self, window: TimeWindow | None, flt: Filter) -> None:
        """Show the events of this window (None: all time) and filter."""
        if (window, flt) != (self._window, self._filter):
            self._window, self._filter = window, flt
            self.reload()

    @property
    def order(self) -> tuple[str, bool]:
        return self._order, self._descending

    def reload(self) -> None:
        """Drop the loaded rows and fetch the first page again."""
        self.beginResetModel()
        self._rows, self._row_of, self._exhausted, self.error = [], {}, False, None
        self._append(self._page(0))
        self.endResetModel()

    def total(self) -> int:
        """How many rows the query has in all (one COUNT in SQL)."""
        try:
            return self._store.count_events(self._window, self._filter)
        except SearchSyntaxError:
            return 0

    def _page(self, offset: int) -> list[Event]:
        try:
            return self._store.events_page(self._window, self._filter, self._order,
                               self._descending, offset, PAGE)
        except SearchSyntaxError as exc:
            # The filters pane checks search text first; a bad one from elsewhere shows nothing.
            self.error = exc.hint
            self._exhausted = True
            return []

    def _append(self, page: list[Event]) -> None:
        for event in page:
            self._row_of[event.id] = len(self._rows)
            self._rows.append(event)
        if len(page) < PAGE:
            self._exhausted = True

    # -- Qt model -------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._exhausted:
            return
        page = self._page(len(self._rows))
        if not page:
            self._exhausted = True
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        if column in LINK_COLUMNS and self._store.event_count_estimate() > self.link_sort_limit:
            # Sorting by a linked value reads every event's links: seconds at 1M events.
            self.sort_refused.emit(f"sorting by {HEADERS[column].lower()} is off for stores "
                                   f"over {self.link_sort_limit:,} events")
            return
        key, descending = SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._order, self._descending):
            self._order, self._descending = key, descending
            self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        event = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(event, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TYPE:
                return f"Type code: {event.type}"
            return event.summary or event.title if column == COL_TITLE else None
        if role == SORT_ROLE:
            return _sort_value(event, column)
        if role == ROW_ROLE:
            return event
        if role == ID_ROLE:
            return event.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SOURCES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- helpers for the pane -------------------------------------------------
    @staticmethod
    def cell_text(event: Event, column: int) -> str:
        if column == COL_DATE:
            return format_event_date(event.start, event.end, event.precision)
        if column == COL_TITLE:
            return event.title
        if column == COL_TYPE:
            return type_label(event.type)
        if column == COL_COUNTRIES:
            return ", ".join(event.countries)
        if column == COL_ACTORS:
            return "; ".join(a.name for a in event.actors)
        if column == COL_SOURCES:
            return str(len(event.sources))
        return ""

    def event_at(self, row: int) -> Event | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, event_id: int) -> int | None:
        """The row of an event if it is loaded."""
        return self._row_of.get(event_id)

    def load_until(self, event_ids: set[int], max_pages: int = 20) -> None:
        """Fetch pages until every id is loaded, the query ends, or max_pages were read."""
        for _ in range(max_pages):
            if all(i in self._row_of for i in event_ids) or not self.canFetchMore():
                return
            self.fetchMore()


def _sort_value(event: Event, column: int):
    if column == COL_DATE:
        return event.start.toordinal()
    if column == COL_SOURCES:
        return len(event.sources)
    return EventsTableModel.cell_text(event, column)
