"""Full-text search over events, the same words and answers on SQLite and PostgreSQL.

SQLite keeps an FTS5 table (`event_fts`, rowid = event id); PostgreSQL keeps a table of
tsvectors (`event_search`) with a GIN index. Both hold the words `search_text.words`
makes of the same six columns (title, summary, actors, sources, tags, the officers'
notes), and a query is
parsed once (`search_query.parse`) and compiled for each: an FTS5 MATCH expression, or
a tsquery over column-tagged lexemes ('t.kabul' is "kabul" in the title), so column
filters, phrases and prefixes mean the same on both.

Not kept in sync by triggers, which make bulk inserts 10x slower (DESIGN §8): the event
writer indexes each chunk it stores, in the same transaction, and `rebuild_index`
rebuilds it all. User text is always bound as a parameter, never spliced into SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

from viewer.domain.search_query import (
    COLUMN_WEIGHTS,
    All,
    Any,
    Node,
    Term,
    in_column,
    parse,
)
from viewer.domain.search_text import COLUMNS, SearchDocument, normalized, words
from viewer.store.bulk import copy_rows

FTS_TABLE = "event_fts"
PG_TABLE = "event_search"
RANK_AT_MOST = 20_000  # matches; beyond this, results come newest first instead of by rank
_TAG = {"title": "t", "summary": "s", "actors": "a", "sources": "o", "tags": "g", "notes": "n"}
_MAX_POSITION = 16383  # PostgreSQL's largest word position

CREATE_FTS_SQL = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                  "title, summary, actors, sources, tags, notes, "
                  "tokenize = 'unicode61 remove_diacritics 2')")


# -- compiling a query ------------------------------------------------------------------

def _tree(query: str | Node) -> Node:
    return parse(query) if isinstance(query, str) else query


def fts_query(query: str | Node) -> str:
    """The FTS5 MATCH expression of a search text (SearchSyntaxError when unreadable)."""
    node = _tree(query)
    if isinstance(node, Term):
        phrase = '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
        return f"{node.column} : {phrase}" if node.column else phrase
    if isinstance(node, All):
        return "(" + " AND ".join(fts_query(p) for p in node.parts) + ")"
    if isinstance(node, Any):
        return "(" + " OR ".join(fts_query(p) for p in node.parts) + ")"
    return f"({fts_query(node.keep)} NOT {fts_query(node.drop)})"


def ts_query(query: str | Node) -> str:
    """The tsquery text of a search text, over the column-tagged lexemes of `tsvector_text`."""
    node = _tree(query)
    if isinstance(node, Term):
        options = []
        for column in (node.column,) if node.column else COLUMNS:
            lexemes = [f"'{_TAG[column]}.{w}'" for w in node.words]
            if node.prefix:
                lexemes[-1] += ":*"
            options.append(" <-> ".join(lexemes))
        return options[0] if len(options) == 1 else "(" + " | ".join(options) + ")"
    if isinstance(node, All):
        return "(" + " & ".join(ts_query(p) for p in node.parts) + ")"
    if isinstance(node, Any):
        return "(" + " | ".join(ts_query(p) for p in node.parts) + ")"
    return f"({ts_query(node.keep)} & !{ts_query(node.drop)})"


def check_query(query: str) -> None:
    """Raise SearchSyntaxError when a search text cannot be read; needs no store."""
    parse(query)


# -- documents --------------------------------------------------------------------------

def tsvector_text(doc: SearchDocument) -> str:
    """A document as tsvector input: each word tagged with its column, at its position."""
    parts: list[str] = []
    for column, value in zip(COLUMNS, doc[1:], strict=True):
        tag = _TAG[column]
        parts += [f"'{tag}.{w}':{min(i, _MAX_POSITION)}"
                  for i, w in enumerate(words(value), start=1)]
    return " ".join(parts)


def write_documents(conn: Connection, documents: Iterable[SearchDocument]) -> None:
    """Index documents a writer built from the rows it just stored (old ones deleted first)."""
    if conn.dialect.name == "sqlite":
        # FTS5 reads the same words from plain ASCII text as `words` makes: only the rest
        # is normalised here (measured: half the cost of reading it back with joins).
        rows = [d if d.is_plain() else (d[0], *map(normalized, d[1:])) for d in documents]
        copy_rows(conn, FTS_TABLE, ("rowid", *COLUMNS), rows)
        return
    copy_rows(conn, PG_TABLE, ("event_id", "document"),
              [(d.event_id, tsvector_text(d)) for d in documents])


def delete_documents(conn: Connection, event_ids: Sequence[int]) -> None:
    """Drop the documents of these events (before they are written again)."""
    ids = [int(i) for i in event_ids]
    table, key = (FTS_TABLE, "rowid") if conn.dialect.name == "sqlite" else (PG_TABLE, "event_id")
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE {key} IN ({','.join(map(str, part))})")


def _documents_sql(dialect: str, where: str = "") -> str:
    """Every event's five columns of text as the writer makes them, linked rows in a fixed
    order (actors by role and name, sources by id, tags by name)."""
    if dialect == "sqlite":
        def agg(inner: str) -> str:
            return f"(SELECT group_concat(x, ' ') FROM ({inner}))"
    else:
        def agg(inner: str) -> str:
            return f"(SELECT string_agg(x, ' ') FROM ({inner}) q)"
    actors = agg("SELECT a.name || CASE WHEN coalesce(a.native_name, '') = '' THEN '' "
                 "ELSE ' ' || a.native_name END AS x FROM event_actor ea "
                 "JOIN actor a ON a.id = ea.actor_id WHERE ea.event_id = e.id "
                 "ORDER BY ea.role, a.name, a.id")
    sources = agg("SELECT s.outlet || CASE WHEN coalesce(s.title, '') = '' THEN '' "
                  "ELSE ' ' || s.title END AS x FROM event_source es "
                  "JOIN source s ON s.id = es.source_id WHERE es.event_id = e.id ORDER BY s.id")
    tags = agg("SELECT t.tag AS x FROM event_tag t WHERE t.event_id = e.id ORDER BY t.tag")
    return (f"SELECT e.id, e.title, coalesce(e.summary, ''), coalesce({actors}, ''), "
            f"coalesce({sources}, ''), coalesce({tags}, ''), coalesce(e.officer_note, '') "
            f"FROM event e {where} ORDER BY e.id")


def documents(conn: Connection) -> list[SearchDocument]:
    """What the index holds of every event, built afresh from the tables."""
    return [SearchDocument(*r) for r in conn.exec_driver_sql(_documents_sql(conn.dialect.name))]


def reindex_events(conn: Connection, event_ids: Sequence[int]) -> None:
    """Index these events again from the tables (an actor or source they cite changed)."""
    ids = sorted({int(i) for i in event_ids})
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        delete_documents(conn, part)
        rows = conn.exec_driver_sql(_documents_sql(
            conn.dialect.name, f"WHERE e.id IN ({','.join(map(str, part))})")).all()
        write_documents(conn, [SearchDocument(*r) for r in rows])


def rebuild_index(conn: Connection, chunk: int = 5000) -> int:
    """Rebuild the whole index from the tables; returns the number of events indexed."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        conn.exec_driver_sql(CREATE_FTS_SQL)
    else:
        conn.exec_driver_sql(f"DELETE FROM {PG_TABLE}")
        # Fresh statistics: after a bulk load the planner would scan the link tables once
        # per event (measured: 15 s instead of 0.35 s for 20,000 events).
        conn.exec_driver_sql("ANALYZE event, event_country, event_actor, actor, event_source, "
                             "source, event_tag")
    written = 0
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(_documents_sql(conn.dialect.name))
        while rows := cursor.fetchmany(chunk):
            write_documents(conn, [SearchDocument(*r) for r in rows])
            written += len(rows)
    finally:
        cursor.close()
    if sqlite:
        # Merge the b-trees written by the load into one, so queries read one segment.
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    else:
        conn.exec_driver_sql(f"ANALYZE {PG_TABLE}")
    return written


