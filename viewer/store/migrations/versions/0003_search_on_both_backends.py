"""search index on PostgreSQL, app-made search words on both backends, change counter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

PostgreSQL gets a table of tsvectors with a GIN index, holding the words the app makes
(as SQLite's FTS5 table now does), so both backends answer a search alike; a later
revision fills both indexes, once the documents have every column they index. `store_change` holds one counter that every write transaction raises,
so an open window can tell that another officer changed the store.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


_SORTED_TEXT = (("event", "title"), ("actor", "name"), ("source", "outlet"),
                ("event_tag", "tag"), ("trade_figure", "commodity_label"))
_TYPES = {"title": "text", "name": "varchar(300)", "outlet": "varchar(300)",
          "tag": "varchar(120)", "commodity_label": "varchar(300)"}


def upgrade() -> None:
    op.create_table(
        "store_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_change")),
    )
    op.execute("INSERT INTO store_change (id, counter) VALUES (1, 0)")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Text sorts byte-wise, as SQLite's BINARY collation does, so that pages sorted by
        # title or actor come in the same order on both backends.
        for table, column in _SORTED_TEXT:
            op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {_TYPES[column]} '
                       'COLLATE "C"')
        op.execute("CREATE TABLE event_search (event_id integer PRIMARY KEY "
                   "REFERENCES event (id) ON DELETE CASCADE, document tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_event_search_document ON event_search USING gin (document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE event_search")
    op.drop_table("store_change")
