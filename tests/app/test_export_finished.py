"""An export ends with a message naming its files and a button that opens their folder;
a link or folder no program opens is copied and said."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.app.export_dialog import run_export
from viewer.app.finished_export import open_folder
from viewer.app.links import open_link
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.domain.model import Filter, TimeWindow
from viewer.io.export.outputs import ExportPlan


class Opened(QObject):
    """Takes what QDesktopServices would hand to the desktop (Qt's own hook for it)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def take(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():
    receiver = Opened()
    QDesktopServices.setUrlHandler("file", receiver, "take")
    QDesktopServices.setUrlHandler("https", receiver, "take")
    yield receiver
    QDesktopServices.unsetUrlHandler("file")
    QDesktopServices.unsetUrlHandler("https")


def boxes(name: str) -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]


def test_an_export_ends_with_a_message_and_open_folder(qtbot, sample_store, tmp_path,
                                                       opened) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(sample_store, settings)
    qtbot.addWidget(window)
    out = tmp_path / "out"
    out.mkdir()
    plan = ExportPlan(out, "brief", TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
                      Filter(), workbook=False, csv=True)
    run_export(window, plan)
    qtbot.waitUntil(lambda: bool(boxes("export_finished")), timeout=60_000)
    (box,) = boxes("export_finished")
    for path in out.iterdir():
        assert path.name in box.text()
    assert str(out) in box.text()
    (open_button,) = [b for b in box.buttons() if b.text() == "Open folder"]
    open_button.click()
    assert [u.toLocalFile() for u in opened.urls] == [str(out)]
    qtbot.waitUntil(lambda: not boxes("export_finished"))


def test_a_link_no_browser_opens_is_copied_and_said(qtbot) -> None:
    # No handler for this scheme on a test machine: nothing opens it.
    assert open_link(None, "ftp://example.org/file") is False
    assert QGuiApplication.clipboard().text() == "ftp://example.org/file"
    qtbot.waitUntil(lambda: bool(boxes("link_not_opened")))
    for box in boxes("link_not_opened"):
        assert "clipboard" in box.text()
        box.close()


def test_a_link_a_browser_takes_is_opened(opened) -> None:
    assert open_link(None, "https://example.org/a") is True
    assert [u.toString() for u in opened.urls] == ["https://example.org/a"]
    assert open_folder(None, "/tmp") is True
