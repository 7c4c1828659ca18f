"""The import formats, each declared once: detection, reader, CLI name, dialog label, mapping.

A format is declared by a module of this package with a module-level `FORMATS` tuple of
ImportFormat; the registry finds those modules by scanning the package, so a new format
is one new module. The command line (`--format`), the import dialog and the runner all
read this registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viewer.io.importers.base import Reader
    from viewer.io.importers.mapping import Mapping as ColumnMapping
    from viewer.io.importers.report import ImportReport
    from viewer.io.importers.textfile import FileFacts


@dataclass(frozen=True)
class Detection:
    """A detected format and variant, e.g. ('gdelt', 'raw') or ('comtrade', 'legacy')."""

    format: str
    variant: str
    label: str


@dataclass(frozen=True)
class ReadOptions:
    """The officer's answers for one file: a column mapping, a sheet, a date order."""

    mapping: ColumnMapping | None = None
    sheet: str | None = None
    date_order: str | None = None


# (facts, report, variant, table or None, options) -> Reader
Opener = Callable[["FileFacts", "ImportReport", str, Any, ReadOptions], "Reader"]


@dataclass(frozen=True)
class ImportFormat:
    """One import format as the CLI, the dialog and the runner know it."""

    name: str  # the --format name, and the first part of a report's format
    label: str  # what the dialog calls it
    open_reader: Opener
    order: int = 50  # detection order, lowest first
    variants: Mapping[str, str] = field(default_factory=dict)  # variant -> label
    # A headerless format recognised by its first line: returns the variant or None.
    detect_line: Callable[[str], str | None] | None = None
    # Recognised by its header (normalised names, raw names): returns the variant or None.
    detect_header: Callable[[set[str], list[str]], str | None] | None = None
    # Files that look like this format but no mapping can import: returns why, or None.
    refuse: Callable[[set[str]], str | None] | None = None
    # Formats read through a column mapping propose one from the header.
    default_mapping: Callable[[list[str]], ColumnMapping] | None = None
    workbook: bool = False  # reads .xlsx workbooks

    def detection(self, variant: str) -> Detection:
        return Detection(self.name, variant, self.variants.get(variant, self.label))


@cache
def all_formats() -> tuple[ImportFormat, ...]:
    """Every format declared in this package, in detection order."""
    import viewer.io.importers as package

    found: list[ImportFormat] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "FORMATS", ()))
    return tuple(sorted(found, key=lambda f: (f.order, f.name)))


def format_names() -> list[str]:
    """The --format names, in detection order."""
    return [f.name for f in all_formats()]


def by_name(name: str) -> ImportFormat:
    """The format of a --format name; KeyError when there is none."""
    for f in all_formats():
        if f.name == name:
            return f
    raise KeyError(name)


def mapped_formats() -> tuple[ImportFormat, ...]:
    """Formats read through a column mapping (CSV/TSV text, workbooks)."""
    return tuple(f for f in all_formats() if f.default_mapping is not None)


def detect_line(first_line: str) -> Detection | None:
    """The headerless format whose first line this is, or None."""
    for f in all_formats():
        variant = f.detect_line(first_line) if f.detect_line else None
        if variant:
            return f.detection(variant)
    return None


def detect_header(header: list[str]) -> Detection | None:
    """The format a header row belongs to, or None."""
    from viewer.io.importers.base import norm

    names = {norm(h) for h in header}
    for f in all_formats():
        variant = f.detect_header(names, header) if f.detect_header else None
        if variant:
            return f.detection(variant)
    return None


def refusal(header: list[str]) -> str | None:
    """Why no column mapping can import a file with this header (an aggregate...), or None."""
    from viewer.io.importers.base import norm

    names = {norm(h) for h in header}
    for f in all_formats():
        why = f.refuse(names) if f.refuse else None
        if why:
            return why
    return None
