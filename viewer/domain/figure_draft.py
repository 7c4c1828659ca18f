"""A trade figure as an officer types it: plain text per field, checked field by field with
the reason for each problem, and made into a TradeFigure when every field reads.

The period is given by its kind and a day in it (a month, a calendar or the reporter's
fiscal year, a quarter) or by its first and last days (a span); the value in US dollars
reads "522,000,000", "522 million", "$1.2 bn" or "US$ 890.05m".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from viewer.domain import fiscal_years
from viewer.domain.country_names import resolve_iso3
from viewer.domain.event_draft import parse_source_lines, source_line
from viewer.domain.model import Coverage, Flow, Period, PeriodKind, Source, TradeFigure
from viewer.domain.periods import month_end
from viewer.domain.proposals import Proposal

_SCALES = {"": 1, "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
           "bn": 1e9, "b": 1e9, "billion": 1e9}
_VALUE = re.compile(r"^\s*(?:US\s*)?\$?\s*(-?[\d,]*\.?\d+)\s*([a-z]*)\s*$", re.I)


@dataclass(frozen=True)
class FigureDraft:
    """The editor's fields as typed; sources one a line, `Outlet | URL | title`."""

    reporter: str = ""
    partner: str = ""
    flow: str = "export"
    period_kind: str = "month"
    start: dt.date = dt.date(2000, 1, 1)
    end: dt.date | None = None  # a span's last day; the other kinds compute their own
    commodity_code: str = "TOTAL"
    commodity_label: str = "All goods"
    coverage: str = "goods"
    value: str = ""
    estimated: bool = False
    sources: str = ""
    dataset_note: str = ""
    note: str = ""


def figure_draft_of(f: TradeFigure) -> FigureDraft:
    """The fields of a stored figure, as the editor shows them."""
    return FigureDraft(
        reporter=f.reporter, partner=f.partner, flow=str(f.flow),
        period_kind=str(f.period.kind), start=f.period.start, end=f.period.end,
        commodity_code=f.commodity_code, commodity_label=f.commodity_label or "",
        coverage=str(f.coverage), value=f"{f.value_usd:,.0f}", estimated=f.estimated,
        sources="\n".join(source_line(x) for x in f.sources), dataset_note=f.note,
        note=f.officer_note)


def proposal_figure_draft(p: Proposal, source: Source, today: dt.date) -> FigureDraft:
    """A proposed figure as the editor shows it, whatever it is missing: the officer fills
    in the rest (a value in another currency is left for them to give in US$)."""
    in_usd = p.amount is not None and p.currency in (None, "USD")
    return FigureDraft(
        reporter=p.reporter or "", partner=p.partner or "", flow=p.flow or "export",
        period_kind="month" if p.precision == "month" else "calendar_year",
        start=p.date or today, value=f"{p.amount:,.0f}" if in_usd else "",
        estimated=p.approximate, sources=source_line(source),
        dataset_note=f"“{p.sentence}”" + ("" if in_usd or p.amount is None else
                                          f" ({p.amount:,.0f} {p.currency})"))


def read_value(text: str) -> float:
    """US dollars from "522,000,000", "522 million", "$1.2 bn"; ValueError otherwise."""
    match = _VALUE.match(text.replace("\u00a0", " "))
    scale = _SCALES.get(match.group(2).lower()) if match else None
    if match is None or scale is None:
        raise ValueError(f"not an amount: {text.strip()!r} (e.g. 522,000,000 or 522 million)")
    return float(match.group(1).replace(",", "")) * scale


def period_of(kind: PeriodKind, reporter: str | None, start: dt.date,
              end: dt.date | None) -> Period:
    """The period of a kind holding `start` (a span runs from `start` to `end`)."""
    if kind is PeriodKind.MONTH:
        first = start.replace(day=1)
        label = fiscal_years.fiscal_year_label(reporter, first)
        return Period(first, month_end(start.year, start.month), kind, label)
    if kind is PeriodKind.QUARTER:
        month = 3 * ((start.month - 1) // 3) + 1
        return Period(dt.date(start.year, month, 1), month_end(start.year, month + 2), kind)
    if kind is PeriodKind.CALENDAR_YEAR:
        return Period(dt.date(start.year, 1, 1), dt.date(start.year, 12, 31), kind)
    if kind is PeriodKind.FISCAL_YEAR:
        return fiscal_years.fiscal_year(reporter, start)
    return Period(start, end or start, kind)


def check_figure(draft: FigureDraft, base: TradeFigure | None = None
                 ) -> tuple[TradeFigure | None, dict[str, str]]:
    """The figure the draft describes, or None with the reason for each field that does not
    read. `base` keeps what the editor does not show (origin, id, restatement)."""
    errors: dict[str, str] = {}
    countries = {}
    for name in ("reporter", "partner"):
        text = getattr(draft, name).strip()
        countries[name] = resolve_iso3(text) if text else None
        if not text:
            errors[name] = f"a {name} country is needed"
        elif countries[name] is None:
            errors[name] = f"unknown country {text!r}"
    try:
        flow = Flow(draft.flow)
    except ValueError:
        errors["flow"] = f"unknown flow {draft.flow!r}"
        flow = Flow.EXPORT
    try:
        coverage = Coverage(draft.coverage)
    except ValueError:
        errors["coverage"] = f"unknown coverage {draft.coverage!r}"
        coverage = Coverage.GOODS
    period = None
    try:
        kind = PeriodKind(draft.period_kind)
        if kind is PeriodKind.SPAN and draft.end is not None and draft.end < draft.start:
            errors["end"] = (f"ends before it starts ({draft.end:%d %b %Y} < "
                             f"{draft.start:%d %b %Y})")
        else:
            period = period_of(kind, countries["reporter"], draft.start, draft.end)
    except ValueError:
        errors["period_kind"] = f"unknown period {draft.period_kind!r}"
    value = None
    try:
        value = read_value(draft.value)
        if value < 0:
            errors["value"] = "a trade value cannot be negative"
    except ValueError as exc:
        errors["value"] = str(exc)
    if not draft.commodity_code.strip():
        errors["commodity_code"] = "a commodity code is needed (TOTAL for all goods)"
    sources, problem = parse_source_lines(draft.sources)
    if problem:
        errors["sources"] = problem
    if errors or period is None or value is None:
        return None, errors
    base = base or TradeFigure(countries["reporter"], countries["partner"], flow, period, 0.0)
    return replace(
        base, reporter=countries["reporter"], partner=countries["partner"], flow=flow,
        period=period, value_usd=value, commodity_code=draft.commodity_code.strip().upper(),
        commodity_label=draft.commodity_label.strip(), coverage=coverage,
        estimated=draft.estimated, sources=sources, note=draft.dataset_note.strip(),
        officer_note=draft.note.strip()), {}
