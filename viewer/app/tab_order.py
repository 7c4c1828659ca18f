"""Tab goes through the panes in reading order: filters, timeline, chart, tables, detail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def _tab_stop(widget: QWidget, root: QWidget) -> bool:
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
        return False
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return False  # the scroll area itself is the stop
    return root is widget or root.isAncestorOf(widget)


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets Tab stops at under `root`, in the order Qt's focus chain has them."""
    stops: list[QWidget] = []
    widget = root.nextInFocusChain()
    seen: set[int] = set()
    while widget is not root and id(widget) not in seen:
        seen.add(id(widget))
        if _tab_stop(widget, root):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def chain_panes(panes: list[QWidget]) -> list[QWidget]:
    """Link the panes' tab stops one pane after the other; returns the whole chain."""
    chain = [w for pane in panes for w in ([pane] if _tab_stop(pane, pane) else [])
             + tab_stops(pane)]
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return chain
