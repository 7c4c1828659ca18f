"""Full-text search over events: an SQLite FTS5 index, or tsvector matching on PostgreSQL.

The index (`event_fts`, one row per event keyed by rowid = event id) holds the title,
summary, actor names (with native names), source outlets and titles, and tags. Not kept
in sync by triggers, which make bulk inserts 10x slower (DESIGN §8): the event writer
indexes each chunk it stores (`write_documents`), in the same transaction, and
`rebuild_index(conn)` rebuilds it all.
User text is always bound as a parameter, never spliced into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

from viewer.store.engine import Store

FTS_TABLE = "event_fts"
CHUNK = 900
RANK_AT_MOST = 20_000  # matches; beyond this, results come newest first instead of by rank

HINT = ('Words match anywhere (kabul torkham); "quoted words" match a phrase; kabul* matches '
        "words starting with kabul; AND, OR, NOT in capitals combine terms; close every quote "
        "and bracket.")

# Arabic-script marks that writers add or leave out at will (harakat, superscript alef,
# Quranic marks), the tatweel and the zero-width non-joiner: folded away on both sides
# so that Urdu, Pashto and Dari words match however they were typed.
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]")
# Arabic letters that Urdu/Persian keyboards write with their own code points.
_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})
_BAREWORD = re.compile(r"^[\w\u0080-\U0010ffff]+$")
_COLUMN = re.compile(r"^(title|summary|actors|sources|tags):(.+)$")
_OPERATORS = {"AND", "OR", "NOT"}


class SearchSyntaxError(ValueError):
    """A search text the index cannot read; `hint` says how to write one."""

    def __init__(self, query: str, detail: str) -> None:
        super().__init__(f"cannot search for {query!r}: {detail}. {HINT}")
        self.query = query
        self.detail = detail
        self.hint = HINT


def fold(value: str | None) -> str:
    """Text as it goes into the index and into queries: Arabic-script marks folded away."""
    if not value:
        return ""
    if value.isascii():
        return value
    return _MARKS.sub("", value).translate(_LETTERS)


@dataclass(frozen=True, slots=True)
class _Term:
    kind: str  # word, phrase, op, open, close
    text: str
    prefix: bool = False
    column: str | None = None


def _terms(query: str) -> list[_Term]:
    """Split user text into words, phrases, operators and brackets; unclosed quotes raise."""
    terms: list[_Term] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            terms.append(_Term("open" if ch == "(" else "close", ch))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise SearchSyntaxError(query, "a quote is not closed")
            j = end + 1
            prefix = j < n and query[j] == "*"
            terms.append(_Term("phrase", query[i + 1:end], prefix))
            i = j + 1 if prefix else j
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            chunk = query[i:j]
            i = j
            if chunk in _OPERATORS:
                terms.append(_Term("op", chunk))
                continue
            column = None
            match = _COLUMN.match(chunk)
            if match:
                column, chunk = match.group(1), match.group(2)
            prefix = chunk.endswith("*")
            word = chunk.rstrip("*")
            if not word:
                raise SearchSyntaxError(query, "a * must follow the start of a word")
            terms.append(_Term("word", word, prefix, column))
    _check_structure(query, terms)
    return terms


def _check_structure(query: str, terms: list[_Term]) -> None:
    """Brackets balanced, operators between two operands: else a hint, not an index error."""
    depth = 0
    previous = "start"  # start, open, op, operand
    for t in terms:
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
            if depth < 0:
                raise SearchSyntaxError(query, "a ')' has no '(' before it")
            if previous in ("open", "op"):
                raise SearchSyntaxError(query, "a bracket or operator has nothing after it")
        elif t.kind == "op":
            if previous in ("start", "open", "op"):
                raise SearchSyntaxError(query, f"{t.text} needs a word before it")
        previous = {"open": "open", "close": "operand", "op": "op"}.get(t.kind, "operand")
    if depth:
        raise SearchSyntaxError(query, "a '(' is not closed")
    if previous == "op":
        raise SearchSyntaxError(query, "the search ends with an operator")


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for user text: odd characters quoted, marks folded."""
    parts = []
    for t in _terms(fold(query)):
        if t.kind == "word":
            body = t.text if _BAREWORD.match(t.text) else '"' + t.text + '"'
            parts.append(f"{t.column + ':' if t.column else ''}{body}{'*' if t.prefix else ''}")
        elif t.kind == "phrase":
            parts.append('"' + t.text + '"' + ("*" if t.prefix else ""))
        else:
            parts.append(t.text)
    if not parts:
        raise SearchSyntaxError(query, "there is nothing to search for")
    return " ".join(parts)


