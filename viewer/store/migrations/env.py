"""Alembic environment: always run programmatically by viewer.store.engine with a connection."""

from __future__ import annotations

from alembic import context

from viewer.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line during development: use the URL given.
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
