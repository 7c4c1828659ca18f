"""Errors of bad input, carrying where in the file the problem is and what answers it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class Remedy(StrEnum):
    """What the officer can do about a refused file; each front end words it its own way."""

    SKIP_BAD_ROWS = "skip_bad_rows"
    ENCODING = "encoding"
    DATE_ORDER = "date_order"
    MAPPING = "mapping"


class InputError(ValueError):
    """Bad input: the message names the file, row and field, and what was wrong."""

    def __init__(self, file: str | Path, message: str, *, row: int | None = None,
                 field: str | None = None, sheet: str | None = None,
                 remedy: Remedy | None = None) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.sheet = sheet
        self.reason = message
        self.remedy = remedy
        where = [Path(self.file).name]
        if sheet:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")
