"""The store: SQLAlchemy models, engine and URL handling, migrations, queries. No Qt."""

from viewer.store.engine import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
