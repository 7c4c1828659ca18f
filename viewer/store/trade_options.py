"""What trade series a store holds: the choices the trade table offers.

Each list is read for the choices above it (partners of a reporter, commodities of a
reporter and partner), so every query is a range of ix_trade_figure_series rather than
a scan of a million figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text

from viewer.domain.model import Flow
from viewer.store import schema as s
from viewer.store.engine import Store


@dataclass(frozen=True, slots=True)
class TradeDimensions:
    """Reporters, partners, flows and commodities (code, label) to choose from."""

    reporters: tuple[str, ...]
    partners: tuple[str, ...]
    flows: tuple[str, ...]
    commodities: tuple[tuple[str, str], ...]


def trade_dimensions(store: Store, reporter: str | None = None,
                     partner: str | None = None) -> TradeDimensions:
    """Every reporter; the partners of `reporter` (all when None); the commodities of
    that reporter and partner; the five flows."""
    t = s.TradeFigure
    with store.connect() as conn:
        reporters = _loose_scan(conn, "reporter_iso3")
        codes_q = select(t.commodity_code, func.min(t.commodity_label)).group_by(
            t.commodity_code).order_by(t.commodity_code)
        if reporter is not None:
            partners = _loose_scan(conn, "partner_iso3", reporter)
            codes_q = codes_q.where(t.reporter_iso3 == reporter)
            if partner is not None:
                codes_q = codes_q.where(t.partner_iso3 == partner)
        else:
            partners = tuple(conn.scalars(select(t.partner_iso3).distinct()
                                          .order_by(t.partner_iso3)))
        commodities = tuple((code, label or code) for code, label in conn.execute(codes_q))
    return TradeDimensions(reporters, partners, tuple(f.value for f in Flow), commodities)


def trade_reporters(store: Store) -> tuple[str, ...]:
    """Every reporter of the trade figures (a few index seeks)."""
    with store.connect() as conn:
        return _loose_scan(conn, "reporter_iso3")


def _loose_scan(conn: Connection, column: str, reporter: str | None = None) -> tuple[str, ...]:
    """Distinct values of a leading column of ix_trade_figure_series, one index seek each
    (a recursive CTE): DISTINCT itself reads all million entries."""
    where = "reporter_iso3 = :reporter AND " if reporter is not None else ""
    sql = text(f"""
        WITH RECURSIVE v(x) AS (
          SELECT (SELECT min({column}) FROM trade_figure WHERE {where}{column} IS NOT NULL)
          UNION ALL
          SELECT (SELECT min({column}) FROM trade_figure WHERE {where}{column} > v.x)
          FROM v WHERE v.x IS NOT NULL)
        SELECT x FROM v WHERE x IS NOT NULL""")
    return tuple(conn.execute(sql, {"reporter": reporter}).scalars())
