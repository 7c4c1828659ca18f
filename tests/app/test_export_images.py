"""Pictures of the panes and the briefing pack PDF, read back from disk."""

from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel

from viewer.app.briefing_pdf import write_briefing_pdf
from viewer.app.export_images import (
    WidgetRenderer,
    copy_image,
    render_image,
    save_png,
    save_svg,
)
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.cli import run
from viewer.domain.model import TimeWindow
from viewer.io.export.briefing import gather
from viewer.io.export.safe import ExportError

WINDOW = TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def label(qtbot):
    widget = QLabel("Timeline of events ← پاکستان")
    widget.setStyleSheet("QLabel { background: white; color: black; font-size: 28px; }")
    widget.resize(300, 100)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def main_window(qtbot, tmp_path, sample_store):
    store = sample_store
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    yield window
    window.close()
    store.close()


def test_render_at_chosen_size_restores_widget_size(label):
    image = render_image(label, QSize(800, 240))
    assert (image.width(), image.height()) == (800, 240)
    assert label.size() == QSize(300, 100)
    colours = {image.pixel(x, y) for x in range(0, 800, 7) for y in range(0, 240, 7)}
    assert len(colours) > 1  # text was drawn, not only the background


def test_png_written_at_size(tmp_path, label):
    out = tmp_path / "timeline.png"
    save_png(label, out, QSize(640, 200))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 200)


def test_svg_is_valid_vector(tmp_path, label):
    out = tmp_path / "timeline.svg"
    save_svg(label, out, QSize(640, 200))
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and 'viewBox="0 0 640 200"' in text
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid() and renderer.viewBox().size() == QSize(640, 200)


def test_copy_image_puts_picture_on_clipboard(label):
    copy_image(label, QSize(320, 100))
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() == 320


def test_png_to_folder_keeps_folder(tmp_path, label):
    folder = tmp_path / "x.png"
    folder.mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        save_png(label, folder)
    assert folder.is_dir()


def test_briefing_pdf_has_panes_events_trade_sources(tmp_path, main_window):
    out = tmp_path / "pack.pdf"
    briefing = gather(main_window.store, WINDOW, title="PAK–AFG pack")
    panes = WidgetRenderer(main_window.picture_panes()).panes
    assert set(panes) == {"timeline", "trade", "map"}
    pages = write_briefing_pdf(out, briefing, panes)
    assert pages >= 2 and out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pack")] == []
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        for expected in ("PAK–AFG pack", "01 Jan 2023 – 31 Dec 2025", "Timeline",
                         "Trade chart", "Map", "Natural Earth", "Torkham", "Key events", "Trade summary", "FY 2023-24", "Sources",
                         "Afghan authorities close the Torkham crossing"):
            assert expected in text, expected
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        assert re.search(rf"^Pages:\s+{pages}$", info, re.M)
        assert "842 x 595 pts (A4)" in info  # A4 landscape


