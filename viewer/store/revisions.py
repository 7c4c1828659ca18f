"""Schema revisions read without Alembic, so that opening an up-to-date store stays fast.

Importing Alembic costs a few tenths of a second; it is needed only when a store must be
created or upgraded, or when the scripts or the stored version look unusual.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Connection

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|["']([^"']+)["'])\s*$""", re.M)


@cache
def script_head() -> str | None:
    """The one head of the migration scripts; None when that takes Alembic to work out."""
    known: set[str] = set()
    downs: set[str] = set()
    for path in sorted(VERSIONS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return None
        known.add(revision.group(1))
        if down.group(1):
            downs.add(down.group(1))
    heads = known - downs
    return next(iter(heads)) if len(heads) == 1 and downs <= known else None


def stored_revision(conn: Connection, tables: set[str]) -> str | None:
    """The store's single recorded revision; None when there is none or several."""
    if "alembic_version" not in tables:
        return None
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(rows[0][0]) if len(rows) == 1 else None
