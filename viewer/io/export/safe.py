"""Making exported cells harmless and writing files atomically (RELIABILITY #8–11).

openpyxl turns any string starting with `=` into a live formula and raises on control
characters; spreadsheet programs run CSV cells starting with `= + - @` as formulas.
Everything the exporters write passes through here.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MAX_CELL_CHARS = 32_767
TRUNCATION_MARKER = " […truncated: {omitted:,} more characters]"
MAX_SHEET_NAME = 31
# Every file an export writes before its final rename ends so, after the writer's pid.
PARTIAL_SUFFIX = ".desk-viewer-partial"
_PARTIAL = re.compile(r"\.(\d+)-[^.]*" + re.escape(PARTIAL_SUFFIX))

# Characters XML 1.0 cannot carry or Excel refuses: C0 controls except tab/LF/CR,
# lone surrogates (they cannot be encoded at all) and the two non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# openpyxl's ERROR_CODES, written out: importing openpyxl costs the xlsxwriter and CSV
# exports ~25 MB of memory they never use. A test keeps the two sets equal.
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


class ExportError(OSError):
    """An export that could not be written; the message names the file and the reason."""

    def __init__(self, file: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = str(file)
        self.reason = reason


class ExportCancelled(Exception):
    """The user cancelled an export; nothing was written."""


def clean_text(text: str, warnings: list[str] | None = None, where: str = "") -> str:
    """Text without characters a workbook cannot hold, truncated to the cell limit with a marker.

    The limit counts UTF-16 code units, as Excel (and xlsxwriter, which would otherwise cut
    the marker off) does: a character beyond U+FFFF counts twice.
    """
    if _BAD_CHARS.search(text):
        text = _BAD_CHARS.sub("", text)
    if too_long(text):
        omitted = len(text)
        marker = TRUNCATION_MARKER.format(omitted=omitted)  # sized for the worst case
        units = (MAX_CELL_CHARS - len(marker)) * 2
        # Cut on a code unit boundary; a half surrogate pair at the end is dropped.
        kept = text.encode("utf-16-le")[:units].decode("utf-16-le", errors="ignore")
        text = kept + TRUNCATION_MARKER.format(omitted=omitted - len(kept))
        if warnings is not None:
            warnings.append(f"{where or 'a cell'}: text of {omitted:,} characters truncated "
                            f"to {MAX_CELL_CHARS:,}")
    return text


def too_long(text: str) -> bool:
    """True when a cell cannot hold the text: over 32,767 UTF-16 code units."""
    return len(text) > MAX_CELL_CHARS // 2 and (
        len(text) > MAX_CELL_CHARS or len(text.encode("utf-16-le")) // 2 > MAX_CELL_CHARS)


def needs_string_cell(text: str) -> bool:
    """True when openpyxl would store this text as something other than a plain string."""
    return (len(text) > 1 and text[0] == "=") or text in _ERROR_CODES


def text_value(ws, text: str | None, warnings: list[str] | None = None, where: str = ""):
    """A value for `ws.append`: cleaned text, as a cell forced to string type when needed."""
    if text is None:
        return None
    text = clean_text(text, warnings, where)
    if needs_string_cell(text):
        return string_cell(ws, text)
    return text


def text_values(ws, texts: list[str | None], warnings: list[str] | None = None,
                where: str = "") -> list:
    """`text_value` for a whole row at once: one scan decides whether any field needs work."""
    # Newline joins: it is allowed in cells, so it cannot itself trip the scan (the old
    # \x1e separator is a control character and sent every row down the slow path).
    joined = "\n".join([t for t in texts if t])
    if _BAD_CHARS.search(joined) is None and not too_long(joined):
        if "=" not in joined and "#" not in joined:
            return [t or None for t in texts]
        # Clean text: only a leading "=" or an error code like "#N/A" needs a string cell.
        return [(string_cell(ws, t) if needs_string_cell(t) else t) if t else None
                for t in texts]
    return [text_value(ws, t, warnings, where) or None if t else None for t in texts]


def string_cell(ws, text: str):  # noqa: ANN201 - an openpyxl WriteOnlyCell
    """A write-only openpyxl cell holding `text` as an inline string, never a formula or
    error."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    # Bypass the value setter: it is what turns "=..." into a formula.
    cell._value = text
    cell.data_type = "s"
    return cell


def sheet_name(name: str, existing: set[str] | frozenset[str] = frozenset()) -> str:
    """A legal, unique sheet name: at most 31 characters, none of []:*?/\\, not quoted."""
    base = _SHEET_NAME_BAD.sub("_", _BAD_CHARS.sub("", name)).strip().strip("'") or "Sheet"
    base = base[:MAX_SHEET_NAME]
    taken = {n.casefold() for n in existing}  # Excel compares sheet names case-insensitively
    candidate, n = base, 1
    while candidate.casefold() in taken or candidate.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        candidate = base[:MAX_SHEET_NAME - len(suffix)] + suffix
    return candidate


def csv_cell(value: object) -> str:
    """A CSV field a spreadsheet will show as text, never evaluate."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)  # -3.5 is a number
    text = value if isinstance(value, str) else str(value)
    if _BAD_CHARS.search(text):
        text = _BAD_CHARS.sub("", text)
    if text.startswith(_CSV_TRIGGERS):
        return "'" + text
    return text


def os_reason(exc: OSError) -> str:
    """What an OSError means for the officer: 'disk full', 'permission denied'..."""
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "disk full",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "read-only file system",
        errno.EISDIR: "is a folder",
        errno.ENOENT: "folder does not exist",
        errno.ETXTBSY: "file is in use by another program",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def check_target(path: str | os.PathLike[str]) -> Path:
    """Refuse targets that cannot be written, before any work is done."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(target, "is a folder; choose a file name")
    if not target.parent.is_dir():
        raise ExportError(target, f"folder {target.parent} does not exist")
    if target.exists() and not _writable(target):
        # Replacing it would work (the folder is writable) but the officer protected it.
        raise ExportError(target, "is read-only; choose another name or make it writable")
    return target


def _writable(path: Path) -> bool:
    """Writable by us and meant to be: root passes os.access, so the mode bits count too."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def partial_name(target: Path, what: str) -> Path:
    """A name beside `target` for a file or folder being written, recognisable as ours and
    as this process's: `.brief.xlsx.4242-staging.desk-viewer-partial`."""
    return target.with_name(f".{target.name}.{os.getpid()}-{what}{PARTIAL_SUFFIX}")


def target_name(path: Path) -> str:
    """The name of the file a partial one becomes (`brief.svg` for its staging file)."""
    found = re.fullmatch(r"\.(.+)\.\d+-[^.]*" + re.escape(PARTIAL_SUFFIX), path.name)
    return found.group(1) if found else path.name


def clear_stale_partials(folder: Path) -> list[Path]:
    """Remove what killed exports left in `folder`: partial files and folders of processes
    that are no longer running (a live export's are left alone). Returns what went."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = _PARTIAL.search(entry.name)
        if found is None or _running(int(found.group(1))):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError:
            pass  # another process cleared it, or it is not ours to remove
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one step.

    On any failure (or cancel) the temporary file is removed and an existing file at
    `path` is left exactly as it was.
    """
    target = check_target(path)
    clear_stale_partials(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-",
                                        suffix=PARTIAL_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise ExportError(target, f"cannot write in {target.parent}: {os_reason(exc)}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if target.exists():
            # Keep the old file's permissions; mkstemp makes it owner-only.
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        if isinstance(exc, ExportError):
            raise
        raise ExportError(target, os_reason(exc)) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
