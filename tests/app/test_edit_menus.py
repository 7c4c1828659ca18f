"""Editing from the right-click menus: an event on the timeline, a day's empty spot, a trade
figure's bar on the chart and its row in the trade table; each entry edits what was
clicked, through the window's undo stack."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QEvent, QModelIndex, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.app.test_editing import when_shown
from viewer.domain.drawing import PERIOD_KINDS
from viewer.domain.model import TimeWindow

ALL_YEARS = TimeWindow(dt.date(2015, 1, 1), dt.date(2026, 6, 30))


def right_click(widget, scene: QPointF) -> None:  # noqa: ANN001 - a pyqtgraph view
    view = widget.viewport()
    at = widget.mapFromScene(scene)
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.RightButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(view, QMouseEvent(kind, QPointF(at), QPointF(view.mapToGlobal(at)),
                                                 Qt.MouseButton.RightButton, buttons,
                                                 Qt.KeyboardModifier.NoModifier))


def entry(menu, text: str):  # noqa: ANN001, ANN201
    found = [a for a in menu.actions() if a.text().startswith(text)]
    assert found, f"{text!r} not in {[a.text() for a in menu.actions()]}"
    return found[0]


def test_edit_from_an_events_marker_on_the_timeline(qtbot, window) -> None:
    timeline = window.timeline_pane
    qtbot.waitUntil(lambda: len(timeline.arrays) > 0)
    row = int(np.flatnonzero(timeline.arrays.ids == timeline.arrays.ids.max())[0])
    x = float(timeline.layers.marker_x(timeline.arrays, np.array([row]))[0])
    scene = timeline.view_box.mapViewToScene(QPointF(x, float(timeline.arrays.lane[row])))
    clicked = int(timeline.arrays.ids[timeline.pointer.rows_at(scene)[0]])
    right_click(timeline.plot_widget, scene)
    menu = timeline.pointer.menu
    assert menu.objectName() == "event_menu"
    assert entry(menu, "Duplicate event").isEnabled() and entry(menu, "Delete event")
    before = window.store.event_detail(clicked).event

    def retitle(editor) -> None:  # noqa: ANN001
        editor.title_edit.setText(before.title + " (checked)")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, retitle)
    entry(menu, "Edit event…").trigger()
    assert window.store.event_detail(clicked).event.title == before.title + " (checked)"
    assert window.editing.undo_action.text().startswith("&Undo Edit “")
    window.editing.undo_action.trigger()
    assert window.store.event_detail(clicked).event.title == before.title
    menu.hide()


def test_a_note_on_the_day_right_clicked_in_empty_timeline(qtbot, window) -> None:
    timeline = window.timeline_pane
    window.state.set_window(TimeWindow(dt.date(2019, 6, 1), dt.date(2019, 6, 30)))  # days wide
    qtbot.waitUntil(lambda: timeline.view_box.viewRange()[0][0] > 0)
    lane = sum(timeline.view_box.viewRange()[1]) / 2  # mid-height, between lanes
    day = dt.date(2019, 6, 15)
    scene = timeline.view_box.mapViewToScene(QPointF(
        (day - dt.date(1970, 1, 1)).days * 86400.0 + 43200, lane))
    assert len(timeline.pointer.rows_at(scene)) == 0  # no event drawn there in 2019
    right_click(timeline.plot_widget, scene)
    menu = timeline.pointer.menu
    assert menu.objectName() == "day_menu"
    assert entry(menu, "New event on 15 Jun 2019…")

    def write(dialog) -> None:  # noqa: ANN001
        assert dialog.start_edit.date().toPython() == day
        assert not [b for b in dialog.buttons.buttons() if b.text() == "Delete note"]
        dialog.text_edit.setPlainText("Ask the embassy about the June talks")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    when_shown(lambda: QApplication.activeModalWidget(), write)
    entry(menu, "New timeline note on 15 Jun 2019…").trigger()
    (note,) = [n for n in window.store.annotations() if n.text.startswith("Ask the embassy")]
    assert note.start == day
    window.editing.undo_action.trigger()
    assert note.id not in {n.id for n in window.store.annotations()}
    menu.hide()


def test_a_bar_on_the_chart_offers_its_figure(qtbot, window) -> None:
    chart = window.trade_pane
    window.state.set_window(ALL_YEARS)
    qtbot.waitUntil(lambda: any(d.bars for d in chart.drawn.values()))
    key, drawn = next((k, d) for k, d in chart.drawn.items() if "fiscal_year" in d.bars)
    o = drawn.bars["fiscal_year"].opts
    rows = np.flatnonzero(drawn.arrays.kind == PERIOD_KINDS.index("fiscal_year"))
    index = int(np.argmax(np.asarray(o["y1"]) - np.asarray(o["y0"])))  # the tallest bar
    scene = chart.view_box.mapViewToScene(QPointF((o["x0"][index] + o["x1"][index]) / 2,
                                                  (o["y0"][index] + o["y1"][index]) / 2))
    hit = chart.pointer.bars_at(scene)[0]
    assert hit.figure_id == int(drawn.arrays.ids[rows[index]])
    right_click(chart.layout_widget, scene)
    menu = chart.pointer.menu
    assert menu.objectName() == "figure_menu"
    assert entry(menu, "Edit trade figure…").isEnabled()
    entry(menu, "Show in the trade table").trigger()
    assert window.state.figure == (hit.key, hit.figure_id) and hit.key == key
    entry(menu, "Delete trade figure").trigger()
    assert window.store.trade_figure(hit.figure_id) is None
    window.editing.undo_action.trigger()
    assert window.store.trade_figure(hit.figure_id) is not None
    menu.hide()


def test_a_row_of_the_trade_table_offers_its_figure_and_a_new_one(qtbot, window) -> None:
    table = window.table_panes["trade_table"]
    window.docks["trade_table"].raise_()
    table.only_in_window.setChecked(False)
    table.refresh()
    index = table.long_model.index(0, 0)
    figure = table.figure_at(index)
    rect = table.view.visualRect(index)
    table.view.customContextMenuRequested.emit(rect.center())
    menu = table.menu
    assert table.current_figure().id == figure.id  # the row clicked becomes current
    assert [a.text() for a in menu.actions() if a.text()][:1] == ["Copy"]

    def raise_value(editor) -> None:  # noqa: ANN001
        editor.value_edit.setText("$123.4 million")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_shown(lambda: window.editing.editor, raise_value)
    entry(menu, "Edit trade figure…").trigger()
    assert window.store.trade_figure(figure.id).value_usd == 123.4e6
    window.editing.undo_action.trigger()
    assert window.store.trade_figure(figure.id).value_usd == figure.value_usd
    # A summed or empty cell: no one figure, only a new one.
    texts = [a.text() for a in table.context_menu(QModelIndex()).actions() if a.text()]
    assert "Edit trade figure…" not in texts and "New trade figure…" in texts
    menu.hide()
