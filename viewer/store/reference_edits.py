"""Sources, actors and eras edited by hand: list, create, edit, delete and restore, each
checked against the version read and recorded in the change history. A source or actor
that events or figures cite is not deleted (they would lose it)."""

from __future__ import annotations

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from viewer.domain.edits import DeletedRow, EditConflict, changed_fields
from viewer.domain.reference_rows import ENTITIES, ReferenceRow
from viewer.store import schema as s
from viewer.store.engine import StoreError
from viewer.store.history import changed_by, record
from viewer.store.search import reindex_events

_TABLES = {"source": s.Source, "actor": s.Actor, "era": s.Era}
# Rows that cite each entity: (link table, column)
_CITED_BY = {"source": ((s.EventSource, "source_id"), (s.TradeFigureSource, "source_id"),
                        (s.Era, "source_id")),
             "actor": ((s.EventActor, "actor_id"),), "era": ()}
# Text the search index holds for events: editing it re-indexes the events citing it.
_INDEXED = {"source": ("outlet", "title"), "actor": ("name", "native_name")}


def _table(entity: str) -> Table:
    return _TABLES[entity].__table__  # type: ignore[return-value]


def _columns(entity: str) -> list[str]:
    return [spec.name for spec in ENTITIES[entity][1]]


def _uses(conn: Connection, entity: str, row_id: int) -> int:
    return sum(conn.scalar(select(func.count()).select_from(model).where(
        getattr(model, column) == row_id)) or 0 for model, column in _CITED_BY[entity])


def rows(conn: Connection, entity: str) -> list[ReferenceRow]:
    """Every row of the entity, by its first field."""
    t = _table(entity)
    names = _columns(entity)
    stmt = select(t.c.id, t.c.version, *(t.c[n] for n in names)).order_by(t.c[names[0]], t.c.id)
    return [ReferenceRow(entity, r[0], r[1], dict(zip(names, r[2:], strict=True)))
            for r in conn.execute(stmt)]


def row(conn: Connection, entity: str, row_id: int) -> ReferenceRow | None:
    t = _table(entity)
    names = _columns(entity)
    found = conn.execute(select(t.c.id, t.c.version, *(t.c[n] for n in names))
                         .where(t.c.id == row_id)).first()
    if found is None:
        return None
    return ReferenceRow(entity, found[0], found[1], dict(zip(names, found[2:], strict=True)),
                        _uses(conn, entity, row_id))


def _check(conn: Connection, entity: str, row_id: int, version: int) -> ReferenceRow:
    stored = row(conn, entity, row_id)
    if stored is None or stored.version != version:
        raise EditConflict(entity, row_id, stored, stored.version if stored else None)
    return stored


def create_row(conn: Connection, entity: str, values: dict) -> ReferenceRow:
    t = _table(entity)
    new_id = conn.execute(insert(t).values(**values).returning(t.c.id)).scalar_one()
    record(conn, entity, new_id, "created", changed_by(conn), None, _plain(values))
    created = row(conn, entity, new_id)
    assert created is not None
    return created


def update_row(conn: Connection, entity: str, row_id: int, values: dict,
               version: int) -> ReferenceRow:
    before = _check(conn, entity, row_id, version)
    old, new = changed_fields(_plain(before.values), _plain(values))
    if not new:
        return before
    t = _table(entity)
    conn.execute(update(t).where(t.c.id == row_id).values(**values, version=t.c.version + 1))
    record(conn, entity, row_id, "edited", changed_by(conn), old, new)
    if set(new) & set(_INDEXED.get(entity, ())):
        # The events citing it carry its words in their search documents.
        link, column = _CITED_BY[entity][0]
        reindex_events(conn, list(conn.scalars(select(link.event_id).where(
            getattr(link, column) == row_id))))
    after = row(conn, entity, row_id)
    assert after is not None
    return after


def delete_row(conn: Connection, entity: str, row_id: int, version: int) -> DeletedRow:
    before = _check(conn, entity, row_id, version)
    if before.uses:
        raise StoreError(f"“{before.label()}” is cited by {before.uses:,} rows; it cannot be "
                         "deleted while they cite it")
    t = _table(entity)
    columns = dict(conn.execute(select(t).where(t.c.id == row_id)).one()._mapping)
    conn.execute(delete(t).where(t.c.id == row_id))
    record(conn, entity, row_id, "deleted", changed_by(conn), _plain(before.values), None)
    return DeletedRow(entity, row_id, before, columns)


def restore_row(conn: Connection, deleted: DeletedRow) -> ReferenceRow:
    columns = {**deleted.columns, "version": int(deleted.columns["version"]) + 1}
    conn.execute(insert(_table(deleted.entity)).values(columns))
    record(conn, deleted.entity, deleted.entity_id, "restored", changed_by(conn), None,
           _plain(deleted.value.values))  # type: ignore[attr-defined]
    restored = row(conn, deleted.entity, deleted.entity_id)
    assert restored is not None
    return restored


def _plain(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
