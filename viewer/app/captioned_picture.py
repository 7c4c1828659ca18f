"""Pictures for a briefing: the pane under its title, window and filters, with a legend of
what is drawn (event types for the timeline, series for the trade chart)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPaintDevice, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from viewer.app.widget_sizing import sized
from viewer.domain.pictures import PICTURE_PANES, PictureCaption
from viewer.domain.taxonomy import EVENT_TYPES

_FLAGS = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
Legend = list[tuple[str, str, bool]]  # (label, colour, hatched: a mirror series)


def legend_of(pane: str, widget: QWidget) -> Legend:
    """What the pane draws, read from the pane as it stands."""
    if pane == "map":
        legend = getattr(widget, "legend", None)
        return [(label, color, False) for label, color in legend()] if callable(legend) else []
    if pane == "timeline":
        arrays = getattr(widget, "arrays", None)
        present = np.unique(arrays.type_index) if arrays is not None and len(arrays) else []
        return [(EVENT_TYPES[int(i)].label, EVENT_TYPES[int(i)].color, False) for i in present]
    checked = getattr(widget, "checked_series", None)
    if not callable(checked):
        return []
    drawn = getattr(widget, "drawn", {})
    items: Legend = []
    for key, color in checked():
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
    top = title_fm.height() + line_fm.height() + 10
    rows = _legend_rows(legend, line_fm, w)
    bottom = len(rows) * (line_fm.height() + 4) + (8 if rows else 0)
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
        p.drawText(QRect(8, 4 + title_fm.height(), w - 16, line_fm.height()),
                   Qt.AlignmentFlag.AlignLeft,
                   line_fm.elidedText(f"Window: {caption.window}   ·   Filters: "
                                      f"{caption.filters}", Qt.TextElideMode.ElideRight,
                                      w - 16))
        pane_size = QSize(w, max(100, size.height() - top - bottom))
        with sized(picture, pane_size):
            p.save()
            p.translate(0, top)
            p.setClipRect(QRect(QPoint(0, 0), pane_size))
            QWidget.render(picture, p, QPoint(0, 0), QRegion(), _FLAGS)
            p.restore()
        y = top + pane_size.height() + 6
        for row in rows:
            x = 8
            for label, color, hatched in row:
                box = QRect(x, y + 2, line_fm.height() - 4, line_fm.height() - 4)
                p.fillRect(box, QColor(color))
                if hatched:
                    p.fillRect(box, Qt.BrushStyle.BDiagPattern)
                p.setPen(QColor("#1F2933"))
                p.drawText(QRect(box.right() + 6, y, w, line_fm.height()),
                           Qt.AlignmentFlag.AlignLeft, label)
                x = box.right() + 6 + line_fm.horizontalAdvance(label) + 18
            y += line_fm.height() + 4
    finally:
        p.end()


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
