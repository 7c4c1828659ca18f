"""The A4 landscape briefing pack PDF: the panes as vectors, then the text pages laid out
by Qt's rich-text engine (wrapped cells, repeated table headers, clickable links).

Every page carries the title, the time window and the filters at the top and its number
at the bottom; the text is real text, so it can be searched and copied.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QMarginsF, QPoint, QRect, QSize, Qt
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

from viewer.app.captioned_picture import Legend, draw_legend, legend_height
from viewer.app.widget_sizing import sized
from viewer.domain.pictures import PICTURE_PANES
from viewer.io.export.briefing import Briefing
from viewer.io.export.briefing_html import ARABIC_FACE, Part, briefing_parts
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
        # The window and filters in full on every page, over as many lines as they take.
        self.view_line = f"Window: {b.window_text}   ·   Filters: {b.filter_text}"
        self.view_h = self.small.boundingRect(
            QRect(0, 0, self.rect.width(), 100 * self.small.height()),
            int(Qt.TextFlag.TextWordWrap), self.view_line).height()
        self.header_h = self.small.height() + self.view_h + int(self.small.height() * 1.2)
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
        p.drawText(QRect(0, fm.height(), w, self.view_h),
                   int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap),
                   self.view_line)
        p.setPen(QColor("#b0b8c0"))
        rule = fm.height() + self.view_h + int(fm.height() * 0.2)
        p.drawLine(0, rule, w, rule)
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
                       panes: Mapping[str, QWidget | None],
                       legends: Mapping[str, Legend] | None = None) -> int:
    """The A4 landscape briefing pack, written atomically; returns the number of pages.
    Each pane is drawn with its legend (what `legend_of` reads from the pane) below it."""
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
            pages = _draw(_Pages(writer, painter, briefing), briefing, panes, legends or {})
        finally:
            painter.end()
    return pages


def _document(pages: _Pages, html_text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(pages.writer)
    doc.setDefaultFont(_font(8.5))
    doc.setDefaultStyleSheet(STYLE)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setTextWidth(pages.body.width())
    doc.setHtml(html_text)
    return doc


def paginate(parts: Sequence[Part], fits: Callable[[str], bool]) -> list[str]:
    """The HTML of each page: paragraphs whole, tables cut between rows with the header
    row (and the heading, "continued") again. Qt's own pagination would cut a row in two
    and draw its other half, clipped but still in the PDF's text, on the next page."""
    pages: list[str] = []
    page: list[str] = []

    def turn() -> None:
        nonlocal page
        if page:
            pages.append("".join(page))
        page = []

    for part in parts:
        if isinstance(part, str):
            if page and not fits("".join(page) + part):
                turn()
            page.append(part)
            continue
        rows: list[str] = []
        first = True
        for row in part.rows:
            if fits("".join(page) + part.html([*rows, row], first)):
                rows.append(row)
                continue
            if rows:
                page.append(part.html(rows, first))
                first = False
            turn()
            rows = [row]  # a row taller than a page has it alone
        if rows or not part.rows:
            page.append(part.html(rows, first))
    turn()
    return pages or [""]


def _draw(pages: _Pages, b: Briefing, panes: Mapping[str, QWidget | None],
          legends: Mapping[str, Legend]) -> int:
    height = pages.body.height()
    texts = paginate(briefing_parts(b),
                     lambda html_text: _document(pages, html_text).size().height() <= height)
    the_map = panes.get("map")
    pages.total = 1 + (the_map is not None) + len(texts)
    _first_page(pages, b, {n: w for n, w in panes.items() if n != "map"}, legends)
    if the_map is not None:
        pages.next()
        _map_page(pages, the_map)
    body = pages.body
    for html_text in texts:
        pages.next()
        pages.furniture()
        doc = _document(pages, html_text)
        p = pages.p
        p.save()
        p.translate(body.left(), body.top())
        doc.documentLayout().draw(p, QAbstractTextDocumentLayout.PaintContext())
        p.restore()
    return pages.total


def _first_page(pages: _Pages, b: Briefing, panes: Mapping[str, QWidget | None],
                legends: Mapping[str, Legend]) -> None:
    """Title block and the panes with their legends, drawn as vectors into the page width."""
    pages.furniture()
    p, body = pages.p, pages.body
    y = body.top()
    fm = QFontMetrics(_font(16, True), pages.writer)
    p.setFont(_font(16, True))
    p.drawText(QRect(0, y, body.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, b.title)
    y += int(fm.height() * 1.3)
    small = QFontMetrics(_font(9), pages.writer)
    p.setFont(_font(9))
    wrap = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    for label, value in b.title_lines:
        line = f"{label}:  {value}"
        h = small.boundingRect(QRect(0, 0, body.width(), 100 * small.height()), wrap,
                               line).height()
        p.drawText(QRect(0, y, body.width(), h), wrap, line)
        y += h + int(small.height() * 0.15)
    y += small.height() // 2
    shown = [(name, w) for name, w in panes.items() if w is not None]
    if not shown:
        return
    key = QFontMetrics(_font(7.5), pages.writer)
    keys = {name: legend_height(legends.get(name, []), key, body.width()) for name, _ in shown}
    room = body.bottom() - y - sum(keys.values())
    height = room // len(shown) - int(small.height() * 1.6)
    for name, widget in shown:
        p.setFont(_font(10, True))
        p.drawText(QRect(0, y, body.width(), small.height() + 4), Qt.AlignmentFlag.AlignLeft,
                   PICTURE_PANES.get(name, name.title()))
        y += int(small.height() * 1.4)
        _pane(p, widget, QRect(0, y, body.width(), max(120, height)))
        y += max(120, height) + 2
        p.setFont(_font(7.5))
        draw_legend(p, legends.get(name, []), key, y, body.width())
        y += keys[name] + small.height() // 2


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
