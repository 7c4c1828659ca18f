"""Messages for the window: what the lower layers say to a command-line user, said with the
window's own controls (an option to tick, a menu entry) instead of command options."""

from __future__ import annotations

import re

# Command-line wording, and how the window says the same.
_GUI_WORDS = (("import again with --skip-bad-rows", "tick “Import the good rows and skip "
               "rejected ones” and import again"),
              ("--skip-bad-rows", "“Import the good rows and skip rejected ones”"),
              ("(--map FILE.json)", "(map them in this dialog)"),
              ("--map MAPPING.json", "a column mapping in this dialog"),
              ("--encoding NAME", "the encoding chosen under the file's name"),
              ("--date-order DMY, MDY or YMD", "the order chosen under “Dates”"),
              ("--format", "the Format choice"))
_PATTERNS = ((re.compile(r"create one with `viewer init --db [^`]*`"),
              "check where it is, or open another with File ▸ Open store…"),)


def gui_words(text: str) -> str:
    """A message for the window: command-line options replaced by its controls."""
    for pattern, gui in _PATTERNS:
        text = pattern.sub(gui, text)
    for cli, gui in _GUI_WORDS:
        text = text.replace(cli, gui)
    return text
