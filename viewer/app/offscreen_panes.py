"""The timeline, trade chart and map of a view, built offscreen for the command line's pictures
and PDF pack: the panes alone, without a main window."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.series_choice import series_of_countries
from viewer.store.service import StoreService

# Load every array before drawing, however big the store: nothing waits for a worker.
_LOAD_AT_ONCE = 10**12


@contextmanager
def offscreen_panes(service: StoreService, window: TimeWindow, flt: Filter | None = None,
                    size: tuple[int, int] = (1600, 600),
                    series: Sequence[SeriesKey] | None = None,
                    selected: Sequence[int] = ()) -> Iterator:
    """A `WidgetRenderer` over a timeline, a trade chart and a map showing the view: the given
    series, or every series between the filter's countries (as the exports take them),
    with the `selected` events selected."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from viewer.app.application import make_application
    from viewer.app.export_images import WidgetRenderer
    from viewer.app.panes.map_pane import MapPane
    from viewer.app.panes.timeline import TimelinePane
    from viewer.app.panes.trade_chart import TradeChartPane
    from viewer.app.state import ViewState

    make_application()
    state = ViewState(window)
    if flt is not None:
        state.set_filter(flt)
    if selected:
        state.set_selection(set(selected))
    panes = {"timeline": TimelinePane(service, state, async_above=_LOAD_AT_ONCE),
             "trade": TradeChartPane(service, state, async_above=_LOAD_AT_ONCE),
             "map": MapPane(service, state, async_above=_LOAD_AT_ONCE)}
    try:
        for pane in panes.values():
            pane.resize(*size)
            pane.show()
        for _ in range(5):
            QApplication.processEvents()
        if flt is not None and flt.area is not None:
            panes["map"].show_area(flt.area)  # the box the view is filtered to
        chart = panes["trade"]
        wanted = list(series or series_of_countries(chart.series, flt.countries if flt else ()))
        if wanted:
            for key in wanted:
                chart.add_series(key)
            listed = chart.side.list
            for i in range(listed.count()):
                item = listed.item(i)
                key = item.data(Qt.ItemDataRole.UserRole)
                if key not in wanted and key.any_coverage() not in wanted:
                    item.setCheckState(Qt.CheckState.Unchecked)
            QApplication.processEvents()
        yield WidgetRenderer(panes)
    finally:
        for pane in panes.values():
            pane.close()
            pane.deleteLater()
        QApplication.processEvents()
