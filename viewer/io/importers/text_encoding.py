"""How a text file is encoded: a guess with how sure it is, and a sample line to check it by.

Order: a BOM (UTF-8, UTF-16) settles it; text that is valid UTF-8 throughout is UTF-8;
anything else goes to charset-normalizer on 64 KB around the first byte that is not
UTF-8. A guess is *weak*, and the officer is asked, when another code page reads the
same bytes as different text about as well, when the text reads like UTF-8 that was
decoded with the wrong code page (mojibake), or when it is Arabic-script text in a
legacy code page (Windows-1256, ISO-8859-6 and the DOS pages read letters differently,
and a wrong choice still looks like Arabic to a reader who does not read it).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

WINDOW = 65536  # bytes the detector reads
MAX_CHAOS = 0.2  # charset-normalizer's mess ratio beyond which no reading is trusted
CLOSE_CHAOS = 0.02  # another reading this close in mess ...
CLOSE_COHERENCE = 0.03  # ... and in language coherence is as likely
SAMPLE_CHARS = 90

UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"})
# Names shown in messages and offered in the dialog, most common first.
NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western)", "cp1256": "Windows-1256 (Arabic)",
    "iso8859-6": "ISO-8859-6 (Arabic)", "cp720": "DOS 720 (Arabic)",
    "cp1250": "Windows-1250 (Central European)", "cp1251": "Windows-1251 (Cyrillic)",
    "cp1254": "Windows-1254 (Turkish)", "iso8859-1": "ISO-8859-1 (Latin-1)",
    "mac-roman": "Mac Roman",
}
# Where two code pages read a text alike, the name reported is the first of these.
_PREFERRED = ("cp1252", "cp1256", "iso8859-1", "cp1250", "cp1254", "cp1251", "iso8859-6")
# Code pages officers' files come in. On short texts the detector may rank a rare page
# (Celtic, DOS, HP Roman-8) first by a hair; a common page that reads the text as cleanly
# wins, and rare pages are not counted as rival readings.
COMMON = frozenset({"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
                    "cp1257", "cp1258", "iso8859-1", "iso8859-2", "iso8859-5", "iso8859-6",
                    "iso8859-7", "iso8859-9", "iso8859-15", "koi8-r"})
_ARABIC_PAGES = ("cp1256", "iso8859-6", "cp720", "cp864", "mac-arabic")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Two or more characters that cp1252 writes as bytes of one UTF-8 sequence: 'Ã©', 'Ø®'.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                       "\u2030\u2039\u203a\u20ac\u2122]+")


def canonical(name: str) -> str:
    """The codec's own name ('windows-1256' -> 'cp1256'); LookupError when Python has none."""
    return codecs.lookup(name).name


def label(name: str) -> str:
    """'cp1256' -> 'cp1256 (Windows-1256 (Arabic))' style text for messages."""
    shown = NAMES.get(name)
    return f"{name} ({shown})" if shown and shown.lower() != name else name


@dataclass
class EncodingGuess:
    """An encoding with how sure the guess is, the other candidates and why it is weak."""

    encoding: str
    weak: bool = False
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    sample_bytes: bytes = b""  # the first line with non-ASCII text, as raw bytes
    sample_line: int = 0  # its line number in the file

    def sample(self, encoding: str | None = None) -> str:
        """The sample line decoded with `encoding` (default: the guess), cut to the part
        around its first non-ASCII character."""
        if not self.sample_bytes:
            return ""
        text = self.sample_bytes.decode(encoding or self.encoding, errors="replace")
        text = text.strip("\ufeff\r\n")
        first = next((i for i, ch in enumerate(text) if ord(ch) > 0x7F), 0)
        start = max(0, first - 20)
        part = text[start:start + SAMPLE_CHARS]
        return ("…" if start else "") + part + ("…" if start + SAMPLE_CHARS < len(text) else "")

    def question(self) -> str:
        """The weak guess as one sentence: why, the best reading, the candidates."""
        where = f"; line {self.sample_line} reads {self.sample()!r}" if self.sample_bytes else ""
        others = ", ".join(self.candidates)
        return (f"cannot be sure how the text is encoded: {self.reason}; best guess "
                f"{label(self.encoding)}{where}; candidates: {others}")


