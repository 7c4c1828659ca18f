"""`viewer export OUT.xlsx|.csv|.pdf|.png|.svg` and `viewer export DIR --pack`: the briefing
outputs of a view (DESIGN §5).

A `.csv` target writes the events to OUT.csv and the trade figures to OUT-trade.csv; a
picture target writes OUT-timeline and OUT-trade-chart (or the one `--pane`); `--pack`
writes the workbook, the PDF and the pictures into a folder. Trade series are the
`--series` given, else every series between the `--country` countries. The writing is
the GUI's own orchestration (`viewer.io.export.outputs`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viewer.domain.model import Filter, TimeWindow

FORMATS = (".xlsx", ".csv", ".pdf", ".png", ".svg")


def add_parser(sub, db_help: str, date_type) -> None:
    """Register the `export` subcommand."""
    p = sub.add_parser("export", help="write the briefing workbook (.xlsx), CSV, PDF pack or "
                       "pictures", description="Write the view's briefing workbook (.xlsx), CSV "
                       "(events to OUT.csv, trade figures to OUT-trade.csv), PDF briefing pack, "
                       "or pictures of the timeline and trade chart (.png, .svg).")
    p.add_argument("out", type=Path,
                   help="OUT.xlsx, OUT.csv, OUT.pdf, OUT.png or OUT.svg; a folder with --pack")
    p.add_argument("--db", help=db_help, dest="sub_db")
    p.add_argument("--from", dest="start", type=date_type, help="window start (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", type=date_type, help="window end (YYYY-MM-DD)")
    p.add_argument("--country", action="append", default=[], metavar="COUNTRY",
                   help="only events involving this country (repeatable)")
    p.add_argument("--type", action="append", default=[], metavar="T", dest="types",
                   help="only events of this type (repeatable)")
    p.add_argument("--search", default="", help='full-text search: words, "a phrase", prefix*, AND OR NOT')
    p.add_argument("--title", help="title of the workbook's Summary sheet or of the PDF pack")
    p.add_argument("--series", action="append", default=[],
                   metavar="REPORTER:PARTNER:FLOW[:COMMODITY]",
                   help="a trade series to show, e.g. PAK:AFG:export (repeatable; flows: "
                        "export, import, re-export, re-import, transit; default: every "
                        "series between the --country countries)")
    p.add_argument("--pane", choices=("timeline", "chart", "map", "both", "all"), default="both",
                   help="which pane a picture shows: both is the timeline and the chart, "
                        "all adds the map (one file each; default both)")
    p.add_argument("--bbox", type=_bbox, metavar="MINLON,MINLAT,MAXLON,MAXLAT",
                   help="only events placed inside this box, in degrees (west and south "
                        "negative), e.g. 70.3,33.8,71.6,34.6 around Khyber and Nangarhar")
    p.add_argument("--size", type=_size, default=(1600, 600), metavar="WxH",
                   help="picture size in pixels (default 1600x600)")
    p.add_argument("--select", action="append", default=[], type=int, metavar="EVENT_ID",
                   help="mark this event as selected (a ring on the timeline, a line on the "
                        "chart) in pictures and the PDF pack (repeatable; default: no marks)")
    p.add_argument("--pack", action="store_true",
                   help="write the briefing pack (workbook, PDF, pictures) into the folder OUT")


def _bbox(text: str):  # noqa: ANN202 - an Area, imported lazily
    from viewer.domain.area import Area

    try:
        return Area.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WxH, e.g. 1600x600") from None
    if not (200 <= w <= 8000 and 100 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"{text!r}: width 200–8000, height 100–8000")
    return w, h


def run_export(db: str | None, args: argparse.Namespace) -> int:
    """Run `viewer export`; errors are raised for the CLI to print as one line."""
    from viewer.cli_errors import EXIT_OK, EXIT_USAGE, CliError
    from viewer.domain.country_names import resolve_iso3
    from viewer.domain.series_choice import SeriesSpecError, parse_series
    from viewer.domain.taxonomy import TYPES_BY_CODE, type_code
    from viewer.io.default_store import open_or_create_default

    out: Path = args.out
    suffix = out.suffix.lower()
    if args.pack:
        if not out.is_dir():
            raise CliError(f"{out}: --pack writes into a folder, and there is none here")
    elif suffix not in FORMATS:
        print(f"viewer export: error: {out}: unknown format; use {', '.join(FORMATS)}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.start and args.end and args.end < args.start:
        raise CliError("--to is before --from")
    found = {c: resolve_iso3(c) for c in args.country}
    unknown = [c for c, iso3 in found.items() if iso3 is None]
    if unknown:
        raise CliError(f"--country: unknown country {', '.join(unknown)} (a name, ISO code "
                       "or M49 number)")
    countries = tuple(dict.fromkeys(iso3 for iso3 in found.values() if iso3))
    types = tuple(dict.fromkeys(type_code(t) or t.strip() for t in args.types))
    bad = [t for t in types if t not in TYPES_BY_CODE]
    if bad:
        raise CliError(f"--type: unknown type {', '.join(bad)}; known: "
                       f"{', '.join(TYPES_BY_CODE)}")
    flt = Filter(countries=countries, types=types, search=args.search.strip(), area=args.bbox)
    try:
        series = tuple(parse_series(t, lambda c: resolve_iso3(c) == c or c == "WLD")
                       for t in args.series) or None
    except SeriesSpecError as exc:
        raise CliError(f"--series: {exc}") from None
    panes = {"timeline": ("timeline",), "chart": ("trade",), "map": ("map",),
             "both": ("timeline", "trade"), "all": ("timeline", "trade", "map")}

    store = open_or_create_default(db, read_only=True)
    try:
        from viewer.io.export.outputs import ExportPlan, needs_panes, write_outputs
        from viewer.io.export.workbook import resolve_window

        full = resolve_window(store, None)
        start = args.start or full.start
        window = TimeWindow(start, args.end or max(full.end, start))
        default_title = "Briefing workbook" if suffix == ".xlsx" else "Briefing pack"
        if args.pack:
            plan = ExportPlan.for_pack(out, window, flt, args.title or "Briefing pack",
                                       series=series, picture_size=args.size,
                                       show_selection=bool(args.select))
        else:
            plan = ExportPlan.for_file(out, window, flt, args.title or default_title,
                                       series=series, picture_panes=panes[args.pane],
                                       picture_size=args.size, show_selection=bool(args.select))
        selected = tuple(dict.fromkeys(args.select))
        missing = set(selected) - {e.id for e in store.events_by_id(list(selected))}
        if missing:
            raise CliError(f"--select: no event with id {', '.join(map(str, sorted(missing)))}")

        def panes():  # noqa: ANN202 - the app's offscreen panes, loaded only when drawn
            from viewer.app.offscreen_panes import offscreen_panes

            return offscreen_panes(store, window, flt, series=series, selected=selected)

        outcome = write_outputs(store, plan, panes if needs_panes(plan) else None)
        for warning in outcome.warnings:
            print(f"viewer: warning: {warning}", file=sys.stderr)
        print(f"wrote {'; '.join(outcome.summary)}")
    finally:
        store.close()
    return EXIT_OK
