"""Entry point: `python -m viewer` and the `viewer` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the GUI is the default command."""
    from viewer.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
