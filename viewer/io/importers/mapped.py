"""CSV/TSV/XLSX files of events or trade figures read through a column mapping.

A workbook whose header is an ACLED, GDELT or Comtrade layout goes to that format's
parser; anything else needs a mapping, proposed from the header names when none is
given (the dialog shows it for correction; the CLI takes `--map FILE.json`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from viewer.domain import countries
from viewer.domain.country_names import resolve_iso3
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
from viewer.io.importers.base import Reader, norm, number, outlet_of
from viewer.io.importers.dates import (
    ORDER_NAMES,
    DateColumn,
    DateOrder,
    decide_order,
    two_readings,
)
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
    return _reader(table, facts.path, report, options, "csv",
                   lambda scratch: TextTable(facts, scratch, delimiter=delimiter))


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
    return _reader(table, facts.path, report, options, "xlsx",
                   lambda scratch: XlsxTable(facts.path, scratch, table.sheet))


FORMATS = (
    ImportFormat("csv", "CSV/TSV file read through a column mapping", open_text_reader,
                 order=80, default_mapping=propose),
    ImportFormat("xlsx", "Excel workbook read through a column mapping", open_xlsx_reader,
                 order=90, default_mapping=propose, workbook=True),
)


def _reader(table, path, report: ImportReport, options: ReadOptions, fmt: str,  # noqa: ANN001
            rescan: Callable[[ImportReport], object]) -> Reader:
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
    dataset, how = dataset_of(mapping)
    if how:
        report.notes.append(how)
    orders = date_orders(path, report, mapping, options.date_order or mapping.date_order,
                         table.header, rescan)
    parse = (_event_parser if mapping.kind == "events" else _trade_parser)(
        mapping, table.header, dataset, orders)
    return Reader(mapping.kind, fmt, table, parse, report)


def row_parser(mapping: Mapping, header: list[str], orders: dict[str, DateOrder | None]):  # noqa: ANN201
    """The parser the import would use for rows of this header (the dialog's preview)."""
    dataset, _ = dataset_of(mapping)
    return (_event_parser if mapping.kind == "events" else _trade_parser)(
        mapping, header, dataset, orders)


def dataset_of(mapping: Mapping) -> tuple[str, str]:
    """The origin dataset of a mapped file, and a note saying how rows are matched.

    Named in the mapping, it is that name. Otherwise it is derived from the id column
    and the set of mapped columns, never from the file name, so a newer version of a
    colleague's sheet (team_v2.csv after team_v1.csv) updates the rows of the first.
    """
    if mapping.dataset:
        return mapping.dataset, ""
    used = sorted({norm(c) for c in mapping.columns.values()})
    digest = hashlib.sha1("\x1f".join([mapping.kind, *used]).encode()).hexdigest()[:10]
    id_column = mapping.columns.get("origin_id")
    if id_column:
        name = f"sheet:{norm(id_column)[:16]}:{digest}"
        return name, (f"rows matched on their id column {id_column!r} (dataset {name!r}; "
                      "name the dataset in the mapping to keep it if the columns change)")
    name = f"sheet:{digest}"
    key = "date, title and countries" if mapping.kind == "events" else \
        "reporter, partner, flow, period and commodity"
    return name, (f"no id column: rows are matched on their {key}, so a row where one of "
                  f"these was corrected comes in as a new row (dataset {name!r})")


DATE_FIELDS = {"events": ("start_date", "end_date"), "trade": ("period_start", "period_end")}


def date_orders(path, report: ImportReport, mapping: Mapping, asked: str | None,  # noqa: ANN001
                header: list[str], rescan) -> dict[str, DateOrder | None]:  # noqa: ANN001
    """The day/month order of each mapped date column, decided from all of its values."""
    columns = {f: mapping.columns[f] for f in DATE_FIELDS[mapping.kind] if f in mapping.columns}
    if not columns:
        return {}
    index = {f: header.index(c) for f, c in columns.items()}
    # Distinct values in file order, so the example a question quotes is the first one.
    values: dict[str, dict[str, None]] = {f: {} for f in columns}
    scratch = ImportReport(file=str(path))  # rejections are counted by the real pass
    for _, fields in rescan(scratch).rows():
        for f, i in index.items():
            if i < len(fields) and fields[i]:
                values[f][fields[i]] = None
    given = DateOrder(asked) if asked else None
    orders: dict[str, DateOrder | None] = {}
    for f, column in columns.items():
        try:
            evidence = decide_order(values[f], column)
        except RowError as exc:
            raise InputError(path, f"column {column!r} {exc.reason}; correct the dates that "
                                   "do not fit", field=column) from None
        if evidence.ambiguous and given is None:
            raise InputError(path, f"every numeric date in column {column!r} reads both day "
                                   f"first and month first ({evidence.example!r} is "
                                   f"{two_readings(evidence.example)})",
                             remedy=Remedy.DATE_ORDER)
        if evidence.order in (DateOrder.DMY, DateOrder.MDY):
            orders[f] = evidence.order
            unlike = f", not {given.value} as asked" if given and given is not evidence.order \
                else ""
            report.notes.append(f"column {column!r}: dates read {ORDER_NAMES[evidence.order]}, "
                                f"as {evidence.example!r} shows{unlike}")
        else:
            orders[f] = given
            if evidence.ambiguous and given is not None:
                report.notes.append(f"column {column!r}: dates read {ORDER_NAMES[given]}, "
                                    "as asked")
    return orders


def country_code(text: str, field: str) -> str:
    """ISO3 of a country written as a name, short form, ISO2, ISO3 or M49 number."""
    found = resolve_iso3(text)
    if found is None:
        raise RowError(field, f"unknown country {text.strip()!r} (a name, ISO code or M49 "
                              "number)")
    return found


def _items(text: str) -> list[str]:
    return [x.strip() for x in text.replace("|", ";").split(";") if x.strip()]


def _country_items(text: str) -> list[str]:
    """Countries of one field: 'PAK; AFG', 'Pakistan, Afghanistan', 'Korea, Republic of'."""
    out = []
    for item in _items(text):
        if "," in item and resolve_iso3(item) is None:
            out += [x.strip() for x in item.split(",") if x.strip()]
        else:
            out.append(item)
    return out


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


def _event_parser(mapping: Mapping, header: list[str], dataset: str,  # noqa: ANN202
                  orders: dict[str, DateOrder | None]):
    get, name = _getter(mapping, header)
    starts = DateColumn(name("start_date"), orders.get("start_date"))
    ends = DateColumn(name("end_date"), orders.get("end_date"))

    def parse(f: list[str]) -> tuple[Event, dict]:
        title = get(f, "title")
        if not title:
            raise RowError(name("title"), "is empty")
        if not get(f, "start_date"):
            raise RowError(name("start_date"), "is empty")
        start, precision = starts.parse(get(f, "start_date"))
        end = ends.parse(get(f, "end_date"))[0] if get(f, "end_date") else None
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
        places = tuple(dict.fromkeys(country_code(c, name("countries")) for c in
                                     _country_items(get(f, "countries"))))
        # Without an id column a row is known by its date, title and countries.
        origin = get(f, "origin_id") or hashlib.sha1("\x1f".join(
            (start.isoformat(), " ".join(title.lower().split()), *sorted(places)))
            .encode()).hexdigest()[:20]
        event = Event(
            title=title, start=start, end=end, type=kind, precision=precision,
            summary=get(f, "summary"), location=get(f, "location") or None,
            latitude=number(get(f, "latitude"), name("latitude")),
            longitude=number(get(f, "longitude"), name("longitude")),
            countries=places,
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
    except (ValueError, OverflowError):
        pass
    raise RowError(field, f"not a period (2022-23, 2023, 2023-07 or Jul 2023): {text!r}")


def _trade_parser(mapping: Mapping, header: list[str], dataset: str,  # noqa: ANN202
                  orders: dict[str, DateOrder | None]):
    get, name = _getter(mapping, header)
    starts = DateColumn(name("period_start"), orders.get("period_start"))
    ends = DateColumn(name("period_end"), orders.get("period_end"))

    def parse(f: list[str]) -> TradeFigure:
        flow = _FLOWS.get(norm(get(f, "flow")))
        if flow is None:
            raise RowError(name("flow"), f"not a flow (export, import, re-export, re-import, "
                                         f"transit): {get(f, 'flow')!r}")
        if get(f, "period"):
            period = parse_period(get(f, "period"), name("period"))
        else:
            start = starts.parse(get(f, "period_start"))[0]
            end = ends.parse(get(f, "period_end"))[0] if get(f, "period_end") else start
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
