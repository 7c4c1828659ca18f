"""Which format a file is, from its first line and header; unknown files are refused with a
description of what they look like.

The formats themselves, and what each recognises, are in the registry (formats.py).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from viewer.io.errors import InputError, Remedy
from viewer.io.importers.formats import Detection, detect_header, detect_line, refusal
from viewer.io.importers.textfile import FileFacts


class NotAnExport(InputError):
    """A file no column mapping can import: aggregates, JSON, XML or HTML."""


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


def detect_text(facts: FileFacts) -> Detection:
    """Detect a text file's format, or raise InputError saying what the file looks like."""
    delimiter, rows = first_rows(facts)
    first_line = facts.head.decode(facts.encoding, errors="replace").lstrip("\ufeff") \
        .split("\n", 1)[0]
    found = detect_line(first_line)
    if found:
        return found
    header = rows[0] if rows else []
    found = detect_header(header)
    if found:
        return found
    why = refusal(header)
    if why:
        raise NotAnExport(facts.path, f"this is {why}")
    start = first_line.lstrip()[:1]
    if start in ("{", "["):
        raise NotAnExport(facts.path, "not a recognised export: this is a JSON file, not a "
                                     "CSV/TSV export or workbook")
    if start == "<":
        raise NotAnExport(facts.path, "not a recognised export: this is an XML or HTML file "
                                     "(a web page saved by mistake?), not a CSV/TSV export")
    raise InputError(facts.path, describe_unknown(delimiter, header), remedy=Remedy.MAPPING)


def describe_unknown(delimiter: str, header: list[str]) -> str:
    """What an unrecognised text file looks like."""
    kind = {"\t": "tab", ";": "semicolon", ",": "comma"}[delimiter]
    shown = ", ".join(h.strip()[:30] for h in header[:8]) + (", …" if len(header) > 8 else "")
    return (f"not a recognised export: a {kind}-separated text file with {len(header)} "
            f"columns (first line: {shown}); it is not an ACLED, GDELT or UN Comtrade export")


def is_workbook_name(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")
