"""Which format a file is, from its header and shape; unknown files are refused with a description.

Formats: `acled`, `gdelt`, `comtrade` (each with variants), and `csv`/`xlsx` through a
column mapping. ACLED's HDX aggregate files look like exports but hold monthly counts;
they are refused, saying so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from viewer.io.errors import InputError
from viewer.io.importers import gdelt
from viewer.io.importers.base import norm
from viewer.io.importers.textfile import FileFacts

FORMATS = ("auto", "acled", "gdelt", "comtrade", "csv", "xlsx")


@dataclass(frozen=True)
class Detection:
    """A detected format and variant, e.g. ('gdelt', 'raw') or ('comtrade', 'legacy')."""

    format: str
    variant: str
    label: str


def first_rows(facts: FileFacts, n: int = 2) -> tuple[str, list[list[str]]]:
    """The delimiter and the first rows of a text file, read from its first 64 KB."""
    text = facts.head.decode(facts.encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()[: n + 1] or [""]
    first = lines[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else \
        ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines[:n])), delimiter=delimiter))
    except csv.Error:
        rows = [first.split(delimiter)]
    return delimiter, rows


def aggregate_kind(names: set[str]) -> str | None:
    """What an ACLED aggregate file is, from its normalised header names; None if it is not one."""
    if {"locationcode", "events", "fatalities", "referenceperiodstart"} <= names:
        return ("an ACLED aggregate from HDX HAPI (monthly counts of events and fatalities "
                "by admin area and event type), not an ACLED event export; download "
                "event-level data from ACLED's Data Export Tool instead")
    if {"country", "month", "year", "events", "fatalities"} <= names:
        return ("an ACLED aggregate (monthly counts of events and fatalities per country), "
                "not an ACLED event export; download event-level data from ACLED instead")
    return None


def detect_header(header: list[str]) -> Detection | None:
    """The format a header row belongs to, or None."""
    names = {norm(h) for h in header}
    if gdelt.looks_header(header):
        return Detection("gdelt", "header", "GDELT 2.0 events (gdeltPyR CSV with header)")
    if {"eventidcnty", "eventdate"} <= names:
        variant = "current" if "disordertype" in names else "legacy"
        return Detection("acled", variant, f"ACLED event export ({variant} layout)")
    if {"refperiodid", "flowcode", "reportercode"} <= names:
        return Detection("comtrade", "plus", "UN ComtradePlus CSV")
    if {"reportercode", "partnercode"} <= names and (
            names & {"tradeflowcode", "tradeflow"}):
        return Detection("comtrade", "legacy", "UN Comtrade legacy CSV")
    return None


class NotAnExport(InputError):
    """A file no column mapping can import: aggregates, JSON, XML or HTML."""


def detect_text(facts: FileFacts) -> Detection:
    """Detect a text file's format, or raise InputError saying what the file looks like."""
    delimiter, rows = first_rows(facts)
    first_line = facts.head.decode(facts.encoding, errors="replace").lstrip("\ufeff") \
        .split("\n", 1)[0]
    if gdelt.looks_raw(first_line):
        return Detection("gdelt", "raw", "GDELT 2.0 events (raw 61-column TSV)")
    header = rows[0] if rows else []
    found = detect_header(header)
    if found:
        return found
    aggregate = aggregate_kind({norm(h) for h in header})
    if aggregate:
        raise NotAnExport(facts.path, f"this is {aggregate}")
    start = first_line.lstrip()[:1]
    if start in ("{", "["):
        raise NotAnExport(facts.path, "not a recognised export: this is a JSON file, not a "
                                     "CSV/TSV export or workbook")
    if start == "<":
        raise NotAnExport(facts.path, "not a recognised export: this is an XML or HTML file "
                                     "(a web page saved by mistake?), not a CSV/TSV export")
    raise InputError(facts.path, describe_unknown(facts.path, delimiter, header))


def describe_unknown(path: Path, delimiter: str, header: list[str]) -> str:
    """What an unrecognised text file looks like, and how to import it anyway."""
    kind = {"\t": "tab", ";": "semicolon", ",": "comma"}[delimiter]
    shown = ", ".join(h.strip()[:30] for h in header[:8]) + (", …" if len(header) > 8 else "")
    return (f"not a recognised export: a {kind}-separated text file with {len(header)} "
            f"columns (first line: {shown}); it is not an ACLED, GDELT or UN Comtrade "
            "export. Import it with a column mapping (--format csv --map MAPPING.json)")


def is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")
