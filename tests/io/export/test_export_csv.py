"""CSV exports read back: BOM, Urdu intact, formula triggers quoted, atomic on failure."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tests import sample_rows
from viewer.domain.model import TimeWindow
from viewer.io.export.csv_export import (
    EVENT_HEADER,
    trade_csv_path,
    write_events_csv,
    write_trade_csv,
)
from viewer.io.export.safe import ExportCancelled

HOSTILE = ('=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)",
           "\tfoo", "\rbar", "\nbaz")
YEAR_2024 = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_events_csv_quotes_formula_triggers(tmp_path, make_store, make_event):
    store = make_store([make_event(i, title=t, summary=t) for i, t in enumerate(HOSTILE)])
    out = tmp_path / "events.csv"
    assert write_events_csv(store, out, YEAR_2024) == len(HOSTILE)
    rows = read(out)
    assert tuple(rows[0]) == EVENT_HEADER
    title = EVENT_HEADER.index("title")
    assert [r[title] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    for row in rows[1:]:
        assert not any(cell[:1] in "=+-@\t\r\n" for cell in row if cell), row


def test_events_csv_keeps_urdu_and_sources(tmp_path, sample_store):
    out = tmp_path / "events.csv"
    n = write_events_csv(sample_store, out, TimeWindow(dt.date(2023, 1, 1),
                                                       dt.date(2025, 12, 31)))
    rows = read(out)
    # Every sample event from 2023 to 2025.
    assert n == len(rows) - 1 == len(sample_rows.events_in(dt.date(2023, 1, 1),
                                                            dt.date(2025, 12, 31)))
    text = out.read_text(encoding="utf-8-sig")
    assert "حکومت پاکستان" in text
    urls = EVENT_HEADER.index("source_urls")
    assert all(r[urls].startswith("http") for r in rows[1:])


def test_trade_csv_beside_events(tmp_path, sample_store):
    out = trade_csv_path(tmp_path / "brief.csv")
    assert out.name == "brief-trade.csv"
    n = write_trade_csv(sample_store, out, TimeWindow(dt.date(2023, 1, 1),
                                                      dt.date(2025, 12, 31)))
    rows = read(out)
    assert n == len(rows) - 1 > 10
    assert {r[2] for r in rows[1:]} >= {"export", "import"}
    assert float(rows[1][rows[0].index("value_usd")]) > 0


def test_cancelled_csv_keeps_old_file(tmp_path, make_store, make_event):
    out = tmp_path / "events.csv"
    out.write_text("old")
    with pytest.raises(ExportCancelled):
        write_events_csv(make_store([make_event(1)]), out, YEAR_2024, cancelled=lambda: True)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".events")] == []
