"""Pictures of the panes (PNG, SVG, clipboard) and the A4 briefing pack PDF.

Any QWidget can be drawn: the panes are whatever sits in the timeline and trade docks,
rendered through QPainter, so vector output (SVG, PDF) stays sharp at any size.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRegion,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from viewer.domain.pictures import PICTURE_PANES, PictureCaption
from viewer.domain.taxonomy import type_label
from viewer.io.export.briefing import Briefing
from viewer.io.export.safe import ExportError, atomic_path, check_target
from viewer.io.export.trade_summary import KIND_LABELS

PDF_DPI = 150
_FLAGS = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground


@contextmanager
def _sized(widget: QWidget, size: QSize) -> Iterator[None]:
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


def render_image(widget: QWidget, size: QSize | None = None) -> QImage:
    """The widget drawn at `size` (its current size when None) into an image."""
    size = size or widget.size()
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(widget.palette().window().color())
    with _sized(widget, size):
        painter = QPainter(image)
        try:
            QWidget.render(widget, painter, QPoint(0, 0), QRegion(), _FLAGS)  # not the view overload
        finally:
            painter.end()
    return image


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def save_png(widget: QWidget, path: str | os.PathLike[str], size: QSize | None = None) -> None:
    """Write the widget as a PNG at `size`, atomically."""
    check_target(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not render_image(widget, size).save(buffer, "PNG"):
        raise ExportError(path, "could not encode the PNG")
    _write_bytes(path, bytes(buffer.data()))


def svg_bytes(widget: QWidget, size: QSize | None = None, title: str = "") -> bytes:
    """The widget drawn as SVG (vector) at `size`."""
    size = size or widget.size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setTitle(title or widget.windowTitle() or "Desk Viewer")
    with _sized(widget, size):
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError("could not start the SVG painter")
        try:
            QWidget.render(widget, painter, QPoint(0, 0), QRegion(), _FLAGS)  # not the view overload
        finally:
            painter.end()
    buffer.close()
    return bytes(data)


def save_svg(widget: QWidget, path: str | os.PathLike[str], size: QSize | None = None) -> None:
    """Write the widget as an SVG at `size`, atomically."""
    check_target(path)
    _write_bytes(path, svg_bytes(widget, size, Path(path).stem))


def copy_image(widget: QWidget, size: QSize | None = None) -> QImage:
    """Put a picture of the widget on the clipboard; returns it."""
    image = render_image(widget, size)
    QGuiApplication.clipboard().setImage(image)
    return image


class _Page:
    """Top-to-bottom drawing on A4 pages, with headings, tables and page breaks."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.p = writer, painter
        self.rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.rect.moveTo(0, 0)
        self.y = 0
        self.pages = 1

    def font(self, size: float, bold: bool = False) -> QFontMetrics:
        f = QFont("DejaVu Sans")
        f.setPointSizeF(size)
        f.setBold(bold)
        self.p.setFont(f)
        return QFontMetrics(f, self.writer)

    def new_page(self) -> None:
        self.writer.newPage()
        self.pages += 1
        self.y = 0

    def ensure(self, height: int) -> None:
        if self.y + height > self.rect.height():
            self.new_page()

    def text(self, text: str, size: float = 10, bold: bool = False, gap: float = 0.3) -> None:
        fm = self.font(size, bold)
        self.ensure(fm.height())
        self.p.drawText(QRect(0, self.y, self.rect.width(), fm.height()),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        fm.elidedText(text, Qt.TextElideMode.ElideRight, self.rect.width()))
        self.y += int(fm.height() * (1 + gap))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], right: Sequence[int] = (), size: float = 8) -> None:
        """Rows of one-line cells; widths are fractions of the page; repeats the header."""
        cols = [int(w * self.rect.width()) for w in widths]
        fm = self.font(size)
        line = int(fm.height() * 1.35)

        def draw(cells: Sequence[str], bold: bool) -> None:
            metrics = self.font(size, bold)
            x = 0
            for i, (cell, w) in enumerate(zip(cells, cols, strict=False)):
                align = (Qt.AlignmentFlag.AlignRight if i in right else Qt.AlignmentFlag.AlignLeft)
                self.p.drawText(QRect(x + 4, self.y, w - 8, line),
                                align | Qt.AlignmentFlag.AlignVCenter,
                                metrics.elidedText(cell, Qt.TextElideMode.ElideRight, w - 8))
                x += w
            self.y += line

        self.ensure(line * 2)
        self.p.fillRect(QRect(0, self.y, sum(cols), line), QColor("#dde6f0"))
        draw(header, True)
        for n, row in enumerate(rows):
            if self.y + line > self.rect.height():
                self.new_page()
                self.p.fillRect(QRect(0, self.y, sum(cols), line), QColor("#dde6f0"))
                draw(header, True)
            if n % 2:
                self.p.fillRect(QRect(0, self.y, sum(cols), line), QColor("#f4f6f8"))
            draw(row, False)
        self.y += line // 2

    def pane(self, widget: QWidget, title: str, height: int) -> None:
        """A pane drawn as vectors into the full width, `height` pixels tall."""
        self.text(title, 11, True, 0.15)
        target = QRect(0, self.y, self.rect.width(), height)
        # Lay the pane out at a screen-like size with the target's shape, then scale down.
        logical = QSize(1600, max(200, int(1600 * target.height() / target.width())))
        with _sized(widget, logical):
            self.p.save()
            self.p.translate(target.topLeft())
            self.p.scale(target.width() / logical.width(), target.height() / logical.height())
            self.p.setClipRect(QRect(QPoint(0, 0), logical))
            QWidget.render(widget, self.p, QPoint(0, 0), QRegion(), _FLAGS)
            self.p.restore()
        self.p.setPen(QColor("#999999"))
        self.p.drawRect(target)
        self.p.setPen(QColor("#000000"))
        self.y += height + int(self.rect.height() * 0.02)