def sample_of(data: bytes, start_line: int = 1) -> tuple[bytes, int]:
    """The first line of `data` with a non-ASCII byte, and its line number."""
    data = data.removeprefix(codecs.BOM_UTF8)
    for number, line in enumerate(data.split(b"\n"), start=start_line):
        if not line.isascii():
            return line[:600], number
    return b"", 0


def looks_mis_decoded(text: str) -> bool:
    """True when the text holds UTF-8 bytes read through a Western code page ('CafÃ©')."""
    for match in _MOJIBAKE.finditer(text):
        try:
            match.group().encode("cp1252").decode("utf-8")
            return True
        except UnicodeError:
            continue
    return False


def has_arabic_script(text: str) -> bool:
    return _ARABIC.search(text) is not None


def guess_unicode(head: bytes) -> EncodingGuess | None:
    """UTF-16 and UTF-8 byte-order marks settle the encoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingGuess("utf-16", candidates=["utf-16"])
    if head.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig", candidates=["utf-8-sig"])
    return None


def check_utf8(head: bytes, encoding: str) -> EncodingGuess:
    """A file that decodes as UTF-8: certain, unless its text reads like mojibake."""
    text = head.decode(encoding, errors="ignore")
    guess = EncodingGuess(encoding, candidates=[encoding])
    guess.sample_bytes, guess.sample_line = sample_of(head)
    if looks_mis_decoded(text):
        guess.weak = True
        guess.reason = ("the text is valid UTF-8 but reads like UTF-8 that was decoded with a "
                        "Western code page and saved again ('Ã©' for 'é')")
        guess.candidates = [encoding, "cp1252"]
    return guess


def detect(window: bytes, first_line: int = 1) -> EncodingGuess:
    """Guess the code page of bytes that are not UTF-8, with charset-normalizer."""
    from charset_normalizer import from_bytes

    sample, line = sample_of(window, first_line)
    focus = window
    found = [m for m in from_bytes(focus) if _known(m.encoding)]
    # Rank by mess first (rounded: the detector's small differences are noise), then
    # common pages before rare ones, then language coherence.
    matches = sorted(found, key=lambda m: (round(m.chaos, 2), not _common(m.encoding),
                                           -m.coherence))
    if not matches:
        guess = EncodingGuess("cp1252", weak=True, reason="no code page reads it as text",
                              candidates=["cp1252", "cp1256", "iso8859-1"])
        guess.sample_bytes, guess.sample_line = sample, line
        return guess
    best = matches[0]
    text = str(best)
    # Code pages that read these bytes as the very same text are one reading.
    encoding = next((p for p in _PREFERRED if _reads_as(focus, p, text)),
                    canonical(best.encoding))
    rivals = [m for m in matches[1:] if str(m) != text and _common(m.encoding)
              and m.chaos <= best.chaos + CLOSE_CHAOS
              and m.coherence >= best.coherence - CLOSE_COHERENCE]
    candidates = list(dict.fromkeys([encoding] + [canonical(m.encoding) for m in rivals]))
    guess = EncodingGuess(encoding, candidates=candidates, sample_bytes=sample,
                          sample_line=line)
    if best.chaos > MAX_CHAOS:
        guess.weak, guess.reason = True, "every code page tried reads it as garbled text"
    elif has_arabic_script(text):
        guess.weak = True
        guess.reason = ("Arabic-script text in a legacy code page, which Windows-1256, "
                        "ISO-8859-6 and the DOS pages read differently")
        guess.candidates = list(dict.fromkeys(candidates + [
            p for p in _ARABIC_PAGES if _decodes(focus, p)]))
    elif looks_mis_decoded(text):
        guess.weak = True
        guess.reason = "it reads like UTF-8 decoded with a Western code page"
        guess.candidates = list(dict.fromkeys(candidates + ["utf-8"]))
    elif rivals:
        guess.weak = True
        guess.reason = (f"{', '.join(label(canonical(m.encoding)) for m in rivals[:3])} "
                        "read it as different text about as well")
    return guess


def _common(name: str) -> bool:
    return _known(name) and canonical(name) in COMMON


def _reads_as(data: bytes, encoding: str, text: str) -> bool:
    try:
        return data.decode(encoding) == text
    except UnicodeDecodeError:
        return False


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
