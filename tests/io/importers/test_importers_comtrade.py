"""UN Comtrade: the real legacy and ComtradePlus samples, header variants, monthly rows, updates."""

from __future__ import annotations

from importer_files import count, plain, shared, snapshot
from sqlalchemy import text

from viewer.io.importers.runner import import_file

LEGACY_HEADER = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,{flow},Trade Flow,"
    "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,2nd Partner Code,"
    "2nd Partner,2nd Partner ISO,Customs Proc. Code,Customs,Mode of Transport Code,"
    "Mode of Transport,Commodity Code,Commodity,Qty Unit Code,Qty Unit,Qty,Alt Qty Unit Code,"
    "Alt Qty Unit,Alt Qty,{net},Gross weight (kg),{value},CIF Trade Value (US$),"
    "FOB Trade Value (US$),Flag")
PLUS_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,"
    "aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,"
    "qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,"
    "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate")


def _figures(store, where: str) -> list[dict]:
    with store.store.connect() as conn:
        return [plain(dict(r)) for r in conn.execute(text(
            f"SELECT * FROM trade_figure WHERE {where} ORDER BY id")).mappings()]


def test_real_legacy_file_pakistan_2017(store):
    report = import_file(store, shared("comtrade",
                                       "comtrade_legacy_2017_totals_vs_world_asheshwor.csv"))
    assert report.ok and report.format == "comtrade/legacy" and report.added == 288
    pak = {f["flow"]: f for f in _figures(store, "reporter_iso3 = 'PAK'")}
    assert pak["export"]["value_usd"] == 21_877_787_164
    assert pak["import"]["value_usd"] == 57_440_012_500
    assert pak["re-export"]["value_usd"] == 400_683_239
    assert pak["re-import"]["value_usd"] == 234_002_001
    exp = pak["export"]
    assert exp["partner_iso3"] == "WLD" and exp["period_kind"] == "calendar_year"
    assert (exp["period_start"], exp["period_end"]) == ("2017-01-01", "2017-12-31")
    assert exp["commodity_code"] == "TOTAL" and exp["classification"] == "H5"
    assert _figures(store, "reporter_iso3 = 'ITA'")  # Comtrade's 381, not ISO 380


def test_real_legacy_file_with_one_changed_row_counts_one_change(store, tmp_path):
    real = shared("comtrade", "comtrade_legacy_2017_totals_vs_world_asheshwor.csv")
    import_file(store, real)
    lines = real.read_text(encoding="utf-8").splitlines(keepends=True)
    pakistan = next(i for i, line in enumerate(lines) if ",586,Pakistan," in line)
    changed = tmp_path / "revised.csv"
    # A revised download: Pakistan's first figure is one dollar higher.
    fields = lines[pakistan].split(",")
    value = fields.index(next(f for f in fields[25:] if f.strip().isdigit() and len(f) > 6))
    fields[value] = str(int(fields[value]) + 1)
    lines[pakistan] = ",".join(fields)
    changed.write_text("".join(lines), encoding="utf-8")
    with store.store.connect() as conn:
        versions = conn.execute(text("SELECT id, import_batch_id FROM trade_figure")).all()
    report = import_file(store, changed)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 287), report.lines()
    assert "0 trade figures added, 1 changed, 287 unchanged" in report.summary()
    with store.store.connect() as conn:
        after = dict(conn.execute(text("SELECT id, import_batch_id FROM trade_figure")).all())
    # The 287 unchanged figures still belong to the first import's batch.
    assert sum(after[i] == batch for i, batch in versions) == 287


def test_real_plus_file_china_imports(store):
    report = import_file(store, shared(
        "comtrade", "comtradeplus_api_CHN_imports_from_USA_HS8542_laureleallen.csv"))
    assert report.ok and report.format == "comtrade/plus" and report.added == 173
    first = _figures(store, "partner_iso3 = 'USA' AND period_start = '2010-01-01' "
                            "AND note IS NULL")
    assert len(first) == 1 and first[0]["value_usd"] == 7_903_767_147
    assert first[0]["reporter_iso3"] == "CHN" and first[0]["flow"] == "import"
    assert first[0]["commodity_code"] == "8542" and first[0]["commodity_label"] == "H3 8542"
    via_pak = _figures(store, "note LIKE '%second partner PAK%'")
    assert via_pak and all(f["reporter_iso3"] == "CHN" for f in via_pak)


