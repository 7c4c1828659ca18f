"""Facet counts for the filters pane: how many events each value has in the current view.

Each facet is counted under the window and every filter except its own, so ticking a
second country widens the view instead of emptying the other country counts (the usual
faceted-search rule); values of a facet combine with OR, facets with AND.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select

from viewer.domain.model import Filter, TimeWindow
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered
from viewer.store.tables import _window_days

FACETS = ("countries", "types", "actors", "tags", "precisions", "outlets")
MAX_VALUES = 200  # per facet, most frequent first; selected values are always kept


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet and how many events of the view have it."""

    value: str
    count: int


def _statement(facet: str):
    e = s.Event
    if facet == "types":
        return select(e.type, func.count()).select_from(e).group_by(e.type)
    if facet == "precisions":
        return select(e.precision, func.count()).select_from(e).group_by(e.precision)
    if facet == "countries":
        c = s.EventCountry
        return (select(c.country_iso3, func.count()).select_from(c)
                .join(e, e.id == c.event_id).group_by(c.country_iso3))
    if facet == "tags":
        t = s.EventTag
        return select(t.tag, func.count()).select_from(t).join(e, e.id == t.event_id).group_by(t.tag)
    if facet == "actors":
        a, ea = s.Actor, s.EventActor
        return (select(a.name, func.count(ea.event_id.distinct())).select_from(ea)
                .join(a, a.id == ea.actor_id).join(e, e.id == ea.event_id).group_by(a.name))
    if facet == "outlets":
        src, es = s.Source, s.EventSource
        return (select(src.outlet, func.count(es.event_id.distinct())).select_from(es)
                .join(src, src.id == es.source_id).join(e, e.id == es.event_id)
                .group_by(src.outlet))
    raise ValueError(f"unknown facet {facet!r}")


def facet_counts(store: Store, window: TimeWindow | None, flt: Filter | None,
                 facets: tuple[str, ...] = FACETS) -> dict[str, list[FacetValue]]:
    """Per facet, its values with event counts, most frequent first."""
    flt = flt or Filter()
    result: dict[str, list[FacetValue]] = {}
    with store.connect() as conn:
        for facet in facets:
            own = replace(flt, **{facet: ()})
            stmt = _window_days(_filtered(_statement(facet), None, own), window)
            stmt = stmt.order_by(func.count().desc()).limit(MAX_VALUES)
            values = [FacetValue(v, n) for v, n in conn.execute(stmt) if v is not None]
            have = {v.value for v in values}
            values += [FacetValue(v, 0) for v in getattr(flt, facet) if v not in have]
            result[facet] = values
    return result


def event_id_span(store: Store) -> int:
    """The highest event id: a free upper bound of the event count, for choosing strategies."""
    with store.connect() as conn:
        return conn.scalar(select(func.max(s.Event.id))) or 0
