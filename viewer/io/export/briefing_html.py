"""The briefing pack's text pages as HTML for Qt's rich-text engine; no Qt here.

Tables wrap their cells and repeat their header rows on every page (`<thead>`); every
source is a link with its full address; text in Arabic script gets its own face and
right-to-left direction, so Urdu, Pashto and Dari names shape and read correctly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from viewer.domain.fiscal_years import describe as describe_fiscal_year
from viewer.domain.taxonomy import type_label
from viewer.io.export.briefing import Briefing
from viewer.io.export.trade_summary import KIND_LABELS

ARABIC_FACE = "Noto Sans Arabic"
_ARABIC_RUN = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
                         "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
                         r"\s\u200c\u200d.،]*")


def text(value: object) -> str:
    """Escaped text with each Arabic-script run in its face, right to left."""
    escaped = html.escape("" if value is None else str(value))
    return _ARABIC_RUN.sub(
        lambda m: f'<span dir="rtl" style="font-family:\'{ARABIC_FACE}\'">{m.group(0)}</span>',
        escaped)


def link(url: str | None) -> str:
    if not url:
        return ""
    # The whole address, shown and linked; the document wraps it anywhere when it must.
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'


def money(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.3f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
          right: Sequence[int] = ()) -> str:
    """A wrapped table; cells are HTML already; widths in percent; header repeated."""
    head = "".join(f'<th width="{w}%" align="{"right" if i in right else "left"}">'
                   f"{html.escape(h)}</th>" for i, (h, w) in enumerate(zip(header, widths,
                                                                          strict=True)))
    body = []
    for n, row in enumerate(rows):
        shade = ' bgcolor="#f4f6f8"' if n % 2 else ""
        body.append(f"<tr{shade}>" + "".join(
            f'<td align="{"right" if i in right else "left"}">{cell}</td>'
            for i, cell in enumerate(row)) + "</tr>")
    return ('<table width="100%" cellspacing="0" cellpadding="3" border="0.5" '
            f'style="border-color:#b0b8c0; border-style:solid"><thead><tr bgcolor="#dde6f0">'
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def briefing_html(b: Briefing) -> str:
    """Key events, trade summary, fiscal years, restatements and sources."""
    parts = ["<h2>Key events</h2>"]
    if b.key_events:
        parts.append(table(
            ("Date", "Precision", "Type", "Title", "Actors", "Countries", "Sources"),
            [(text(f"{e.start:%d %b %Y}" + (f" – {e.end:%d %b %Y}" if e.end else "")),
              text(e.precision), text(type_label(e.type)), text(e.title),
              "<br>".join(text(a.name) + (f" ({text(a.native_name)})" if a.native_name
                                          else "") for a in e.actors),
              text(", ".join(e.countries)), text("; ".join(s.outlet for s in e.sources)))
             for e in b.key_events],
            (11, 7, 10, 28, 20, 7, 17)))
    else:
        parts.append("<p>(no events in this view)</p>")
    parts.append("<h2>Trade summary</h2><p>Whole periods inside the window, compared with "
                 "the preceding window of equal length, in US$ million. Each total adds one "
                 "series, one kind of period and one coverage (goods, services, or both), "
                 "from the latest report of each period.</p>")
    if b.key_figures:
        parts.append(table(
            ("Series", "Periods", "In window", "Total", "Average", "Before", "Total before",
             "Change", "What the total covers"),
            [(text(k.series.label()), text(KIND_LABELS[k.kind]), str(k.periods),
              money(k.total if k.periods else None), money(k.average),
              str(k.previous_periods),
              money(k.previous_total if k.previous_periods else None),
              "–" if k.change is None else f"{k.change:+.1%}", text(k.covers()))
             for k in b.key_figures],
            (20, 8, 6, 8, 8, 6, 8, 7, 29), right=range(2, 8)))
    else:
        parts.append("<p>(no trade figures of the chosen series in these windows)</p>")
    if b.fiscal_years:
        parts.append("<h3>By fiscal year (US$ million)</h3>")
        shown = [i for i, _ in enumerate(b.series)
                 if any(r.values[i] is not None for r in b.fiscal_years)]
        width = max(10, 80 // max(len(shown), 1))
        parts.append(table(
            ("Fiscal year", *(b.series[i].label() for i in shown)),
            [(text(r.period.label()), *(money(r.values[i]) + (" (est.)" if r.estimated[i]
                                                               else "") for i in shown))
             for r in b.fiscal_years],
            (100 - width * len(shown), *([width] * len(shown))),
            right=range(1, 1 + len(shown))))
        reporters = sorted({s.reporter for s in b.series})
        parts.append("<p>" + "<br>".join(text(describe_fiscal_year(r, b.window.end))
                                         for r in reporters) + "</p>")
    if b.superseded:
        parts.append("<h3>Restated figures (shown for the record, never summed)</h3>")
        parts.append(table(
            ("Period", "Series", "First reported (US$ m)", "Reported by"),
            [(text(f.period.label()), text(f"{f.reporter} {f.flow} {f.partner}"),
              money(f.value_usd), text("; ".join(s.outlet for s in f.sources)))
             for f in b.superseded], (20, 30, 20, 30), right=(2,)))
    parts.append("<h2>Sources</h2>")
    parts.append(table(
        ("Outlet", "Published", "Title", "Link"),
        [(text(s.outlet), text(f"{s.published:%d %b %Y}" if s.published else ""),
          text(s.title or ""), link(s.url)) for s in b.sources],
        (14, 9, 35, 42)))
    return "".join(parts)
