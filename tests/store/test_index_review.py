"""Every index earns its upkeep: a query of the store service uses it, read from SQLite's
own query plans (EXPLAIN QUERY PLAN) of the statements the service really runs.

An index no plan uses fails here: drop it in a migration, or name the query it is for."""

from __future__ import annotations

import collections
import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator

import pytest

from tests.helpers import sqlite_statements
from viewer.domain.model import Filter, TimeWindow
from viewer.store.service import StoreService

WINDOW = TimeWindow(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
# Indexes that no plan shows, and why they stay.
NOT_IN_PLANS = {
    # A child key of a foreign key: SQLite looks it up when a source is deleted (its
    # foreign-key check does not show in the DELETE's plan).
    "ix_trade_figure_source_source_id": "foreign-key check when a source is deleted",
}


@pytest.fixture
def traced(sample_store_path) -> Iterator[tuple[StoreService, list[str]]]:
    """The sample store with every SQL statement it runs recorded (parameters inlined)."""
    with sqlite_statements() as statements:
        store = StoreService.open(sample_store_path)
        store.array_cache = None  # every drawing read goes to the database
        try:
            yield store, statements
        finally:
            store.close()


def indexes_used(path, statements: list[str]) -> set[str]:  # noqa: ANN001
    """The indexes in the query plans of `statements`."""
    used: set[str] = set()
    with sqlite3.connect(path) as raw:
        for sql in statements:
            if not re.match(r"\s*(SELECT|WITH|UPDATE|DELETE)\b", sql, re.IGNORECASE):
                continue
            for row in raw.execute("EXPLAIN QUERY PLAN " + sql):
                used.update(re.findall(r"USING (?:COVERING )?INDEX (\w+)", row[3]))
    return used


def index_names(path) -> set[str]:  # noqa: ANN001
    """The indexes made by the schema (not the ones SQLite makes for unique columns)."""
    with sqlite3.connect(path) as raw:
        return {name for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def service_queries(store: StoreService) -> dict[str, Callable[[], object]]:
    """What the panes, exports and imports ask of the service."""
    e = store.events()[0]
    narrowed = Filter(types=("border",), countries=("AFG",), actors=(e.actors[0].name,),
                      tags=("torkham",), outlets=("Dawn",))
    queries: dict[str, Callable[[], object]] = {
        f"timeline by {key}": (lambda key=key: store.timeline_arrays(narrowed, key, WINDOW))
        for key in ("type", "country", "actor", "source")}
    queries.update({
        f"table sorted by {column}": (lambda column=column: store.events_page(
            WINDOW, Filter(), column)) for column in ("date", "title", "type")})
    queries.update({
        "chart's event marks by type": lambda: store.event_days(Filter(types=("border",))),
        "count in window": lambda: store.count_events(WINDOW, Filter(types=("border",))),
        "facets": lambda: store.facet_counts(WINDOW, Filter(countries=("AFG",))),
        "trade series": lambda: store.trade_figures(reporter="PAK", partner="AFG",
                                                    flow="export", commodity="TOTAL"),
        "history": lambda: store.history("event", e.id),
        "timeline notes": store.annotations,
        "import done before": lambda: store.find_import("0" * 64),
        "actors list": lambda: store.reference_rows("actor"),
        "chart's series list": store.trade_series,
        "store's counts and date ranges": store.info,
    })
    return queries


def test_each_index_is_used_by_a_query_of_the_service(traced, sample_store_path) -> None:
    store, statements = traced
    by_query: dict[str, set[str]] = {}
    for name, run in service_queries(store).items():
        start = len(statements)
        run()
        by_query[name] = indexes_used(sample_store_path, statements[start:])
    # The queries that need one, with the index their plan must use.
    assert "ix_event_actor_actor_id" in by_query["timeline by actor"]
    assert "ix_event_country_country_iso3" in by_query["timeline by country"]
    assert "ix_event_tag_tag" in by_query["timeline by type"]
    assert "ix_event_source_source_id" in by_query["timeline by type"]
    assert "ix_event_title" in by_query["table sorted by title"]
    assert "ix_event_type_start_day" in by_query["table sorted by type"]
    assert "ix_event_start_day_type" in by_query["table sorted by date"]
    # The store's longest event, read once per store contents by the first query of a
    # window (here the timeline's).
    assert "ix_event_end_day" in by_query["timeline by type"]
    assert "ix_event_type_start_day" in by_query["chart's event marks by type"]
    assert "ix_trade_figure_series" in by_query["trade series"]
    assert "ix_trade_figure_series" in by_query["chart's series list"]
    assert {"ix_trade_figure_period_start", "ix_trade_figure_period_end"} <= \
        by_query["store's counts and date ranges"]
    assert "ix_change_log_entity" in by_query["history"]
    assert "ix_annotation_start_day" in by_query["timeline notes"]
    assert "ix_import_batch_sha256" in by_query["import done before"]
    assert "ix_actor_name" in by_query["actors list"]

    declared = index_names(sample_store_path)
    users = collections.defaultdict(list)
    for query, names in by_query.items():
        for name in names:
            users[name].append(query)
    unjustified = sorted(declared - set(users) - set(NOT_IN_PLANS))
    assert unjustified == [], f"indexes no query of the service uses: {unjustified}"
    assert set(NOT_IN_PLANS) <= declared  # an exemption for an index that is gone is stale


def test_the_dropped_indexes_are_gone_after_the_migration(sample_store_path) -> None:
    assert not index_names(sample_store_path) & {"ix_event_import_batch_id", "ix_trade_figure_import_batch_id",
                        "ix_country_m49"}


def test_the_series_list_reads_only_the_series_index(traced, sample_store_path) -> None:
    """Series differ by coverage: the chart's list of them never reads a figure's row."""
    store, statements = traced
    start = len(statements)
    store.trade_series()
    (listing,) = [sql for sql in statements[start:] if "count(*)" in sql and "min(" in sql]
    with sqlite3.connect(sample_store_path) as raw:
        plan = " ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + listing))
    assert "USING COVERING INDEX ix_trade_figure_series" in plan
