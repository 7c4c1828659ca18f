"""Run every `bench/b_*.py` module in name order and print one table."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.core import Context, Row, format_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="events and trade figures")
    parser.add_argument("--only", help="run only modules whose name contains this")
    parser.add_argument("--skip", help="skip modules whose name contains this")
    parser.add_argument("--keep", type=Path, help="keep the generated store in this folder")
    parser.add_argument("--pg-url", default=os.environ.get("DESK_VIEWER_PG_URL"),
                        help="a PostgreSQL server (any database on it) for the server rows; "
                             "default: $DESK_VIEWER_PG_URL")
    args = parser.parse_args(argv)

    modules = sorted(p.stem for p in Path(__file__).parent.glob("b_*.py"))
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
        ctx = Context(n=args.n, tmp=args.keep or Path(tmp), pg_url=args.pg_url)
        ctx.tmp.mkdir(parents=True, exist_ok=True)
        for name in modules:
            # The generator module always runs: the others use its store.
            if name != "b_00_generate" and (
                    (args.only and args.only not in name) or (args.skip and args.skip in name)):
                continue
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            try:
                module = importlib.import_module(f"bench.{name}")
                rows.extend(module.rows(ctx))
            except Exception:  # noqa: BLE001 - one module failing must not hide the rest
                traceback.print_exc()
                rows.append(Row(f"{name}: FAILED", 0, ""))
            print(f"[bench] {name} took {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"\nDesk Viewer benchmark, n = {args.n:,} events and trade figures "
          f"({time.perf_counter() - started:.0f} s in all)\n")
    print(format_table(rows))
    for note in ctx.notes:
        print(f"note: {note}")
    return 1 if any(r.name.endswith("FAILED") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
