"""Trade figures keep every source, know what they cover, and restate one another."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, text

from tests.store.test_engine import engine_url
from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Coverage, Flow, Source, TradeFigure
from viewer.domain.periods import fiscal_year_period, month_period
from viewer.store import migrate
from viewer.store.service import StoreService
from viewer.store.writer import TradeWriter

DAWN = Source("Dawn", "https://dawn.example/fy", "FY report", dt.date(2020, 8, 1))
APP = Source("APP", "https://app.example/fy", "FY wire", dt.date(2021, 8, 3))
AMU = Source("Amu TV", "https://amu.example/fy", "Kabul's view", dt.date(2021, 8, 4))


def figure(origin: str, value: float, sources=(DAWN,), **kw) -> TradeFigure:
    return TradeFigure("IND", "BGD", Flow.EXPORT, fiscal_year_period("2019-20"), value,
                       sources=tuple(sources), origin_dataset="t", origin_id=origin, **kw)


def test_every_source_kept_in_order_and_unchanged_on_reimport(empty_target: str) -> None:
    store = StoreService.open(empty_target, create=True)
    try:
        with store.write() as conn:
            counts = TradeWriter(conn).add_all([figure("a", 1.0, (APP, DAWN, AMU, APP))])
        assert counts.added == 1
        (f,) = store.trade_figures()
        assert [s.outlet for s in f.sources] == ["APP", "Dawn", "Amu TV"]
        with store.write() as conn:
            again = TradeWriter(conn).add_all([figure("a", 1.0, (APP, DAWN, AMU))])
        assert (again.unchanged, again.updated) == (1, 0)
        with store.write() as conn:
            changed = TradeWriter(conn).add_all([figure("a", 1.0, (AMU,))])
        assert changed.updated == 1
        assert [s.outlet for s in store.trade_figures()[0].sources] == ["Amu TV"]
    finally:
        store.close()


def test_restatement_linked_whichever_comes_first(empty_target: str) -> None:
    store = StoreService.open(empty_target, create=True)
    try:
        with store.write() as conn:
            writer = TradeWriter(conn)
            # The restating figure arrives in an earlier chunk than the one it restates.
            writer.add(figure("restated", 890_052_000, (APP,), supersedes="first",
                              coverage=Coverage.GOODS_AND_SERVICES))
            writer.flush()
            writer.add_all([figure("first", 888_913_000, (DAWN,),
                                   coverage=Coverage.GOODS_AND_SERVICES)])
        figures = {f.origin_id: f for f in store.trade_figures()}
        first, restated = figures["first"], figures["restated"]
        assert first.superseded and first.superseded_by == restated.id
        assert restated.supersedes_id == first.id and not restated.superseded
        assert first.coverage is Coverage.GOODS_AND_SERVICES
        latest = store.trade_figures(include_superseded=False)
        assert [f.origin_id for f in latest] == ["restated"]
        key = SeriesKey("IND", "BGD", "export")
        assert store.trade_arrays(key).value.tolist() == [890_052_000]
        (info,) = store.trade_series()
        assert info.count == 1
    finally:
        store.close()


def test_migration_moves_the_single_source_and_marks_coverage(empty_target: str) -> None:
    engine = create_engine(engine_url(empty_target))
    migrate.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO country (iso3, name) VALUES ('PAK', 'Pakistan'), "
                          "('AFG', 'Afghanistan')"))
        conn.execute(text("INSERT INTO source (id, outlet, url) VALUES (7, 'APP', 'u')"))
        for id_, code, label in ((1, "TOTAL", "Goods and services (SBP)"),
                                 (2, "SERVICES", "Services"), (3, "TOTAL", "All goods")):
            conn.execute(text(
                "INSERT INTO trade_figure (id, reporter_iso3, partner_iso3, flow, period_kind, "
                "period_start, period_end, start_day, end_day, commodity_code, "
                "commodity_label, value_usd, estimated, source_id, origin_dataset, origin_id) "
                "VALUES (:id, 'PAK', 'AFG', 'export', 'month', '2024-01-01', '2024-01-31', "
                "19723, 19753, :code, :label, 5, false, 7, 'old', :origin)"),
                {"id": id_, "code": code, "label": label, "origin": f"f{id_}"})
    engine.dispose()
    store = StoreService.open(empty_target)
    try:
        figures = {f.id: f for f in store.trade_figures()}
        assert {i: f.coverage for i, f in figures.items()} == {
            1: Coverage.GOODS_AND_SERVICES, 2: Coverage.SERVICES, 3: Coverage.GOODS}
        assert all([s.outlet for s in f.sources] == ["APP"] for f in figures.values())
        assert (figures[1].period.start, figures[1].period.end) == (
            month_period(2024, 1).start, month_period(2024, 1).end)
    finally:
        store.close()


def test_sample_restatements_and_several_outlets(service: StoreService) -> None:
    figures = {f.origin_id: f for f in service.trade_figures(reporter="PAK")}
    first = figures["sbp-pak-afg-x-fy2019-20-first"]
    assert first.superseded_by == figures["sbp-pak-afg-x-fy2019-20"].id
    assert [s.outlet for s in figures["sbp-pak-afg-x-fy2024-25-jul-dec"].sources] == [
        "Daily Times", "Amu TV"]
    assert figures["sbp-pak-afg-x-2018-05-goods"].coverage is Coverage.GOODS
    assert figures["sbp-pak-afg-x-2022-12"].coverage is Coverage.GOODS_AND_SERVICES
