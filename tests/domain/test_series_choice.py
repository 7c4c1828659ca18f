"""The series a briefing shows, from the command line or from the selected countries."""

from __future__ import annotations

import pytest

from viewer.domain.drawing import SeriesKey
from viewer.domain.series_choice import (
    SeriesSpecError,
    parse_series,
    series_of_countries,
    with_mirrors,
)

KEYS = [SeriesKey("PAK", "AFG", "export"), SeriesKey("PAK", "AFG", "import"),
        SeriesKey("AFG", "PAK", "import"), SeriesKey("PAK", "WLD", "export"),
        SeriesKey("IND", "BGD", "export", "8542")]


def test_parse_series() -> None:
    assert parse_series("pak:afg:export") == SeriesKey("PAK", "AFG", "export", "TOTAL")
    assert parse_series("IND:BGD:re-import:8542") == SeriesKey("IND", "BGD", "re-import", "8542")
    for bad in ("PAK:AFG", "PAK:AFG:sold", "PAKI:AFG:export", "PAK::export"):
        with pytest.raises(SeriesSpecError):
            parse_series(bad)
    with pytest.raises(SeriesSpecError, match="XXX"):
        parse_series("XXX:AFG:export", known_country=lambda c: c != "XXX")


def test_series_of_countries_and_mirrors() -> None:
    assert series_of_countries(KEYS, ("AFG", "PAK")) == sorted(KEYS[:3])
    assert series_of_countries(KEYS, ("BGD",)) == [KEYS[4]]
    assert series_of_countries(KEYS, ()) == sorted(KEYS)
    assert with_mirrors([KEYS[0]], KEYS) == [KEYS[0], KEYS[2]]
    assert with_mirrors([KEYS[3]], KEYS) == [KEYS[3]]