# -- matching ---------------------------------------------------------------------------

def _match_sql(dialect: str, param: str) -> str:
    """The ids of the events matching the compiled query bound as `param`."""
    if dialect == "sqlite":
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {param}"
    return f"SELECT event_id FROM {PG_TABLE} WHERE document @@ CAST({param} AS tsquery)"


def _compiled(dialect: str, node: Node) -> str:
    return fts_query(node) if dialect == "sqlite" else ts_query(node)


class EventMatches(ColumnElement[bool]):
    """`event.id` is among the events matching a search, compiled for each dialect."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, node: Node, column) -> None:  # noqa: ANN001
        self.node = node
        self.column = column


@compiles(EventMatches)
def _compile_matches(element: EventMatches, compiler, **kw) -> str:  # noqa: ANN001
    dialect = compiler.dialect.name
    param = compiler.process(bindparam(None, _compiled(dialect, element.node)), **kw)
    return f"{compiler.process(element.column, **kw)} IN ({_match_sql(dialect, param)})"


def event_matches(query: str, column=None) -> EventMatches:  # noqa: ANN001
    """A WHERE clause: the event id column is among the events matching `query`."""
    if column is None:
        from viewer.store import schema as s

        column = s.Event.id
    return EventMatches(parse(query), column)  # bad syntax raises here, not deep in a query


def count_matches(conn: Connection, query: str, at_most: int | None = None) -> int:
    """How many events match, counting no further than `at_most` (a common word matches
    hundreds of thousands; deciding how to order them needs only to know it is many)."""
    node = parse(query)
    dialect = conn.dialect.name
    limit = "" if at_most is None else f" LIMIT {int(at_most)}"
    return conn.execute(text(f"SELECT count(*) FROM ({_match_sql(dialect, ':q')}{limit}) m"),
                        {"q": _compiled(dialect, node)}).scalar_one()


def matching_ids(conn: Connection, query: str) -> list[int]:
    """Every id the index matches, unordered; for counting and masks, not for showing."""
    node = parse(query)
    dialect = conn.dialect.name
    return list(conn.execute(text(_match_sql(dialect, ":q")),
                             {"q": _compiled(dialect, node)}).scalars())


def search_event_ids(conn: Connection, query: str, limit: int | None = 1000,
                     ranked: bool = True, rank_at_most: int = RANK_AT_MOST) -> list[int]:
    """Ids of the events matching `query`, best first: a title hit counts most, then
    actors, tags, summary and sources (`COLUMN_WEIGHTS`), equal scores newest first.
    When more than `rank_at_most` match (and a limit is set) they come newest stored
    first (highest id), which both indexes read in order and stop; unranked, in no set
    order. Bad syntax raises SearchSyntaxError."""
    node = parse(query)
    dialect = conn.dialect.name
    params: dict = {"q": _compiled(dialect, node)}
    matches = _match_sql(dialect, ":q")
    limit_sql = "" if limit is None else " LIMIT :limit"
    params["limit"] = limit
    if not ranked:
        return list(conn.execute(text(f"SELECT e.id FROM event e WHERE e.id IN ({matches})"
                                      f"{limit_sql}"), params).scalars())
    if limit is not None and count_matches(conn, query, rank_at_most + 1) > rank_at_most:
        if dialect == "sqlite":
            sql = (f"SELECT f.rowid FROM {FTS_TABLE} f JOIN event e ON e.id = f.rowid "
                   f"WHERE {FTS_TABLE} MATCH :q ORDER BY f.rowid DESC LIMIT :limit")
        else:
            sql = (f"SELECT d.event_id FROM {PG_TABLE} d WHERE d.document @@ CAST(:q AS "
                   "tsquery) ORDER BY d.event_id DESC LIMIT :limit")
        return list(conn.execute(text(sql), params).scalars())
    terms = []
    for column, weight in COLUMN_WEIGHTS.items():
        restricted = in_column(node, column)
        if restricted is not None:
            params[f"q_{column}"] = _compiled(dialect, restricted)
            terms.append(f"CASE WHEN e.id IN ({_match_sql(dialect, ':q_' + column)}) "
                         f"THEN {weight} ELSE 0 END")
    # Without a positive term in any column (`tags:+NOT x`) there is no score; an ORDER BY
    # of a bare constant would be read by SQLite as a column number.
    score = f"({' + '.join(terms)}) DESC, " if terms else ""
    order = f"{score}e.start_day DESC, e.id DESC"
    sql = f"SELECT e.id FROM event e WHERE e.id IN ({matches}) ORDER BY {order}{limit_sql}"
    return list(conn.execute(text(sql), params).scalars())


def indexed_count(conn: Connection) -> int:
    """How many documents the index holds."""
    table = FTS_TABLE if conn.dialect.name == "sqlite" else PG_TABLE
    return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