def _usd(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def write_briefing_pdf(path: str | os.PathLike[str], briefing: Briefing,
                       panes: Mapping[str, QWidget]) -> int:
    """The A4 landscape briefing pack, written atomically; returns the number of pages."""
    check_target(path)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
        writer.setTitle(briefing.title)
        writer.setCreator("Desk Viewer")
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(path, "could not start the PDF writer")
        try:
            pages = _draw_pack(_Page(writer, painter), briefing, panes)
        finally:
            painter.end()
    return pages


def _draw_pack(page: _Page, b: Briefing, panes: Mapping[str, QWidget]) -> int:
    page.text(b.title, 18, True, 0.4)
    for label, value in b.title_lines:
        page.text(f"{label}:  {value}", 10, False, 0.15)
    page.y += int(page.rect.height() * 0.02)
    shown = [(name, w) for name, w in panes.items() if w is not None]
    if shown:
        height = (page.rect.height() - page.y) // len(shown) - 2 * QFontMetrics(
            page.p.font(), page.writer).height()
        for name, widget in shown:
            page.pane(widget, PICTURE_PANES.get(name, name.title()), max(200, height))
        page.new_page()

    page.text("Key events", 14, True, 0.3)
    page.table(("Date", "Precision", "Type", "Title", "Countries", "Sources"),
               [(f"{e.start:%d %b %Y}" + (f" – {e.end:%d %b %Y}" if e.end else ""),
                 str(e.precision), type_label(e.type), e.title, ", ".join(e.countries),
                 "; ".join(s.outlet for s in e.sources)) for e in b.key_events],
               (0.13, 0.07, 0.12, 0.38, 0.08, 0.22))
    if not b.key_events:
        page.text("(no events in this view)", 9)

    page.text("Trade summary", 14, True, 0.3)
    page.text("Whole periods inside the window, compared with the preceding window of equal "
              "length (US$; change of the average per period).", 8, False, 0.3)
    page.table(("Series", "Periods", "In window", "Total", "Average", "Before", "Total before",
                "Average before", "Change"),
               [(k.series.label(), KIND_LABELS[k.kind], str(k.periods), _usd(k.total),
                 _usd(k.average), str(k.previous_periods), _usd(k.previous_total),
                 _usd(k.previous_average),
                 "–" if k.change is None else f"{k.change:+.1%}") for k in b.key_figures],
               (0.2, 0.1, 0.07, 0.12, 0.12, 0.07, 0.12, 0.12, 0.08), right=range(2, 9))
    if b.fiscal_years:
        page.table(("Fiscal year", *(s.label() for s in b.series)),
                   [(r.period.label(), *(_usd(v) for v in r.values)) for r in b.fiscal_years],
                   (0.2, *([0.25] * len(b.series))), right=range(1, 1 + len(b.series)))

    page.text("Sources", 14, True, 0.3)
    page.table(("Outlet", "Published", "Title", "Link"),
               [(s.outlet, f"{s.published:%d %b %Y}" if s.published else "", s.title or "",
                 s.url or "") for s in b.sources],
               (0.16, 0.09, 0.4, 0.35))
    return page.pages


def picture_of(widget: QWidget) -> QWidget:
    """What to draw of a pane: its plot without toolbars when it offers one."""
    picture = getattr(widget, "picture_widget", None)
    return picture() if callable(picture) else widget


class WidgetRenderer:
    """Pictures and the PDF pack drawn from live pane widgets (see io.export.outputs)."""

    def __init__(self, panes: Mapping[str, QWidget | None]) -> None:
        self.panes = {name: picture_of(w) for name, w in panes.items() if w is not None}

    def save_picture(self, pane: str, path: Path, size: tuple[int, int],
                     caption: PictureCaption | None = None) -> None:
        widget = self.panes.get(pane)
        if widget is None:
            raise ExportError(path, f"the {PICTURE_PANES.get(pane, pane)} pane is not open")
        save = save_svg if path.name.removesuffix(".staging").endswith(".svg") else save_png
        save(widget, path, QSize(*size))

    def write_pdf(self, path: Path, briefing: object) -> int:
        assert isinstance(briefing, Briefing)
        return write_briefing_pdf(path, briefing, self.panes)
