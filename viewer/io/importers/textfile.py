"""Streaming reader of CSV/TSV exports, with per-row rejections instead of crashes.

The encoding is decided by one pass over the bytes (UTF-8 or what a BOM says, else a
detector's guess, see text_encoding); rows come out one at a time
with their line number in the file; NUL bytes, oversize fields, unterminated quotes
and rows with the wrong number of fields become rejections (RELIABILITY #6).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from viewer.io.errors import InputError, Remedy
from viewer.io.importers.report import ImportReport
from viewer.io.importers.safezip import is_zip, open_checked_zip, unsupported
from viewer.io.importers.text_encoding import (
    WINDOW,
    EncodingGuess,
    canonical,
    check_utf8,
    detect,
    guess_unicode,
    sample_of,
)

# The csv module's default limit is 131,072 characters; long ACLED notes or pasted
# articles exceed it. Fields up to this cap are read whole, longer ones are rejected.
FIELD_CAP = 1_000_000
csv.field_size_limit(FIELD_CAP)
CHUNK = 1 << 20


@dataclass
class FileFacts:
    """What one pass over a file's bytes tells: size, hash, encoding, NULs, zip member."""

    path: Path
    size: int
    sha256: str
    head: bytes
    is_zip: bool = False
    member: str | None = None  # the text file inside a zip
    encoding: str = "utf-8"
    guess: EncodingGuess | None = None
    has_nul: bool = False
    text_size: int = 0


def scan(path: str | Path) -> FileFacts:
    """Hash the file and decide how its text is encoded; raises InputError when unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            head = fh.read(WINDOW)
            digest.update(head)
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    facts = FileFacts(path, size, digest.hexdigest(), head, is_zip=is_zip(head))
    if size == 0:
        raise InputError(path, "the file is empty")
    return facts


def peek(path: str | Path, encoding: str | None = None) -> FileFacts:
    """Facts from the first 64 KB only (no hash): enough to detect a format or preview rows."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(WINDOW)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not head:
        raise InputError(path, "the file is empty")
    facts = FileFacts(path, size, "", head, is_zip=is_zip(head), text_size=size)
    if not facts.is_zip:
        _settle(facts, head, encoding, first_bad=_first_bad_utf8(head))
    return facts


def _first_bad_utf8(head: bytes) -> int | None:
    """Offset of the first byte that is not UTF-8; a character cut at the end is fine."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def inspect_text(facts: FileFacts, member: str | None = None,
                 encoding: str | None = None) -> FileFacts:
    """Decide the encoding of the text (inside a zip when `member` is given).

    One pass over the bytes checks that they decode (as UTF-8, or as the BOM or the
    caller says); text that is not UTF-8 goes to the detector (text_encoding.detect).
    """
    facts.member = member
    forced = _codec(facts.path, encoding) if encoding else None
    total, first_bad, lines_before = 0, None, 0
    decoder = None
    with open_binary(facts) as fh:
        first = True
        while chunk := fh.read(CHUNK):
            if first:
                first = False
                facts.head = chunk[:WINDOW]
                bom = guess_unicode(facts.head)
                decoder = codecs.getincrementaldecoder(
                    forced or (bom.encoding if bom else "utf-8"))()
            facts.has_nul = facts.has_nul or b"\x00" in chunk
            if first_bad is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    first_bad = total + exc.start
                    lines_before += chunk.count(b"\n", 0, exc.start)
                else:
                    lines_before += chunk.count(b"\n")
            total += len(chunk)
    if first_bad is None and decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            first_bad = total
    facts.text_size = total
    if total == 0:
        raise InputError(facts.path, "the file is empty")
    if forced and first_bad is not None:
        raise InputError(facts.path, f"the text is not {forced}: byte {first_bad:,} (line "
                                     f"{lines_before + 1}) cannot be read in it; choose "
                                     "another encoding", remedy=Remedy.ENCODING)
    window, first_line = facts.head, 1
    if first_bad is not None and first_bad >= len(facts.head) and not forced:
        # The first 64 KB are plain ASCII: the detector reads the bytes around the first
        # byte that is not, where the code page shows.
        start = max(0, first_bad - 1024)
        window = _read_at(facts, start)
        first_line = lines_before + 1 - window[:first_bad - start].count(b"\n")
    _settle(facts, window, forced, first_bad, first_line)
    if not facts.encoding.startswith("utf-16") and \
            facts.head.count(b"\x00") > len(facts.head) // 4:
        raise InputError(facts.path, "this is binary data, not a text export")
    return facts


def _settle(facts: FileFacts, window: bytes, forced: str | None, first_bad: int | None,
            first_line: int = 1) -> None:
    """Set the encoding and its guess from the bytes and the caller's choice."""
    bom = guess_unicode(facts.head)
    if forced:
        guess = EncodingGuess(forced, candidates=[forced])
        guess.sample_bytes, guess.sample_line = sample_of(window, first_line)
    elif bom is not None:
        guess = bom
        if guess.encoding == "utf-8-sig":
            guess = check_utf8(facts.head, "utf-8-sig")
        else:
            guess.sample_bytes = b""
    elif first_bad is None:
        guess = check_utf8(facts.head, "utf-8")
    else:
        guess = detect(window, first_line)
    facts.guess = guess
    facts.encoding = guess.encoding
    if guess.encoding.startswith("utf-16"):
        facts.has_nul = True  # every field is checked for NUL characters after decoding
        text = facts.head.decode(guess.encoding, errors="replace")
        for number, line in enumerate(text.split("\n"), start=1):
            if any(ord(ch) > 0x7F for ch in line.lstrip("\ufeff")):
                guess.sample_bytes, guess.sample_line = line.encode("utf-16"), number
                break


