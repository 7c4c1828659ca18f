"""EventWriter: chunked lookups stay correct when caches are dropped, repeats are kept once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from viewer.domain.model import ActorRef, Event, Source
from viewer.store import writer as w
from viewer.store.engine import open_store


def _event(i: int, actor: int, source: int) -> Event:
    return Event(title=f"e{i}", start=dt.date(2024, 1, 1) + dt.timedelta(days=i), type="talks",
                 countries=("PAK", "AFG", "PAK"),
                 actors=(ActorRef(f"a{actor}", "actor1", country="PAK"),
                         ActorRef(f"a{actor}", "actor1", country="PAK")),
                 sources=(Source(f"o{source}", f"https://x/{source}"),),
                 origin_dataset="t", origin_id=str(i))


def test_small_caches_and_chunks_keep_every_link(tmp_path):
    store = open_store(tmp_path / "s.sqlite", create=True)
    with store.begin() as conn:
        writer = w.EventWriter(conn, keep_ids=False)
        writer.lookups.cache_limit = 3  # dropped again and again across chunks
        for i in range(3 * w.CHUNK + 17):
            writer.add(_event(i, i % 11, i % 7), {"fatalities": i % 3})
        writer.flush()
    with store.connect() as conn:
        q = conn.execute
        assert q(text("SELECT count(*) FROM event")).scalar() == 3 * w.CHUNK + 17
        assert q(text("SELECT count(*) FROM actor")).scalar() == 11
        assert q(text("SELECT count(*) FROM source")).scalar() == 7
        assert q(text("SELECT count(*) FROM event_actor")).scalar() == 3 * w.CHUNK + 17
        assert q(text("SELECT count(*) FROM event_country")).scalar() == 2 * (3 * w.CHUNK + 17)
        assert q(text("SELECT start_day, start_date, fatalities FROM event WHERE origin_id='5'")
                 ).one() == (19723 + 5, "2024-01-06", 2)
    store.close()


def test_two_writers_in_one_transaction_do_not_share_ids(tmp_path):
    store = open_store(tmp_path / "s.sqlite", create=True)
    with store.begin() as conn:
        first, second = w.EventWriter(conn), w.EventWriter(conn)
        first.add(_event(1, 1, 1))
        first.flush()
        second.add(_event(2, 2, 2))
        second.flush()
        first.add(_event(3, 3, 3))
        first.flush()
    with store.connect() as conn:
        assert conn.execute(text("SELECT count(DISTINCT id) FROM event")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM source")).scalar() == 3
    assert sorted(first.counts.ids + second.counts.ids) == [1, 2, 3]
    store.close()
