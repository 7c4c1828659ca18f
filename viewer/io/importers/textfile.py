"""Streaming reader of CSV/TSV exports, with per-row rejections instead of crashes.

Decoding tries UTF-8 (a BOM is dropped), then Windows-1252, then Latin-1, decided by
one pass over the bytes that also computes the SHA-256. Rows come out one at a time
with their line number in the file; NUL bytes, oversize fields, unterminated quotes
and rows with the wrong number of fields become rejections (RELIABILITY #6).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from viewer.io.errors import InputError
from viewer.io.importers.report import ImportReport
from viewer.io.importers.safezip import is_zip, open_checked_zip

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
    has_nul: bool = False
    text_size: int = 0


def scan(path: str | Path) -> FileFacts:
    """Hash the file and decide how its text is encoded; raises InputError when unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            head = fh.read(65536)
            digest.update(head)
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    facts = FileFacts(path, size, digest.hexdigest(), head, is_zip=is_zip(head))
    if size == 0:
        raise InputError(path, "the file is empty")
    return facts


def peek(path: str | Path) -> FileFacts:
    """Facts from the first 64 KB only (no hash): enough to detect a format or preview rows."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not head:
        raise InputError(path, "the file is empty")
    facts = FileFacts(path, size, "", head, is_zip=is_zip(head), text_size=size)
    if not facts.is_zip:
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                head[:65530].decode(encoding)  # a cut multi-byte character at the end is fine
            except UnicodeDecodeError:
                continue
            facts.encoding = encoding
            break
        if facts.encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
            facts.encoding = "utf-8-sig"
    return facts


def inspect_text(facts: FileFacts, member: str | None = None) -> FileFacts:
    """Decide the encoding of the text (inside a zip when `member` is given)."""
    facts.member = member
    decoder = codecs.getincrementaldecoder("utf-8")()
    cp1252_ok, utf8_ok, total = True, True, 0
    with open_binary(facts) as fh:
        first = True
        while chunk := fh.read(CHUNK):
            if first:
                first = False
                if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise InputError(facts.path, "the text is UTF-16; save it as UTF-8 CSV")
                facts.head = chunk[:65536]
            total += len(chunk)
            facts.has_nul = facts.has_nul or b"\x00" in chunk
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if not utf8_ok and cp1252_ok:
                try:
                    chunk.decode("cp1252")
                except UnicodeDecodeError:
                    cp1252_ok = False
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    facts.text_size = total
    if total == 0:
        raise InputError(facts.path, "the file is empty")
    if utf8_ok:
        facts.encoding = "utf-8-sig" if facts.head.startswith(codecs.BOM_UTF8) else "utf-8"
    elif cp1252_ok:
        facts.encoding = "cp1252"
    else:
        facts.encoding = "latin-1"
    if facts.head.count(b"\x00") > len(facts.head) // 4:
        raise InputError(facts.path, "this is binary data, not a text export")
    return facts


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


class _ZipMember(io.RawIOBase):
    """A zip member that closes its archive with it."""

    def __init__(self, zf: zipfile.ZipFile, member: BinaryIO) -> None:
        self.zf, self.member = zf, member

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001
        data = self.member.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        try:
            return self.member.read(size)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InputError(self.zf.filename or "zip", f"the zip is damaged: {exc}") from None

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
