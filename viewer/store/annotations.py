"""Officers' dated annotations on the timeline: read, create, edit, delete, restore."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from viewer.domain.edits import DeletedRow, EditConflict
from viewer.domain.model import Annotation
from viewer.domain.periods import day_number
from viewer.store import schema as s
from viewer.store.history import changed_by, record

_a = s.Annotation


def _fields(a: Annotation) -> dict:
    return {"text": a.text, "start": a.start.isoformat(),
            "end": a.end.isoformat() if a.end else None}


def annotations(conn: Connection) -> list[Annotation]:
    """Every annotation, oldest date first."""
    return [Annotation(r.text, r.start_date, r.end_date, r.id, r.version, r.created_by)
            for r in conn.execute(select(_a).order_by(_a.start_day, _a.id))]


def _stored(conn: Connection, annotation_id: int) -> Annotation | None:
    found = [a for a in annotations(conn) if a.id == annotation_id]
    return found[0] if found else None


def _check(conn: Connection, annotation_id: int, version: int) -> Annotation:
    stored = _stored(conn, annotation_id)
    if stored is None or stored.version != version:
        raise EditConflict("annotation", annotation_id, stored,
                           stored.version if stored else None)
    return stored


def create_annotation(conn: Connection, a: Annotation) -> Annotation:
    who = changed_by(conn)
    new_id = conn.execute(insert(_a).values(
        start_date=a.start, end_date=a.end, start_day=day_number(a.start), text=a.text,
        created_by=who).returning(_a.id)).scalar_one()
    record(conn, "annotation", new_id, "created", who, None, _fields(a))
    return Annotation(a.text, a.start, a.end, new_id, 1, who)


def update_annotation(conn: Connection, a: Annotation, version: int) -> Annotation:
    assert a.id is not None
    before = _check(conn, a.id, version)
    conn.execute(update(_a).where(_a.id == a.id).values(
        start_date=a.start, end_date=a.end, start_day=day_number(a.start), text=a.text,
        version=_a.version + 1))
    record(conn, "annotation", a.id, "edited", changed_by(conn), _fields(before), _fields(a))
    return Annotation(a.text, a.start, a.end, a.id, version + 1, before.created_by)


def delete_annotation(conn: Connection, annotation_id: int, version: int) -> DeletedRow:
    before = _check(conn, annotation_id, version)
    columns = dict(conn.execute(select(_a.__table__).where(_a.id == annotation_id))
                   .one()._mapping)
    conn.execute(delete(_a).where(_a.id == annotation_id))
    record(conn, "annotation", annotation_id, "deleted", changed_by(conn), _fields(before),
           None)
    return DeletedRow("annotation", annotation_id, before, columns)


def restore_annotation(conn: Connection, deleted: DeletedRow) -> Annotation:
    columns = {**deleted.columns, "version": int(deleted.columns["version"]) + 1}
    conn.execute(insert(_a).values(columns))
    record(conn, "annotation", deleted.entity_id, "restored", changed_by(conn), None,
           _fields(deleted.value))  # type: ignore[arg-type]
    restored = _stored(conn, deleted.entity_id)
    assert restored is not None
    return restored
