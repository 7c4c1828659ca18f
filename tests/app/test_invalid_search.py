"""A search text that cannot be read clears the last search's results, visibly, everywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from tests import sample_rows
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings


def test_an_unreadable_search_leaves_no_stale_results(qtbot, sample_store, tmp_path: Path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    window.show()
    filters = window.table_panes["filters"]
    table = window.table_panes["events"]
    timeline, chart = window.timeline_pane, window.trade_pane

    filters.search.setText("torkham")
    filters.apply_search()
    qtbot.waitUntil(lambda: len(timeline.hit_ids) > 0)
    every = sample_rows.count("events.csv")
    found = table.model.rowCount()
    assert found == len(sample_rows.mentioning("torkham")) and 0 < found < every
    qtbot.waitUntil(lambda: table.count_label.text() == f"{found} events")
    assert len(chart.event_day_array) == found

    filters.search.setText('torkham "closed')  # an unclosed quote
    filters.apply_search()
    assert not filters.hint.isHidden() and "quote" in filters.hint.text()
    qtbot.waitUntil(lambda: len(timeline.hit_ids) == 0)
    assert table.model.rowCount() == 0
    qtbot.waitUntil(lambda: "not understood" in table.count_label.text())
    assert "not understood" in timeline.status.text()
    assert len(timeline.layers.hits.getData()[0]) == 0
    assert len(chart.event_day_array) == 0
    assert len(timeline.arrays) == every  # the timeline still shows every event, unmarked

    filters.search.setText('torkham "closed"')
    filters.apply_search()
    assert filters.hint.isHidden()
    qtbot.waitUntil(lambda: table.model.rowCount() > 0)
    assert "not understood" not in timeline.status.text()
