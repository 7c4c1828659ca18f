"""The Qt application: main window, panes, dialogs, item models, workers.

The data layers are imported here, before any PySide6 module: once PySide6 is loaded, its
import hook reads the source of every module imported after it (looking for `__feature__`
use), which cost ~0.1 s of start-up for SQLAlchemy and numpy alone.
"""

import numpy  # noqa: F401
import sqlalchemy.orm  # noqa: F401

import viewer.store.service  # noqa: F401
