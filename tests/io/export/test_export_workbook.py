"""The briefing workbook, read back: safety (RELIABILITY #8-11) and content."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests import sample_rows
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import ActorRef, Filter, TimeWindow
from viewer.io.export.safe import ExportCancelled, ExportError, text_value
from viewer.io.export.sheets import Column, TableSheet
from viewer.io.export.workbook import write_workbook

HOSTILE = ('=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)",
           "\tfoo", "\rbar", "=1+2", "#REF!")
YEAR_2024 = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
FORMULA = re.compile(r"<f[ >/]")


def test_hostile_text_is_stored_as_text_never_formula(tmp_path, make_store, make_event,
                                                       sheet_xml):
    events = [make_event(i, title=text, summary=text, location=text, tags=(text,),
                         actors=(ActorRef(text),))
              for i, text in enumerate(HOSTILE)]
    out = tmp_path / "brief.xlsx"
    write_workbook(make_store(events), out, YEAR_2024)

    xml = sheet_xml(out)
    assert xml and not any(FORMULA.search(part) for part in xml.values())
    ws = load_workbook(out)["Events"]
    titles = {ws.cell(row, 5).value: ws.cell(row, 5).data_type for row in range(2, ws.max_row + 1)}
    for text in HOSTILE:
        stored = text.replace("\r", "\n") if text.startswith("\r") else text
        assert titles.get(text, titles.get(stored)) == "s", text


def test_control_characters_and_surrogates_removed_file_reloads(tmp_path, make_store,
                                                                make_event):
    # SQLite cannot store lone surrogates, so the store's text carries control characters;
    # surrogates are checked through the same cell path on a sheet of their own below.
    dirty = "Tor\x00kh\x07am\x0b cross\ufffeing\uffff\x1f"
    out = tmp_path / "brief.xlsx"
    write_workbook(make_store([make_event(1, title=dirty, summary=dirty)]), out, YEAR_2024)
    ws = load_workbook(out)["Events"]
    assert ws["E2"].value == "Torkham crossing"
    assert ws["I2"].value == "Torkham crossing"


def test_lone_surrogates_removed_and_file_reloads(tmp_path):
    wb = Workbook(write_only=True)
    sheet = TableSheet(wb, "Events", [Column("Title")])
    sheet.append([text_value(sheet.ws, "Kab\ud800ul\udfff=")])
    sheet.append([text_value(sheet.ws, "=\ud83dSUM(1)")])
    sheet.close()
    wb.save(tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["Events"]
    assert [ws["A2"].value, ws["A3"].value] == ["Kabul=", "=SUM(1)"]
    assert ws["A3"].data_type == "s"


def test_long_text_truncated_with_marker_and_warning(tmp_path, make_store, make_event):
    out = tmp_path / "brief.xlsx"
    result = write_workbook(make_store([make_event(1, summary="x" * 40_000)]), out, YEAR_2024)
    wb = load_workbook(out)
    summary = wb["Events"]["I2"].value
    assert len(summary) <= 32_767 and "truncated" in summary
    assert result.warnings and "40,000" in result.warnings[0]
    texts = [c.value for row in wb["Summary"].iter_rows() for c in row if c.value]
    assert any(isinstance(t, str) and "truncated" in t for t in texts)


def test_rows_beyond_limit_continue_on_new_sheets(tmp_path, make_store, make_event, sheet_xml):
    out = tmp_path / "brief.xlsx"
    result = write_workbook(make_store([make_event(i) for i in range(12)]), out, YEAR_2024,
                            max_rows_per_sheet=5)
    assert result.events == 12
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["Summary", "Events", "Events (2)", "Events (3)"]
    titles = []
    for name in ("Events", "Events (2)", "Events (3)"):
        ws = wb[name]
        assert ws["A1"].value == "Start date" and ws.freeze_panes == "A2"
        titles += [ws.cell(r, 5).value for r in range(2, ws.max_row + 1)]
        assert ws.auto_filter.ref == f"A1:O{ws.max_row}" and ws.print_title_rows == "$1:$1"
    assert titles == [f"Event {i}" for i in range(12)]


def test_events_sheet_has_table_dates_links_and_rtl_text(tmp_path, sample_store):
    out = tmp_path / "brief.xlsx"
    result = write_workbook(sample_store, out, TimeWindow(dt.date(2023, 1, 1),
                                                          dt.date(2025, 12, 31)))
    wb = load_workbook(out)
    ws = wb["Events"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:5] == ["Start date", "End date", "Precision", "Type",
                                            "Title"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws["I2"].alignment.wrap_text and ws.column_dimensions["I"].width <= 57
    first = min(e.start for e in sample_rows.events_in(dt.date(2023, 1, 1),
                                                        dt.date(2025, 12, 31)))
    assert ws["A2"].is_date and ws["A2"].value.date() == first
    assert ws["C2"].value == "day"
    assert ws["K2"].hyperlink is not None and ws["K2"].hyperlink.target.startswith("http")
    actors = " ".join(str(ws.cell(r, 7).value) for r in range(2, ws.max_row + 1))
    assert "حکومت پاکستان" in actors
    # Every sample event from 2023 to 2025.
    assert ws.max_row - 1 == result.events == len(sample_rows.events_in(
        dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
    sources = wb["Sources"]
    assert sources.max_row - 1 == result.sources > 20
    links = [sources.cell(r, 3).hyperlink for r in range(2, sources.max_row + 1)]
    assert sum(link is not None for link in links) >= result.sources - 2


def test_trade_sheets_pivot_and_native_charts(tmp_path, sample_store):
    out = tmp_path / "brief.xlsx"
    write_workbook(sample_store, out, TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
                   series=[SeriesKey("PAK", "AFG", "export"), SeriesKey("PAK", "AFG", "import")])
    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        chart_xml = [z.read(n).decode() for n in charts]
    assert len(charts) == 3 and all("barChart" in x for x in chart_xml)
    assert all("'Trade by period'!$D$" in x for x in chart_xml)
    # Months on a date axis: Feb 2023 and Jun 2023 stand apart, the gap between shows.
    monthly = [x for x in chart_xml if "<c:dateAx>" in x]
    assert len(monthly) == 1 and "'Trade by period'!$B$" in monthly[0]
    wb = load_workbook(out)
    pivot = wb["Trade by period"]
    rows = [[c.value for c in row] for row in pivot.iter_rows(max_col=5)]
    header = next(r for r in rows if r[0] == "Period")
    assert header[3] == "PAK exports to AFG, goods and services"
    fy = next(r for r in rows if r[0] == "FY 2023-24")
    cell = pivot.cell(rows.index(fy) + 1, 4)
    assert fy[3] == 544_008_000 and cell.number_format.startswith("#,##0.000,,")
    assert any(r[0] == "Nov 2024" for r in rows)
    trade = wb["Trade"]
    head = [c.value for c in trade[1]]
    value = head.index("Value (US$ m)") + 1
    assert trade.cell(2, value).number_format.startswith("#,##0.000,,") and trade.max_row > 10


def test_summary_names_window_filter_counts_and_change(tmp_path, sample_store):
    out = tmp_path / "brief.xlsx"
    flt = Filter(countries=("AFG",), search="torkham")
    result = write_workbook(sample_store, out, YEAR_2024, flt, title="PAK–AFG brief")
    ws = load_workbook(out)["Summary"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows() if r[0].value}
    assert "PAK–AFG brief" in rows
    assert rows["Time window"][0] == "01 Jan 2024 – 31 Dec 2024"
    assert "AFG" in rows["Filters"][0] and "torkham" in rows["Filters"][0]
    assert rows["Events"][0] == result.events == 1
    monthly = [v for k, v in rows.items()
               if k == "PAK exports to AFG, goods and services" and v[0] == "months"]
    assert monthly and isinstance(monthly[0][7], float)  # change of the monthly average
    assert "goods and services" in monthly[0][8] and "no estimates" in monthly[0][8]


def test_cancel_leaves_old_file_and_no_temp(tmp_path, make_store, make_event):
    out = tmp_path / "brief.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(ExportCancelled):
        write_workbook(make_store([make_event(1)]), out, YEAR_2024, cancelled=lambda: True)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if "brief" in p.name) == ["brief.xlsx"]


def test_unwritable_targets_give_clear_errors_and_keep_old_file(tmp_path, make_store,
                                                                make_event):
    store = make_store([make_event(1)])
    folder = tmp_path / "brief.xlsx"
    folder.mkdir()
    with pytest.raises(ExportError, match="brief.xlsx: is a folder"):
        write_workbook(store, folder, YEAR_2024)
    with pytest.raises(ExportError, match="does not exist"):
        write_workbook(store, tmp_path / "missing" / "brief.xlsx", YEAR_2024)


def test_progress_reports_events_and_saving(tmp_path, make_store, make_event):
    seen = []
    write_workbook(make_store([make_event(i) for i in range(5)]), tmp_path / "b.xlsx",
                   YEAR_2024, progress=lambda done, total, stage: seen.append((done, total, stage)))
    assert seen[0] == (0, 5, "events") and seen[-1] == (5, 5, "saving")


def test_event_limit_writes_the_first_events_by_date(tmp_path, make_store, make_event):
    out = tmp_path / "brief.xlsx"
    result = write_workbook(make_store([make_event(i) for i in range(9, -1, -1)]), out,
                            YEAR_2024, event_limit=4, max_rows_per_sheet=3)
    assert result.events == 4
    wb = load_workbook(out)
    titles = [wb[n].cell(r, 5).value for n in ("Events", "Events (2)")
              for r in range(2, wb[n].max_row + 1)]
    assert titles == ["Event 0", "Event 1", "Event 2", "Event 3"]


def test_envoy_claim_is_its_own_total_never_added_to_sbp(tmp_path, sample_store):
    """The envoy report's ≈US$1 bn (an outlet's round figure) stands in its own row."""
    out = tmp_path / "brief.xlsx"
    window = TimeWindow(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    write_workbook(sample_store, out, window, Filter(countries=("PAK", "AFG")))
    ws = load_workbook(out)["Summary"]
    rows = [[c.value for c in r] for r in ws.iter_rows() if r[0].value and r[1].value]
    totals = {(r[0], r[1]): r for r in rows if r[1] in ("months", "fiscal years",
                                                         "calendar years")}
    claim = totals[("AFG imports from PAK, goods only", "calendar years")]
    assert (claim[2], claim[3]) == (1, 1_000_000_000)
    assert "includes 1 estimate" in claim[9]
    # SBP's exports: the four reported months of 2024 inside the window, nothing else.
    sbp = totals[("PAK exports to AFG, goods and services", "months")]
    assert (sbp[2], sbp[3]) == (4, 74_369_000 + 46_073_000 + 114_902_000 + 97_634_000)
    assert "no estimates" in sbp[9]
    assert ("PAK exports to AFG, goods and services", "calendar years") not in totals
    estimated = [k for k, r in totals.items() if "includes" in (r[9] or "")]
    assert estimated == [("AFG imports from PAK, goods only", "calendar years")]
