"""One resolver from what people write for a country to its ISO 3166 alpha-3 code.

Names (common, official, pycountry's own such as 'Viet Nam'), ISO alpha-2 and alpha-3,
M49/ISO numeric codes, and the short forms officers and data sets use ('Turkey', 'UK',
'Ivory Coast'), kept with their source in country_aliases.csv beside this module.
Matching ignores case, accents, punctuation and a leading 'the'. Importers, the import
dialog and command-line options all resolve through `resolve_country`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from viewer.domain import countries
from viewer.domain.countries import Country

ALIASES = Path(__file__).with_name("country_aliases.csv")


def normalise(text: str) -> str:
    """'Côte d’Ivoire' -> 'cote d ivoire', 'The Gambia' -> 'gambia', 'St. Lucia' -> 'st lucia'."""
    spaced = "".join(ch if ch.isalnum() or unicodedata.combining(ch) else " "
                     for ch in unicodedata.normalize("NFKD", text.replace("&", " and ")))
    plain = spaced.encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", plain.lower()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def aliases() -> list[tuple[str, str, str]]:
    """(alias, ISO3, source) rows of the alias list."""
    with ALIASES.open(encoding="utf-8", newline="") as fh:
        return [(r["alias"], r["iso3"], r["source"]) for r in csv.DictReader(fh)]


@cache
def _index() -> dict[str, Country]:
    import pycountry

    index: dict[str, Country] = {}
    for c in countries.all_countries():
        found = pycountry.countries.get(alpha_3=c.iso3)
        names = [c.name, c.iso3, c.iso2 or ""]
        if found is not None:
            names += [getattr(found, k, "") for k in ("name", "official_name", "common_name")]
        for name in names:
            if name:
                index.setdefault(normalise(name), c)
    for alias, iso3, _ in aliases():
        country = countries.by_iso3(iso3)
        if country is not None:
            index[normalise(alias)] = country
    return index


@cache
def resolve_country(text: str) -> Country | None:
    """The country `text` names or codes, or None."""
    t = text.strip()
    if not t:
        return None
    if t.isdigit():
        return countries.by_m49(t)
    return _index().get(normalise(t))


def resolve_iso3(text: str) -> str | None:
    """The ISO3 code of what `text` names, or None."""
    found = resolve_country(text)
    return found.iso3 if found else None
