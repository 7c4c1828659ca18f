"""The change history: every change to a row, who made it, when, and the values it changed.

Hand edits record the fields that changed, old and new; an import records one change per
row it adds or changes, tied to its import batch, so a row's history says where each
version came from.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select

from viewer.domain.edits import ChangeRecord
from viewer.store import schema as s
from viewer.store.bulk import copy_rows


def changed_by(conn: Connection) -> str:
    """Who is writing: the database role on a server, the computer's user on a file."""
    if conn.dialect.name == "postgresql":
        return str(conn.exec_driver_sql("SELECT current_user").scalar())
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return "unknown"


def record(conn: Connection, entity: str, entity_id: int, action: str, who: str,
           old: dict | None = None, new: dict | None = None) -> None:
    """One hand change of one row."""
    conn.execute(insert(s.ChangeLog).values(
        changed_by=who, entity=entity, entity_id=entity_id, action=action,
        old_values=_json(old), new_values=_json(new)))


def record_import(conn: Connection, entity: str, entity_ids: Sequence[int], action: str,
                  who: str, batch_id: int | None) -> None:
    """One change per row an import added ("imported") or changed ("re-imported")."""
    copy_rows(conn, "change_log",
              ("changed_by", "entity", "entity_id", "action", "import_batch_id"),
              [(who, entity, int(i), action, batch_id) for i in entity_ids])


def history(conn: Connection, entity: str, entity_id: int) -> list[ChangeRecord]:
    """The changes of one row, oldest first."""
    c = s.ChangeLog
    rows = conn.execute(select(c.changed_at, c.changed_by, c.action, c.import_batch_id,
                               c.old_values, c.new_values)
                        .where(c.entity == entity, c.entity_id == entity_id).order_by(c.id))
    return [ChangeRecord(entity, entity_id, action, at, who, batch,
                         json.loads(old) if old else {}, json.loads(new) if new else {})
            for at, who, action, batch, old, new in rows]


def _json(values: dict | None) -> str | None:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str) \
        if values else None
