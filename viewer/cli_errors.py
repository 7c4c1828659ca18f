"""How a command ends: exit codes, and the error the commands raise for one stderr line."""

from __future__ import annotations

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""
