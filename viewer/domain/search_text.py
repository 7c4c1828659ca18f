"""How text becomes search words, the same for the stored documents and for queries.

Both backends index the words this module makes, so SQLite's FTS5 and PostgreSQL's
tsvector hold the same words and answer a query alike: letters and digits make words,
everything else separates them; case, Latin diacritics, compatibility forms (ligatures,
Arabic presentation forms) and the Arabic-script marks that writers add or leave out at
will (harakat, superscript alef, tatweel, zero-width joiners) are folded away, and the
Arabic letters that Urdu and Persian keyboards write with their own code points are
made one. ASCII text needs none of that and takes a fast path.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

COLUMNS = ("title", "summary", "actors", "sources", "tags", "notes")
# Longer runs of letters are not words anyone searches for (and PostgreSQL refuses
# words over 2,046 bytes): they are left out of documents and queries alike.
MAX_WORD = 255

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_LONG_ASCII_WORD = re.compile(f"[A-Za-z0-9]{{{MAX_WORD + 1}}}")
# Letters and digits (str.isalnum) and private-use characters, as FTS5's unicode61 has them.
_WORD = re.compile(r"(?:[^\W_]|[\ue000-\uf8ff])+")
_MARKS = re.compile("[\u0640\u200c\u200d]")
# Letters NFKD does not take apart but a reader takes for the plain letter.
_LETTERS = str.maketrans({
    "\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc",  # Arabic yeh, kaf
    "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe",
    "þ": "th", "ð": "d",
})


def words(text: str | None) -> list[str]:
    """The search words of a text, in order."""
    if not text:
        return []
    if text.isascii():
        found = _ASCII_WORD.findall(text.lower())
    else:
        folded = unicodedata.normalize("NFKD", _MARKS.sub("", text).casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        found = _WORD.findall(folded.translate(_LETTERS))
    return [w for w in found if len(w) <= MAX_WORD] if len(text) > MAX_WORD else found


def is_plain(text: str) -> bool:
    """True when an index that splits letters and digits reads `words(text)` from the
    text itself: ASCII without over-long words."""
    return text.isascii() and (len(text) <= MAX_WORD or not _LONG_ASCII_WORD.search(text))


def normalized(text: str | None) -> str:
    """The text as its words joined by spaces; plain text (`is_plain`) is returned as it
    is, since any index splitting letters and digits reads the same words from it."""
    if not text:
        return ""
    return text if is_plain(text) else " ".join(words(text))


class SearchDocument(NamedTuple):
    """What the index holds of one event, column by column."""

    event_id: int
    title: str
    summary: str
    actors: str
    sources: str
    tags: str
    notes: str = ""  # the officers' own note

    def is_plain(self) -> bool:
        """True when every column is `is_plain` (most documents: one test, no copies)."""
        return is_plain(self.title + " " + self.summary + " " + self.actors + " "
                        + self.sources + " " + self.tags + " " + self.notes)


def actor_words(name: str, native_name: str | None) -> str:
    """An actor as it is indexed: the Latin name and the native-script one."""
    return f"{name} {native_name}" if native_name else name


def source_words(outlet: str, title: str | None) -> str:
    """A source as it is indexed: the outlet and the article's title."""
    return f"{outlet} {title}" if title else outlet
