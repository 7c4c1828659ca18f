"""Pictures of the panes (PNG, SVG, clipboard) and the A4 briefing pack PDF.

Any QWidget can be drawn: the panes are whatever sits in the timeline and trade docks,
rendered through QPainter, so vector output (SVG, PDF) stays sharp at any size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPainter,
    QRegion,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from viewer.app.widget_sizing import sized
from viewer.domain.pictures import PICTURE_PANES, PictureCaption
from viewer.io.export.briefing import Briefing
from viewer.io.export.safe import ExportError, atomic_path, check_target, target_name

PDF_DPI = 150
_FLAGS = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground


def render_image(widget: QWidget, size: QSize | None = None) -> QImage:
    """The widget drawn at `size` (its current size when None) into an image."""
    size = size or widget.size()
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(widget.palette().window().color())
    with sized(widget, size):
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


def svg_document(size: QSize, title: str, draw: Callable[[QSvgGenerator], None]) -> bytes:
    """An SVG of `size` whose content `draw` paints onto the generator it is given."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    generator.setTitle(title)
    draw(generator)
    buffer.close()
    return bytes(data)


def svg_bytes(widget: QWidget, size: QSize | None = None, title: str = "") -> bytes:
    """The widget drawn as SVG (vector) at `size`."""
    size = size or widget.size()

    def draw(generator: QSvgGenerator) -> None:
        with sized(widget, size):
            painter = QPainter()
            if not painter.begin(generator):
                raise OSError("could not start the SVG painter")
            try:
                QWidget.render(widget, painter, QPoint(0, 0), QRegion(), _FLAGS)  # not the view overload
            finally:
                painter.end()

    return svg_document(size, title or widget.windowTitle() or "Desk Viewer", draw)


def save_svg(widget: QWidget, path: str | os.PathLike[str], size: QSize | None = None) -> None:
    """Write the widget as an SVG at `size`, atomically."""
    check_target(path)
    _write_bytes(path, svg_bytes(widget, size, Path(path).stem))


def copy_image(widget: QWidget, size: QSize | None = None) -> QImage:
    """Put a picture of the widget on the clipboard; returns it."""
    image = render_image(widget, size)
    QGuiApplication.clipboard().setImage(image)
    return image


def picture_of(widget: QWidget) -> QWidget:
    """What to draw of a pane: its plot without toolbars when it offers one."""
    picture = getattr(widget, "picture_widget", None)
    return picture() if callable(picture) else widget


@contextmanager
def selection_hidden(panes: Iterable[QWidget], hide: bool = True) -> Iterator[None]:
    """The panes without the marks of their selected events, while drawing (restored after)."""
    items = [item for pane in panes if hide and callable(getattr(pane, "selection_items", None))
             for item in pane.selection_items()]
    shown = [item.isVisible() for item in items]
    for item in items:
        item.setVisible(False)
    try:
        yield
    finally:
        for item, visible in zip(items, shown, strict=True):
            item.setVisible(visible)


class WidgetRenderer:
    """Pictures and the PDF pack drawn from live pane widgets (see io.export.outputs)."""

    def __init__(self, panes: Mapping[str, QWidget | None]) -> None:
        self.sources = {name: w for name, w in panes.items() if w is not None}
        self.panes = {name: picture_of(w) for name, w in self.sources.items()}

    def save_picture(self, pane: str, path: Path, size: tuple[int, int],
                     caption: PictureCaption | None = None, *,
                     selection: bool = False) -> None:
        """The pane under its caption with its legend, as SVG or PNG by the file's name;
        the selected events are marked only when `selection` is true."""
        widget = self.panes.get(pane)
        if widget is None:
            raise ExportError(path, f"the {PICTURE_PANES.get(pane, pane)} pane is not open")
        with selection_hidden([self.sources[pane]], not selection):
            self._save_picture(pane, widget, path, size, caption)

    def _save_picture(self, pane: str, widget: QWidget, path: Path, size: tuple[int, int],
                      caption: PictureCaption | None) -> None:
        from viewer.app.captioned_picture import legend_of, paint_picture

        svg = target_name(path).endswith(".svg")
        if caption is None:
            (save_svg if svg else save_png)(widget, path, QSize(*size))
            return
        check_target(path)
        full = QSize(*size)
        legend = legend_of(pane, self.sources[pane])
        if svg:
            _write_bytes(path, svg_document(
                full, f"{caption.title}: {PICTURE_PANES.get(pane, pane)}",
                lambda generator: paint_picture(generator, widget, pane, full, caption,
                                                legend)))
            return
        image = QImage(full, QImage.Format.Format_ARGB32_Premultiplied)
        paint_picture(image, widget, pane, full, caption, legend)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise ExportError(path, "could not encode the PNG")
        _write_bytes(path, bytes(buffer.data()))

    def write_pdf(self, path: Path, briefing: object, *, selection: bool = False) -> int:
        """The PDF pack; its pictures of the panes mark the selection only when asked."""
        from viewer.app.briefing_pdf import write_briefing_pdf

        assert isinstance(briefing, Briefing)
        from viewer.app.captioned_picture import legend_of

        legends = {name: legend_of(name, source) for name, source in self.sources.items()}
        with selection_hidden(self.sources.values(), not selection):
            return write_briefing_pdf(path, briefing, self.panes, legends)
