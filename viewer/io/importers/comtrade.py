"""UN Comtrade: the ComtradePlus 47-column CSV and the legacy 35-column CSV.

Annual rows (refMonth 52, or a 4-digit period) become calendar-year periods, monthly
rows months. Reporter and partner are M49 codes (partner 0 = World). The origin id
joins every key of a Comtrade record, so a re-import or a newer download updates.
"""

from __future__ import annotations

from viewer.domain.model import Flow, Period, Source, TradeFigure
from viewer.domain.periods import calendar_year_period, month_period
from viewer.io.importers.base import Columns, Reader, iso3_of_cameo, iso3_of_m49, number
from viewer.io.importers.formats import ImportFormat, ReadOptions
from viewer.io.importers.report import ImportReport, RowError, RowSkipped
from viewer.io.importers.textfile import FileFacts, TextTable

DATASET = "comtrade"
SOURCE = Source("UN Comtrade", "https://comtradeplus.un.org/", "UN Comtrade database")
_PLUS_FLOWS = {"M": Flow.IMPORT, "X": Flow.EXPORT, "RM": Flow.RE_IMPORT, "RX": Flow.RE_EXPORT}
_LEGACY_FLOWS = {"1": Flow.IMPORT, "2": Flow.EXPORT, "3": Flow.RE_EXPORT, "4": Flow.RE_IMPORT}
# ComtradePlus flows we recognise but do not keep: processing, domestic and foreign trade.
_OTHER_PLUS_FLOWS = frozenset({"MIP", "XIP", "MOP", "XOP", "MIF", "XIF", "DX", "FM"})
_COMMODITIES = {"TOTAL": "All commodities"}

# Our field -> (ComtradePlus name, legacy names); names are matched after norm().
FIELDS = {
    "year": ("refYear", "Year"), "month": ("refMonth", None), "period": ("period", "Period"),
    "period_id": ("refPeriodId", None), "freq": ("freqCode", None),
    "reporter": ("reporterCode", "Reporter Code"), "partner": ("partnerCode", "Partner Code"),
    "partner2": ("partner2Code", "2nd Partner Code"), "flow": ("flowCode", "Trade Flow Code"),
    "classification": ("classificationCode", "Classification"),
    "cmd": ("cmdCode", "Commodity Code"), "cmd_desc": ("cmdDesc", "Commodity"),
    "customs": ("customsCode", "Customs Proc. Code"),
    "mot": ("motCode", "Mode of Transport Code"), "qty_code": ("qtyUnitCode", "Qty Unit Code"),
    "qty_unit": ("qtyUnitAbbr", "Qty Unit"), "qty": ("qty", "Qty"),
    "value": ("primaryValue", "Trade Value (US$)"), "cif": ("cifvalue", "CIF Trade Value (US$)"),
    "fob": ("fobvalue", "FOB Trade Value (US$)"), "flag": ("legacyEstimationFlag", "Flag"),
    "reporter_iso": ("reporterISO", "Reporter ISO"), "partner_iso": ("partnerISO", "Partner ISO"),
}
# Comtrade reporter codes that are neither ISO numeric nor in the shared table
# (e.g. Italy reports as 381, "Italy incl. San Marino and Vatican").
_EXTRA_M49 = {"381": "ITA", "58": "BEL", "280": "DEU", "891": "SRB", "736": "SDN"}


def open_reader(facts: FileFacts, report: ImportReport, variant: str,
                table: TextTable | None = None, options: ReadOptions | None = None) -> Reader:
    """A reader of the file, or of an already opened table (a worksheet)."""
    table = table or TextTable(facts, report)
    c = Columns(table.header)
    legacy = variant == "legacy"
    ix: dict[str, int | None] = {}
    for key, (plus, old) in FIELDS.items():
        name = old if legacy else plus
        ix[key] = c.find(name) if name else None
    if legacy and ix["flow"] is None:
        ix["flow"] = c.find("TradeFlow Code", "TradeFlowCode")
    for key in ("reporter", "partner", "flow", "value"):
        if ix[key] is None:
            name = FIELDS[key][1 if legacy else 0]
            c.need(str(facts.path), name)
    names = {k: table.header[i] for k, i in ix.items() if i is not None}
    return Reader("trade", f"comtrade/{variant}", table, _parser(ix, names, legacy), report)


def _variant(names: set[str], _header: list[str]) -> str | None:
    if {"refperiodid", "flowcode", "reportercode"} <= names:
        return "plus"
    if {"reportercode", "partnercode"} <= names and names & {"tradeflowcode", "tradeflow"}:
        return "legacy"
    return None


