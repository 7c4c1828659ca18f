"""editing by hand: officers' notes, versions on every edited row, annotations, history

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Events and trade figures get an officer's note; trade figures, sources, actors and eras
a version, so that an edit made against an older version is caught. `annotation` holds
dated notes that stand on the timeline by themselves; `change_log` records every change:
who, when, the old and the new values. The search index is rebuilt with its notes column.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_VERSIONED = ("trade_figure", "source", "actor", "era")


def upgrade() -> None:
    from viewer.store.search import rebuild_index

    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("officer_note", sa.Text(), nullable=True))
    with op.batch_alter_table("trade_figure") as batch:
        batch.add_column(sa.Column("officer_note", sa.Text(), nullable=True))
    for table in _VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))
    op.create_table(
        "annotation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("start_day", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation")),
    )
    op.create_index(op.f("ix_annotation_start_day"), "annotation", ["start_day"])
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=True),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_entity", "change_log", ["entity", "entity_id", "id"])
    rebuild_index(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_change_log_entity", "change_log")
    op.drop_table("change_log")
    op.drop_index(op.f("ix_annotation_start_day"), "annotation")
    op.drop_table("annotation")
    for table in _VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    with op.batch_alter_table("trade_figure") as batch:
        batch.drop_column("officer_note")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("officer_note")
