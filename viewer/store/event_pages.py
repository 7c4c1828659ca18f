"""The events table's reads: one page at a time, sorted and counted in SQL, on indexes."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from viewer.domain.model import Event, Filter, TimeWindow
from viewer.store import schema as s
from viewer.store.event_filter import in_view
from viewer.store.event_reader import event_select, read_events
from viewer.store.search import RANK_AT_MOST, count_matches, search_event_ids

SORT_KEYS = ("date", "title", "type", "countries", "actors", "sources", "relevance")


def _order(key: str, descending: bool) -> list:
    e = s.Event
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; one of {', '.join(SORT_KEYS)}")
    first_country = (select(func.min(s.EventCountry.country_iso3))
                     .where(s.EventCountry.event_id == e.id).scalar_subquery())
    first_actor = (select(func.min(s.Actor.name)).join(s.EventActor)
                   .where(s.EventActor.event_id == e.id).scalar_subquery())
    n_sources = (select(func.count()).select_from(s.EventSource)
                 .where(s.EventSource.event_id == e.id).scalar_subquery())
    columns = {
        "date": [e.start_day],
        "title": [e.title],
        "type": [e.type, e.start_day],
        "countries": [first_country, e.start_day],
        "actors": [first_actor, e.start_day],
        "sources": [n_sources, e.start_day],
    }[key] + [e.id]
    # Events without countries or actors sort last, then first when reversed, on both
    # backends (SQLite would put NULL first, PostgreSQL last).
    return [c.desc().nulls_first() if descending else c.asc().nulls_last() for c in columns]


def events_page(conn: Connection, window: TimeWindow | None, flt: Filter | None,
                order_by: str = "date", descending: bool = False, offset: int = 0,
                limit: int = 200) -> list[Event]:
    """One page of events in the window and filter, in the given order, with their links.

    "relevance" orders search hits best first (see `search.search_event_ids`), or newest
    first when there is no search or it matches too many to rank.
    """
    if order_by == "relevance":
        if flt is not None and flt.search.strip():
            return _relevance_page(conn, window, flt, offset, limit)
        order_by, descending = "date", True
    e = s.Event
    order = _order(order_by, descending)
    # Sort ids only, then read the page's rows: sorting whole rows (summaries and all)
    # of a window is several times slower.
    ids = in_view(conn, select(e.id), window, flt, ordered_by_date=order_by == "date")
    ids = ids.order_by(*order).offset(offset).limit(limit)
    return read_events(conn, event_select().where(e.id.in_(ids.scalar_subquery()))
                       .order_by(*order))


def _relevance_page(conn: Connection, window: TimeWindow | None, flt: Filter, offset: int,
                    limit: int) -> list[Event]:
    if count_matches(conn, flt.search) > RANK_AT_MOST:
        return events_page(conn, window, flt, "date", True, offset, limit)
    ranked = search_event_ids(conn, flt.search, limit=None)
    keep = set(conn.scalars(in_view(conn, select(s.Event.id), window, flt)))
    page = [i for i in ranked if i in keep][offset:offset + limit]
    found = {ev.id: ev for ev in read_events(conn, event_select().where(s.Event.id.in_(page)))}
    return [found[i] for i in page if i in found]


def count_events(conn: Connection, window: TimeWindow | None, flt: Filter | None) -> int:
    """How many events the window and filter hold."""
    stmt = in_view(conn, select(func.count()).select_from(s.Event), window, flt, for_count=True)
    return conn.scalar(stmt) or 0


def count_by_type(conn: Connection, window: TimeWindow | None,
                  flt: Filter | None) -> dict[str, int]:
    """Events of a view per type."""
    stmt = in_view(conn, select(s.Event.type, func.count()), window, flt, for_count=True)
    return {t: n for t, n in conn.execute(stmt.group_by(s.Event.type))}
