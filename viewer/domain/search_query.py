"""The search language officers type, parsed once into a tree that each backend compiles.

Words match anywhere; "quoted words" match a phrase; a trailing * matches word starts;
AND, OR and NOT (in capitals) combine terms, NOT binding tightest and OR loosest, with
brackets to group; `title:`, `summary:`, `actors:`, `sources:`, `tags:` and `notes:` (the
officers' own notes) limit a term to one column. Terms are split into words by `search_text.words`, exactly as documents
are, so a term like `border-crossing` is the phrase "border crossing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from viewer.domain.search_text import COLUMNS, words

HINT = ('Words match anywhere (kabul torkham); "quoted words" match a phrase; kabul* matches '
        "words starting with kabul; AND, OR, NOT in capitals combine terms; title:, "
        "summary:, actors:, sources:, tags:, notes: look in one column; close every quote and "
        "bracket.")
_OPERATORS = {"AND", "OR", "NOT"}
MAX_DEPTH = 20  # brackets within brackets
_COLUMN = re.compile(r"^(" + "|".join(COLUMNS) + r"):(.*)$", re.S)


class SearchSyntaxError(ValueError):
    """A search text that cannot be read; `hint` says how to write one."""

    def __init__(self, query: str, detail: str) -> None:
        super().__init__(f"cannot search for {query!r}: {detail}. {HINT}")
        self.query = query
        self.detail = detail
        self.hint = HINT


@dataclass(frozen=True, slots=True)
class Term:
    """Words that must follow each other (one word is a phrase of one), in one column or any."""

    words: tuple[str, ...]
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class All:
    """Every part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any:
    """At least one part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Without:
    """`keep` matches and `drop` does not (FTS5's binary NOT)."""

    keep: Node
    drop: Node


Node = Term | All | Any | Without


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word, phrase, op, open, close
    text: str
    prefix: bool = False
    column: str | None = None


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token("open" if ch == "(" else "close", ch))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise SearchSyntaxError(query, "a quote is not closed")
            j = end + 1
            prefix = j < n and query[j] == "*"
            out.append(_Token("phrase", query[i + 1:end], prefix))
            i = j + 1 if prefix else j
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            chunk, i = query[i:j], j
            if chunk in _OPERATORS:
                out.append(_Token("op", chunk))
                continue
            column = None
            match = _COLUMN.match(chunk)
            if match:
                column, chunk = match.group(1), match.group(2)
                if not chunk and i < n and query[i] == '"':
                    # title:"a phrase"
                    end = query.find('"', i + 1)
                    if end < 0:
                        raise SearchSyntaxError(query, "a quote is not closed")
                    j = end + 1
                    prefix = j < n and query[j] == "*"
                    out.append(_Token("phrase", query[i + 1:end], prefix, column))
                    i = j + 1 if prefix else j
                    continue
            prefix = chunk.endswith("*")
            word = chunk.rstrip("*")
            if not word:
                raise SearchSyntaxError(query, "a * must follow the start of a word")
            out.append(_Token("word", word, prefix, column))
    return out


class _Parser:
    """Recursive descent: or := and (OR and)*; and := not (AND? not)*; not := atom (NOT atom)*."""

    def __init__(self, query: str, tokens: list[_Token]) -> None:
        self.query, self.tokens, self.i, self.depth = query, tokens, 0, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def fail(self, detail: str) -> SearchSyntaxError:
        return SearchSyntaxError(self.query, detail)

    def parse(self) -> Node | None:
        if not self.tokens:
            raise self.fail("there is nothing to search for")
        node = self.any_of()
        extra = self.peek()
        if extra is not None:
            raise self.fail("a ')' has no '(' before it" if extra.kind == "close"
                            else f"unexpected {extra.text!r}")
        return node

    def any_of(self) -> Node | None:
        parts = [self.all_of()]
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "OR":
            self.i += 1
            parts.append(self.all_of())
        return _combine(Any, parts)

    def all_of(self) -> Node | None:
        parts = [self.without()]
        while (t := self.peek()) is not None and t.kind != "close" and not (
                t.kind == "op" and t.text == "OR"):
            if t.kind == "op" and t.text == "AND":
                self.i += 1
            parts.append(self.without())
        return _combine(All, parts)

    def without(self) -> Node | None:
        node = self.atom()
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "NOT":
            self.i += 1
            drop = self.atom()
            if node is None:
                raise self.fail("NOT needs words before it")
            if drop is not None:
                node = Without(node, drop)
        return node

    def atom(self) -> Node | None:
        t = self.peek()
        if t is None:
            raise self.fail("the search ends with an operator")
        if t.kind == "op":
            raise self.fail(f"{t.text} needs a word before it")
        if t.kind == "close":
            raise self.fail("a bracket or operator has nothing after it" if self.i
                            else "a ')' has no '(' before it")
        self.i += 1
        if t.kind == "open":
            if (nxt := self.peek()) is not None and nxt.kind == "close":
                raise self.fail("a bracket or operator has nothing after it")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                # SQLite's FTS5 parser overflows its stack not far beyond this.
                raise self.fail(f"brackets are nested more than {MAX_DEPTH} deep")
            node = self.any_of()
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != "close":
                raise self.fail("a '(' is not closed")
            self.i += 1
            return node
        found = tuple(words(t.text))
        return Term(found, t.prefix, t.column) if found else None


def _combine(kind: type[All] | type[Any], parts: list[Node | None]) -> Node | None:
    kept = tuple(p for p in parts if p is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else kind(kept)


def parse(query: str) -> Node:
    """The tree of a search text; SearchSyntaxError with a hint when it cannot be read."""
    node = _Parser(query, _tokens(query)).parse()
    if node is None:
        raise SearchSyntaxError(query, "there is nothing to search for")
    return node


def in_column(node: Node, column: str) -> Node | None:
    """The query asked of one column only: terms of another column never match there.

    None means the query cannot match in that column.
    """
    if isinstance(node, Term):
        if node.column not in (None, column):
            return None
        return Term(node.words, node.prefix, column)
    if isinstance(node, All):
        parts = [in_column(p, column) for p in node.parts]
        return None if any(p is None for p in parts) else All(tuple(parts))  # type: ignore[arg-type]
    if isinstance(node, Any):
        return _combine(Any, [in_column(p, column) for p in node.parts])
    keep = in_column(node.keep, column)
    if keep is None:
        return None
    drop = in_column(node.drop, column)
    return keep if drop is None else Without(keep, drop)


def matches(node: Node, columns: dict[str, list[str]]) -> bool:
    """Whether a document, its words by column (`search_text.words`), matches the query:
    the same meaning both stores give it, for the few rows searched outside an index."""
    if isinstance(node, All):
        return all(matches(p, columns) for p in node.parts)
    if isinstance(node, Any):
        return any(matches(p, columns) for p in node.parts)
    if isinstance(node, Without):
        return matches(node.keep, columns) and not matches(node.drop, columns)
    texts = columns.values() if node.column is None else [columns.get(node.column, [])]
    return any(_phrase_in(node, found) for found in texts)


def _phrase_in(term: Term, found: list[str]) -> bool:
    n = len(term.words)
    for i in range(len(found) - n + 1):
        *whole, last = term.words
        if found[i:i + n - 1] == whole and (
                found[i + n - 1].startswith(last) if term.prefix else found[i + n - 1] == last):
            return True
    return False


# Ranking: a hit in the title counts most, then the actors, tags, summary or notes, and
# sources;
# equal scores come newest first. Both backends compute exactly this.
COLUMN_WEIGHTS = {"title": 16, "actors": 8, "tags": 4, "summary": 2, "notes": 2, "sources": 1}
