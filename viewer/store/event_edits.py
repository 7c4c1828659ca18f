"""Events written by hand: create, edit, delete and restore one at a time, each checked
against the version the officer's editor read, each recorded in the change history."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select

from viewer.domain.edits import DeletedRow, EditConflict, changed_fields, event_fields
from viewer.domain.model import Event
from viewer.store import schema as s
from viewer.store.event_reader import event_select, read_events
from viewer.store.history import changed_by, record
from viewer.store.search import delete_documents
from viewer.store.writer import EventWriter


def _stored(conn: Connection, event_id: int) -> tuple[Event, int] | None:
    found = read_events(conn, event_select().where(s.Event.id == event_id))
    if not found:
        return None
    version = conn.scalar(select(s.Event.version).where(s.Event.id == event_id))
    return found[0], int(version)


def _check(conn: Connection, event_id: int, version: int) -> Event:
    """The stored event, when it is still at the version the editor read."""
    stored = _stored(conn, event_id)
    if stored is None:
        raise EditConflict("event", event_id, None, None)
    event, current = stored
    if current != version:
        raise EditConflict("event", event_id, event, current)
    return event


def create_event(conn: Connection, event: Event) -> int:
    """A new event; returns its id."""
    event_id = EventWriter(conn, keep_ids=False).write_one(event)
    record(conn, "event", event_id, "created", changed_by(conn), None,
           event_fields(event))
    return event_id


def update_event(conn: Connection, event_id: int, event: Event, version: int) -> int:
    """Write the officer's edit over the event read at `version`; returns the new version.

    EditConflict when another writer changed or deleted it since.
    """
    before = _check(conn, event_id, version)
    old, new = changed_fields(event_fields(before), event_fields(event))
    if not new:
        return version
    EventWriter(conn, keep_ids=False).write_one(event, event_id)
    record(conn, "event", event_id, "edited", changed_by(conn), old, new)
    return version + 1


def delete_event(conn: Connection, event_id: int, version: int) -> DeletedRow:
    """Delete the event read at `version`; returns it whole, for an undo."""
    before = _check(conn, event_id, version)
    table = s.Event.__table__
    columns = dict(conn.execute(select(table).where(table.c.id == event_id)).one()._mapping)
    delete_documents(conn, [event_id])
    conn.execute(delete(s.Event).where(s.Event.id == event_id))
    record(conn, "event", event_id, "deleted", changed_by(conn), event_fields(before), None)
    return DeletedRow("event", event_id, before, columns)


def restore_event(conn: Connection, deleted: DeletedRow) -> int:
    """Put a deleted event back as it was, under its own id (the undo of a delete);
    returns its version."""
    event = deleted.value
    assert isinstance(event, Event)
    if conn.scalar(select(s.Event.id).where(s.Event.id == deleted.entity_id)) is not None:
        raise EditConflict("event", deleted.entity_id, None, None)
    version = int(deleted.columns["version"]) + 1
    conn.execute(s.Event.__table__.insert().values({**deleted.columns, "version": version}))
    EventWriter(conn, keep_ids=False).replace_links(event, deleted.entity_id)
    record(conn, "event", deleted.entity_id, "restored", changed_by(conn), None,
           event_fields(event))
    return version
