"""`make fuzz`: many mutated inputs per importer; tallies, and crashers saved to the corpus.

    python -m tests.fuzz.campaign [--inputs 30000] [--start 0]

Each importer gets an equal share of the inputs, imported into a store of its own. An
input whose outcome is not "imported" or "refused naming the file" is a finding: it is
saved under tests/fuzz/corpus/IMPORTER/ (named by its SHA-256), where the CI harness
replays it on every run.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import logging
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.mutations import CORPUS, IMPORTER_SEEDS, mutate
from tests.fuzz.outcomes import import_outcome
from viewer.store.service import StoreService


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.campaign")
    parser.add_argument("--inputs", type=int, default=30_000, help="mutated inputs in all")
    parser.add_argument("--start", type=int, default=0, help="first mutation number")
    parser.add_argument("--only", choices=sorted(IMPORTER_SEEDS), action="append")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the importers log every refusal's traceback
    importers = args.only or sorted(IMPORTER_SEEDS)
    share = -(-args.inputs // len(importers))
    total_findings = 0
    started = time.monotonic()
    print(f"{'importer':<16} {'inputs':>7} {'imported':>9} {'refused':>8} {'findings':>9}")
    with tempfile.TemporaryDirectory(prefix="desk-viewer-fuzz-") as tmp:
        work = Path(tmp)
        for importer in importers:
            tally, signatures = _run(importer, share, args.start, work)
            total_findings += tally["findings"]
            print(f"{importer:<16} {share:>7,} {tally['imported']:>9,} {tally['refused']:>8,} "
                  f"{tally['findings']:>9,}", flush=True)
            for sig, n in signatures.most_common():
                print(f"    {n:>6,} × {sig}")
    print(f"{share * len(importers):,} inputs in {time.monotonic() - started:.0f} s; "
          f"{total_findings:,} outside the documented outcomes")
    return 1 if total_findings else 0


def _run(importer: str, share: int, start: int, work: Path
         ) -> tuple[collections.Counter[str], collections.Counter[str]]:
    seeds = IMPORTER_SEEDS[importer]
    store = StoreService.open(work / f"{importer}.sqlite", create=True)
    tally: collections.Counter[str] = collections.Counter()
    signatures: collections.Counter[str] = collections.Counter()
    folder = work / importer
    folder.mkdir()
    try:
        for number in range(start, start + share):
            mutant = mutate(seeds[number % len(seeds)], number)
            path = folder / str(number) / (mutant.name or "input")
            path.parent.mkdir()
            path.write_bytes(mutant.data)
            outcome = import_outcome(store, path)
            if outcome.finding:
                tally["findings"] += 1
                signatures[f"{outcome.kind}: {outcome.detail}"] += 1
                _save(importer, mutant.name, mutant.data)
            else:
                tally[outcome.kind] += 1
            path.unlink()
            path.parent.rmdir()
    finally:
        store.close()
    return tally, signatures


def _save(importer: str, name: str, data: bytes) -> None:
    folder = CORPUS / importer
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "".join(Path(name).suffixes) if name else ""
    (folder / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}").write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
