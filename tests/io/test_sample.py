"""The sample dataset in viewer/sample_data/: complete, sourced, and loaded exactly."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import sample_rows
from viewer.domain.model import Flow, PeriodKind
from viewer.io.errors import InputError
from viewer.io.sample import load_sample
from viewer.paths import sample_data_dir
from viewer.store import schema as s
from viewer.store.service import StoreService


def csv_rows(name: str) -> list[dict[str, str]]:
    with (sample_data_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["events.csv", "trade_figures.csv", "eras.csv"])
def test_every_row_has_a_source(name: str) -> None:
    rows = csv_rows(name)
    assert rows
    known = {r["source_id"] for r in csv_rows("sources.csv")}
    for row in rows:
        cited = [x for x in row["sources"].split(";") if x]
        assert cited, row
        assert set(cited) <= known, row


def test_the_readme_gives_the_files_counts() -> None:
    """The README's paragraph on the sample names as many events and figures as the files
    hold, so it cannot go stale when a sourced row is added."""
    import re

    readme = Path(__file__).resolve().parents[2] / "README.md"
    text = " ".join(readme.read_text(encoding="utf-8").split())
    events = re.search(r"reviewable CSV: (\d+) events from", text)
    figures = re.search(r"\), (\d+) trade figures \(", text)
    assert events and figures, "the README's sample paragraph changed its wording"
    assert int(events.group(1)) == sample_rows.count("events.csv", sample_rows.SOURCE_TREE)
    assert int(figures.group(1)) == sample_rows.count("trade_figures.csv",
                                                      sample_rows.SOURCE_TREE)


def test_every_source_has_a_url() -> None:
    assert all(r["url"].startswith("http") for r in csv_rows("sources.csv"))


def test_store_holds_every_row(sample_store) -> None:
    info = sample_store.info()
    assert info.events.count == len(csv_rows("events.csv"))
    assert info.trade_figures.count == len(csv_rows("trade_figures.csv"))
    assert info.eras == len(csv_rows("eras.csv"))
    assert info.sources == len(csv_rows("sources.csv"))
    with sample_store.store.connect() as conn:
        unsourced = conn.scalar(select(func.count()).select_from(s.Event).where(
            ~s.Event.id.in_(select(s.EventSource.event_id))))
        assert unsourced == 0
        assert conn.scalar(select(func.count()).select_from(s.TradeFigure).where(
            ~s.TradeFigure.id.in_(select(s.TradeFigureSource.trade_figure_id)))) == 0


def test_fiscal_year_2022_23_exports_to_afghanistan(sample_store) -> None:
    found = [f for f in sample_store.trade_figures(reporter="PAK", partner="AFG",
                                      flow="export", commodity="TOTAL")
             if f.period.kind is PeriodKind.FISCAL_YEAR and f.period.fiscal_year == "2022-23"]
    assert len(found) == 1
    figure = found[0]
    assert figure.value_usd == pytest.approx(522_271_000)
    assert (figure.period.start, figure.period.end) == (dt.date(2022, 7, 1), dt.date(2023, 6, 30))
    assert figure.flow is Flow.EXPORT
    assert figure.sources and figure.sources[0].url.startswith("https://dailytimes.com.pk/")


def test_monthly_points_are_months(sample_store) -> None:
    months = [f for f in sample_store.trade_figures(reporter="PAK", partner="AFG", flow="export")
              if f.period.kind is PeriodKind.MONTH]
    assert months
    for f in months:
        assert f.period.start.day == 1
        assert (f.period.end + dt.timedelta(days=1)).day == 1
        assert f.period.start.month == f.period.end.month
    nov_2024 = [f for f in months if f.period.start == dt.date(2024, 11, 1)]
    assert [f.value_usd for f in nov_2024] == [pytest.approx(114_902_000)]


def test_named_events(sample_store) -> None:
    call = sample_store.event_by_origin("sample", "2024-03-16-dar-muttaqi-call")
    assert call is not None
    assert call.start == dt.date(2024, 3, 16) and call.type == "call"
    assert {"Ishaq Dar", "Amir Khan Muttaqi"} <= {a.name for a in call.actors}
    assert set(call.countries) == {"PAK", "AFG"}
    assert call.sources
    ifrp = sample_store.event_by_origin("sample", "2023-11-01-ifrp-start")
    assert ifrp.start == dt.date(2023, 11, 1) and ifrp.type == "migration"
    doha = sample_store.event_by_origin("sample", "2025-10-19-doha-ceasefire")
    assert doha.type == "agreement"
    assert any(a.native_name for e in sample_store.events() for a in e.actors)


def test_reloading_updates_instead_of_duplicating(sample_store) -> None:
    before = sample_store.info()
    load_sample(sample_store)
    after = sample_store.info()
    assert (after.events.count, after.trade_figures.count, after.eras, after.sources) == (
        before.events.count, before.trade_figures.count, before.eras, before.sources)
    assert after.import_batches == before.import_batches + 1


def test_bad_row_names_file_row_field_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(sample_data_dir(), folder)
    path = folder / "trade_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("-07-01", "-07-41", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = StoreService.open(tmp_path / "s.sqlite", create=True)
    with pytest.raises(InputError) as info:
        load_sample(store, folder)
    message = str(info.value)
    assert "trade_figures.csv" in message and "row 4" in message and "period_start" in message
    assert store.info().events.count == 0
    assert store.info().import_batches == 0
    store.close()


def _outlets(item) -> set[str]:
    return {s.outlet for s in item.sources}


def test_october_2025_closures_and_transit_suspension(sample_store) -> None:
    closed = sample_store.event_by_origin("sample", "2025-10-11-crossings-closed")
    assert closed.start == dt.date(2025, 10, 11) and closed.type == "border"
    assert closed.end is None  # no reopening date is recorded
    assert closed.precision.value == "approximate"  # reports say 11 or 12 October
    assert {"The Express Tribune", "AZERTAC", "Geo News"} <= _outlets(closed)
    assert all(s.url and s.url.startswith("https://") for s in closed.sources)
    assert dt.date(2025, 10, 15) in {s.published for s in closed.sources}
    transit = sample_store.event_by_origin("sample", "2025-10-13-transit-trade-suspended")
    assert (transit.start, transit.end) == (dt.date(2025, 10, 13), dt.date(2025, 10, 23))
    assert "Business Recorder" in _outlets(transit) and "transit-trade" in transit.tags


def test_torkham_reopening_railway_framework_and_returns(sample_store) -> None:
    reopened = sample_store.event_by_origin("sample", "2025-03-19-torkham-reopens-cargo")
    assert reopened.start == dt.date(2025, 3, 19) and "Devdiscourse" in _outlets(reopened)
    railway = sample_store.event_by_origin("sample", "2025-07-17-uap-railway-framework")
    assert railway.type == "agreement" and set(railway.countries) == {"AFG", "PAK", "UZB"}
    assert "Bakhtiyor Saidov" in {a.name for a in railway.actors}
    returns = sample_store.event_by_origin("sample", "2024-03-16-returns-over-300000")
    assert returns.start == dt.date(2024, 3, 16) and returns.type == "migration"
    assert "300,000" in returns.title and "BNN Breaking" in _outlets(returns)


def _one(store, origin_id: str):
    (figure,) = [f for f in store.trade_figures() if f.origin_id == origin_id]
    return figure


def test_fy2024_25_exports_transit_and_2025_months(sample_store) -> None:
    jul_mar = _one(sample_store, "sbp-pak-afg-x-fy2024-25-jul-mar")
    assert jul_mar.value_usd == pytest.approx(623_300_000)
    assert (jul_mar.period.start, jul_mar.period.end) == (dt.date(2024, 7, 1),
                                                          dt.date(2025, 3, 31))
    assert jul_mar.coverage.value == "goods-and-services"
    june = _one(sample_store, "customs-pak-afg-x-2025-06")
    assert june.period.kind is PeriodKind.MONTH and june.value_usd == pytest.approx(142e6)
    assert june.coverage.value == "goods"  # customs data: never in SBP's series
    transit = [f for f in sample_store.trade_figures(reporter="PAK", partner="AFG",
                                                     flow="transit")
               if f.period.fiscal_year == "2024-25"]
    assert {f.origin_id for f in transit} >= {"att-pak-afg-t-fy2024-25-jul-feb",
                                              "att-pak-afg-t-2025-02"}
    assert _one(sample_store, "att-pak-afg-t-fy2024-25-jul-feb").value_usd == \
        pytest.approx(754_000_000)


def test_envoy_claim_and_iran_trade_are_series_of_their_own(sample_store) -> None:
    claim = _one(sample_store, "envoy-claim-afg-pak-m-2024")
    assert (claim.reporter, claim.partner, claim.flow) == ("AFG", "PAK", Flow.IMPORT)
    assert claim.estimated and claim.value_usd == pytest.approx(1e9)
    assert claim.period.kind is PeriodKind.CALENDAR_YEAR
    assert _outlets(claim) == {"capital-cities.info (Amu TV report)"}
    sbp = sample_store.trade_figures(reporter="PAK", partner="AFG", flow="export")
    assert claim.id not in {f.id for f in sbp}
    iran = sample_store.trade_figures(reporter="AFG", partner="IRN")
    assert {(f.flow, f.value_usd) for f in iran} == {(Flow.IMPORT, 3_454_000_000),
                                                      (Flow.EXPORT, 53_000_000)}
    assert all(f.period.start == dt.date(2025, 1, 1) for f in iran)
