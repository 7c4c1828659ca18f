"""Command line: argparse; the GUI is the default command (DESIGN §5).

Exit codes: 0 done; 1 bad input or data error, one line on stderr; 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

from viewer import __version__
from viewer.cli_errors import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError

log = logging.getLogger("viewer")

LOCK_WAIT_S = 30.0  # a locked store is tried again, with growing pauses, for this long


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise argparse.ArgumentTypeError(f"not a number of seconds (0–86400): {text!r}")
    return value


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size (WIDTHxHEIGHT): {text!r}") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size out of range 200–8000: {text!r}")
    return w, h


def _search_text_kept(argv: list[str]) -> list[str]:
    """`--search -torkham` (NOT torkham, written the short way) is the search text, not an
    option: argparse takes any word starting with '-' for one, so it is joined as
    `--search=-torkham`."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--search" and i + 1 < len(argv) and argv[i + 1].startswith("-") \
                and argv[i + 1] != "--":
            out.append(f"--search={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def build_parser() -> argparse.ArgumentParser:
    db_help = "store: a SQLite file path or a SQLAlchemy URL (default: the user's store)"
    parser = argparse.ArgumentParser(
        prog="viewer", description="Desk Viewer: events and trade figures on linked panes.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help=db_help)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--lock-wait", type=_seconds, default=LOCK_WAIT_S, metavar="SECONDS",
                        help="how long to keep trying while another officer or program "
                             f"holds the store's lock (default {LOCK_WAIT_S:g})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the main window (the default)")
    gui.add_argument("--db", help=db_help, dest="sub_db")

    init = sub.add_parser("init", help="create a store, filled with the sample data")
    init.add_argument("--db", help=db_help, dest="sub_db")
    init.add_argument("--empty", action="store_true", help="create it without the sample data")

    info = sub.add_parser("info", help="counts and date ranges of a store")
    info.add_argument("--db", help=db_help, dest="sub_db")
    info.add_argument("--json", action="store_true", help="print JSON")

    from viewer.io.importers.cli import add_parser as add_import_parser

    add_import_parser(sub, db_help)

    shot = sub.add_parser("screenshot", help="render the main window offscreen to a PNG")
    shot.add_argument("out", type=Path, help="the PNG file to write")
    shot.add_argument("--db", help=db_help, dest="sub_db")
    shot.add_argument("--size", type=_size, default=(1600, 900), help="WIDTHxHEIGHT")
    shot.add_argument("--from", dest="start", type=_date, help="window start (YYYY-MM-DD)")
    shot.add_argument("--to", dest="end", type=_date, help="window end (YYYY-MM-DD)")

    copy = sub.add_parser("copy", help="copy a whole store: PostgreSQL to a SQLite file or back",
                          description="Copy every row of the store SRC to DEST (a SQLite file "
                          "or a database URL), keeping ids, links, sources, import batches, "
                          "saved views and eras; the counts are checked at the end, and a "
                          "failed copy leaves DEST as it was.")
    copy.add_argument("source", metavar="SRC", help="the store to copy: a path or a URL")
    copy.add_argument("destination", metavar="DEST", help="where the copy goes")
    copy.add_argument("--replace", action="store_true",
                      help="write over a store that DEST holds already")

    backup = sub.add_parser("backup", help="back up a SQLite store with SQLite's backup API",
                            description="A consistent copy of the store (--db) in the file "
                            "DEST, made with SQLite's backup API while others may go on "
                            "writing; never a file copy. DEST uses the rollback journal, so "
                            "it is safe on a network drive.")
    backup.add_argument("destination", metavar="DEST", type=Path, help="the backup file")
    backup.add_argument("--db", help=db_help, dest="sub_db")
    backup.add_argument("--replace", action="store_true", help="write over an existing DEST")

    from viewer.export_command import add_parser as add_export_parser
    from viewer.propose_command import add_parser as add_propose_parser

    add_propose_parser(sub, db_help, _date)

    add_export_parser(sub, db_help, _date)
    return parser


def run(argv: list[str] | None = None) -> int:
    """Parse and run one command; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(_search_text_kept(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage
        return int(exc.code or 0)
    level = logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # the console; a log file may want more
        handler.setLevel(level)
    # A library object failing again as it is collected (a ZipFile on a full disk) is
    # "Exception ignored in ..." with a traceback: after the one clear line, it belongs in
    # the log.
    sys.unraisablehook = _log_unraisable
    db = getattr(args, "sub_db", None) or args.db
    command = args.command or "gui"
    try:
        code = _run_until_unlocked(command, args, db)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the user, the traceback in the log
        from viewer.domain.search_query import SearchSyntaxError
        from viewer.io.errors import InputError
        from viewer.store.engine import StoreError

        if not isinstance(exc, CliError | StoreError | InputError | OSError | SearchSyntaxError):
            log.exception("unexpected error")
        print(f"viewer: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if code is not None:
        return code
    parser.error(f"unknown command {command}")
    return EXIT_USAGE


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    log.debug("ignored in %r: %s", unraisable.object, unraisable.exc_value,
              exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))


def _run_until_unlocked(command: str, args: argparse.Namespace, db: str | None) -> int | None:
    """Run the command; while the store is locked, try again with growing pauses, for at
    most --lock-wait seconds (a locked store refuses before anything is written)."""
    import time

    from viewer.store.engine import StoreLocked

    deadline = time.monotonic() + args.lock_wait
    pause = 0.5
    while True:
        try:
            return _dispatch(command, args, db)
        except StoreLocked as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            pause = min(pause, left)
            print(f"viewer: {exc}; trying again in {pause:.1f} s", file=sys.stderr, flush=True)
            time.sleep(pause)
            pause = min(pause * 2, 8.0)


def _dispatch(command: str, args: argparse.Namespace, db: str | None) -> int | None:
    if command == "gui":
        from viewer.app.application import run_gui

        return run_gui(db)
    if command == "init":
        return _init(db, empty=args.empty)
    if command == "info":
        return _info(db, as_json=args.json)
    if command == "import":
        from viewer.io.default_store import open_or_create_default
        from viewer.io.importers.cli import run_import

        return run_import(open_or_create_default(db), args)
    if command == "screenshot":
        from viewer.app.screenshot import take_screenshot

        if args.start and args.end and args.end < args.start:
            raise CliError("--to is before --from")
        take_screenshot(args.out, db=db, size=args.size, start=args.start, end=args.end)
        print(f"wrote {args.out}")
        return EXIT_OK
    if command == "propose":
        from viewer.propose_command import run_propose

        return run_propose(db, args)
    if command == "copy":
        return _copy(args.source, args.destination, replace=args.replace)
    if command == "backup":
        return _backup(db, args.destination, replace=args.replace)
    if command == "export":
        from viewer.export_command import run_export

        return run_export(db, args)
    return None


def _init(db: str | None, *, empty: bool) -> int:
    from viewer.io.default_store import create_store
    from viewer.paths import default_store_path

    target = db or str(default_store_path())
    if not db:
        default_store_path().parent.mkdir(parents=True, exist_ok=True)
    store = create_store(target, empty=empty)
    try:
        info = store.info()
    finally:
        store.close()
    print(f"store ready: {info.url} ({info.events.count} events, "
          f"{info.trade_figures.count} trade figures)")
    return EXIT_OK


def _info(db: str | None, *, as_json: bool) -> int:
    from viewer.io.default_store import open_or_create_default

    store = open_or_create_default(db)
    try:
        info = store.info()
    finally:
        store.close()
    if as_json:
        print(json.dumps(asdict(info), default=str, indent=2))
        return EXIT_OK

    def span(r) -> str:
        return f"{r.first} – {r.last}" if r.count else "–"

    print(f"store:          {info.url}")
    read_only = f" (read-only: {info.read_only_reason})" if info.read_only else ""
    print(f"schema:         {info.schema_revision}{read_only}")
    print(f"events:         {info.events.count:>9,}   {span(info.events)}")
    print(f"trade figures:  {info.trade_figures.count:>9,}   {span(info.trade_figures)}")
    print(f"sources:        {info.sources:>9,}")
    print(f"actors:         {info.actors:>9,}")
    print(f"countries:      {info.countries:>9,}")
    print(f"eras:           {info.eras:>9,}")
    print(f"import batches: {info.import_batches:>9,}")
    return EXIT_OK


def _backup(db: str | None, destination: Path, *, replace: bool) -> int:
    from viewer.paths import default_store_path
    from viewer.store.backup import backup_store

    result = backup_store(db or str(default_store_path()), destination, replace=replace)
    print(f"backed up to {result.destination} ({result.bytes:,} bytes, checked)")
    return EXIT_OK


def _copy(source: str, destination: str, *, replace: bool) -> int:
    import time

    from viewer.store.store_copy import copy_store

    started = time.monotonic()
    shown = {"table": "", "at": 0.0}

    def progress(table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if (done == total and table != shown["table"]) or now - shown["at"] >= 1:
            shown.update(table=table, at=now)
            of = f" of {total:,}" if total else ""
            print(f"copying {table}: {done:,}{of}", file=sys.stderr, flush=True)

    result = copy_store(source, destination, replace=replace, progress=progress)
    print(f"copied {result.total:,} rows to {result.destination} in "
          f"{time.monotonic() - started:.1f} s (counts checked: "
          f"{result.rows['event']:,} events, {result.rows['trade_figure']:,} trade figures, "
          f"{result.rows['source']:,} sources)")
    return EXIT_OK
