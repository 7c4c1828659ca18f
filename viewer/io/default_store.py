"""The store a command or the GUI opens: the one named by --db, or the user's own store,
created and filled with the sample dataset on first use."""

from __future__ import annotations

from viewer.store.service import StoreService


def open_or_create_default(db: str | None, *, read_only: bool = False) -> StoreService:
    """Open the store named by --db, or the user's default store (created and filled once)."""
    if db:
        return StoreService.open(db, read_only=read_only)
    from viewer.paths import default_store_path

    path = default_store_path()
    if path.exists() and path.stat().st_size > 0:
        return StoreService.open(path, read_only=read_only)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_store(str(path), empty=False)


def create_store(db: str, *, empty: bool) -> StoreService:
    """Create (or open) a store and, unless empty, fill it with the sample data.

    A new SQLite file appears whole or not at all; an existing store or a database server
    gets the sample in one transaction.
    """
    from viewer.io.new_store_file import build_then_rename, new_sqlite_file

    path = new_sqlite_file(db)
    if path is None:
        return _fill(db, empty=empty)
    build_then_rename(path, lambda build: _fill(build, empty=empty).close())
    return StoreService.open(path)


def _fill(db: str, *, empty: bool) -> StoreService:
    from viewer.io.sample import load_sample

    service = StoreService.open(db, create=True)
    try:
        if not empty:
            load_sample(service)
    except BaseException:
        service.close()
        raise
    return service
