"""The detail pane's rich text for an event, and the parts a trade figure's shares: a
source with its links, a row's history."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtGui import QGuiApplication, QPalette

from viewer.domain.countries import country_name
from viewer.domain.dates import format_event_date
from viewer.domain.edits import FIELD_LABELS, ChangeRecord
from viewer.domain.model import Source
from viewer.domain.records import EventDetail, SourceDetail
from viewer.domain.taxonomy import type_label

COPY_SCHEME = "copy-url"
# Right-to-left isolate: a native name keeps its own direction inside left-to-right text.
RLI, PDI = "\u2067", "\u2069"
MAX_TEXT = 20_000  # characters of stored article text shown; the rest is in the store


def muted_color() -> str:
    """Secondary text (labels, notes): the palette's placeholder colour, read when
    rendering, so that it suits a light or a dark scheme alike."""
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()


def rtl(text: str) -> str:
    """Escaped text isolated as right-to-left, for Urdu, Pashto and Dari names."""
    return f'<span dir="rtl">{RLI}{escape(text)}{PDI}</span>'


def table_row(label: str, value: str) -> str:
    return f"<tr><td style='color:{muted_color()};padding-right:8px'>{label}</td><td>{value}</td></tr>"


def render_html(d: EventDetail, selected: int = 1,
                history: Sequence[ChangeRecord] = ()) -> str:
    """The detail of an event as rich text; every stored value is escaped."""
    e = d.event
    out = [f"<h3>{escape(e.title)}</h3>"]
    if selected > 1:
        out.append(f"<p style='color:{muted_color()}'>{selected} events selected; showing the first.</p>")
    rows = [
        table_row("Date", escape(format_event_date(e.start, e.end, e.precision))),
        table_row("Precision", escape(e.precision.value)),
        table_row("Type", escape(type_label(e.type)) + f" <span style='color:{muted_color()}'>({escape(e.type)})"
             "</span>"),
    ]
    if d.original_type or d.original_subtype:
        rows.append(table_row("Original type", escape(" / ".join(
            x for x in (d.original_type, d.original_subtype) if x))))
    if d.cameo_code:
        rows.append(table_row("CAMEO", escape(d.cameo_code)))
    place = ", ".join(escape(x) for x in (e.location, d.admin2, d.admin1) if x)
    if e.latitude is not None and e.longitude is not None:
        place += f" ({e.latitude:.4f}, {e.longitude:.4f})"
    if place:
        rows.append(table_row("Location", place))
    if d.fatalities is not None:
        rows.append(table_row("Fatalities", str(d.fatalities)))
    if e.countries:
        rows.append(table_row("Countries", ", ".join(
            f"{escape(country_name(c))} ({escape(c)})" for c in e.countries)))
    if e.tags:
        rows.append(table_row("Tags", ", ".join(escape(t) for t in e.tags)))
    out.append("<table>" + "".join(rows) + "</table>")
    if e.summary:
        out.append(f"<p>{escape(e.summary)}</p>")
    if e.note:
        out.append(f"<h4>Your note</h4><p>{escape(e.note)}</p>")
    if e.actors:
        out.append("<h4>Actors</h4><table>")
        for a in e.actors:
            extra = ", ".join(escape(x) for x in (a.kind, a.country) if x)
            native = f" {rtl(a.native_name)}" if a.native_name else ""
            out.append(f"<tr><td style='color:{muted_color()};padding-right:8px'>{escape(a.role)}</td>"
                       f"<td>{escape(a.name)}{native}"
                       f"{f' <span style=color:{muted_color()}>({extra})</span>' if extra else ''}</td></tr>")
        out.append("</table>")
    out.append(f"<h4>Sources ({len(d.sources)})</h4>")
    out.extend(source_html(n, src) for n, src in enumerate(d.sources))
    out.append("<h4>Provenance</h4><table>")
    prov = []
    if e.origin_dataset or e.origin_id:
        prov.append(table_row("Origin", f"{escape(e.origin_dataset or '?')} · "
                                   f"{escape(e.origin_id or '?')}"))
    if d.batch:
        b = d.batch
        when = b.imported_at.strftime("%Y-%m-%d %H:%M") if b.imported_at else "?"
        prov.append(table_row("Import", f"{escape(b.file_name)} ({escape(b.format)}, {when})"))
        prov.append(table_row("SHA-256", f"<span style='color:{muted_color()}'>{escape(b.sha256[:16])}…</span>"))
    prov.append(table_row("Event id", f"{e.id} · version {d.version}"))
    if d.updated_at:
        prov.append(table_row("Updated", d.updated_at.strftime("%Y-%m-%d %H:%M")))
    out.append("".join(prov) + "</table>")
    if history:
        out.append(history_html(history))
    return "".join(out)


def source_html(n: int, src: Source | SourceDetail) -> str:
    """One source: outlet, title, date, its link and a copy link, the article's text."""
    bits = [f"<b>{escape(src.outlet)}</b>"]
    if src.title:
        bits.append(escape(src.title))
    meta = ", ".join(x for x in (str(src.published) if src.published else "", src.language
                                 or "", src.scale or "") if x)
    if meta:
        bits.append(f"<span style='color:{muted_color()}'>({escape(meta)})</span>")
    line = " – ".join(bits[:2]) + (" " + bits[2] if len(bits) > 2 else "")
    if src.url:
        url = escape(src.url, quote=True)
        line += (f"<br><a href=\"{url}\">{escape(_short(src.url))}</a>"
                 f" · <a href=\"{COPY_SCHEME}:{n}\">copy URL</a>")
    out = f"<p>{line}</p>"
    if getattr(src, "text", None):
        text = src.text[:MAX_TEXT] + ("…" if len(src.text) > MAX_TEXT else "")
        out += f"<blockquote>{escape(text)}</blockquote>"
    return out


def history_html(history: Sequence[ChangeRecord],
                 labels: dict[str, str] = FIELD_LABELS) -> str:
    """The changes of a row, newest first: when, who, what and which fields."""
    out = ["<h4>History</h4><table>"]
    for change in reversed(history):
        when = change.changed_at.strftime("%Y-%m-%d %H:%M") if change.changed_at else "?"
        what = escape(change.action)
        if change.import_batch_id is not None:
            what += f" (import {change.import_batch_id})"
        fields = ", ".join(escape(labels.get(k, k)) for k in change.new or change.old)
        if fields and change.action == "edited":
            what += f": {fields}"
        out.append(table_row(escape(when), f"{what} · {escape(change.changed_by or '?')}"))
    return "".join(out) + "</table>"


def _short(url: str, limit: int = 70) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
