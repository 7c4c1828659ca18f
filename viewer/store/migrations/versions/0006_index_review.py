"""index review: drop the indexes no query of the store service uses

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Each remaining index is used by a query plan of the service (tests/store/test_index_review.py
reads the plans). Event and trade-figure rows were indexed by their import batch, and
countries by their M49 code, for queries that never came: the M49 code is looked up in
memory, and no query selects events or figures by batch. Dropping them spares every import
the upkeep of one index on its largest table.
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


def upgrade() -> None:
    for name, table, _columns in _DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in _DROPPED:
        op.create_index(name, table, columns)
