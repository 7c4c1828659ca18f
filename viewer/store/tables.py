"""Paged event rows for the events table: one page at a time, sorted and counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Select, and_, func, or_, select

from viewer.domain.model import Event, Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered, _with_links

SORT_KEYS = ("date", "title", "type", "countries", "actors", "sources")
# Above this share of the store's time span, a window is "wide": paging another order
# walks that order's index instead of sorting the window's events.
WIDE_WINDOW = 0.2


@dataclass(frozen=True, slots=True)
class _Bounds:
    first_start: int
    last: int
    span: int  # the longest event, in days


def _bounds(conn: Connection) -> _Bounds | None:
    """Day range of the store and its longest event: lone min()/max() lookups that SQLite
    answers from indexes (the partial ix_event_end_day needs the IS NOT NULL)."""
    e = s.Event
    first_start = conn.scalar(select(func.min(e.start_day)))
    if first_start is None:
        return None
    has_end = e.end_day.is_not(None)
    last_start = conn.scalar(select(func.max(e.start_day)))
    last_end = conn.scalar(select(func.max(e.end_day)).where(has_end))
    span = conn.scalar(select(func.max(e.end_day - e.start_day)).where(has_end)) or 0
    return _Bounds(first_start, max(last_start, last_end or last_start), span)


def window_clause(conn: Connection, window: TimeWindow | None, *, ordered_by_date: bool = True,
                  for_count: bool = False):
    """The window as a test on indexed day numbers, or None when it holds every event.

    Events overlapping the window start at most `span` days before it, so one range on
    start_day (ix_event_start_day_type) bounds them and keeps index order for ORDER BY
    start_day LIMIT n. A count instead takes the union of two index-only ranges (starts
    inside; earlier starts still running, from ix_event_end_day). For another order over
    a wide window the range is hidden from the planner (`+ 0`) so it walks the order's
    index and stops after a page, rather than sorting most of the store.
    """
    if window is None:
        return None
    bounds = _bounds(conn)
    first, last = day_number(window.start), day_number(window.end)
    if bounds is None or (first <= bounds.first_start and last >= bounds.last):
        return None
    e = s.Event
    if for_count:
        return or_(e.start_day.between(first, last),
                   and_(e.end_day >= first, e.start_day.between(first - bounds.span, first - 1)))
    start = e.start_day
    share = (last - first + bounds.span) / max(1, bounds.last - bounds.first_start)
    if not ordered_by_date and share > WIDE_WINDOW:
        start = start + 0
    return and_(start.between(first - bounds.span, last),
                func.coalesce(e.end_day, e.start_day) >= first)


def _windowed(conn: Connection, stmt: Select, window: TimeWindow | None, **kw) -> Select:
    clause = window_clause(conn, window, **kw)
    return stmt if clause is None else stmt.where(clause)


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
    order = _order(order_by, descending)
    with store.connect() as conn:
        # Sort ids only, then read the page's rows: sorting whole rows (summaries and
        # all) of a window is several times slower.
        ids = _windowed(conn, _filtered(select(e.id), None, flt), window,
                        ordered_by_date=order_by == "date")
        ids = ids.order_by(*order).offset(offset).limit(limit)
        stmt = select(e).where(e.id.in_(ids.scalar_subquery())).order_by(*order)
        rows = conn.execute(stmt).mappings().all()
        return _with_links(conn, rows)


def count_events(store: Store, window: TimeWindow | None, flt: Filter | None) -> int:
    """How many events the window and filter hold."""
    with store.connect() as conn:
        stmt = _windowed(conn, _filtered(select(func.count()).select_from(s.Event), None, flt),
                         window, for_count=True)
        return conn.scalar(stmt) or 0
