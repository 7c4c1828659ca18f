"""The main window holds the timeline and trade chart and reloads them with the store."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from viewer.app.main_window import MainWindow
from viewer.app.panes.timeline import TimelinePane
from viewer.app.panes.trade_chart import TradeChartPane
from viewer.app.settings import Settings
from viewer.cli import create_store


def test_panes_are_docked_and_follow_a_store_switch(qtbot, tmp_path):
    store = create_store(str(tmp_path / "sample.sqlite"), empty=False)
    create_store(str(tmp_path / "empty.sqlite"), empty=True).close()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    assert isinstance(window.docks["timeline"].widget(), TimelinePane)
    assert isinstance(window.docks["trade"].widget(), TradeChartPane)
    assert len(window.timeline_pane.arrays) == 24
    assert window.trade_pane.drawn
    assert window.switch_store(str(tmp_path / "empty.sqlite"))
    assert window.timeline_pane.store is window.store
    assert len(window.timeline_pane.arrays) == 0
    assert window.trade_pane.drawn == {}
    window.store.close()
