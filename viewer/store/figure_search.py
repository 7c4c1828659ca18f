"""Trade figures found by their notes: the officer's note (`notes:`) and the note the
source gave (`summary:`), searched with the events' query language. Few figures carry a
note, so they are read and matched here rather than kept in an index."""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from viewer.domain.search_query import matches, parse
from viewer.domain.search_text import words
from viewer.store import schema as s


def figure_ids_matching(conn: Connection, query: str) -> set[int]:
    """Ids of the figures whose notes match a search text (SearchSyntaxError if bad)."""
    node = parse(query)
    t = s.TradeFigure
    rows = conn.execute(select(t.id, t.officer_note, t.note).where(
        or_(t.officer_note.is_not(None), t.note.is_not(None))))
    return {figure_id for figure_id, mine, theirs in rows
            if matches(node, {"notes": words(mine), "summary": words(theirs)})}
