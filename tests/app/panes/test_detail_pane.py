"""DetailPane: fields, actors with native names, sources with links, provenance."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from viewer.app.panes.detail import RLI, DetailPane
from viewer.app.state import ViewState
from viewer.domain.model import TimeWindow
from viewer.store import schema as s

CALL = "2024-03-16-dar-muttaqi-call"
MENAFN_URL = ("https://menafn.com/1107985411/"
              "Afghan-Pakistan-Fms-Agree-To-Strengthen-Bilateral-Regional-Cooperation")


class UrlCatcher(QObject):
    """Stands in for the web browser: QDesktopServices hands https links to it."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def store(sample_store):
    """The sample store: a private copy per test (tests/conftest.py)."""
    return sample_store


@pytest.fixture
def pane(qtbot, store):
    state = ViewState(TimeWindow(dt.date(2016, 1, 1), dt.date(2025, 12, 31)))
    pane = DetailPane(store, state)
    qtbot.addWidget(pane)
    return pane


def test_empty_selection_shows_a_prompt(pane):
    assert "Select an event" in pane.browser.toPlainText()


def test_shows_fields_sources_and_provenance_of_the_call(pane, store):
    call = store.event_by_origin("sample", CALL)
    pane.state.set_selection({call.id})
    text = pane.browser.toPlainText()
    assert "Muttaqi phones new foreign minister Dar to congratulate him" in text
    assert "16 Mar 2024" in text and "Phone call" in text
    assert "MENAFN (Pajhwok)" in text
    assert "Afghan and Pakistani FMs pledge closer cooperation by phone" in text
    assert "2024-03-16" in text
    assert "copy URL" in text
    assert f"sample · {CALL}" in text
    assert "Afghanistan (AFG)" in text and "Pakistan (PAK)" in text
    assert MENAFN_URL in pane.browser.toHtml()


def test_actor_roles_and_right_to_left_native_names(pane, store):
    call = store.event_by_origin("sample", CALL)
    pane.state.set_selection({call.id})
    text = pane.browser.toPlainText()
    assert "primary" in text and "counterpart" in text
    assert f"{RLI}امیر خان متقی" in text
    assert "اسحاق ڈار" in text


def test_source_link_opens_in_browser_and_copies(pane, store):
    call = store.event_by_origin("sample", CALL)
    pane.state.set_selection({call.id})
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        pane.browser.anchorClicked.emit(QUrl(MENAFN_URL))
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == [MENAFN_URL]
    pane.browser.anchorClicked.emit(QUrl("copy-url:0"))
    assert QGuiApplication.clipboard().text() == MENAFN_URL


def test_stored_article_text_is_shown_escaped(pane, store):
    call = store.event_by_origin("sample", CALL)
    with store.write() as conn:
        conn.execute(s.Source.__table__.update().where(s.Source.id == call.sources[0].id)
                     .values(text="Full article <b>body</b> kept offline."))
    pane.state.set_selection({call.id})
    assert "Full article <b>body</b> kept offline." in pane.browser.toPlainText()


def test_event_detail_query_gives_batch_and_location(store):
    closure = store.event_by_origin("sample", "2016-06-13-torkham-gate-closure")
    d = store.event_detail(closure.id)
    assert d.batch is not None and d.batch.format == "sample"
    assert d.event.latitude == pytest.approx(34.1167)
    assert [x.outlet for x in d.sources] and len(d.sources) == len(closure.sources)
    assert store.event_detail(999_999) is None


def test_multiple_selection_says_so(pane, store):
    ids = {store.event_by_origin("sample", CALL).id,
           store.event_by_origin("sample", "2021-08-15-fall-of-kabul").id}
    pane.state.set_selection(ids)
    assert "2 events selected" in pane.browser.toPlainText()
