"""Opening a scanned file with its format's reader: by detection, or the format asked for."""

from __future__ import annotations

import zipfile

from viewer.io.errors import InputError, Remedy
from viewer.io.importers.base import Reader
from viewer.io.importers.detect import detect_text, is_workbook_name
from viewer.io.importers.formats import ReadOptions, all_formats, by_name, mapped_formats
from viewer.io.importers.report import ImportReport
from viewer.io.importers.text_encoding import label
from viewer.io.importers.textfile import FileFacts, inspect_text, zip_text_member


def open_reader(facts: FileFacts, report: ImportReport, format: str = "auto", *,
                mapping: object | None = None, sheet: str | None = None,
                encoding: str | None = None, date_order: str | None = None) -> Reader:
    """The reader for a scanned file: by detection, or the forced format."""
    path = facts.path
    options = ReadOptions(mapping, sheet, date_order)  # type: ignore[arg-type]
    chosen = by_name(format) if format != "auto" else None
    if facts.is_zip:
        if _is_workbook(facts):
            book = next(f for f in all_formats() if f.workbook)
            if chosen is not None and chosen is not book:
                raise InputError(path, f"this is an Excel workbook, not a {format} export")
            return book.open_reader(facts, report, "", None, options)
        inspect_text(facts, zip_text_member(facts), encoding)
    elif (chosen is not None and chosen.workbook) or is_workbook_name(path):
        raise InputError(path, "not an Excel workbook: the file is not a zip archive "
                               "(a text file renamed .xlsx, or a damaged or older .xls file)")
    else:
        inspect_text(facts, encoding=encoding)
    _check_encoding(facts, report, encoding)
    mapped = chosen if chosen is not None and chosen.default_mapping is not None else None
    if mapped is None and chosen is None and mapping is not None:
        mapped = next(f for f in mapped_formats() if not f.workbook)
    if mapped is not None:
        return mapped.open_reader(facts, report, "", None, options)
    found = detect_text(facts)
    if chosen is not None and chosen.name != found.format:
        raise InputError(path, f"this looks like {found.label}, not a {format} export")
    return by_name(found.format).open_reader(facts, report, found.variant, None, options)


def _check_encoding(facts: FileFacts, report: ImportReport, asked: str | None) -> None:
    """Refuse a weak encoding guess with its question; note any encoding but UTF-8."""
    guess = facts.guess
    if guess is None:
        return
    if guess.weak and not asked:
        raise InputError(facts.path, guess.question(), remedy=Remedy.ENCODING)
    if guess.encoding not in ("utf-8", "utf-8-sig"):
        how = "as asked" if asked else "as detected"
        report.notes.append(f"text read as {label(guess.encoding)}, {how}")


def _is_workbook(facts: FileFacts) -> bool:
    if is_workbook_name(facts.path):
        return True
    try:
        with zipfile.ZipFile(facts.path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        return False  # the reader's own checks say what is wrong with the archive
