"""A widget laid out at another size for as long as it is drawn (pictures, the PDF pack)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


@contextmanager
def sized(widget: QWidget, size: QSize) -> Iterator[None]:
    """The widget at `size` for the duration; its layout gives it back its size after."""
    old = widget.size()
    widget.ensurePolished()
    if size != old:
        widget.resize(size)
    try:
        yield
    finally:
        if widget.size() != old:
            widget.resize(old)
