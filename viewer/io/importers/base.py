"""What every format reader shares: records out, rejections into the report, fast parsers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from viewer.domain import countries
from viewer.domain.model import Event, TradeFigure
from viewer.io.importers.report import ImportReport, RowError, RowSkipped
from viewer.io.importers.textfile import TextTable

EventRecord = tuple[Event, dict[str, Any]]
Record = EventRecord | TradeFigure


@dataclass
class Reader:
    """A format's stream of records; rows that fail to parse become rejections."""

    kind: str  # "events" or "trade"
    format: str
    table: TextTable | Any  # anything with rows(should_stop) and progress()
    parse: Callable[[list[str]], Record]
    report: ImportReport
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def records(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Record]:
        report, parse = self.report, self.parse
        for number, fields in self.table.rows(should_stop):
            try:
                yield parse(fields)
            except RowError as exc:
                report.reject(number, exc.field, exc.reason)
            except RowSkipped as exc:
                report.skipped += 1
                reasons = self.skip_reasons
                reasons[exc.reason] = reasons.get(exc.reason, 0) + 1
            except (ValueError, TypeError, IndexError, OverflowError) as exc:
                # A parser slip (a date past 9999, say) is a bad row, not a failed import.
                report.reject(number, None, f"cannot read the row ({exc})")

    def progress(self) -> float:
        return self.table.progress()


class Columns:
    """Index of header names, tolerant of case, spaces and punctuation."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.index = {norm(h): i for i, h in reversed(list(enumerate(header)))}

    def find(self, *names: str) -> int | None:
        for name in names:
            i = self.index.get(norm(name))
            if i is not None:
                return i
        return None

    def need(self, file: str, *names: str) -> int:
        i = self.find(*names)
        if i is None:
            from viewer.io.errors import InputError

            raise InputError(file, f"the header has no column {names[0]!r}", row=1)
        return i


def norm(name: str) -> str:
    """Header name reduced to lower-case letters and digits: 'Trade Value (US$)' -> tradevalueus."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

_DATES: dict[str, dt.date] = {}


def yyyymmdd(text: str, field: str) -> dt.date:
    """A date written 20170501; cached because a file repeats few dates many times."""
    found = _DATES.get(text)
    if found is None:
        t = text.strip()
        if len(t) < 8 or not t[:8].isdigit():
            raise RowError(field, f"not a date (YYYYMMDD): {text!r}")
        try:
            found = dt.date(int(t[:4]), int(t[4:6]), int(t[6:8]))
        except ValueError:
            raise RowError(field, f"not a valid date: {text!r}") from None
        if len(_DATES) > 100_000:
            _DATES.clear()
        _DATES[text] = found
    return found


def number(text: str, field: str, kind: type = float):  # noqa: ANN201
    """A number or None for an empty field; anything else is a rejection naming the field.

    `inf`, `nan` and integers beyond 64 bits are rejected too: the store cannot hold them
    and no export carries them.
    """
    if not text or not text.strip():
        return None
    try:
        value = kind(text)
    except ValueError:
        try:
            value = float(text.strip())
        except ValueError:
            raise RowError(field, f"not a number: {text!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise RowError(field, f"not a finite number: {text!r}")
    if kind is int:
        value = int(value)
        if not INT64_MIN <= value <= INT64_MAX:
            raise RowError(field, f"number out of range: {_short(text)}")
    return value


def in_range(*values: float | int | None) -> bool:
    """True when every value is None, a finite float or a 64-bit integer (a fast check
    for parsers that convert first and name the bad field only when this fails)."""
    for v in values:
        if v is None:
            continue
        if isinstance(v, int):
            if not INT64_MIN <= v <= INT64_MAX:
                return False
        elif not math.isfinite(v):
            return False
    return True


def _short(text: str) -> str:
    t = text.strip()
    return repr(t) if len(t) <= 40 else repr(t[:20] + "…") + f" ({len(t)} characters)"


_ISO3: dict[str, str | None] = {}
_FIPS: dict[str, str | None] = {}
_M49: dict[str, str | None] = {}


def iso3_of_cameo(code: str) -> str | None:
    """ISO3 of a CAMEO country code (CAMEO uses ISO alpha-3 for states)."""
    code = code.strip()
    if code not in _ISO3:
        c = countries.by_iso3(code)
        _ISO3[code] = c.iso3 if c else None
    return _ISO3[code]


def iso3_of_fips(code: str) -> str | None:
    """ISO3 of a FIPS 10-4 code, as GDELT geo fields use (PK, AF)."""
    if code not in _FIPS:
        c = countries.by_fips(code)
        _FIPS[code] = c.iso3 if c else None
    return _FIPS[code]


def iso3_of_m49(code: str) -> str | None:
    """ISO3 of a UN M49 / ISO numeric code (Comtrade, ACLED's `iso`)."""
    if code not in _M49:
        c = countries.by_m49(code)
        _M49[code] = c.iso3 if c else None
    return _M49[code]


_HOSTS: dict[str, str] = {}


def outlet_of(url: str) -> str:
    """The outlet name of a URL: its host without 'www.' (string slicing: urlsplit is slow)."""
    start = url.find("://")
    rest = url[start + 3:] if start >= 0 else ""
    end = len(rest)
    for mark in "/?#":
        i = rest.find(mark, 0, end)
        if i >= 0:
            end = i
    host = rest[:end].rpartition("@")[2].partition(":")[0].lower().removeprefix("www.")
    if not host:
        return "unknown outlet"
    found = _HOSTS.get(host)
    if found is None:
        if len(_HOSTS) > 100_000:
            _HOSTS.clear()
        found = _HOSTS[host] = host
    return found
