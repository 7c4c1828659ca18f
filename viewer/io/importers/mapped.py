"""CSV/TSV/XLSX files of events or trade figures read through a column mapping.

A workbook whose header is an ACLED, GDELT or Comtrade layout goes to that format's
parser; anything else needs a mapping, proposed from the header names when none is
given (the dialog shows it for correction; the CLI takes `--map FILE.json`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from viewer.domain import countries
from viewer.domain.model import (
    ActorRef,
    Event,
    Flow,
    Period,
    PeriodKind,
    Precision,
    Source,
    TradeFigure,
)
from viewer.domain.periods import calendar_year_period, fiscal_year_period, month_period
from viewer.domain.taxonomy import EVENT_TYPES, type_from_acled
from viewer.io.errors import InputError, Remedy
from viewer.io.importers.acled import parse_date
from viewer.io.importers.base import Reader, norm, number, outlet_of
from viewer.io.importers.formats import (
    ImportFormat,
    ReadOptions,
    by_name,
    detect_header,
    refusal,
)
from viewer.io.importers.mapping import Mapping, propose
from viewer.io.importers.report import ImportReport, RowError
from viewer.io.importers.textfile import FileFacts, TextTable
from viewer.io.importers.xlsxfile import XlsxTable

_TYPES = {norm(t.code): t.code for t in EVENT_TYPES} | {norm(t.label): t.code
                                                       for t in EVENT_TYPES}
_FLOWS = {"export": Flow.EXPORT, "exports": Flow.EXPORT, "x": Flow.EXPORT, "2": Flow.EXPORT,
          "import": Flow.IMPORT, "imports": Flow.IMPORT, "m": Flow.IMPORT, "1": Flow.IMPORT,
          "reexport": Flow.RE_EXPORT, "reexports": Flow.RE_EXPORT, "rx": Flow.RE_EXPORT,
          "3": Flow.RE_EXPORT, "reimport": Flow.RE_IMPORT, "reimports": Flow.RE_IMPORT,
          "rm": Flow.RE_IMPORT, "4": Flow.RE_IMPORT, "transit": Flow.TRANSIT}
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def open_text_reader(facts: FileFacts, report: ImportReport, _variant: str = "",
                     _table: object = None, options: ReadOptions | None = None) -> Reader:
    """A CSV/TSV file read through the mapping in `options` (or one proposed)."""
    from viewer.io.importers.detect import first_rows

    options = options or ReadOptions()
    delimiter, _ = first_rows(facts)
    table = TextTable(facts, report, delimiter=delimiter)
    return _reader(table, facts.path, report, options, "csv")


def open_xlsx_reader(facts: FileFacts, report: ImportReport, _variant: str = "",
                     _table: object = None, options: ReadOptions | None = None) -> Reader:
    """One worksheet: a known export layout goes to its format, anything else is mapped."""
    options = options or ReadOptions()
    mapping = options.mapping
    table = XlsxTable(facts.path, report, options.sheet or (mapping.sheet if mapping else None))
    if mapping is None:
        found = detect_header(table.header)
        if found is not None:
            return by_name(found.format).open_reader(facts, report, found.variant, table,
                                                     options)
        why = refusal(table.header)
        if why:
            table.close()
            raise InputError(facts.path, f"this is {why}", sheet=table.sheet)
    return _reader(table, facts.path, report, options, "xlsx")


FORMATS = (
    ImportFormat("csv", "CSV/TSV file read through a column mapping", open_text_reader,
                 order=80, default_mapping=propose),
    ImportFormat("xlsx", "Excel workbook read through a column mapping", open_xlsx_reader,
                 order=90, default_mapping=propose, workbook=True),
)


def _reader(table, path, report: ImportReport, options: ReadOptions, fmt: str) -> Reader:  # noqa: ANN001
    mapping = options.mapping
    if mapping is None:
        mapping = propose(table.header)
        missing = mapping.missing()
        if missing:
            shown = ", ".join(table.header[:8])
            raise InputError(path, f"cannot tell which columns hold {', '.join(missing)} "
                                   f"(header: {shown})", row=1, remedy=Remedy.MAPPING)
        report.notes.append("columns mapped from their names: " + ", ".join(
            f"{ours}={theirs}" for ours, theirs in mapping.columns.items()))
    mapping.check(path, table.header)
    dataset = mapping.dataset or f"mapped:{path.stem}"
    parse = (_event_parser if mapping.kind == "events" else _trade_parser)(
        mapping, table.header, dataset)
    return Reader(mapping.kind, fmt, table, parse, report)


def parse_any_date(text: str, field: str) -> tuple[dt.date, Precision]:
    """A date with how precise it is: 2024-03-05, 05-03-2024, 5 Mar 2024, 2024-03, Mar 2024, 2024."""
    t = text.strip()
    if len(t) >= 10 and t[4] == "-" and t[:4].isdigit():
        t = t[:10]
    try:
        if len(t) == 4 and t.isdigit():
            return dt.date(int(t), 1, 1), Precision.YEAR
        if len(t) == 8 and t.isdigit():
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:])), Precision.DAY
        if len(t) == 7 and t[4] in "-/" and t[:4].isdigit():
            return dt.date(int(t[:4]), int(t[5:]), 1), Precision.MONTH
        parts = t.split()
        if len(parts) == 2 and parts[0][:3].lower() in _MONTHS and parts[1].isdigit():
            return dt.date(int(parts[1]), _MONTHS[parts[0][:3].lower()], 1), Precision.MONTH
    except ValueError:
        raise RowError(field, f"not a valid date: {text!r}") from None
    try:
        return parse_date(t), Precision.DAY
    except RowError:
        raise RowError(field, f"not a date (e.g. 2024-03-05, 05-03-2024, 5 Mar 2024, "
                              f"2024-03 or 2024): {text!r}") from None


def country_code(text: str, field: str) -> str:
    """ISO3 of a country written as ISO3, ISO2, M49 number or English name."""
    t = text.strip()
    found = (countries.by_m49(t) if t.isdigit() else countries.by_iso3(t) if len(t) == 3
             else countries.by_iso2(t) if len(t) == 2 else None)
    if found is None:
        low = t.lower()
        found = next((c for c in countries.all_countries() if c.name.lower() == low), None)
    if found is None:
        raise RowError(field, f"unknown country {text!r}")
    return found.iso3


def _items(text: str) -> list[str]:
    return [x.strip() for x in text.replace("|", ";").split(";") if x.strip()]


def _getter(mapping: Mapping, header: list[str]):  # noqa: ANN202
    idx = {ours: header.index(col) for ours, col in mapping.columns.items()}
    defaults = mapping.defaults

    def get(f: list[str], field: str) -> str:
        i = idx.get(field)
        value = f[i].strip() if i is not None else ""
        return value or str(defaults.get(field, ""))

    def name(field: str) -> str:
        return mapping.columns.get(field, field)

    return get, name


def _event_parser(mapping: Mapping, header: list[str], dataset: str):  # noqa: ANN202
    get, name = _getter(mapping, header)

    def parse(f: list[str]) -> tuple[Event, dict]:
        title = get(f, "title")
        if not title:
            raise RowError(name("title"), "is empty")
        if not get(f, "start_date"):
            raise RowError(name("start_date"), "is empty")
        start, precision = parse_any_date(get(f, "start_date"), name("start_date"))
        end = parse_any_date(get(f, "end_date"), name("end_date"))[0] \
            if get(f, "end_date") else None
        if end is not None and end < start:
            raise RowError(name("end_date"), f"{end} is before the start {start}")
        if get(f, "precision"):
            try:
                precision = Precision(get(f, "precision").lower())
            except ValueError:
                raise RowError(name("precision"), f"not one of day, month, year, approximate: "
                                                  f"{get(f, 'precision')!r}") from None
        raw_type = get(f, "type")
        kind = _TYPES.get(norm(raw_type)) or type_from_acled(raw_type)
        url, outlet = get(f, "source_url"), get(f, "source_outlet")
        sources = (Source(outlet or outlet_of(url), url or None),) if (url or outlet) else ()
        origin = get(f, "origin_id") or hashlib.sha1(
            "\x1f".join((title, start.isoformat(), get(f, "location"))).encode()).hexdigest()[:20]
        event = Event(
            title=title, start=start, end=end, type=kind, precision=precision,
            summary=get(f, "summary"), location=get(f, "location") or None,
            latitude=number(get(f, "latitude"), name("latitude")),
            longitude=number(get(f, "longitude"), name("longitude")),
            countries=tuple(country_code(c, name("countries")) for c in _items(
                get(f, "countries").replace(",", ";"))),
            actors=tuple(ActorRef(a) for a in _items(get(f, "actors"))),
            tags=tuple(_items(get(f, "tags"))), sources=sources,
            origin_dataset=dataset, origin_id=origin)
        extra = {"original_type": raw_type or None,
                 "fatalities": number(get(f, "fatalities"), name("fatalities"), int)}
        return event, extra

    return parse


def parse_period(text: str, field: str) -> Period:
    """A trade period: 2022-23 or FY2022-23 (fiscal), 2023, 2023-07, 202307 or Jul 2023."""
    t = text.strip()
    upper = t.upper().removeprefix("FY").strip()
    try:
        if len(upper) == 7 and upper[4] == "-" and int(upper[5:]) == (int(upper[:4]) + 1) % 100:
            return fiscal_year_period(upper)
        if len(t) == 4 and t.isdigit():
            return calendar_year_period(int(t))
        if len(t) == 6 and t.isdigit():
            return month_period(int(t[:4]), int(t[4:]))
        if len(t) == 7 and t[4] in "-/":
            return month_period(int(t[:4]), int(t[5:]))
        parts = t.split()
        if len(parts) == 2 and parts[0][:3].lower() in _MONTHS:
            return month_period(int(parts[1]), _MONTHS[parts[0][:3].lower()])
    except ValueError:
        pass
    raise RowError(field, f"not a period (2022-23, 2023, 2023-07 or Jul 2023): {text!r}")


def _trade_parser(mapping: Mapping, header: list[str], dataset: str):  # noqa: ANN202
    get, name = _getter(mapping, header)

    def parse(f: list[str]) -> TradeFigure:
        flow = _FLOWS.get(norm(get(f, "flow")))
        if flow is None:
            raise RowError(name("flow"), f"not a flow (export, import, re-export, re-import, "
                                         f"transit): {get(f, 'flow')!r}")
        if get(f, "period"):
            period = parse_period(get(f, "period"), name("period"))
        else:
            start = parse_any_date(get(f, "period_start"), name("period_start"))[0]
            end = parse_any_date(get(f, "period_end"), name("period_end"))[0] \
                if get(f, "period_end") else start
            if end < start:
                raise RowError(name("period_end"), f"{end} is before the start {start}")
            period = Period(start, end, PeriodKind.SPAN)
        value = number(get(f, "value_usd"), name("value_usd"))
        if value is None:
            raise RowError(name("value_usd"), "is empty")
        reporter = country_code(get(f, "reporter"), name("reporter"))
        partner = country_code(get(f, "partner"), name("partner")) if get(f, "partner") \
            else countries.WORLD
        code = get(f, "commodity_code") or "TOTAL"
        origin = get(f, "origin_id") or ":".join(
            (reporter, partner, str(flow), period.start.isoformat(), period.end.isoformat(), code))
        return TradeFigure(
            reporter=reporter, partner=partner, flow=flow, period=period,
            value_usd=value * mapping.value_scale, commodity_code=code,
            commodity_label=get(f, "commodity_label") or ("All goods" if code == "TOTAL"
                                                          else code),
            quantity=number(get(f, "quantity"), name("quantity")),
            quantity_unit=get(f, "quantity_unit") or None,
            origin_dataset=dataset, origin_id=origin)

    return parse
