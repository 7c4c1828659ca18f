"""DetailPane: every field of the selected event, its sources with links, its provenance."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from viewer.app.links import open_link
from viewer.app.state import ViewState
from viewer.domain.countries import country_name
from viewer.domain.dates import format_event_date
from viewer.domain.records import EventDetail
from viewer.domain.taxonomy import type_label
from viewer.store.service import StoreService

COPY_SCHEME = "copy-url"
# Right-to-left isolate: a native name keeps its own direction inside left-to-right text.
RLI, PDI = "\u2067", "\u2069"
MAX_TEXT = 20_000  # characters of stored article text shown; the rest is in the store


def rtl(text: str) -> str:
    """Escaped text isolated as right-to-left, for Urdu, Pashto and Dari names."""
    return f'<span dir="rtl">{RLI}{escape(text)}{PDI}</span>'


class DetailPane(QWidget):
    """Shows the selected event (the first by id when several are selected)."""

    def __init__(self, store: StoreService, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.detail: EventDetail | None = None
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
        self.refresh()

    def refresh(self) -> None:
        """Show the state's selected event again, read fresh from the store."""
        ids = sorted(self.state.selection)
        self.detail = self.store.event_detail(ids[0]) if ids else None
        if self.detail is None:
            self.browser.setHtml(f"<p style='color:{muted_color()}'>Select an event in the "
                                 "timeline or the table to see every field and its sources."
                                 "</p>")
            return
        self.browser.setHtml(render_html(self.detail, selected=len(ids)))

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
        """Copy the URL of the event's n-th source."""
        if self.detail and 0 <= position < len(self.detail.sources):
            QGuiApplication.clipboard().setText(self.detail.sources[position].url or "")


def muted_color() -> str:
    """Secondary text (labels, notes): the palette's placeholder colour, read when
    rendering, so that it suits a light or a dark scheme alike."""
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()


def render_html(d: EventDetail, selected: int = 1) -> str:
    """The detail of an event as rich text; every stored value is escaped."""
    muted = muted_color()

    def _row(label: str, value: str) -> str:
        return (f"<tr><td style='color:{muted};padding-right:8px'>{label}</td>"
                f"<td>{value}</td></tr>")

    e = d.event
    out = [f"<h3>{escape(e.title)}</h3>"]
    if selected > 1:
        out.append(f"<p style='color:{muted}'>{selected} events selected; showing the first.</p>")
    rows = [
        _row("Date", escape(format_event_date(e.start, e.end, e.precision))),
        _row("Precision", escape(e.precision.value)),
        _row("Type", escape(type_label(e.type)) + f" <span style='color:{muted}'>({escape(e.type)})"
             "</span>"),
    ]
    if d.original_type or d.original_subtype:
        rows.append(_row("Original type", escape(" / ".join(
            x for x in (d.original_type, d.original_subtype) if x))))
    if d.cameo_code:
        rows.append(_row("CAMEO", escape(d.cameo_code)))
    place = ", ".join(escape(x) for x in (e.location, d.admin2, d.admin1) if x)
    if e.latitude is not None and e.longitude is not None:
        place += f" ({e.latitude:.4f}, {e.longitude:.4f})"
    if place:
        rows.append(_row("Location", place))
    if d.fatalities is not None:
        rows.append(_row("Fatalities", str(d.fatalities)))
    if e.countries:
        rows.append(_row("Countries", ", ".join(
            f"{escape(country_name(c))} ({escape(c)})" for c in e.countries)))
    if e.tags:
        rows.append(_row("Tags", ", ".join(escape(t) for t in e.tags)))
    out.append("<table>" + "".join(rows) + "</table>")
    if e.summary:
        out.append(f"<p>{escape(e.summary)}</p>")
    if e.actors:
        out.append("<h4>Actors</h4><table>")
        for a in e.actors:
            extra = ", ".join(escape(x) for x in (a.kind, a.country) if x)
            native = f" {rtl(a.native_name)}" if a.native_name else ""
            out.append(f"<tr><td style='color:{muted};padding-right:8px'>{escape(a.role)}</td>"
                       f"<td>{escape(a.name)}{native}"
                       f"{f' <span style=color:{muted}>({extra})</span>' if extra else ''}</td></tr>")
        out.append("</table>")
    out.append(f"<h4>Sources ({len(d.sources)})</h4>")
    for n, src in enumerate(d.sources):
        bits = [f"<b>{escape(src.outlet)}</b>"]
        if src.title:
            bits.append(escape(src.title))
        meta = ", ".join(x for x in (str(src.published) if src.published else "", src.language
                                     or "", src.scale or "") if x)
        if meta:
            bits.append(f"<span style='color:{muted}'>({escape(meta)})</span>")
        line = " – ".join(bits[:2]) + (" " + bits[2] if len(bits) > 2 else "")
        if src.url:
            url = escape(src.url, quote=True)
            line += (f"<br><a href=\"{url}\">{escape(_short(src.url))}</a>"
                     f" · <a href=\"{COPY_SCHEME}:{n}\">copy URL</a>")
        out.append(f"<p>{line}</p>")
        if src.text:
            text = src.text[:MAX_TEXT] + ("…" if len(src.text) > MAX_TEXT else "")
            out.append(f"<blockquote>{escape(text)}</blockquote>")
    out.append("<h4>Provenance</h4><table>")
    prov = []
    if e.origin_dataset or e.origin_id:
        prov.append(_row("Origin", f"{escape(e.origin_dataset or '?')} · "
                                   f"{escape(e.origin_id or '?')}"))
    if d.batch:
        b = d.batch
        when = b.imported_at.strftime("%Y-%m-%d %H:%M") if b.imported_at else "?"
        prov.append(_row("Import", f"{escape(b.file_name)} ({escape(b.format)}, {when})"))
        prov.append(_row("SHA-256", f"<span style='color:{muted}'>{escape(b.sha256[:16])}…</span>"))
    prov.append(_row("Event id", f"{e.id} · version {d.version}"))
    if d.updated_at:
        prov.append(_row("Updated", d.updated_at.strftime("%Y-%m-%d %H:%M")))
    out.append("".join(prov) + "</table>")
    return "".join(out)


def _short(url: str, limit: int = 70) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
