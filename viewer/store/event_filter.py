"""Which events a view holds: the filter and the time window as SQL clauses.

The one place that turns a `Filter` and a `TimeWindow` into WHERE clauses, for every
reader of events (pages, counts, exports, drawing arrays).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from sqlalchemy import Connection, Select, and_, case, func, literal, or_, select

from viewer.domain.area import Area
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.store import schema as s
from viewer.store.facets import fingerprint
from viewer.store.search import event_matches

# Above this share of the store's time span, a window is "wide": paging another order
# walks that order's index instead of sorting the window's events.
WIDE_WINDOW = 0.2


def filtered(stmt: Select, flt: Filter | None) -> Select:
    """`stmt` narrowed to the events the filter lets through (the window aside)."""
    if flt is None:
        return stmt
    e = s.Event
    if flt.types:
        stmt = stmt.where(e.type.in_(flt.types))
    if flt.precisions:
        stmt = stmt.where(e.precision.in_(flt.precisions))
    if flt.countries:
        stmt = stmt.where(e.id.in_(select(s.EventCountry.event_id).where(
            s.EventCountry.country_iso3.in_(flt.countries))))
    if flt.tags:
        stmt = stmt.where(e.id.in_(select(s.EventTag.event_id).where(s.EventTag.tag.in_(flt.tags))))
    if flt.actors:
        stmt = stmt.where(e.id.in_(select(s.EventActor.event_id).join(s.Actor).where(
            s.Actor.name.in_(flt.actors))))
    if flt.outlets:
        stmt = stmt.where(e.id.in_(select(s.EventSource.event_id).join(s.Source).where(
            s.Source.outlet.in_(flt.outlets))))
    if flt.search.strip():
        stmt = stmt.where(event_matches(flt.search, e.id))
    if flt.area is not None:
        # Events without coordinates are nowhere on the map, so never inside a box.
        a = flt.area
        stmt = stmt.where(e.longitude.between(a.min_lon, a.max_lon),
                          e.latitude.between(a.min_lat, a.max_lat))
        if a.outline:
            stmt = stmt.where(_inside_outline(a))
    return stmt


def _inside_outline(a: Area):  # noqa: ANN202 - an SQL expression
    """The lasso test of `Area.contains` in SQL: the same sums in the same order, so the
    database and numpy agree on every point (no PostGIS, no SpatiaLite)."""
    e = s.Event
    crossings = [case((and_(e.latitude >= edge.low, e.latitude < edge.high,
                            e.longitude < literal(edge.x)
                            + (e.latitude - literal(edge.y)) * literal(edge.slope)), 1),
                      else_=0)
                 for edge in a.edges()]
    return sum(crossings[1:], crossings[0]) % 2 == 1


@dataclass(frozen=True, slots=True)
class _Bounds:
    first_start: int
    last: int
    span: int  # the longest event, in days


_kept_bounds: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine: (key, bounds)
_kept_lock = threading.Lock()


def _bounds(conn: Connection) -> _Bounds | None:
    """Day range of the store and its longest event, read again only when the store has
    changed: the longest span walks every event with an end (~4 ms at 1M, asked by each
    page and count of the events table)."""
    key = fingerprint(conn)
    with _kept_lock:
        kept = _kept_bounds.get(conn.engine)
    if kept is not None and kept[0] == key:
        return kept[1]
    found = _read_bounds(conn)
    with _kept_lock:
        _kept_bounds[conn.engine] = (key, found)
    return found


def _read_bounds(conn: Connection) -> _Bounds | None:
    """Lone min()/max() lookups that both backends answer from indexes (the partial
    ix_event_end_day needs the IS NOT NULL)."""
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
                  for_count: bool = False):  # noqa: ANN201
    """The window as a test on indexed day numbers, or None when it holds every event.

    An event is in a window when [start, end or start] overlaps it. Events overlapping
    the window start at most `span` days before it, so one range on start_day
    (ix_event_start_day_type) bounds them and keeps index order for ORDER BY start_day
    LIMIT n. A count instead takes the union of two index-only ranges (starts inside;
    earlier starts still running, from ix_event_end_day). For another order over a wide
    window the range is hidden from the planner (`+ 0`) so it walks the order's index
    and stops after a page, rather than sorting most of the store.
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


def in_view(conn: Connection, stmt: Select, window: TimeWindow | None, flt: Filter | None,
            **kw) -> Select:
    """`stmt` narrowed to the events of a window and filter (see `window_clause`)."""
    stmt = filtered(stmt, flt)
    clause = window_clause(conn, window, **kw)
    return stmt if clause is None else stmt.where(clause)
