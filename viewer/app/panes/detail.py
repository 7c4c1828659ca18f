"""DetailPane: every field of the selected event (or of the trade figure chosen in the
trade table), its sources with links, its provenance and history."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from viewer.app.links import open_link
from viewer.app.panes.detail_html import COPY_SCHEME, RLI, muted_color, render_html
from viewer.app.panes.figure_detail import figure_html
from viewer.app.state import ViewState
from viewer.domain.model import TradeFigure
from viewer.domain.records import EventDetail
from viewer.store.service import StoreService

__all__ = ["RLI", "DetailPane"]


class DetailPane(QWidget):
    """Shows the selected event (the first by id when several are selected)."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.detail: EventDetail | None = None
        self.figure: TradeFigure | None = None  # shown instead of an event when chosen
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Event detail")
        # Links are ours to handle: web links open in the browser, copy links copy.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.state.selection_changed.connect(self._on_state_selection_changed)
        self.refresh()

    def set_store(self, store: StoreService) -> None:
        self.store = store
        self.refresh()

    def _on_state_selection_changed(self, _ids) -> None:  # noqa: ANN001
        self.figure = None
        self.refresh()

    def show_figure(self, figure_id: int) -> None:
        """Show a trade figure (chosen in the trade table) until an event is selected."""
        self.figure = self.store.trade_figure(figure_id)
        self.refresh()

    def refresh(self) -> None:
        """Show the state's selected event (or the chosen figure) again, read fresh."""
        if self.figure is not None and self.figure.id is not None:
            self.figure = self.store.trade_figure(self.figure.id)
            if self.figure is not None:
                self.browser.setHtml(figure_html(
                    self.figure, self.store.history("trade_figure", self.figure.id)))
                return
        ids = sorted(self.state.selection)
        self.detail = self.store.event_detail(ids[0]) if ids else None
        if self.detail is None:
            self.browser.setHtml(f"<p style='color:{muted_color()}'>Select an event in the "
                                 "timeline or the table to see every field and its sources."
                                 "</p>")
            return
        history = self.store.history("event", ids[0])
        self.browser.setHtml(render_html(self.detail, selected=len(ids), history=history))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_SCHEME:
            self.copy_source_url(int(url.path()))
        else:
            open_link(self, url.toString())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()  # its colours come from the palette

    def copy_source_url(self, position: int) -> None:
        """Copy the URL of the shown event's (or figure's) n-th source."""
        sources = (self.figure.sources if self.figure is not None else
                   self.detail.sources if self.detail else ())
        if 0 <= position < len(sources):
            QGuiApplication.clipboard().setText(sources[position].url or "")