def ts_query(query: str) -> str:
    """The PostgreSQL to_tsquery('simple', ...) text for the same user syntax."""
    parts: list[str] = []
    need_and = False
    for t in _terms(fold(query)):
        if t.kind in ("word", "phrase"):
            words = [w.lower() for w in re.findall(r"[\w]+", t.text)]
            if not words:
                continue
            if t.prefix:
                words[-1] += ":*"
            if need_and:
                parts.append("&")
            parts.append("(" + " <-> ".join(words) + ")")
            need_and = True
        elif t.kind == "op":
            parts.append({"AND": "&", "OR": "|", "NOT": "& !" if need_and else "!"}[t.text])
            need_and = False
        elif t.kind == "open":
            if need_and:
                parts.append("&")
            parts.append("(")
            need_and = False
        else:
            parts.append(")")
            need_and = True
    if not parts:
        raise SearchSyntaxError(query, "there is nothing to search for")
    return " ".join(parts).replace("& &", "&")


# -- the index (SQLite) ---------------------------------------------------------------

CREATE_SQL = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
              "title, summary, actors, sources, tags, tokenize = 'unicode61 remove_diacritics 2')")

# One row per event with its actors and sources joined into text, written straight into
# the index by SQLite: no row crosses into Python. `fold` is called only for the few
# values holding a character it changes (all in FOLDED_CHARS), which the GLOB finds in
# C; it works character by character, so folding each part folds the joined text.
FOLDED_CHARS = "[\u0640-\u06ed\u200c\u200d]"


def _f(column: str) -> str:
    value = f"coalesce({column}, '')"
    return f"CASE WHEN {value} GLOB '*{FOLDED_CHARS}*' THEN viewer_fold({value}) ELSE {value} END"


_INSERT_SQL = f"""
INSERT INTO {FTS_TABLE}(rowid, title, summary, actors, sources, tags)
SELECT e.id, {_f("e.title")}, {_f("e.summary")},
  coalesce((SELECT group_concat({_f("a.name")} || ' ' || {_f("a.native_name")}, ' ')
     FROM event_actor ea JOIN actor a ON a.id = ea.actor_id WHERE ea.event_id = e.id), ''),
  coalesce((SELECT group_concat({_f("s.outlet")} || ' ' || {_f("s.title")}, ' ')
     FROM event_source es JOIN source s ON s.id = es.source_id WHERE es.event_id = e.id), ''),
  coalesce((SELECT group_concat({_f("t.tag")}, ' ') FROM event_tag t WHERE t.event_id = e.id), '')
FROM event e"""


INSERT_DOCUMENT_SQL = (f"INSERT INTO {FTS_TABLE}(rowid, title, summary, actors, sources, tags) "
                       "VALUES (?, ?, ?, ?, ?, ?)")


def write_documents(conn: Connection,
                    documents: list[tuple[int, str, str, str, str, str]]) -> None:
    """Index documents a writer built from the rows it just stored (SQLite only).

    Each is (event id, title, summary, actors, sources, tags) as in the index; the
    writer deletes the old documents of updated events first. Building the text from
    rows already in memory costs about half of reading it back with joins (measured).
    """
    # One isascii() over the joined text finds the few documents `fold` would change.
    rows = [d if (d[1] + d[2] + d[3] + d[4] + d[5]).isascii() else (d[0], *map(fold, d[1:]))
            for d in documents]
    conn.exec_driver_sql(INSERT_DOCUMENT_SQL, rows)


def _insert_documents(conn: Connection, where: str, params: tuple) -> int:
    dbapi = conn.connection.driver_connection
    dbapi.create_function("viewer_fold", 1, fold, deterministic=True)
    return conn.exec_driver_sql(_INSERT_SQL + where, params).rowcount


def _forget_facet_totals() -> None:
    from viewer.store.facets import forget_arrays

    forget_arrays()


def rebuild_index(conn: Connection) -> int:
    """Rebuild the whole index from the tables; returns the number of events indexed."""
    _forget_facet_totals()
    if conn.dialect.name != "sqlite":
        return 0
    conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    conn.execute(text(CREATE_SQL))
    written = _insert_documents(conn, "", ())
    # Merge the b-trees written by the load into one, so queries read one segment.
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
    return written


# -- matching -------------------------------------------------------------------------

