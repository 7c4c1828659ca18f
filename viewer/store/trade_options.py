"""What trade series a store holds: the choices the trade table offers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from viewer.store import schema as s
from viewer.store.engine import Store


@dataclass(frozen=True, slots=True)
class TradeDimensions:
    """Distinct reporters, partners, flows and commodities (code, label) of the trade figures."""

    reporters: tuple[str, ...]
    partners: tuple[str, ...]
    flows: tuple[str, ...]
    commodities: tuple[tuple[str, str], ...]


def trade_dimensions(store: Store) -> TradeDimensions:
    """Every value each series key takes, sorted."""
    t = s.TradeFigure
    with store.connect() as conn:
        def values(column) -> tuple[str, ...]:  # noqa: ANN001
            return tuple(conn.scalars(select(column).distinct().order_by(column)))

        commodities = tuple(
            (code, label or code) for code, label in conn.execute(
                select(t.commodity_code, func.min(t.commodity_label))
                .group_by(t.commodity_code).order_by(t.commodity_code)))
        return TradeDimensions(values(t.reporter_iso3), values(t.partner_iso3),
                               values(t.flow), commodities)
