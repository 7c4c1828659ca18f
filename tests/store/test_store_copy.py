"""`viewer copy`: a whole store to the other backend and back, verified, never half-copied."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests import sample_rows
from viewer.cli import run
from viewer.domain.model import Filter
from viewer.domain.records import SavedView
from viewer.store.engine import StoreError
from viewer.store.service import StoreService
from viewer.store.store_copy import copy_store

pytestmark = pytest.mark.postgres


def info_json(capsys, target: str) -> dict:
    assert run(["info", "--json", "--db", target]) == 0
    info = json.loads(capsys.readouterr().out)
    info.pop("url")
    return info


def sample_table_rows() -> int:
    """The rows a sample store holds in the copied tables, worked out from the CSV files:
    actors, the one import batch, sources, events and their country, actor, tag and source
    links, trade figures and their source links, eras, and the one saved view."""
    events = sample_rows.events()
    figures = sample_rows.csv_rows("trade_figures.csv")
    return (sample_rows.count("actors.csv") + 1 + sample_rows.count("sources.csv")
            + len(events) + sum(len(set(e.countries)) + len(set(e.actors)) + len(set(e.tags))
                                + len(set(e.sources)) for e in events)
            + len(figures) + sum(len([x for x in f["sources"].split(";") if x]) for f in figures)
            + sample_rows.count("eras.csv") + 1)


def everything(target: str) -> tuple:
    s = StoreService.open(target)
    try:
        details = [dataclasses.replace(s.event_detail(e.id), created_at=None, updated_at=None)
                   for e in s.events()]
        return (s.events(), details, s.trade_figures(), s.eras(), s.saved_views(),
                s.search("torkham OR kabul*"), s.facet_counts(None, Filter()),
                s.trade_series())
    finally:
        s.close()


@pytest.fixture
def pg_store(pg_databases, _pg_sample_template):
    url = pg_databases.create(template=_pg_sample_template)
    s = StoreService.open(url)
    s.save_view(SavedView("Torkham", None, Filter(search="torkham"), "country", True))
    s.close()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def empty_pg(pg_databases):
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


def test_postgres_to_sqlite_to_postgres_round_trip(capsys, tmp_path, pg_store, empty_pg):
    laptop = str(tmp_path / "laptop.sqlite")
    assert run(["copy", pg_store, laptop]) == 0
    assert run(["copy", laptop, empty_pg]) == 0
    out = capsys.readouterr()
    assert f"copied {sample_table_rows():,} rows" in out.out and "counts checked" in out.out
    events = sample_rows.count("events.csv")
    assert f"copying event: {events:,} of {events:,}" in out.err
    first, middle, last = (info_json(capsys, t) for t in (pg_store, laptop, empty_pg))
    assert first == middle == last
    assert everything(pg_store) == everything(laptop) == everything(empty_pg)
    # The team server's copy takes new rows after the copied ids.
    server = StoreService.open(empty_pg)
    try:
        server.save_view(SavedView("New", None, Filter()))
        assert [v.id for v in server.saved_views()] == [1, 2]
    finally:
        server.close()


def test_a_filled_destination_is_refused_without_replace(capsys, tmp_path, pg_store):
    laptop = tmp_path / "laptop.sqlite"
    assert run(["copy", pg_store, str(laptop)]) == 0
    before = laptop.read_bytes()
    assert run(["copy", pg_store, str(laptop)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert laptop.read_bytes() == before
    assert run(["copy", str(laptop), pg_store]) == 1
    assert run(["copy", str(laptop), str(laptop)]) == 1
    assert "is the source itself" in capsys.readouterr().err
    assert run(["copy", str(laptop), pg_store, "--replace"]) == 0


@pytest.mark.parametrize("to_server", [False, True])
def test_a_failed_copy_leaves_the_destination_as_it_was(tmp_path, pg_store, empty_pg,
                                                        to_server):
    laptop = str(tmp_path / "laptop.sqlite")
    copy_store(pg_store, laptop)
    src, dest = (laptop, empty_pg) if to_server else (pg_store, laptop)
    if to_server:
        copy_store(laptop, empty_pg)
    before = everything(dest)

    def fail_in_the_middle(table: str, done: int, total: int) -> None:
        if table == "event_tag" and done:
            raise KeyboardInterrupt  # the officer pressed Ctrl+C

    with pytest.raises(KeyboardInterrupt):
        copy_store(src, dest, replace=True, progress=fail_in_the_middle)
    assert everything(dest) == before
    assert [p.name for p in tmp_path.iterdir() if "copying" in p.name] == []


def test_a_file_that_is_not_a_store_is_never_replaced(tmp_path, pg_store):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("my notes, not a store")
    with pytest.raises(StoreError, match="not a Desk Viewer store"):
        copy_store(pg_store, str(notes), replace=True)
    assert notes.read_text() == "my notes, not a store"
