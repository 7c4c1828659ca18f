"""The officer's notes leave with the briefing: the workbook's Notes sheet holds the notes
on the view's events and figures and the timeline notes in its window, by date."""

from __future__ import annotations

import dataclasses
import datetime as dt

from openpyxl import load_workbook

from viewer.domain.model import Annotation, TimeWindow
from viewer.io.export.workbook import write_workbook

WINDOW = TimeWindow(dt.date(2022, 1, 1), dt.date(2025, 12, 31))


def test_notes_on_events_figures_and_the_timeline_are_exported(tmp_path, sample_store):
    store = sample_store
    call = next(e for e in store.events() if e.type == "call" and e.start.year == 2025)
    version = store.event_detail(call.id).version
    store.update_event(call.id, dataclasses.replace(call, note="Ask the embassy for a readout"),
                       version)
    figure = next(f for f in store.trade_figures(reporter="PAK")
                  if f.origin_id == "sbp-pak-afg-x-2022-12")
    store.update_trade_figure(dataclasses.replace(figure, officer_note="Check SBP's revision"),
                              figure.version)
    store.create_annotation(Annotation("Minister's visit planned", dt.date(2025, 12, 3)))
    store.create_annotation(Annotation("Outside the window", dt.date(2019, 1, 1)))

    out = tmp_path / "brief.xlsx"
    result = write_workbook(store, out, WINDOW)
    assert result.notes == 3 and result.sheets[-1] == "Notes"
    sheet = load_workbook(out)["Notes"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[2], r[4]) for r in rows] == [
        ("trade figure", "Check SBP's revision"),
        ("event", "Ask the embassy for a readout"),
        ("timeline", "Minister's visit planned")]
    assert rows[0][3].startswith("PAK→AFG export, Dec 2022")
    assert rows[1][3] == call.title and rows[2][5]  # who wrote the timeline note


def test_a_view_without_notes_has_no_notes_sheet(tmp_path, sample_store):
    result = write_workbook(sample_store, tmp_path / "brief.xlsx", WINDOW)
    assert result.notes == 0 and "Notes" not in result.sheets
