"""Facet counts for the filters pane: how many events each value has in the current view.

Each facet is counted under the window and every filter except its own, so ticking a
second country widens the view instead of emptying the other country counts (the usual
faceted-search rule); values of a facet combine with OR, facets with AND.

Every query reads indexes only, driven from the events of the window. The counts of the
whole store (the view the app opens on) are kept in memory per store, keyed by a cheap
fingerprint of its contents, because at a million events they take about a second.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import Connection, func, select

from viewer.domain.model import Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered
from viewer.store.tables import _window_days

FACETS = ("countries", "types", "actors", "tags", "precisions", "outlets")
MAX_VALUES = 200  # per facet, most frequent first; selected values are always kept
_EVENT_FACETS = ("types", "precisions")


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet and how many events of the view have it."""

    value: str
    count: int


_lock = threading.Lock()
_totals: dict[tuple[str, tuple], dict] = {}


def _link_statement(facet: str):
    """(value, event id) pairs of a link facet, one per event and value."""
    if facet == "countries":
        c = s.EventCountry
        return select(c.country_iso3.label("value"), c.event_id)
    if facet == "tags":
        t = s.EventTag
        return select(t.tag.label("value"), t.event_id)
    if facet == "actors":
        a, ea = s.Actor, s.EventActor
        return (select(a.name.label("value"), ea.event_id).join(a, a.id == ea.actor_id)
                .distinct())
    if facet == "outlets":
        src, es = s.Source, s.EventSource
        return (select(src.outlet.label("value"), es.event_id).join(src, src.id == es.source_id)
                .distinct())
    raise ValueError(f"unknown facet {facet!r}")


def _count_links(conn: Connection, facet: str, window: TimeWindow | None,
                 flt: Filter | None) -> Counter:
    pairs = _link_statement(facet)
    if window is not None or (flt is not None and not flt.is_empty()):
        # Drive from the events in view (an index range), then look their links up.
        ids = _window_days(_filtered(select(s.Event.id), None, flt), window)
        pairs = pairs.where(_event_id_column(facet).in_(ids))
    sub = pairs.subquery()
    stmt = select(sub.c.value, func.count()).group_by(sub.c.value)
    return Counter({v: n for v, n in conn.execute(stmt) if v is not None})


def _event_id_column(facet: str):
    return {"countries": s.EventCountry.event_id, "tags": s.EventTag.event_id,
            "actors": s.EventActor.event_id, "outlets": s.EventSource.event_id}[facet]


def _count_event_facets(conn: Connection, window: TimeWindow | None,
                        flt: Filter | None) -> dict[tuple[str, str], int]:
    """Events per (type, precision), for the types and precisions facets at once."""
    e = s.Event
    stmt = _window_days(_filtered(select(e.type, e.precision, func.count()).select_from(e)
                                  .group_by(e.type, e.precision), None, flt), window)
    return {(t, p): n for t, p, n in conn.execute(stmt)}


def _split_event_facets(joint: dict[tuple[str, str], int], flt: Filter) -> dict[str, Counter]:
    types, precisions = Counter(), Counter()
    for (t, p), n in joint.items():
        if not flt.precisions or p in flt.precisions:
            types[t] += n
        if not flt.types or t in flt.types:
            precisions[p] += n
    return {"types": types, "precisions": precisions}


def _fingerprint(conn: Connection) -> tuple:
    # One aggregate per statement: SQLite answers a lone count(*), min() or max() from
    # an index without reading the table.
    e = s.Event
    return (conn.scalar(select(func.count()).select_from(e)), conn.scalar(select(func.max(e.id))),
            conn.scalar(select(func.max(s.ImportBatch.id))))


def _covers_store(conn: Connection, window: TimeWindow | None) -> bool:
    if window is None:
        return True
    e = s.Event
    first = conn.scalar(select(func.min(e.start_day)))
    if first is None:
        return True
    last = max(conn.scalar(select(func.max(e.start_day))),
               conn.scalar(select(func.max(e.end_day))) or first)
    return day_number(window.start) <= first and day_number(window.end) >= last


def _store_totals(store: Store, conn: Connection) -> dict:
    """Link-facet counters and the (type, precision) table of the whole store, cached."""
    key = (store.display, _fingerprint(conn))
    with _lock:
        found = _totals.get(key)
    if found is None:
        found = {"joint": _count_event_facets(conn, None, None)}
        for facet in ("countries", "tags", "actors", "outlets"):
            found[facet] = _count_links(conn, facet, None, None)
        with _lock:
            for old in [k for k in _totals if k[0] == store.display]:
                del _totals[old]
            _totals[key] = found
    return found


def forget_totals(store: Store | None = None) -> None:
    """Drop cached whole-store counts (writers call this through index_events)."""
    with _lock:
        for key in [k for k in _totals if store is None or k[0] == store.display]:
            del _totals[key]


def facet_counts(store: Store, window: TimeWindow | None, flt: Filter | None,
                 facets: tuple[str, ...] = FACETS) -> dict[str, list[FacetValue]]:
    """Per facet, its values with event counts, most frequent first."""
    flt = flt or Filter()
    counts: dict[str, Counter] = {}
    with store.connect() as conn:
        whole = _covers_store(conn, window)
        view_window = None if whole else window
        if any(f in _EVENT_FACETS for f in facets):
            # Types and precisions come from one (type, precision) table, split per facet.
            own = replace(flt, types=(), precisions=())
            joint = (_store_totals(store, conn)["joint"] if whole and own.is_empty()
                     else _count_event_facets(conn, view_window, own))
            counts.update(_split_event_facets(joint, flt))
        for facet in facets:
            if facet in _EVENT_FACETS:
                continue
            own = replace(flt, **{facet: ()})
            if whole and own.is_empty():
                counts[facet] = _store_totals(store, conn)[facet]
            else:
                counts[facet] = _count_links(conn, facet, view_window, own)
    result: dict[str, list[FacetValue]] = {}
    for facet in facets:
        top = sorted(counts[facet].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VALUES]
        values = [FacetValue(v, n) for v, n in top if n]
        have = {v.value for v in values}
        values += [FacetValue(v, 0) for v in getattr(flt, facet) if v not in have]
        result[facet] = values
    return result


def event_id_span(store: Store) -> int:
    """The highest event id: a free upper bound of the event count, for choosing strategies."""
    with store.connect() as conn:
        return conn.scalar(select(func.max(s.Event.id))) or 0


