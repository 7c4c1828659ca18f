"""A widget laid out at another size for as long as it is drawn (pictures, the PDF pack),
with its graphics items drawn as vectors: items the screen keeps as cached pixmaps (the
chart's bars) are drawn afresh, so an SVG or PDF never holds a picture of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QGraphicsWidget, QWidget


@contextmanager
def sized(widget: QWidget, size: QSize) -> Iterator[None]:
    """The widget at `size` for the duration; its layout gives it back its size after."""
    old = widget.size()
    widget.ensurePolished()
    if size != old:
        _resize_now(widget, size)
    cached = [(item, item.cacheMode()) for item in _graphics_items(widget)
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)
        if widget.size() != old:
            _resize_now(widget, old)


def _graphics_items(widget: QWidget) -> Iterator[QGraphicsItem]:
    views = [widget] if isinstance(widget, QGraphicsView) else []
    for view in views + widget.findChildren(QGraphicsView):
        if view.scene() is not None:
            yield from view.scene().items()


def _resize_now(widget: QWidget, size: QSize) -> None:
    """Resize and lay out at once what otherwise waits for the event loop (a plot's axes
    and items; a pane's lanes, through its `settle_layout`), since the picture is drawn
    before the loop runs again."""
    widget.resize(size)
    if widget.layout() is not None:
        widget.layout().activate()
    for item in _graphics_items(widget):
        # QGraphicsWidget.layout(item): pyqtgraph's items shadow it with an attribute.
        layout = QGraphicsWidget.layout(item) if isinstance(item, QGraphicsWidget) else None
        if layout is not None:
            layout.activate()
    pane = widget
    while pane is not None and not callable(getattr(pane, "settle_layout", None)):
        pane = pane.parentWidget()
    if pane is not None:
        pane.settle_layout()
