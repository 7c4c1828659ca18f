"""Reference data every store holds: the country table with all its codes."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select

from viewer.domain.countries import all_countries
from viewer.store.schema import Country


def ensure_countries(conn: Connection) -> int:
    """Add the countries the store lacks (in the caller's transaction); returns how many."""
    have = set(conn.scalars(select(Country.iso3)))
    if len(have) >= len(all_countries()):
        return 0
    rows = [
        {
            "iso3": c.iso3,
            "name": c.name,
            "iso2": c.iso2,
            "m49": c.m49,
            "fips": c.fips,
            "cameo": c.iso3,
        }
        for c in all_countries()
        if c.iso3 not in have
    ]
    conn.execute(insert(Country), rows)
    return conn.scalar(select(func.count()).select_from(Country)) - len(have)
