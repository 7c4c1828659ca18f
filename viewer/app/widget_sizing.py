"""A widget laid out at another size for as long as it is drawn (pictures, the PDF pack)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGraphicsView, QGraphicsWidget, QWidget


@contextmanager
def sized(widget: QWidget, size: QSize) -> Iterator[None]:
    """The widget at `size` for the duration; its layout gives it back its size after."""
    old = widget.size()
    widget.ensurePolished()
    if size != old:
        _resize_now(widget, size)
    try:
        yield
    finally:
        if widget.size() != old:
            _resize_now(widget, old)


def _resize_now(widget: QWidget, size: QSize) -> None:
    """Resize and lay out at once what otherwise waits for the event loop (a plot's axes
    and items; a pane's lanes, through its `settle_layout`), since the picture is drawn
    before the loop runs again."""
    widget.resize(size)
    if widget.layout() is not None:
        widget.layout().activate()
    views = [widget] if isinstance(widget, QGraphicsView) else []
    for view in views + widget.findChildren(QGraphicsView):
        for item in view.scene().items() if view.scene() is not None else ():
            # QGraphicsWidget.layout(item): pyqtgraph's items shadow it with an attribute.
            layout = QGraphicsWidget.layout(item) if isinstance(item, QGraphicsWidget) else None
            if layout is not None:
                layout.activate()
    pane = widget
    while pane is not None and not callable(getattr(pane, "settle_layout", None)):
        pane = pane.parentWidget()
    if pane is not None:
        pane.settle_layout()
