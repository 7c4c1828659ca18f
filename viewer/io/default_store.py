"""The store a command or the GUI opens: the one named by --db, or the user's own store,
created and filled with the sample dataset on first use."""

from __future__ import annotations

from viewer.store.engine import Store


def open_or_create_default(db: str | None, *, read_only: bool = False) -> Store:
    """Open the store named by --db, or the user's default store (created and filled once)."""
    from viewer.store import open_store

    if db:
        return open_store(db, read_only=read_only)
    from viewer.paths import default_store_path

    path = default_store_path()
    if path.exists() and path.stat().st_size > 0:
        return open_store(path, read_only=read_only)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_store(str(path), empty=False)


def create_store(db: str, *, empty: bool) -> Store:
    """Create (or open) a store and, unless empty, fill it with the sample data.

    A new SQLite file appears whole or not at all; an existing store or a database server
    gets the sample in one transaction.
    """
    from viewer.io.new_store_file import build_then_rename, new_sqlite_file
    from viewer.store import open_store

    path = new_sqlite_file(db)
    if path is None:
        return _fill(db, empty=empty)
    build_then_rename(path, lambda build: _fill(build, empty=empty).close())
    return open_store(path)


def _fill(db: str, *, empty: bool) -> Store:
    from viewer.io.sample import load_sample
    from viewer.store import open_store

    store = open_store(db, create=True)
    try:
        if not empty:
            load_sample(store)
    except BaseException:
        store.close()
        raise
    return store
