"""event search index and table sort indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The FTS5 table is made here; revision 0003 fills it for the events already stored, and
writers keep it current as they store each chunk (no triggers, DESIGN §8).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sorting the events table by title or type reads these instead of sorting 1M rows.
    op.create_index("ix_event_title", "event", ["title"])
    op.create_index("ix_event_type_start_day", "event", ["type", "start_day"])
    # Events that start before a window and run into it (few have an end at all).
    op.create_index("ix_event_end_day", "event", ["end_day", "start_day"],
                    sqlite_where=sa.text("end_day IS NOT NULL"),
                    postgresql_where=sa.text("end_day IS NOT NULL"))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5(title, summary, "
                   "actors, sources, tags, tokenize = 'unicode61 remove_diacritics 2')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS event_fts")
    op.drop_index("ix_event_end_day", "event")
    op.drop_index("ix_event_type_start_day", "event")
    op.drop_index("ix_event_title", "event")