def test_header_variants_and_months(store, tmp_path):
    path = tmp_path / "mock.csv"
    header = LEGACY_HEADER.format(flow="TradeFlow Code", net="Netweightkg", value="TradeValueUS")
    rows = ["H4,2023,202307,July 2023,0,0,2,Export,586,Pakistan,PAK,4,Afghanistan,AFG,,,,,,,,"
            "TOTAL,All Commodities,1,No Quantity,,,,,,,123456789,,,0",
            "H4,2023,2023,2023,0,0,1,Import,586,Pakistan,PAK,4,Afghanistan,AFG,,,,,,,,"
            "TOTAL,All Commodities,1,No Quantity,,,,,,,555,,,4"]
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    report = import_file(store, path)
    assert report.ok and report.added == 2, report.lines()
    month = _figures(store, "flow = 'export'")[0]
    assert month["period_kind"] == "month" and month["period_start"] == "2023-07-01"
    assert month["period_end"] == "2023-07-31" and month["value_usd"] == 123_456_789
    assert (month["reporter_iso3"], month["partner_iso3"]) == ("PAK", "AFG")
    year = _figures(store, "flow = 'import'")[0]
    assert year["period_kind"] == "calendar_year" and year["estimated"] == 1


def test_plus_reimport_of_newer_download_updates(store, tmp_path):
    def write(name: str, value: str) -> object:
        path = tmp_path / name
        row = (f"C,M,20240301,2024,3,202403,586,,,X,,4,,,0,,,HS,HS,True,TOTAL,,0,False,C00,,0,0,"
               f",-1,,,False,-1,,,False,,False,,False,,,{value},0,True,False")
        annual = ("C,A,20240101,2024,52,2024,586,,,RX,,0,,,0,,,HS,HS,True,TOTAL,,0,False,C00,,"
                  "0,0,,-1,,,False,-1,,,False,,False,,False,,,42.5,0,True,False")
        other = ("C,A,20240101,2024,52,2024,586,,,MIP,,0,,,0,,,HS,HS,True,TOTAL,,0,False,C00,,"
                 "0,0,,-1,,,False,-1,,,False,,False,,False,,,1,0,True,False")
        path.write_text("\n".join([PLUS_HEADER, row, annual, other]) + "\n")
        return path

    first = import_file(store, write("a.csv", "1000"))
    assert first.ok and (first.added, first.skipped) == (2, 1)
    assert any("flow code MIP" in n for n in first.notes)
    second = import_file(store, write("b.csv", "2500"))
    assert (second.added, second.updated, second.unchanged) == (0, 1, 1)
    assert count(store, "trade_figure") == 2
    march = _figures(store, "flow = 'export'")[0]
    assert march["value_usd"] == 2500 and march["period_kind"] == "month"
    assert march["partner_iso3"] == "AFG"
    rx = _figures(store, "flow = 're-export'")[0]
    assert rx["partner_iso3"] == "WLD" and rx["period_start"] == "2024-01-01"


def test_unknown_reporter_code_is_rejected(store, tmp_path):
    path = tmp_path / "bad.csv"
    header = LEGACY_HEADER.format(flow="Trade Flow Code", net="Netweight (kg)",
                                  value="Trade Value (US$)")
    path.write_text(header + "\nH4,2023,2023,2023,0,0,2,Export,9999,Nowhere,,0,World,WLD,,,,,"
                    ",,,TOTAL,All,1,No Quantity,,,,,,,1,,,0\n")
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok and report.rejected[0].field == "Reporter Code"
    assert "unknown M49 country code '9999'" in report.rejected[0].reason
    assert snapshot(store) == before


def test_unknown_flow_codes_are_rejected_known_others_skipped(store, tmp_path):
    path = tmp_path / "flows.csv"
    header = LEGACY_HEADER.format(flow="Trade Flow Code", net="Netweight (kg)",
                                  value="Trade Value (US$)")
    row = ("H4,2023,2023,2023,0,0,{flow},Export,586,Pakistan,PAK,4,Afghanistan,AFG,,,,,,,,"
           "TOTAL,All,1,No Quantity,,,,,,,1,,,0")
    path.write_text("\n".join([header, row.format(flow=2), row.format(flow=7)]) + "\n")
    report = import_file(store, path)
    assert not report.ok and [(r.row, r.field) for r in report.rejected] == [
        (3, "Trade Flow Code")]
    assert "unknown Comtrade flow code '7' (one of 1, 2, 3, 4)" in report.rejected[0].reason
