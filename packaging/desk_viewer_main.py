"""Entry point of the desktop bundle: the same command line as the `viewer` script."""

import sys

from viewer.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
