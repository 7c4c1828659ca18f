"""Words of the import dialog: file names shortened to fit, labels that wrap."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy

NAME_CHARS = 60  # file names longer than this are shortened in the middle (full in tooltips)


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    """A file name shortened in the middle, its start and extension kept."""
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[: keep - keep // 3] + "…" + name[-(keep // 3):]


def wrapping_label() -> QLabel:
    """A label that wraps and never widens its dialog, however long its words."""
    label = QLabel()
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(120)
    return label
