"""The main window holds the timeline and trade chart and reloads them with the store."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from tests import sample_rows
from viewer.app.main_window import MainWindow
from viewer.app.panes.timeline import TimelinePane
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.settings import Settings
from viewer.io.default_store import create_store


def test_panes_are_docked_and_follow_a_store_switch(qtbot, tmp_path):
    store = create_store(str(tmp_path / "sample.sqlite"), empty=False)
    create_store(str(tmp_path / "empty.sqlite"), empty=True).close()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    assert isinstance(window.docks["timeline"].widget(), TimelinePane)
    assert isinstance(window.docks["trade"].widget(), TradeChartPane)
    assert len(window.timeline_pane.arrays) == sample_rows.count("events.csv")
    assert window.trade_pane.drawn
    assert window.switch_store(str(tmp_path / "empty.sqlite"))
    assert window.timeline_pane.store is window.store
    assert len(window.timeline_pane.arrays) == 0
    assert window.trade_pane.drawn == {}
    window.store.close()


def test_an_import_into_the_same_store_reaches_both_panes(qtbot, tmp_path):
    import datetime as dt

    from viewer.domain.drawing import SeriesKey
    from viewer.domain.model import Coverage, Event, Flow, TradeFigure
    from viewer.domain.periods import month_period
    from viewer.store.writer import EventWriter, TradeWriter

    store = create_store(str(tmp_path / "sample.sqlite"), empty=False)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.trade_pane.add_series(SeriesKey("PAK", "WLD", "export"))
    with store.write() as conn:
        EventWriter(conn).add_all([Event("A new border closure", dt.date(2025, 11, 3), "border",
                                         origin_dataset="test", origin_id="n1")])
        TradeWriter(conn).add_all([TradeFigure("PAK", "AFG", Flow.EXPORT, month_period(2025, 1),
                                               90_000_000, origin_dataset="test",
                                               origin_id="t1",
                                               coverage=Coverage.GOODS_AND_SERVICES)])
    window.reload_store()
    assert len(window.timeline_pane.arrays) == sample_rows.count("events.csv") + 1
    drawn = window.trade_pane.drawn
    assert SeriesKey("PAK", "WLD", "export", "TOTAL", "goods") in drawn  # the user's, kept
    # SBP's goods-and-services figures but the restated first reports, and the new one;
    # goods-only figures are a series of their own.
    figures = sample_rows.csv_rows("trade_figures.csv")
    restated = {f["supersedes"] for f in figures if f["supersedes"]}
    sbp = [f for f in figures if f["figure_id"] not in restated
           and (f["reporter"], f["partner"], f["flow"], f["commodity_code"], f["coverage"])
           == ("PAK", "AFG", "export", "TOTAL", "goods-and-services")]
    assert restated and sbp
    assert len(drawn[SeriesKey("PAK", "AFG", "export", "TOTAL", "goods-and-services")]
               .arrays) == len(sbp) + 1
    window.store.close()
