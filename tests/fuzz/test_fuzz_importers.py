"""Every importer under mutated input (RELIABILITY #1, #3, #6, #22): the outcome is an import
or a refusal naming the file, never an exception, and never the runner's last resort.

A bounded number of Hypothesis examples per importer runs on every test run
(DESK_VIEWER_FUZZ_EXAMPLES, 250 by default); `make fuzz` runs the long campaign and saves
what it finds under corpus/, which is replayed here.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import CORPUS, IMPORTER_SEEDS, SEEDS, mutate
from tests.fuzz.outcomes import import_outcome
from viewer.store.service import StoreService

EXAMPLES = int(os.environ.get("DESK_VIEWER_FUZZ_EXAMPLES", "250"))
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    store = StoreService.open(tmp_path_factory.mktemp("fuzz") / "store.sqlite", create=True)
    yield store
    store.close()


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_every_seed_imports(fuzz_store, tmp_path, seed):
    path = tmp_path / seed
    path.write_bytes((SEEDS / seed).read_bytes())
    assert import_outcome(fuzz_store, path).kind == "imported"


@pytest.mark.parametrize("importer", sorted(IMPORTER_SEEDS))
def test_mutated_files_are_imported_or_refused(fuzz_store, tmp_path_factory, importer):
    seeds = IMPORTER_SEEDS[importer]
    folder = tmp_path_factory.mktemp(importer)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(seeds), st.integers(min_value=0, max_value=2**32))
    def check(seed: str, number: int) -> None:
        mutant = mutate(seed, number)
        path = folder / str(number) / (mutant.name or "input")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(mutant.data)
        outcome = import_outcome(fuzz_store, path)
        assert not outcome.finding, f"mutate({seed!r}, {number}): {outcome}"

    check()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_files_are_imported_or_refused(fuzz_store, tmp_path, path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    outcome = import_outcome(fuzz_store, copy)
    assert not outcome.finding, outcome


def test_the_corpus_holds_the_crashers_of_the_campaign():
    # The files that crashed each importer before the fixes stay replayed above.
    found = {p.parent.name for p in CORPUS_FILES}
    assert {"acled-csv", "acled-xlsx", "gdelt-tsv", "gdelt-zip", "comtrade-plus"} <= found
