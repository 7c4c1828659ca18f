"""The workbook's Notes sheet: the officer's own notes on the events and trade figures of
the view, and the timeline notes in its window, by date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from viewer.domain.model import Annotation, Event, TimeWindow, TradeFigure
from viewer.io.export.xlsx_sheets import Column, Styles, TableSheet

NOTE_COLUMNS = (
    Column("Date", "date", 11, 11), Column("End date", "date", 11, 11),
    Column("On", "text", 10, 14), Column("About", "text", 20, 44),
    Column("Note", "text", 30, 70), Column("Written by", "text", 8, 14),
)
Note = tuple[dt.date, dt.date | None, str, str, str, str]


def event_note(e: Event) -> Note | None:
    """The row of an event's note (None when it has none)."""
    return (e.start, e.end, "event", e.title, e.note, "") if e.note else None


def figure_notes(figures: Iterable[TradeFigure]) -> list[Note]:
    return [(f.period.start, f.period.end, "trade figure",
             f"{f.reporter}→{f.partner} {f.flow.value}, {f.period.label()}: "
             f"US$ {f.value_usd:,.0f}", f.officer_note, "")
            for f in figures if f.officer_note]


def timeline_notes(notes: Iterable[Annotation], window: TimeWindow) -> list[Note]:
    """The timeline notes that overlap the window."""
    return [(a.start, a.end, "timeline", "", a.text, a.created_by or "") for a in notes
            if a.start <= window.end and (a.end or a.start) >= window.start]


def write_notes(wb, styles: Styles, notes: list[Note], max_rows: int,  # noqa: ANN001
                warnings: list[str], footer: str) -> int:
    """The Notes sheet, by date; returns how many notes it holds."""
    sheet = TableSheet(wb, styles, "Notes", NOTE_COLUMNS, max_rows=max_rows,
                       warnings=warnings, footer=footer)
    for row in sorted(notes, key=lambda n: (n[0], n[2], n[3])):
        sheet.append(list(row))
    sheet.close()
    return sheet.total
