"""The briefing pack's text pages as HTML for Qt's rich-text engine; no Qt here.

Tables wrap their cells and are cut into pages between rows, each page with the header
row again (`Table.html`); every source is a link with its full address; text in Arabic
script gets its own face and right-to-left direction, so Urdu, Pashto and Dari names
shape and read correctly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.domain.fiscal_years import describe as describe_fiscal_year
from viewer.domain.model import TradeFigure
from viewer.domain.taxonomy import type_label
from viewer.io.export.briefing import Briefing
from viewer.io.export.trade_summary import KIND_LABELS, PivotRow, Series

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


def _actor(name: str, native: str | None) -> str:
    """The name, and under it the name in its own script as a right-to-left paragraph of
    its own: inside one line with the Latin name, a wrapped Arabic-script name would
    break in the wrong places and take its brackets along."""
    line = f'<p style="margin:0">{text(name)}</p>'
    if native:
        line += (f'<p dir="rtl" style="margin:0; font-family:\'{ARABIC_FACE}\'">'
                 f"{html.escape(native)}</p>")
    return line


def link(url: str | None) -> str:
    if not url:
        return ""
    # The whole address, shown and linked; the document wraps it anywhere when it must.
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'


def money(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.3f}"


@dataclass(frozen=True)
class Table:
    """A wrapped table whose rows a page may take only whole: `html(rows)` writes it with
    its header row (and the heading before it) for any run of its rows."""

    heading: str  # HTML before the table, repeated as "(continued)" on later pages
    head: str  # the header row's cells
    rows: tuple[str, ...]  # each row's <tr>

    def html(self, rows: Sequence[str], first: bool = True) -> str:
        heading = self.heading
        if heading and not first:  # the title alone, "continued"
            title = re.match(r"<(h[23])>(.*?)</\1>", heading)
            heading = f"<{title[1]}>{title[2]} (continued)</{title[1]}>" if title else ""
        return (f"{heading}<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" "
                f'border="0.5" style="border-color:#b0b8c0; border-style:solid">'
                f'<thead><tr bgcolor="#dde6f0">{self.head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")


Part = str | Table


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
          right: Sequence[int] = (), heading: str = "") -> Table:
    """A wrapped table; cells are HTML already; widths in percent."""
    head = "".join(f'<th width="{w}%" align="{"right" if i in right else "left"}">'
                   f"{html.escape(h)}</th>" for i, (h, w) in enumerate(zip(header, widths,
                                                                          strict=True)))
    body = []
    for n, row in enumerate(rows):
        shade = ' bgcolor="#f4f6f8"' if n % 2 else ""
        body.append(f"<tr{shade}>" + "".join(
            f'<td align="{"right" if i in right else "left"}">{cell}</td>'
            for i, cell in enumerate(row)) + "</tr>")
    return Table(heading, head, tuple(body))


def _series_label(f: TradeFigure) -> str:
    return Series(f.reporter, f.partner, f.flow, f.commodity_code, f.coverage).label()


def _outlets(sources) -> str:  # noqa: ANN001
    return text("; ".join(dict.fromkeys(s.outlet for s in sources)))


def _pivot(b: Briefing, rows: Sequence[PivotRow], title: str, first: str) -> list[Part]:
    """Periods of one kind × the series that have them, in US$ million; gaps stay as '–'."""
    shown = [i for i, _ in enumerate(b.series) if any(r.values[i] is not None for r in rows)]
    if not shown:
        return []
    width = max(9, 80 // len(shown))
    return [table(
        (first, *(b.series[i].label() for i in shown)),
        [(text(r.period.label()), *(money(r.values[i]) + (" (est.)" if r.estimated[i] else "")
                                    for i in shown))
         for r in rows],
        (100 - width * len(shown), *([width] * len(shown))), right=range(1, 1 + len(shown)),
        heading=f"<h3>{html.escape(title)} (US$ million)</h3>")]


def briefing_parts(b: Briefing) -> list[Part]:
    """Key events, trade summary, periods of each kind, restatements and sources, as HTML
    paragraphs and tables that a page takes row by row."""
    parts: list[Part] = []
    if b.key_events:
        parts.append(table(
            ("Date", "Precision", "Type", "Title", "Actors", "Countries", "Sources"),
            [(text(f"{e.start:%d %b %Y}" + (f" – {e.end:%d %b %Y}" if e.end else "")),
              text(e.precision), text(type_label(e.type)), text(e.title),
              "".join(_actor(a.name, a.native_name) for a in e.actors),
              text(", ".join(e.countries)), _outlets(e.sources))
             for e in b.key_events],
            (11, 7, 10, 28, 20, 7, 17), heading="<h2>Key events</h2>"))
    else:
        parts.append("<h2>Key events</h2><p>(no events in this view)</p>")
    summary = ("<h2>Trade summary</h2><p>Whole periods inside the window, compared with the "
               "preceding window of equal length, in US$ million. Each total adds one series, "
               "one kind of period and one coverage (goods, services, or both), from the "
               "latest report of each period.</p>")
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
            (20, 8, 6, 8, 8, 6, 8, 7, 29), right=range(2, 8), heading=summary))
    else:
        parts.append(summary + "<p>(no trade figures of the chosen series in these "
                     "windows)</p>")
    parts += _pivot(b, b.fiscal_years, "By fiscal year", "Fiscal year")
    if b.fiscal_years:
        reporters = sorted({s.reporter for s in b.series})
        parts.append("<p>" + "<br>".join(text(describe_fiscal_year(r, b.window.end))
                                         for r in reporters) + "</p>")
    parts += _pivot(b, b.calendar_years, "By calendar year", "Year")
    parts += _pivot(b, b.months, "By month", "Month")
    if b.other_periods:
        parts.append(table(
            ("Period", "Series", "Value", "Sources"),
            [(text(f.period.label()), text(_series_label(f)),
              money(f.value_usd) + (" (est.)" if f.estimated else ""), _outlets(f.sources))
             for f in b.other_periods], (22, 38, 12, 28), right=(2,),
            heading="<h3>Other periods: quarters and part years (US$ million)</h3>"))
    if b.superseded:
        parts.append(table(
            ("Period", "Series", "First reported (US$ m)", "Reported by"),
            [(text(f.period.label()), text(_series_label(f)), money(f.value_usd),
              _outlets(f.sources))
             for f in b.superseded], (20, 34, 16, 30), right=(2,),
            heading="<h3>Restated figures (shown for the record, never summed)</h3>"))
    parts.append(table(
        ("Outlet", "Published", "Title", "Link"),
        [(text(s.outlet), text(f"{s.published:%d %b %Y}" if s.published else ""),
          text(s.title or ""), link(s.url)) for s in b.sources],
        (14, 9, 35, 42), heading="<h2>Sources</h2>"))
    return parts
