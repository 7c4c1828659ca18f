"""index review: drop the indexes no query of the store service uses; the series index
covers coverage; the trade date range read from index ends

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Each remaining index is used by a query plan of the service (tests/store/test_index_review.py
reads the plans). Event and trade-figure rows were indexed by their import batch, and
countries by their M49 code, for queries that never came: the M49 code is looked up in
memory, and no query selects events or figures by batch. Dropping them spares every import
the upkeep of one index on its largest table.

Trade series differ by coverage since 0004; the series index did not hold it, so the
chart's series list read every figure's row (0.44 s at 300,000 figures; 0.09 s with it).
The window a store opens on spans its trade figures' periods: their first start and last
end now come from an index each instead of a scan of every figure.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_DROPPED = (("ix_event_import_batch_id", "event", ["import_batch_id"]),
            ("ix_trade_figure_import_batch_id", "trade_figure", ["import_batch_id"]),
            ("ix_country_m49", "country", ["m49"]))


_SERIES = ["reporter_iso3", "partner_iso3", "flow", "commodity_code"]


def upgrade() -> None:
    for name, table, _columns in _DROPPED:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_trade_figure_series", table_name="trade_figure")
    op.create_index("ix_trade_figure_series", "trade_figure",
                    [*_SERIES, "coverage", "start_day"])
    op.create_index("ix_trade_figure_period_start", "trade_figure", ["period_start"])
    op.create_index("ix_trade_figure_period_end", "trade_figure", ["period_end"])


def downgrade() -> None:
    op.drop_index("ix_trade_figure_period_end", table_name="trade_figure")
    op.drop_index("ix_trade_figure_period_start", table_name="trade_figure")
    op.drop_index("ix_trade_figure_series", table_name="trade_figure")
    op.create_index("ix_trade_figure_series", "trade_figure", [*_SERIES, "start_day"])
    for name, table, columns in _DROPPED:
        op.create_index(name, table, columns)
