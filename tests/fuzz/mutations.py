"""Mutated import files made from the small valid seeds in `seeds/`, one random stream each.

A mutation is a pure function of (seed file, random number): the Hypothesis harness draws
the number, the long campaign (`make fuzz`) counts them up, and a crasher is saved as the
file itself, so any failure can be replayed without this module.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).with_name("seeds")
CORPUS = Path(__file__).with_name("corpus")

# The importers and the seeds that reach each of them.
IMPORTER_SEEDS: dict[str, tuple[str, ...]] = {
    "acled-csv": ("acled.csv", "acled-legacy.csv"),
    "acled-xlsx": ("acled.xlsx",),
    "mapped-xlsx": ("colleague.xlsx",),
    "gdelt-tsv": ("gdelt.export.CSV",),
    "gdelt-zip": ("gdelt.export.CSV.zip",),
    "gdeltpyr": ("gdeltpyr.csv",),
    "comtrade-legacy": ("comtrade-legacy.csv",),
    "comtrade-plus": ("comtrade-plus.csv",),
}

# Field values that broke importers before: overflowing numbers, out-of-range years,
# control and non-UTF-8 bytes, formulas, separators and quotes.
TOKENS: tuple[bytes, ...] = (
    b"inf", b"-inf", b"nan", b"Infinity", b"1e400", b"-1e400", b"9" * 20, b"9" * 25, b"9" * 31,
    b"-" + b"9" * 22, b"18446744073709551616", b"9223372036854775808", b"99999999",
    b"999999999999", b"0", b"-1", b"", b" ", b"\x00", b"\xff\xfe", b"\xc3\x28", b"\x80",
    b"=HYPERLINK(\"x\")", b"\"", b"\"\"\"", b",", b"\t", b"\r", b"\n", b"'", b"99991231",
    b"00000000", b"20241345", b"2024-02-30", b"31/12/99999", b"10000-01-01", b"1e9999",
    b"0x1F", b"1_000", b"\xd9\x86", b"TOTAL", b"X", b"M", b"52", b"13", b"202413",
    b"2024" + b"9" * 18, b"A" * 300, b"True", b"-0.0", b"1e-400",
)
ZIP_EXTENSIONS = (".zip", ".csv", ".txt", "", ".xlsx", ".CSV", ".tsv", ".xls")


@dataclass(frozen=True)
class Mutant:
    """One mutated input: the bytes and the file name to give them."""

    name: str
    data: bytes


def seed_bytes(seed: str) -> bytes:
    return (SEEDS / seed).read_bytes()


def mutate(seed: str, number: int) -> Mutant:
    """The `number`th mutant of a seed file (deterministic)."""
    rng = random.Random(f"{seed}:{number}")
    data = seed_bytes(seed)
    name = seed
    if data[:2] == b"PK":
        data, name = _mutate_zip(rng, data, name)
    else:
        for _ in range(rng.randint(1, 3)):
            data = _mutate_text(rng, data)
        if rng.random() < 0.05:
            name = Path(seed).stem + rng.choice((".txt", ".tsv", "", ".xlsx", ".zip"))
    return Mutant(name, data)


def _mutate_text(rng: random.Random, data: bytes) -> bytes:
    how = rng.random()
    if how < 0.55:
        return _replace_field(rng, data)
    if how < 0.65:
        return _flip_bytes(rng, data)
    if how < 0.72:
        return data[:rng.randrange(len(data) + 1)]
    if how < 0.80:
        lines = data.split(b"\n")
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[i])
        return b"\n".join(lines)
    if how < 0.86:
        lines = data.split(b"\n")
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines)
    if how < 0.93:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(TOKENS) + data[at:]
    # A field far longer than the csv module's default limit, or an encoding change.
    if rng.random() < 0.5:
        return _replace_field(rng, data, b"x" * rng.choice((40_000, 140_000)))
    return rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"")) + data


def _replace_field(rng: random.Random, data: bytes, value: bytes | None = None) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    sep = b"\t" if b"\t" in lines[i] else b","
    fields = lines[i].split(sep)
    j = rng.randrange(len(fields))
    token = value if value is not None else rng.choice(TOKENS)
    fields[j] = token if rng.random() < 0.8 else fields[j] + token
    lines[i] = sep.join(fields)
    return b"\n".join(lines)


def _flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _mutate_zip(rng: random.Random, data: bytes, name: str) -> tuple[bytes, str]:
    how = rng.random()
    if how < 0.45:
        data = _mutate_members(rng, data)
    elif how < 0.65:
        data = _mutate_zip_headers(rng, data)
    elif how < 0.75:
        data = data[:rng.randrange(len(data) + 1)]
    elif how < 0.85:
        data = _flip_bytes(rng, data)
    else:
        data = _drop_member(rng, data)
    if rng.random() < 0.2:
        stem = name.split(".")[0]
        name = stem + rng.choice(ZIP_EXTENSIONS)
    return data, name


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip_of(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in members:
            zf.writestr(info, body)
    return out.getvalue()


def _mutate_members(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    # Sheets and CSV members hold the values; the rest is structure.
    likely = [k for k, (info, _) in enumerate(members)
              if "worksheets/" in info.filename or "sharedStrings" in info.filename
              or not info.filename.endswith((".xml", ".rels"))]
    k = rng.choice(likely or range(len(members)))
    info, body = members[k]
    if info.filename.endswith(".xml"):
        body = _mutate_xml(rng, body)
    else:
        for _ in range(rng.randint(1, 3)):
            body = _mutate_text(rng, body)
    members[k] = (info, body)
    return _zip_of(members)


def _mutate_xml(rng: random.Random, body: bytes) -> bytes:
    values = list(re.finditer(rb"<v>([^<]*)</v>|<t[^>]*>([^<]*)</t>", body))
    how = rng.random()
    if values and how < 0.7:
        m = rng.choice(values)
        group = 1 if m.group(1) is not None else 2
        token = rng.choice(TOKENS).replace(b"<", b"").replace(b"&", b"")
        return body[:m.start(group)] + token + body[m.end(group):]
    if how < 0.8:
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', body)
    if how < 0.9:
        return body[:rng.randrange(len(body) + 1)]
    return _flip_bytes(rng, body)


def _drop_member(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    sheets = [k for k, (info, _) in enumerate(members) if "worksheets/" in info.filename]
    if sheets and rng.random() < 0.5:
        # A workbook that lists no sheet at all.
        members = [(i, re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", b, flags=re.S)
                    if i.filename == "xl/workbook.xml" else b)
                   for i, b in members if "worksheets/" not in i.filename]
    else:
        del members[rng.randrange(len(members))]
    return _zip_of(members)


def _mutate_zip_headers(rng: random.Random, data: bytes) -> bytes:
    """Version needed, flag bits (encrypted, data descriptor...) or compression method of a
    local or central header: what the zipfile module refuses with NotImplementedError."""
    buf = bytearray(data)
    starts = [m.start() for m in re.finditer(rb"PK\x03\x04|PK\x01\x02", data)]
    if not starts:
        return _flip_bytes(rng, data)
    at = rng.choice(starts)
    central = buf[at:at + 4] == b"PK\x01\x02"
    base = at + (6 if central else 4)  # version needed
    field = rng.choice(("version", "flags", "method"))
    if field == "version":
        struct.pack_into("<H", buf, base, rng.choice((63, 99, 0xFFFF, 51)))
    elif field == "flags":
        old = struct.unpack_from("<H", buf, base + 2)[0]
        struct.pack_into("<H", buf, base + 2, old | rng.choice((0x1, 0x20, 0x40, 0x2000, 0x8)))
    else:
        struct.pack_into("<H", buf, base + 4, rng.choice((1, 6, 9, 12, 14, 19, 95, 98, 99)))
    return bytes(buf)
