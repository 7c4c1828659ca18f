"""`viewer import FILE...`: import each file, print its report; exit 1 when one is refused."""

from __future__ import annotations

import argparse
import sys

from viewer.io.errors import InputError
from viewer.io.importers.runner import import_file
from viewer.store.service import StoreService


def run_import(store: StoreService, args: argparse.Namespace) -> int:
    """Import the files named in `args` into `store`, one transaction each."""
    try:
        mapping = None
        if args.mapping is not None:
            from viewer.io.importers.mapping import Mapping

            mapping = Mapping.load(args.mapping)
        failed = 0
        for path in args.files:
            report = import_file(store, path, format=args.format, mapping=mapping,
                                 sheet=args.sheet, skip_bad_rows=args.skip_bad_rows)
            lines = report.lines()
            if report.ok:
                print("\n".join(lines))
            else:
                failed += 1
                print(f"viewer: error: {lines[0]}", file=sys.stderr)
                for line in lines[1:]:
                    print(line, file=sys.stderr)
    except InputError as exc:
        print(f"viewer: error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 1 if failed else 0