class EventMatches(ColumnElement[bool]):
    """`event.id` is among the events matching a search, compiled for each dialect."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, query: str, column) -> None:  # noqa: ANN001
        self.query = query
        self.column = column


@compiles(EventMatches, "sqlite")
def _sqlite_matches(element: EventMatches, compiler, **kw) -> str:  # noqa: ANN001
    param = compiler.process(bindparam(None, fts_query(element.query)), **kw)
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {param})")


_PG_DOCUMENT = """to_tsvector('simple', e2.title || ' ' || coalesce(e2.summary, '') || ' ' ||
  coalesce((SELECT string_agg(a.name || ' ' || coalesce(a.native_name, ''), ' ')
            FROM event_actor ea JOIN actor a ON a.id = ea.actor_id
            WHERE ea.event_id = e2.id), '') || ' ' ||
  coalesce((SELECT string_agg(s.outlet || ' ' || coalesce(s.title, ''), ' ')
            FROM event_source es JOIN source s ON s.id = es.source_id
            WHERE es.event_id = e2.id), '') || ' ' ||
  coalesce((SELECT string_agg(t.tag, ' ') FROM event_tag t WHERE t.event_id = e2.id), ''))"""


@compiles(EventMatches)
def _server_matches(element: EventMatches, compiler, **kw) -> str:  # noqa: ANN001
    param = compiler.process(bindparam(None, ts_query(element.query)), **kw)
    return (f"{compiler.process(element.column, **kw)} IN (SELECT e2.id FROM event e2 WHERE "
            f"{_PG_DOCUMENT} @@ to_tsquery('simple', {param}))")


def event_matches(query: str, column=None) -> EventMatches:  # noqa: ANN001
    """A WHERE clause: the event id column is among the events matching `query`."""
    if column is None:
        from viewer.store import schema as s

        column = s.Event.id
    # Raise on bad syntax now, not when the statement compiles deep in a query.
    fts_query(query)
    return EventMatches(query, column)


def search_event_ids(store: Store, query: str, limit: int | None = 1000,
                     ranked: bool = True, rank_at_most: int = RANK_AT_MOST) -> list[int]:
    """Ids of the events matching `query`, best match first (newest first when more than
    `rank_at_most` match; in no set order when not `ranked`); bad syntax raises
    SearchSyntaxError."""
    with store.connect() as conn:
        return _search(conn, query, limit, ranked, rank_at_most)


def _search(conn: Connection, query: str, limit: int | None, ranked: bool = True,
            rank_at_most: int = RANK_AT_MOST) -> list[int]:
    limit_sql = "" if limit is None else " LIMIT :limit"
    params: dict = {"limit": limit}
    if conn.dialect.name == "sqlite":
        params["q"] = fts_query(query)
        order = ""
        if ranked:
            order = " ORDER BY f.rank"
            if limit is not None and _count(conn, params["q"]) > rank_at_most:
                # bm25 over every match of a common word takes seconds at 1M events:
                # then the newest stored events come first.
                order = " ORDER BY f.rowid DESC"
        sql = (f"SELECT f.rowid FROM {FTS_TABLE} f JOIN event e ON e.id = f.rowid "
               f"WHERE {FTS_TABLE} MATCH :q{order}{limit_sql}")
    else:
        params["q"] = ts_query(query)
        order = " ORDER BY e2.start_date DESC, e2.id" if ranked else ""
        sql = (f"SELECT e2.id FROM event e2 WHERE {_PG_DOCUMENT} @@ to_tsquery('simple', :q)"
               f"{order}{limit_sql}")
    try:
        return list(conn.execute(text(sql), params).scalars())
    except DBAPIError as exc:
        raise _syntax_error(query, exc) from None


def _count(conn: Connection, match: str) -> int:
    try:
        return conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),
                            {"q": match}).scalar_one()
    except DBAPIError:
        return 0  # the search itself reports the syntax error


def check_query(store: Store, query: str) -> None:
    """Raise SearchSyntaxError when the index would refuse `query`; cheap."""
    with store.connect() as conn:
        _search(conn, query, 1)


def _syntax_error(query: str, exc: DBAPIError) -> Exception:
    message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    lowered = message.lower()
    if "fts5" in lowered or "syntax" in lowered or "no such column" in lowered \
            or "tsquery" in lowered:
        detail = message.removeprefix("fts5: ")
        return SearchSyntaxError(query, detail)
    return exc


def index_present(conn: Connection) -> bool:
    """True when the store has the search index table (SQLite) or needs none (server)."""
    if conn.dialect.name != "sqlite":
        return True
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                        {"n": FTS_TABLE}).first() is not None


def indexed_count(conn: Connection) -> int:
    """How many events the index holds (0 on a server, which needs no index)."""
    if conn.dialect.name != "sqlite" or not index_present(conn):
        return 0
    return conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar_one()




def matching_ids(conn: Connection, query: str) -> list[int]:
    """Every id the index matches, unordered and unchecked against the event table
    (callers intersect with their own ids); for counting, not for showing."""
    if conn.dialect.name != "sqlite":
        return _search(conn, query, None, ranked=False)
    try:
        return list(conn.execute(text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),
                                 {"q": fts_query(query)}).scalars())
    except DBAPIError as exc:
        raise _syntax_error(query, exc) from None


__all__: Sequence[str] = (
    "HINT", "SearchSyntaxError", "check_query", "event_matches", "fold", "fts_query",
    "matching_ids", "rebuild_index", "search_event_ids", "ts_query",
)
