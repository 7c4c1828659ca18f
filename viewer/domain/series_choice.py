"""Which trade series a briefing shows: the chart's, the command line's, or every series
of the selected countries. Plain values, no Qt, no SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from viewer.domain.drawing import SeriesInfo, SeriesKey
from viewer.domain.model import Flow

FLOWS = tuple(f.value for f in Flow)


class SeriesSpecError(ValueError):
    """A series written on the command line that cannot be read."""


def parse_series(text: str, known_country=None) -> SeriesKey:  # noqa: ANN001
    """'PAK:AFG:export' or 'IND:BGD:import:8542' -> a series key.

    `known_country(code) -> bool` checks the ISO3 codes when given.
    """
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (3, 4) or not all(parts):
        raise SeriesSpecError(f"{text!r}: expected REPORTER:PARTNER:FLOW[:COMMODITY], "
                              "e.g. PAK:AFG:export")
    reporter, partner, flow = parts[0].upper(), parts[1].upper(), parts[2].lower()
    for code in (reporter, partner):
        if len(code) != 3 or (known_country is not None and not known_country(code)):
            raise SeriesSpecError(f"{text!r}: {code} is not an ISO 3166 alpha-3 code")
    if flow not in FLOWS:
        raise SeriesSpecError(f"{text!r}: flow {flow!r} is not one of {', '.join(FLOWS)}")
    commodity = parts[3].upper() if len(parts) == 4 else "TOTAL"
    return SeriesKey(reporter, partner, flow, commodity)


def series_of_countries(available: Iterable[SeriesInfo | SeriesKey],
                        countries: Sequence[str]) -> list[SeriesKey]:
    """Every series between the selected countries: with two or more selected, those whose
    reporter and partner are both selected; with one, those it reports or is partner in;
    with none, every series."""
    keys = [a.key if isinstance(a, SeriesInfo) else a for a in available]
    chosen = {c.upper() for c in countries}
    if len(chosen) >= 2:
        keys = [k for k in keys if k.reporter in chosen and k.partner in chosen]
    elif chosen:
        keys = [k for k in keys if k.reporter in chosen or k.partner in chosen]
    return sorted(dict.fromkeys(keys))


def with_mirrors(keys: Iterable[SeriesKey], available: Iterable[SeriesKey]) -> list[SeriesKey]:
    """The series and, where the store has it, each one's mirror (the partner's report)."""
    have = set(available)
    out: list[SeriesKey] = []
    for key in keys:
        out.append(key)
        mirror = key.mirror()
        if mirror is not None and mirror in have:
            out.append(mirror)
    return list(dict.fromkeys(out))