def test_cli_pdf_export(tmp_path, qapp):
    db = tmp_path / "s.sqlite"
    assert run(["init", "--db", str(db)]) == 0
    out = tmp_path / "pack.pdf"
    assert run(["export", str(out), "--from", "2024-01-01", "--to", "2024-12-31",
                "--db", str(db)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_cli_pictures_are_the_panes_without_a_main_window(tmp_path, qapp):
    db = tmp_path / "s.sqlite"
    assert run(["init", "--db", str(db)]) == 0
    assert run(["export", str(tmp_path / "view.png"), "--from", "2023-01-01", "--db",
                str(db)]) == 0
    assert run(["export", str(tmp_path / "view.svg"), "--db", str(db)]) == 0
    timeline = QImage(str(tmp_path / "view-timeline.png"))
    assert (timeline.width(), timeline.height()) == (1600, 600)
    assert not QImage(str(tmp_path / "view-trade-chart.png")).isNull()
    assert QSvgRenderer(str(tmp_path / "view-timeline.svg")).isValid()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _pictures(renderer, folder, selection):
    from viewer.domain.pictures import PictureCaption

    caption = PictureCaption("Pack", "window", "none")
    images = {}
    for pane in ("timeline", "trade"):
        out = folder / f"{pane}-{selection}.png"
        renderer.save_picture(pane, out, (1200, 450), caption, selection=selection)
        images[pane] = QImage(str(out))
    return images


def test_pictures_mark_the_selection_only_when_asked(tmp_path, qtbot, main_window):
    state = main_window.state
    window = TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    state.set_window(window)
    renderer = WidgetRenderer(main_window.picture_panes())
    qtbot.waitUntil(lambda: len(renderer.sources["timeline"].arrays) > 0)
    plain = _pictures(renderer, tmp_path, False)
    event = next(iter(main_window.store.iter_events(window, None)))[0].id
    state.set_selection({event})
    qtbot.wait(50)
    items = [i for pane in renderer.sources.values() for i in pane.selection_items()]
    before = [i.isVisible() for i in items]
    unmarked = _pictures(renderer, tmp_path, False)
    marked = _pictures(renderer, tmp_path, True)
    for pane in ("timeline", "trade"):
        assert unmarked[pane] == plain[pane], pane  # selected, but not asked: no marks
        assert marked[pane] != plain[pane], pane
    # The panes on screen keep their marks.
    assert [i.isVisible() for i in items] == before and any(before)


def test_cli_select_marks_the_event(tmp_path, qapp):
    from viewer.store.service import StoreService

    db = tmp_path / "s.sqlite"
    assert run(["init", "--db", str(db)]) == 0
    store = StoreService.open(db)
    window = TimeWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    event = next(iter(store.iter_events(window, None)))[0].id
    store.close()
    common = ["--from", "2025-01-01", "--to", "2025-12-31", "--pane", "timeline", "--db",
              str(db)]
    assert run(["export", str(tmp_path / "plain.png"), *common]) == 0
    assert run(["export", str(tmp_path / "marked.png"), "--select", str(event), *common]) == 0
    plain = QImage(str(tmp_path / "plain-timeline.png"))
    assert QImage(str(tmp_path / "marked-timeline.png")) != plain
    assert run(["export", str(tmp_path / "x.png"), "--select", "999999", *common]) == 1


def test_cli_map_picture_and_bbox_filter(tmp_path, qapp):
    """`--pane map` draws the map with its credit; `--bbox` narrows the view to a box."""
    db = tmp_path / "s.sqlite"
    assert run(["init", "--db", str(db)]) == 0
    assert run(["export", str(tmp_path / "view.svg"), "--pane", "map", "--bbox",
                "70.3,33.8,71.6,34.6", "--db", str(db)]) == 0
    svg = (tmp_path / "view-map.svg").read_text(encoding="utf-8")
    assert QSvgRenderer(str(tmp_path / "view-map.svg")).isValid()
    assert "Natural Earth" in svg and "Torkham" in svg and "70.30°E" in svg
    assert not (tmp_path / "view-timeline.svg").exists()
    out = tmp_path / "khyber.csv"
    assert run(["export", str(out), "--bbox", "70.3,33.8,71.6,34.6", "--db", str(db)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) > 2 and all("Torkham" in r for r in rows[1:] if r.strip())
    assert run(["export", str(out), "--bbox", "71.6,33.8,70.3", "--db", str(db)]) == 2


def test_the_charts_cached_bars_go_into_an_svg_as_vectors(qtbot, sample_store, tmp_path):
    from PySide6.QtWidgets import QGraphicsItem

    from viewer.app.panes.trade_chart import TradeChartPane
    from viewer.app.panes.trade_layers import PeriodBars
    from viewer.app.state import ViewState

    chart = TradeChartPane(sample_store, ViewState(WINDOW))
    qtbot.addWidget(chart)
    chart.resize(900, 400)
    chart.show()
    qtbot.waitExposed(chart)
    bars = [i for i in chart.plot.items if isinstance(i, PeriodBars)]
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert bars and all(b.cacheMode() == cached for b in bars)  # on screen: pixmaps
    out = tmp_path / "chart.svg"
    save_svg(chart.picture_widget(), out, QSize(900, 400))
    text = out.read_text(encoding="utf-8")
    pictures = [QImage.fromData(base64.b64decode(data)) for data in
                re.findall(r'xlink:href="data:image/png;base64,([^"]+)"', text)]
    # Only the plain background goes in as a picture; no bar does.
    assert all(len({p.pixel(x, y) for x in range(0, p.width(), 5)
                    for y in range(0, p.height(), 5)}) == 1 for p in pictures)
    assert text.count("<rect") > 50  # the bars, as rectangles
    assert all(b.cacheMode() == cached for b in bars)  # and the screen keeps its cache
