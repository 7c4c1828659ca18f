"""Where things are: bundled resources and sample data, and the user's data folder.

The one helper for files shipped with the app; it also works from a frozen bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "desk-viewer"


def _root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under resources/ (icons, styles)."""
    return _root().joinpath("resources", *parts)


def sample_data_dir() -> Path:
    """The folder of the sample dataset CSV files."""
    return Path(os.environ.get("DESK_VIEWER_SAMPLE_DIR") or _root() / "data")


def user_data_dir() -> Path:
    """The per-user data folder (DESK_VIEWER_HOME overrides, for tests and portable use)."""
    override = os.environ.get("DESK_VIEWER_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_store_path() -> Path:
    return user_data_dir() / "store.sqlite"
