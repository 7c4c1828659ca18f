"""Words of the import dialog: file names that fit, and messages that name its controls."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy

NAME_CHARS = 60  # file names longer than this are shortened in the middle (full in tooltips)
# What the importers tell a command-line user, said with this dialog's own controls.
_GUI_WORDS = (("import again with --skip-bad-rows", "tick “Import the good rows and skip "
               "rejected ones” and import again"),
              ("--skip-bad-rows", "“Import the good rows and skip rejected ones”"),
              ("(--map FILE.json)", "(map them in this dialog)"),
              ("--map MAPPING.json", "a column mapping in this dialog"),
              ("--encoding NAME", "the encoding chosen under the file's name"),
              ("--date-order DMY, MDY or YMD", "the order chosen under “Dates”"),
              ("--format", "the Format choice"))


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    """A file name shortened in the middle, its start and extension kept."""
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[: keep - keep // 3] + "…" + name[-(keep // 3):]


def gui_words(text: str) -> str:
    """A message for this dialog: command-line options replaced by its controls."""
    for cli, gui in _GUI_WORDS:
        text = text.replace(cli, gui)
    return text


def wrapping_label() -> QLabel:
    """A label that wraps and never widens its dialog, however long its words."""
    label = QLabel()
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(120)
    return label
