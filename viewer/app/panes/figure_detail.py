"""A trade figure in the detail pane: its series, period and value, what it covers, its
sources with links, the officer's note, its restatements and its history."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from viewer.app.panes.detail_html import history_html, source_html, table_row
from viewer.domain.countries import country_name
from viewer.domain.edits import FIGURE_LABELS, ChangeRecord
from viewer.domain.model import TradeFigure


def figure_html(f: TradeFigure, history: Sequence[ChangeRecord] = ()) -> str:
    """The detail of a trade figure as rich text; every stored value is escaped."""
    p = f.period
    title = (f"{country_name(f.reporter)} {f.flow.value} "
             f"{'to' if f.flow.value in ('export', 're-export', 'transit') else 'from'} "
             f"{country_name(f.partner)}, {p.label()}")
    out = [f"<h3>{escape(title)}</h3>"]
    if f.superseded:
        out.append("<p><b>⚠ Restated by a later figure:</b> listed, never summed.</p>")
    rows = [
        table_row("Value", f"US$ {f.value_usd:,.0f}" + (" <i>(an estimate)</i>" if f.estimated
                                                    else "")),
        table_row("Period", escape(f"{p.start:%-d %b %Y} – {p.end:%-d %b %Y} "
                              f"({p.kind.value.replace('_', ' ')})")),
        table_row("Commodity", escape(f"{f.commodity_code} {f.commodity_label or ''}".strip())),
        table_row("Covers", escape(f.coverage.label())),
    ]
    if f.classification:
        rows.append(table_row("Classification", escape(f.classification)))
    if f.supersedes_id:
        rows.append(table_row("Restates", f"figure {f.supersedes_id}"))
    out.append("<table>" + "".join(rows) + "</table>")
    if f.note:
        out.append(f"<p>{escape(f.note)}</p>")
    if f.officer_note:
        out.append(f"<h4>Your note</h4><p>{escape(f.officer_note)}</p>")
    out.append(f"<h4>Sources ({len(f.sources)})</h4>")
    out.extend(source_html(n, x) for n, x in enumerate(f.sources))
    prov = [table_row("Origin", escape(f"{f.origin_dataset or '?'} · {f.origin_id or '?'}"))
            ] if f.origin_dataset or f.origin_id else []
    prov.append(table_row("Figure id", f"{f.id} · version {f.version}"))
    out.append("<h4>Provenance</h4><table>" + "".join(prov) + "</table>")
    if history:
        out.append(history_html(history, FIGURE_LABELS))
    return "".join(out)
