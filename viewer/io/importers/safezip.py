"""Checks on a zip archive before anything inflates it: size, ratio, entry count.

Used for `.xlsx` workbooks and zipped GDELT exports (RELIABILITY #1 and #3).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from viewer.io.errors import InputError

MAX_UNCOMPRESSED = 2 * 1024**3  # 2 GiB in total: far beyond any export we expect
MAX_RATIO = 100  # deflate rarely beats ~20x on text; 100x means a crafted archive
RATIO_FLOOR = 10 * 1024**2  # small archives may compress well without harm
MAX_ENTRIES = 10_000

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(head: bytes) -> bool:
    return head[:4] in ZIP_MAGIC


def open_checked_zip(path: str | Path, what: str = "zip archive") -> zipfile.ZipFile:
    """Open a zip file after checking its directory; every failure is an InputError."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"not a valid {what} (damaged or truncated zip: {exc})") from None
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(path, f"cannot read the {what}: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:
        # A zip version, compression method or flag (encryption) Python cannot read.
        raise InputError(path, f"cannot read the {what}: {unsupported(exc)}") from None
    try:
        check_zip(zf, path, what)
    except BaseException:
        zf.close()
        raise
    return zf


def unsupported(exc: BaseException) -> str:
    """Why the zipfile module cannot read an archive: encrypted, or an unsupported feature."""
    text = str(exc).strip()
    if "encrypt" in text or "password" in text:
        return f"the archive is encrypted or password-protected ({text})"
    return f"the archive uses a zip feature that cannot be read ({text}); save it again " \
           "as a plain zip"


def check_zip(zf: zipfile.ZipFile, path: str | Path, what: str) -> None:
    """Refuse archives whose declared sizes make them zip bombs."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(path, f"{what} has {len(infos):,} entries (at most {MAX_ENTRIES:,})")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED:
        raise InputError(path, f"{what} would inflate to {total:,} bytes "
                               f"(limit {MAX_UNCOMPRESSED:,}); refused as a possible zip bomb")
    if total > RATIO_FLOOR and total / packed > MAX_RATIO:
        raise InputError(path, f"{what} inflates {total / packed:,.0f}x ({packed:,} to "
                               f"{total:,} bytes); refused as a possible zip bomb")
    for info in infos:
        if info.compress_size and info.file_size > RATIO_FLOOR and \
                info.file_size / info.compress_size > MAX_RATIO:
            raise InputError(path, f"{what} entry {info.filename!r} inflates "
                                   f"{info.file_size / info.compress_size:,.0f}x; refused as "
                                   "a possible zip bomb")
