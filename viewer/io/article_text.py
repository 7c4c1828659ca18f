"""An article file as text: plain text as it is, HTML as its paragraphs and title."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article",
           "section", "blockquote"}
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, str]:
    """(text, title) of an HTML page: its paragraphs, one a line; scripts and menus left out."""
    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line), " ".join(parser.title.split())


def read_article(path: Path) -> tuple[str, str]:
    """(text, title) of an article file (.txt, .html); the title is the first line of a
    text file."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")):
        return html_text(text)
    return text, title_of(text)


def title_of(text: str, limit: int = 120) -> str:
    """A title for a text without one: its first line when short, else the start of its
    first sentence, cut at a word."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= limit:
        return first
    sentence = first.split(". ")[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"
