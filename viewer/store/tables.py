"""Paged event rows for the events table: one page at a time, sorted and counted in SQL."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, or_, select

from viewer.domain.model import Event, Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered, _with_links

SORT_KEYS = ("date", "title", "type", "countries", "actors", "sources")


def in_window(window: TimeWindow):
    """Events overlapping the window, on the indexed day numbers.

    The same test as `queries._filtered`'s (start <= window end, end or start >= window
    start), split so that each half is an index range: events that start inside the
    window (ix_event_start_day_type), and earlier ones still running (ix_event_end_day).
    """
    e = s.Event
    first, last = day_number(window.start), day_number(window.end)
    return or_(e.start_day.between(first, last), and_(e.end_day >= first, e.start_day < first))


def _window_days(stmt: Select, window: TimeWindow | None) -> Select:
    return stmt if window is None else stmt.where(in_window(window))


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
    return [c.desc() if descending else c.asc() for c in columns]


def events_page(store: Store, window: TimeWindow | None, flt: Filter | None,
                order_by: str = "date", descending: bool = False, offset: int = 0,
                limit: int = 200) -> list[Event]:
    """One page of events in the window and filter, in the given order, with their links."""
    e = s.Event
    stmt = _window_days(_filtered(select(e), None, flt), window)
    stmt = stmt.order_by(*_order(order_by, descending)).offset(offset).limit(limit)
    with store.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
        return _with_links(conn, rows)


def count_events(store: Store, window: TimeWindow | None, flt: Filter | None) -> int:
    """How many events the window and filter hold."""
    stmt = _window_days(_filtered(select(func.count()).select_from(s.Event), None, flt), window)
    with store.connect() as conn:
        return conn.scalar(stmt) or 0
