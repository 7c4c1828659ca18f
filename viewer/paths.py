"""Where things are: files shipped inside the package, and the user's data folder.

The one helper for files shipped with the app (icons, the sample dataset, licences). It
reads them through importlib.resources, so the same calls work from the source tree, an
installed wheel and a frozen bundle.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

APP_NAME = "desk-viewer"

_extracted = ExitStack()
atexit.register(_extracted.close)


@functools.cache
def _package_root() -> Path:
    # Wheels and bundles (PyInstaller's reader included) install the package as plain
    # files, so this is the package folder itself; as_file extracts a zipped package
    # once for the process (a folder needs Python 3.12 or newer for that).
    return _extracted.enter_context(resources.as_file(resources.files("viewer")))


def package_file(*parts: str) -> Path:
    """A file or folder shipped inside the package, such as `package_file("sample_data")`."""
    return _package_root().joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """A file under the package's resources/ (icons, styles)."""
    return package_file("resources", *parts)


def sample_data_dir() -> Path:
    """The folder of the sample dataset CSV files (DESK_VIEWER_SAMPLE_DIR overrides)."""
    override = os.environ.get("DESK_VIEWER_SAMPLE_DIR")
    return Path(override) if override else package_file("sample_data")


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


def user_cache_dir() -> Path:
    """The per-user cache folder: what can be rebuilt at any time (drawing arrays).
    DESK_VIEWER_CACHE overrides; under DESK_VIEWER_HOME it is that folder's `cache`."""
    override = os.environ.get("DESK_VIEWER_CACHE")
    if override:
        return Path(override)
    if os.environ.get("DESK_VIEWER_HOME"):
        return user_data_dir() / "cache"
    if sys.platform == "win32":
        return user_data_dir() / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_NAME


def default_store_path() -> Path:
    return user_data_dir() / "store.sqlite"