FORMATS = (ImportFormat(
    "comtrade", "UN Comtrade", open_reader, order=30,
    variants={"plus": "UN ComtradePlus CSV", "legacy": "UN Comtrade legacy CSV"},
    detect_header=_variant),)


def _parser(ix: dict[str, int | None], names: dict[str, str], legacy: bool):  # noqa: ANN202
    def get(f: list[str], key: str) -> str:
        i = ix[key]
        return f[i].strip() if i is not None else ""

    def code(f: list[str], key: str) -> str:
        text = get(f, key)
        return text[:-2] if text.endswith(".0") else text

    def country(f: list[str], key: str) -> str:
        text = code(f, key)
        if not text:
            raise RowError(names.get(key), "is empty")
        iso3 = iso3_of_m49(text) or _EXTRA_M49.get(text)
        if iso3 is None:
            iso_text = get(f, f"{key}_iso").upper()
            iso3 = iso3_of_cameo(iso_text) if len(iso_text) == 3 else None
        if iso3 is None:
            raise RowError(names.get(key), f"unknown M49 country code {text!r}")
        return iso3

    def period(f: list[str]) -> tuple[Period, str]:
        text = code(f, "period") or code(f, "period_id")[:6]
        year_text = code(f, "year") or text[:4]
        month_text = code(f, "month")
        try:
            year = int(year_text)
            if month_text and month_text != "52":
                month = int(month_text)
            elif not legacy and (get(f, "freq") == "A" or month_text == "52"):
                month = 0
            elif len(text) == 6:
                month = int(text[4:])
            else:
                month = 0
            label = f"{year:04d}{month:02d}" if month else f"{year:04d}"
            return (month_period(year, month) if month else calendar_year_period(year)), label
        except (ValueError, OverflowError):  # OverflowError: a year past any date's range
            raise RowError(names.get("period", names.get("year")),
                           f"not a period (YYYY or YYYYMM): {(text or year_text)[:40]!r}"
                           ) from None

    def parse(f: list[str]) -> TradeFigure:
        flow_code = code(f, "flow").upper()
        flow = (_LEGACY_FLOWS if legacy else _PLUS_FLOWS).get(flow_code)
        if flow is None:
            if not flow_code:
                raise RowError(names.get("flow"), "is empty")
            if legacy or flow_code not in _OTHER_PLUS_FLOWS:
                known = ", ".join(_LEGACY_FLOWS if legacy else [*_PLUS_FLOWS,
                                                                *sorted(_OTHER_PLUS_FLOWS)])
                raise RowError(names.get("flow"), f"unknown Comtrade flow code {flow_code!r} "
                                                  f"(one of {known})")
            raise RowSkipped(f"flow code {flow_code} (only imports, exports and re-exports/"
                             "imports are kept)")
        reporter, partner = country(f, "reporter"), country(f, "partner")
        per, label = period(f)
        value = None
        for key in ("value", "cif", "fob"):
            value = number(get(f, key), names.get(key, key))
            if value is not None:
                break
        if value is None:
            raise RowError(names.get("value"), "no trade value")
        cmd = code(f, "cmd") or "TOTAL"
        partner2 = code(f, "partner2") or "0"
        customs, mot = code(f, "customs"), code(f, "mot")
        classification = get(f, "classification") or None
        qty_code = code(f, "qty_code")
        no_unit = qty_code in ("", "-1") or (legacy and qty_code == "1")
        quantity = None if no_unit else number(get(f, "qty"), names.get("qty", "qty"))
        note = []
        if partner2 not in ("0", ""):
            p2 = iso3_of_m49(partner2) or partner2
            note.append(f"second partner {p2}")
        if customs and customs not in ("C00", "0"):
            note.append(f"customs procedure {customs}")
        if mot and mot not in ("0",):
            note.append(f"mode of transport {mot}")
        flag = code(f, "flag")
        origin = ":".join((code(f, "reporter"), code(f, "partner"), partner2, flow_code, label,
                           classification or "", cmd, customs, mot))
        return TradeFigure(
            reporter=reporter, partner=partner, flow=flow, period=per, value_usd=value,
            commodity_code=cmd, commodity_label=get(f, "cmd_desc") or _COMMODITIES.get(
                cmd, f"{classification or 'HS'} {cmd}"),
            classification=classification, quantity=quantity,
            quantity_unit=(get(f, "qty_unit") or None) if quantity is not None else None,
            estimated=flag not in ("", "0"), note="; ".join(note), sources=(SOURCE,),
            origin_dataset=DATASET, origin_id=origin)

    return parse
