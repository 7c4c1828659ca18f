"""The first look the import dialog takes at a file: format, or header, rows and a mapping."""

from __future__ import annotations

from importer_files import acled_row, write_acled

from viewer.io.importers.mapping import propose
from viewer.io.importers.preview import preview


def test_known_export_needs_no_mapping(tmp_path):
    found = preview(write_acled(tmp_path / "a.csv", [acled_row(1)]))
    assert found.label == "ACLED event export (current layout)" and not found.needs_mapping


def test_unknown_csv_gets_rows_and_a_proposed_mapping(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Date;Headline;Country;Notes\n2024-05-01;Border reopened;PAK;x\n"
                    "2024-05-02;Talks;AFG;y\n", encoding="cp1252")
    found = preview(path)
    assert found.needs_mapping and found.header == ["Date", "Headline", "Country", "Notes"]
    assert found.rows == [["2024-05-01", "Border reopened", "PAK", "x"],
                          ["2024-05-02", "Talks", "AFG", "y"]]
    assert found.mapping.kind == "events"
    assert found.mapping.columns == {"title": "Headline", "start_date": "Date",
                                     "summary": "Notes", "countries": "Country"}


def test_trade_headers_propose_a_trade_mapping():
    mapping = propose(["Reporter", "Partner", "Flow", "Year", "Trade value"])
    assert mapping.kind == "trade" and mapping.missing() == []
    assert mapping.columns["period"] == "Year" and mapping.columns["value_usd"] == "Trade value"


def test_aggregate_file_is_an_error_in_the_preview(tmp_path):
    path = tmp_path / "agg.csv"
    path.write_text("Country,Month,Year,Events,Fatalities\nPakistan,January,2025,1,2\n")
    assert "ACLED aggregate" in preview(path).error


def test_plain_words_of_a_colleagues_sheet_are_proposed(tmp_path):
    path = tmp_path / "colleague.csv"
    path.write_text("When,What happened,Where,Link\n"
                    "2024-03-16,Foreign ministers speak by phone,Islamabad,https://example.org/a\n")
    found = preview(path)
    assert found.mapping.columns == {"start_date": "When", "title": "What happened",
                                     "location": "Where", "source_url": "Link"}
    assert not found.mapping.missing()


def test_json_is_refused_at_preview_not_offered_a_mapping(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"not": "an export"}')
    found = preview(path)
    assert not found.needs_mapping and found.mapping is None
    assert "notes.json" in found.error and "JSON file" in found.error