def _codec(path: Path, name: str) -> str:
    try:
        return canonical(name)
    except LookupError:
        raise InputError(path, f"unknown encoding {name!r}", remedy=Remedy.ENCODING) from None


def _read_at(facts: FileFacts, start: int) -> bytes:
    with open_binary(facts) as fh:
        left = start
        while left > 0:
            got = fh.read(min(CHUNK, left))
            if not got:
                return b""
            left -= len(got)
        return fh.read(WINDOW)


def open_binary(facts: FileFacts) -> BinaryIO:
    """The raw bytes of the text: the file itself or its zip member."""
    if facts.member is None:
        return facts.path.open("rb")
    zf = open_checked_zip(facts.path)
    try:
        return _ZipMember(zf, zf.open(facts.member))
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        zf.close()
        raise InputError(facts.path, f"cannot read {facts.member!r} in the zip: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:
        zf.close()
        raise InputError(facts.path, f"cannot read {facts.member!r} in the zip: "
                                     f"{unsupported(exc)}") from None


class _ZipMember(io.RawIOBase):
    """A zip member that closes its archive with it."""

    def __init__(self, zf: zipfile.ZipFile, member: BinaryIO) -> None:
        self.zf, self.member = zf, member

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        try:
            return self.member.read(size)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise InputError(self.zf.filename or "zip", f"the zip is damaged: {exc}") from None
        except (NotImplementedError, RuntimeError) as exc:
            raise InputError(self.zf.filename or "zip", unsupported(exc)) from None

    def tell(self) -> int:
        return self.member.tell()

    def close(self) -> None:
        self.member.close()
        self.zf.close()
        super().close()


def zip_text_member(facts: FileFacts, suffixes: tuple[str, ...] = (".csv", ".tsv", ".txt")) -> str:
    """The single text file inside a zip (GDELT ships `*.export.CSV.zip`)."""
    with open_checked_zip(facts.path) as zf:
        names = [n for n in zf.namelist() if n.lower().endswith(suffixes)]
    if len(names) != 1:
        raise InputError(facts.path, f"a zip archive with {len(names)} text files; "
                                     "expected exactly one CSV/TSV file inside")
    return names[0]


class TextTable:
    """Rows of a delimited text file, streamed, with rejections reported as they occur."""

    def __init__(self, facts: FileFacts, report: ImportReport, *, delimiter: str = ",",
                 has_header: bool = True, expected_fields: int | None = None,
                 quoting: int = csv.QUOTE_MINIMAL) -> None:
        self.facts = facts
        self.report = report
        self.delimiter = delimiter
        self.has_header = has_header
        self.expected = expected_fields
        self.quoting = quoting
        self.header: list[str] = []
        self._binary: BinaryIO | None = None
        if has_header:
            self.header = self._read_header()
            self.expected = expected_fields or len(self.header)

    def _read_header(self) -> list[str]:
        with self._open_text() as text:
            reader = csv.reader(text, delimiter=self.delimiter, quoting=self.quoting)
            try:
                header = next(reader, [])
            except csv.Error as exc:
                raise InputError(self.facts.path, f"cannot read the header: {exc}",
                                 row=1) from None
        header = [h.replace("\x00", "").strip() for h in header]
        if not any(header):
            raise InputError(self.facts.path, "the first line (header) is empty", row=1)
        return header

    def _open_text(self) -> io.TextIOWrapper:
        self._binary = open_binary(self.facts)
        return io.TextIOWrapper(self._binary, encoding=self.facts.encoding, newline="",
                                errors="strict")

    def progress(self) -> float:
        """How far through the file the reader is, 0–1."""
        try:
            done = self._binary.tell() if self._binary is not None else 0
        except (OSError, ValueError):
            return 0.0
        return min(1.0, done / max(1, self.facts.text_size))

    def rows(self, should_stop: Callable[[], bool] | None = None) -> Iterator[tuple[int, list[str]]]:
        """(line number, fields) of every well-formed data row; the rest are rejected."""
        report, expected = self.report, self.expected
        check_nul = self.facts.has_nul
        with self._open_text() as text:
            reader = csv.reader(text, delimiter=self.delimiter, quoting=self.quoting,
                                strict=self.quoting != csv.QUOTE_NONE)
            last_line = 0
            if self.has_header:
                next(reader, None)
                last_line = reader.line_num
            while True:
                start = last_line + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    report.reject(start, None, _csv_reason(exc))
                    last_line = reader.line_num
                    continue
                last_line = reader.line_num
                if not fields:
                    continue  # blank line
                if check_nul and any("\x00" in f for f in fields):
                    col = next(i for i, f in enumerate(fields) if "\x00" in f)
                    report.reject(start, self.field_name(col), "contains NUL bytes (binary data)")
                    continue
                if expected is not None and len(fields) != expected:
                    if len(fields) > expected and not any(fields[expected:]):
                        del fields[expected:]  # trailing delimiters
                    else:
                        report.reject(start, None, f"has {len(fields)} fields, expected "
                                                   f"{expected} (ragged row or stray quote)")
                        continue
                yield start, fields

    def field_name(self, index: int) -> str:
        if index < len(self.header):
            return self.header[index]
        return f"column {index + 1}"


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_CAP:,} characters"
    if "unexpected end of data" in text:
        return "unterminated quote: the file ends inside a quoted field"
    return f"malformed quoting ({text})"
