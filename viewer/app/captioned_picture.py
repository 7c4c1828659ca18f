"""Pictures for a briefing: the pane under its title, window and filters, with a legend of
what is drawn (event types for the timeline, series for the trade chart)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPaintDevice, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from viewer.app.widget_sizing import sized
from viewer.domain.periods import day_number
from viewer.domain.pictures import PICTURE_PANES, PictureCaption
from viewer.domain.taxonomy import EVENT_TYPES

_FLAGS = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
Legend = list[tuple[str, str, bool]]  # (label, colour, hatched: a mirror series)


def _in_window(widget: QWidget, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Rows whose days overlap the pane's time window (all rows when it has none)."""
    state = getattr(widget, "state", None)
    if state is None:
        return np.ones(len(start), dtype=bool)
    first, last = day_number(state.window.start), day_number(state.window.end)
    return (end >= first) & (start <= last)


def legend_of(pane: str, widget: QWidget) -> Legend:
    """What the pane draws inside its window, read from the pane as it stands."""
    if pane == "map":
        legend = getattr(widget, "legend", None)
        return [(label, color, False) for label, color in legend()] if callable(legend) else []
    if pane == "timeline":
        arrays = getattr(widget, "arrays", None)
        if arrays is None or not len(arrays):
            return []
        present = np.unique(arrays.type_index[_in_window(widget, arrays.start, arrays.end)])
        return [(EVENT_TYPES[int(i)].label, EVENT_TYPES[int(i)].color, False) for i in present]
    checked = getattr(widget, "checked_series", None)
    if not callable(checked):
        return []
    drawn = getattr(widget, "drawn", {})
    items: Legend = []
    for key, color in checked():
        arrays = drawn[key].arrays if key in drawn else None
        if arrays is not None and not _in_window(widget, arrays.start, arrays.end).any():
            continue  # a series with no figure in the window draws nothing
        items.append((key.label(), color, False))
        mirror = key.mirror()
        if mirror is not None and mirror in drawn and getattr(drawn[mirror], "mirror", False):
            items.append((f"{mirror.label()} (mirror, the partner's report)", color, True))
    return items


def _font(size: int, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setFamilies(["DejaVu Sans", "Noto Sans Arabic"])
    f.setPixelSize(size)
    f.setBold(bold)
    return f


def paint_picture(device: QPaintDevice, picture: QWidget, pane: str, size: QSize,
                  caption: PictureCaption, legend: Legend) -> None:
    """Caption above, the pane in the middle, the legend below, on `device` at `size`."""
    w = size.width()
    title_px, line_px = max(14, w // 70), max(11, w // 110)
    title_fm, line_fm = QFontMetrics(_font(title_px, True)), QFontMetrics(_font(line_px))
    # The window and filters in full, wrapped when they are long.
    view_line = f"Window: {caption.window}   ·   Filters: {caption.filters}"
    wrap = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    view_h = line_fm.boundingRect(QRect(0, 0, w - 16, 10 * line_fm.height()), wrap,
                                  view_line).height()
    top = title_fm.height() + view_h + 10
    bottom = legend_height(legend, line_fm, w) + (8 if legend else 0)
    p = QPainter()
    if not p.begin(device):
        raise OSError("could not start the picture painter")
    try:
        p.fillRect(QRect(QPoint(0, 0), size), QColor("white"))
        p.setPen(QColor("#1F2933"))
        p.setFont(_font(title_px, True))
        p.drawText(QRect(8, 4, w - 16, title_fm.height()), Qt.AlignmentFlag.AlignLeft,
                   f"{caption.title}: {PICTURE_PANES.get(pane, pane)}")
        p.setFont(_font(line_px))
        p.drawText(QRect(8, 4 + title_fm.height(), w - 16, view_h), wrap, view_line)
        pane_size = QSize(w, max(100, size.height() - top - bottom))
        with sized(picture, pane_size):
            p.save()
            p.translate(0, top)
            p.setClipRect(QRect(QPoint(0, 0), pane_size))
            QWidget.render(picture, p, QPoint(0, 0), QRegion(), _FLAGS)
            p.restore()
        draw_legend(p, legend, line_fm, top + pane_size.height() + 6, w)
    finally:
        p.end()


def legend_height(legend: Legend, fm: QFontMetrics, width: int) -> int:
    """The height the legend takes in rows of `fm`'s font across `width`."""
    return len(_legend_rows(legend, fm, width)) * (fm.height() + 4)


def draw_legend(p: QPainter, legend: Legend, fm: QFontMetrics, top: int, width: int) -> None:
    """A swatch and a label per item, in rows from `top`; the painter's font is `fm`'s."""
    y = top
    for row in _legend_rows(legend, fm, width):
        x = 8
        for label, color, hatched in row:
            box = QRect(x, y + 2, fm.height() - 4, fm.height() - 4)
            p.fillRect(box, QColor(color))
            if hatched:
                p.fillRect(box, Qt.BrushStyle.BDiagPattern)
            p.setPen(QColor("#1F2933"))
            p.drawText(QRect(box.right() + 6, y, width, fm.height()),
                       Qt.AlignmentFlag.AlignLeft, label)
            x = box.right() + 6 + fm.horizontalAdvance(label) + 18
        y += fm.height() + 4


def _legend_rows(legend: Legend, fm: QFontMetrics, width: int) -> list[Legend]:
    rows: list[Legend] = [[]]
    x = 8
    for item in legend:
        need = fm.height() + 6 + fm.horizontalAdvance(item[0]) + 18
        if rows[-1] and x + need > width:
            rows.append([])
            x = 8
        rows[-1].append(item)
        x += need
    return rows if rows[0] else []
