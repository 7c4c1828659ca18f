"""Sources written by hand: an article pasted by an officer, kept with its text."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from viewer.domain.model import Source
from viewer.store import schema as s
from viewer.store.history import changed_by, record


def add_source(conn: Connection, source: Source, text: str | None = None) -> int:
    """The id of the source with this outlet and link, made when there is none; its stored
    text is filled in when it had none."""
    src = s.Source
    found = conn.execute(select(src.id, src.text).where(
        src.outlet == source.outlet,
        src.url.is_(None) if source.url is None else src.url == source.url)).first()
    if found is not None:
        if text and not found.text:
            conn.execute(update(src).where(src.id == found.id).values(text=text))
        return int(found.id)
    new_id = conn.execute(insert(src).values(
        outlet=source.outlet, url=source.url, title=source.title, published=source.published,
        language=source.language, text=text).returning(src.id)).scalar_one()
    record(conn, "source", new_id, "created", changed_by(conn), None,
           {"outlet": source.outlet, "url": source.url, "title": source.title})
    return int(new_id)
