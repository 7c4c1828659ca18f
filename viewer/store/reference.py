"""Reference data every store holds: the country table with all its codes."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from viewer.domain.countries import all_countries
from viewer.store.engine import Store
from viewer.store.schema import Country


def ensure_countries(store: Store) -> int:
    """Add the countries the store lacks; returns how many were added."""
    with store.engine.begin() as conn:
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
