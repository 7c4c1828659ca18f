"""The A4 landscape briefing pack PDF: the panes as vectors, then the text pages laid out
by Qt's rich-text engine (wrapped cells, repeated table headers, clickable links).

Every page carries the title, the time window and the filters at the top and its number
at the bottom; the text is real text, so it can be searched and copied.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from PySide6.QtCore import QMarginsF, QPoint, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRegion,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from viewer.app.widget_sizing import sized
from viewer.domain.pictures import PICTURE_PANES
from viewer.io.export.briefing import Briefing
from viewer.io.export.briefing_html import ARABIC_FACE, briefing_html
from viewer.io.export.safe import ExportError, atomic_path, check_target

PDF_DPI = 150
LATIN_FACE = "DejaVu Sans"
_FLAGS = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
STYLE = ("body { font-size: 8.5pt; } h2 { font-size: 13pt; margin-top: 10px; } "
         "h3 { font-size: 10.5pt; } th { font-weight: bold; } a { color: #0563C1; }")


def _font(size: float, bold: bool = False) -> QFont:
    f = QFont(LATIN_FACE)
    f.setFamilies([LATIN_FACE, ARABIC_FACE])
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


class _Pages:
    """Page furniture: the header (title, window, filters) and the footer (page i of n)."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, b: Briefing) -> None:
        self.writer, self.p, self.b = writer, painter, b
        self.rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.rect.moveTo(0, 0)
        self.small = QFontMetrics(_font(8), writer)
        self.header_h = int(self.small.height() * 2.6)
        self.footer_h = int(self.small.height() * 1.8)
        self.total = 1
        self.number = 1

    @property
    def body(self) -> QRect:
        return QRect(0, self.header_h, self.rect.width(),
                     self.rect.height() - self.header_h - self.footer_h)

    def furniture(self) -> None:
        p, w, fm = self.p, self.rect.width(), self.small
        p.save()
        p.setFont(_font(8, True))
        p.setPen(QColor("#1F4E79"))
        p.drawText(QRect(0, 0, w, fm.height()), Qt.AlignmentFlag.AlignLeft, self.b.title)
        p.setFont(_font(8))
        p.setPen(QColor("#333333"))
        line = f"Window: {self.b.window_text}   ·   Filters: {self.b.filter_text}"
        p.drawText(QRect(0, fm.height(), w, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   fm.elidedText(line, Qt.TextElideMode.ElideRight, w))
        p.setPen(QColor("#b0b8c0"))
        p.drawLine(0, int(fm.height() * 2.2), w, int(fm.height() * 2.2))
        p.setPen(QColor("#333333"))
        bottom = self.rect.height() - fm.height()
        p.drawText(QRect(0, bottom, w, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   f"Desk Viewer · generated {self.b.generated:%d %b %Y %H:%M} from "
                   f"{self.b.store}")
        p.drawText(QRect(0, bottom, w, fm.height()), Qt.AlignmentFlag.AlignRight,
                   f"Page {self.number} of {self.total}")
        p.restore()

    def next(self) -> None:
        self.writer.newPage()
        self.number += 1


def write_briefing_pdf(path: str | os.PathLike[str], briefing: Briefing,
                       panes: Mapping[str, QWidget | None]) -> int:
    """The A4 landscape briefing pack, written atomically; returns the number of pages."""
    check_target(path)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 10, 12, 10), QPageLayout.Unit.Millimeter))
        writer.setTitle(briefing.title)
        writer.setCreator("Desk Viewer")
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(path, "could not start the PDF writer")
        try:
            pages = _draw(_Pages(writer, painter, briefing), briefing, panes)
        finally:
            painter.end()
    return pages


def _document(pages: _Pages, b: Briefing) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(pages.writer)
    doc.setDefaultFont(_font(8.5))
    doc.setDefaultStyleSheet(STYLE)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setHtml(briefing_html(b))
    body = pages.body
    doc.setPageSize(QSizeF(body.width(), body.height()))
    return doc


def _draw(pages: _Pages, b: Briefing, panes: Mapping[str, QWidget | None]) -> int:
    doc = _document(pages, b)
    the_map = panes.get("map")
    pages.total = 1 + (the_map is not None) + doc.pageCount()
    _first_page(pages, b, {n: w for n, w in panes.items() if n != "map"})
    if the_map is not None:
        pages.next()
        _map_page(pages, the_map)
    body = pages.body
    layout = doc.documentLayout()
    for i in range(doc.pageCount()):
        pages.next()
        pages.furniture()
        p = pages.p
        p.save()
        p.translate(body.left(), body.top() - i * body.height())
        clip = QRectF(0, i * body.height(), body.width(), body.height())
        p.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        layout.draw(p, context)
        p.restore()
    return pages.total


def _first_page(pages: _Pages, b: Briefing, panes: Mapping[str, QWidget | None]) -> None:
    """Title block and the panes, drawn as vectors into the page width."""
    pages.furniture()
    p, body = pages.p, pages.body
    y = body.top()
    fm = QFontMetrics(_font(16, True), pages.writer)
    p.setFont(_font(16, True))
    p.drawText(QRect(0, y, body.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, b.title)
    y += int(fm.height() * 1.3)
    small = QFontMetrics(_font(9), pages.writer)
    p.setFont(_font(9))
    for label, value in b.title_lines:
        p.drawText(QRect(0, y, body.width(), small.height()), Qt.AlignmentFlag.AlignLeft,
                   small.elidedText(f"{label}:  {value}", Qt.TextElideMode.ElideRight,
                                    body.width()))
        y += int(small.height() * 1.15)
    y += small.height() // 2
    shown = [(name, w) for name, w in panes.items() if w is not None]
    if not shown:
        return
    room = body.bottom() - y
    height = room // len(shown) - int(small.height() * 1.6)
    for name, widget in shown:
        p.setFont(_font(10, True))
        p.drawText(QRect(0, y, body.width(), small.height() + 4), Qt.AlignmentFlag.AlignLeft,
                   PICTURE_PANES.get(name, name.title()))
        y += int(small.height() * 1.4)
        _pane(p, widget, QRect(0, y, body.width(), max(120, height)))
        y += max(120, height) + small.height() // 2


def _map_page(pages: _Pages, widget: QWidget) -> None:
    """The map on a page of its own: at a page's full width a strip would show nothing."""
    pages.furniture()
    p, body = pages.p, pages.body
    small = QFontMetrics(_font(9), pages.writer)
    p.setFont(_font(10, True))
    p.drawText(QRect(0, body.top(), body.width(), small.height() + 4),
               Qt.AlignmentFlag.AlignLeft, PICTURE_PANES["map"])
    y = body.top() + int(small.height() * 1.4)
    _pane(p, widget, QRect(0, y, body.width(), body.bottom() - y))


def _pane(p: QPainter, widget: QWidget, target: QRect) -> None:
    # Lay the pane out at a screen-like size with the target's shape, then scale down.
    logical = QSize(1600, max(200, int(1600 * target.height() / target.width())))
    with sized(widget, logical):
        p.save()
        p.translate(target.topLeft())
        p.scale(target.width() / logical.width(), target.height() / logical.height())
        p.setClipRect(QRect(QPoint(0, 0), logical))
        QWidget.render(widget, p, QPoint(0, 0), QRegion(), _FLAGS)
        p.restore()
    p.save()
    p.setPen(QColor("#999999"))
    p.drawRect(target)
    p.restore()
