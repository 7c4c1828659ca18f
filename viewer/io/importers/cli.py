"""`viewer import FILE...`: import each file, print its report; exit 1 when one is refused.

Each problem is one line on stderr (a rejected row, a refused file with the option that
answers it); tracebacks go to the log, shown on the console only with -v.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from viewer.io.errors import InputError, Remedy

if TYPE_CHECKING:
    from viewer.io.importers.report import ImportReport
    from viewer.store.service import StoreService

# How the command line answers each question a refused file asks.
ADVICE = {
    Remedy.SKIP_BAD_ROWS: "fix them, or import again with --skip-bad-rows to leave them out",
    Remedy.ENCODING: "import again with --encoding NAME",
    Remedy.DATE_ORDER: "import again with --date-order DMY, MDY or YMD",
    Remedy.MAPPING: "import it with a column mapping (--format csv --map MAPPING.json)",
}
DATE_ORDERS = ("DMY", "MDY", "YMD")


def add_parser(sub: argparse._SubParsersAction, db_help: str) -> None:
    """The `import` subcommand and its options."""
    imp = sub.add_parser("import", help="import ACLED, GDELT, UN Comtrade or mapped CSV/XLSX files")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files to import")
    imp.add_argument("--db", help=db_help, dest="sub_db")
    # The known names come from the format registry when the command runs, so that
    # building this parser does not load every importer.
    imp.add_argument("--format", default="auto",
                     help="auto (detect; the default) or a format's name: acled, gdelt, "
                          "comtrade, csv, xlsx…")
    imp.add_argument("--map", type=Path, dest="mapping", help="column mapping (JSON) for csv/xlsx")
    imp.add_argument("--sheet", help="worksheet to read from a workbook")
    imp.add_argument("--encoding", metavar="NAME",
                     help="how the text is encoded (cp1256, cp1252, utf-8…), when the guess "
                          "is not sure")
    imp.add_argument("--date-order", type=str.upper, choices=DATE_ORDERS, dest="date_order",
                     help="day/month order of dates such as 03/05/2024, when no date in a "
                          "column tells")
    imp.add_argument("--skip-bad-rows", action="store_true",
                     help="import the good rows of a file and list the rejected ones")
    imp.add_argument("--bulk", choices=("auto", "on", "off"), default="auto",
                     help="bulk load of events into SQLite (a parser process, indexes made "
                          "again at the end); default: for big files")


def run_import(store: StoreService, args: argparse.Namespace) -> int:
    """Import the files named in `args` into `store`, one transaction each."""
    from viewer.io.importers.formats import format_names
    from viewer.io.importers.runner import import_file

    if args.format != "auto" and args.format not in format_names():
        store.close()
        print(f"viewer: error: --format: unknown format {args.format!r} (known: auto, "
              f"{', '.join(format_names())})", file=sys.stderr)
        return 2
    try:
        mapping = None
        if args.mapping is not None:
            from viewer.io.importers.mapping import Mapping

            mapping = Mapping.load(args.mapping)
        failed: list[str] = []
        for path in args.files:
            report = import_file(store, path, format=args.format, mapping=mapping,
                                 sheet=args.sheet, skip_bad_rows=args.skip_bad_rows,
                                 encoding=args.encoding, date_order=args.date_order,
                                 lock_wait=getattr(args, "lock_wait", None),
                                 bulk={"on": True, "off": False}.get(
                                     getattr(args, "bulk", "auto")))
            if report.ok:
                print("\n".join(report.lines()))
            else:
                failed.append(path.name)
                for line in problem_lines(report):
                    print(f"viewer: error: {line}", file=sys.stderr)
        if len(args.files) > 1 and failed:
            print(f"{len(args.files) - len(failed)} of {len(args.files)} files imported; "
                  f"not imported: {', '.join(failed)}")
    except InputError as exc:
        print(f"viewer: error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 1 if failed else 0


def problem_lines(report: ImportReport, max_rejections: int = 20) -> list[str]:
    """A refused file's problems, one line each: every rejected row, then the refusal."""
    if report.remedy != Remedy.SKIP_BAD_ROWS or not report.rejected:
        return [report.summary(ADVICE)]
    rows = [f"{report.name}, {r}" for r in report.rejected[:max_rejections]]
    if report.rejected_count == 1:
        return [f"{rows[0]}; nothing imported; {ADVICE[Remedy.SKIP_BAD_ROWS]}"]
    more = report.rejected_count - len(rows)
    if more > 0:
        rows.append(f"{report.name}: … and {more:,} more rejected rows")
    return rows + [report.summary(ADVICE)]
