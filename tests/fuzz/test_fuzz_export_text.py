"""Exported text fuzzed (RELIABILITY #8–10): any text an event can hold goes out to the
workbook and the CSV without an error, as text and never a formula, cleaned and within a
cell's limit, and the files read back row for row."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
import re
import zipfile

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.helpers import copy_sqlite, sample_event
from viewer.domain.model import ActorRef, TimeWindow
from viewer.io.export.csv_export import write_events_csv
from viewer.io.export.safe import MAX_CELL_CHARS, clean_text
from viewer.io.export.workbook import write_workbook
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter

EXAMPLES = max(25, int(os.environ.get("DESK_VIEWER_FUZZ_EXAMPLES", "250")) // 8)
YEAR_2024 = TimeWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
FORMULA = re.compile(r"<f[ >/]")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# SQLite cannot hold lone surrogates (the cell path is tested for them on its own), so the
# text is any other character, with formula starts, controls and very long runs mixed in.
PIECES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(["=", "=HYPERLINK(\"http://x\",\"y\")", "+", "-", "@", "#REF!", "#N/A",
                     "\t", "\r", "\n", "\x00", "\x07", "\x1f", "\ufffe", "\uffff", "'",
                     "\u202e", "\u200f", "کابل", "Türkiye", '"', ",", ";"]),
    st.integers(min_value=32_000, max_value=40_000).map(lambda n: "ب" * n),
)
TEXT = st.lists(PIECES, min_size=1, max_size=4).map("".join).filter(lambda t: t.strip())


@pytest.fixture(scope="module")
def empty_store_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("export-fuzz") / "template.sqlite"
    StoreService.open(path, create=True).close()
    return path


def _lines(text: str) -> str:
    # XML reads a bare CR as LF; the cell's text is otherwise exactly what was sent.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_any_event_text_exports_as_text(empty_store_file, tmp_path_factory):
    numbers = itertools.count()

    # No shrinking: the texts are up to 40,000 characters, and the failing one is shown.
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              phases=[Phase.explicit, Phase.reuse, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=3))
    def check(texts: list[tuple[str, str, str]]) -> None:
        folder = tmp_path_factory.mktemp(f"x{next(numbers)}")
        store = StoreService.open(copy_sqlite(empty_store_file, folder / "s.sqlite"))
        try:
            events = [sample_event(i, title=title, summary=summary, location=other,
                                   tags=(other,), actors=(ActorRef(other),))
                      for i, (title, summary, other) in enumerate(texts)]
            with store.write() as conn:
                EventWriter(conn).add_all(events)
            stored = sorted(e.title for e in store.events(YEAR_2024))
            book, table = folder / "brief.xlsx", folder / "brief.csv"
            write_workbook(store, book, YEAR_2024)
            write_events_csv(store, table, YEAR_2024)
        finally:
            store.close()
        with zipfile.ZipFile(book) as z:
            sheets = [z.read(n).decode("utf-8") for n in z.namelist()
                      if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets and not any(FORMULA.search(x) for x in sheets)
        ws = load_workbook(book, read_only=True)["Events"]
        # A title of nothing but control characters is an empty cell.
        cells = [row[4] for row in ws.iter_rows(min_row=2)]
        assert all(c.data_type == "s" and len(c.value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
                   for c in cells if c.value is not None)
        assert sorted(_lines(c.value or "") for c in cells) == \
            sorted(_lines(clean_text(t)) for t in stored)
        with table.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(stored)
        for row in rows:
            for value in row.values():
                assert not value.startswith(CSV_TRIGGERS), value[:40]
                assert len(value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS + 1

    check()
