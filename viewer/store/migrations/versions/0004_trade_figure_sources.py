"""trade figures with many sources, restatements and coverage

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

A trade figure cited by several outlets keeps all of them: `trade_figure.source_id` moves
into the link table `trade_figure_source`. A figure can restate (supersede) an earlier one
of the same series and period: `supersedes_id`. `coverage` says whether a value counts
goods, services, or both, so that goods-only and goods-and-services figures are never
added together; stored figures get it from their commodity code and label.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Restatements in the sample dataset as shipped before this revision: (restated, first).
_SAMPLE_RESTATED = (("sbp-pak-afg-x-fy2019-20", "sbp-pak-afg-x-fy2019-20-first"),
                    ("sbp-pak-afg-x-fy2023-24-jul-dec", "sbp-pak-afg-x-fy2023-24-jul-dec-first"))


def upgrade() -> None:
    # The links are parked in a plain table first: on SQLite the batch rebuild below drops
    # and recreates trade_figure, which would cascade-delete rows already linked to it.
    op.execute("CREATE TABLE trade_figure_source_move AS SELECT id AS trade_figure_id, "
               "source_id FROM trade_figure WHERE source_id IS NOT NULL")
    with op.batch_alter_table("trade_figure") as batch:
        batch.add_column(sa.Column("coverage", sa.String(20), nullable=False,
                                   server_default="goods"))
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        # Checked at commit: a copy of a store may bring a restating figure before the one
        # it restates.
        batch.create_foreign_key(op.f("fk_trade_figure_supersedes_id_trade_figure"),
                                 "trade_figure", ["supersedes_id"], ["id"], ondelete="SET NULL",
                                 deferrable=True, initially="DEFERRED")
        batch.create_index(op.f("ix_trade_figure_supersedes_id"), ["supersedes_id"])
        batch.drop_column("source_id")
    op.create_table(
        "trade_figure_source",
        sa.Column("trade_figure_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(["trade_figure_id"], ["trade_figure.id"], ondelete="CASCADE",
                                name=op.f("fk_trade_figure_source_trade_figure_id_trade_figure")),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"],
                                name=op.f("fk_trade_figure_source_source_id_source")),
        sa.PrimaryKeyConstraint("trade_figure_id", "source_id",
                                name=op.f("pk_trade_figure_source")),
    )
    op.create_index(op.f("ix_trade_figure_source_source_id"), "trade_figure_source",
                    ["source_id"])
    op.execute("INSERT INTO trade_figure_source (trade_figure_id, source_id, position) "
               "SELECT trade_figure_id, source_id, 0 FROM trade_figure_source_move")
    op.drop_table("trade_figure_source_move")
    op.execute("UPDATE trade_figure SET coverage = 'services' "
               "WHERE upper(commodity_code) = 'SERVICES'")
    op.execute("UPDATE trade_figure SET coverage = 'goods-and-services' "
               "WHERE lower(commodity_label) LIKE '%goods and services%'")
    for restated, first in _SAMPLE_RESTATED:
        op.execute(sa.text(
            "UPDATE trade_figure SET supersedes_id = (SELECT f.id FROM trade_figure f WHERE "
            "f.origin_dataset = 'sample' AND f.origin_id = :first) "
            "WHERE origin_dataset = 'sample' AND origin_id = :restated")
            .bindparams(first=first, restated=restated))


def downgrade() -> None:
    with op.batch_alter_table("trade_figure") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
    op.execute("UPDATE trade_figure SET source_id = (SELECT l.source_id FROM "
               "trade_figure_source l WHERE l.trade_figure_id = trade_figure.id "
               "ORDER BY l.position LIMIT 1)")
    op.drop_index(op.f("ix_trade_figure_source_source_id"), "trade_figure_source")
    op.drop_table("trade_figure_source")
    with op.batch_alter_table("trade_figure") as batch:
        batch.drop_index(op.f("ix_trade_figure_supersedes_id"))
        batch.drop_constraint(op.f("fk_trade_figure_supersedes_id_trade_figure"),
                              type_="foreignkey")
        batch.drop_column("supersedes_id")
        batch.drop_column("coverage")
