"""The same store on a real PostgreSQL server (started by .ci/with-postgres)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from viewer.io.sample import load_sample
from viewer.store import migrate, open_store
from viewer.store.queries import event_by_origin, store_info, trade_figures

URL = os.environ.get("DESK_VIEWER_PG_URL")
pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store():
    if not URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run with PostgreSQL (.ci/with-postgres sets DESK_VIEWER_PG_URL)")
        pytest.skip("no PostgreSQL server (DESK_VIEWER_PG_URL unset)")
    store = open_store(URL, create=True)
    yield store
    with store.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    store.close()


def test_sample_store_on_postgres(pg_store) -> None:
    assert pg_store.dialect == "postgresql"
    assert pg_store.revision == migrate.head_revision()
    load_sample(pg_store)
    info = store_info(pg_store)
    assert info.events.count >= 20 and info.trade_figures.count >= 60
    call = event_by_origin(pg_store, "sample", "2024-03-16-dar-muttaqi-call")
    assert call is not None and {"PAK", "AFG"} == set(call.countries)
    fy = [f for f in trade_figures(pg_store, reporter="PAK", partner="AFG", flow="export")
          if f.period.fiscal_year == "2022-23" and f.period.kind == "fiscal_year"]
    assert [f.value_usd for f in fy] == [522_271_000]
    load_sample(pg_store)  # a second load updates, it does not duplicate
    assert store_info(pg_store).events.count == info.events.count
