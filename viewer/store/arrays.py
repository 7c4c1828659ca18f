"""Drawing arrays for the panes: numpy columns fetched with one query each, no ORM rows.

The timeline and the trade chart draw from these; they cache them and slice them with
`numpy.searchsorted` while the user pans, so nothing here runs per frame.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import case, func, literal, select

from viewer.domain.model import Filter, PeriodKind, Precision, TimeWindow
from viewer.domain.periods import day_number
from viewer.domain.taxonomy import EVENT_TYPES, type_label
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _filtered

PRECISIONS: tuple[str, ...] = tuple(p.value for p in Precision)  # code = index
PERIOD_KINDS: tuple[str, ...] = tuple(k.value for k in PeriodKind)  # code = index
LANE_KEYS: dict[str, str] = {"type": "Type", "country": "Country", "actor": "Actor",
                             "source": "Source outlet"}
NO_LANE = "(none)"
_OTHER_TYPE = [t.code for t in EVENT_TYPES].index("other")
# A month- or year-precision event without an end reaches at most this far past its start.
_COARSE_REACH = 366


@dataclass(frozen=True, slots=True, eq=False)
class TimelineArrays:
    """Events as parallel arrays sorted by start day; one row per (event, lane)."""

    ids: np.ndarray  # int64
    start: np.ndarray  # int32 day number
    end: np.ndarray  # int32 day number, inclusive; equals start for a point event
    type_index: np.ndarray  # int16, index into taxonomy.EVENT_TYPES
    lane: np.ndarray  # int32, index into lanes
    precision: np.ndarray  # int8, index into PRECISIONS
    has_end: np.ndarray  # bool: the end is stated, not derived from the precision
    lanes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def is_span(self) -> np.ndarray:
        """Rows drawn as spans: a stated end or a coarse (month/year) precision."""
        return self.end > self.start

    def visible(self, first_day: float, last_day: float) -> tuple[int, int]:
        """Index range [lo, hi) of rows starting before `last_day` (start-sorted)."""
        return (int(np.searchsorted(self.start, math.ceil(first_day) - self.max_length, "left")),
                int(np.searchsorted(self.start, math.floor(last_day), "right")))

    @property
    def max_length(self) -> int:
        return int((self.end - self.start).max()) if len(self.ids) else 0


def empty_timeline() -> TimelineArrays:
    """Arrays of no events."""
    z = np.zeros(0, dtype=np.int32)
    return TimelineArrays(np.zeros(0, np.int64), z, z.copy(), np.zeros(0, np.int16), z.copy(),
                          np.zeros(0, np.int8), np.zeros(0, bool), ())


def coarse_end(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Last day covered by an event without an end: its month or year for coarse precision."""
    days = start.astype("datetime64[D]")
    month_end = ((days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1)
    year_end = ((days.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1)
    out = start.astype(np.int32).copy()
    month = precision == PRECISIONS.index("month")
    year = precision == PRECISIONS.index("year")
    out[month] = month_end[month].astype(np.int64)
    out[year] = year_end[year].astype(np.int64)
    return out


def _raw_rows(conn, stmt) -> list[tuple]:
    """Rows as the driver's plain tuples: SQLAlchemy's row objects double the cost of 1M rows."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def _fetch(conn, stmt, ncols: int) -> np.ndarray:
    """All rows of `stmt` as an int64 matrix, without building one Python tuple per value."""
    rows = _raw_rows(conn, stmt)
    if not rows:
        return np.zeros((0, ncols), dtype=np.int64)
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                       count=len(rows) * ncols)
    return flat.reshape(len(rows), ncols)


def timeline_arrays(store: Store, window: TimeWindow | None = None, flt: Filter | None = None,
                    lane_key: str = "type") -> TimelineArrays:
    """Drawing arrays of the events in a window and filter, lanes grouped by `lane_key`."""
    if lane_key not in LANE_KEYS:
        raise ValueError(f"unknown lane key {lane_key!r} (one of {', '.join(LANE_KEYS)})")
    e = s.Event
    type_code = case({t.code: i for i, t in enumerate(EVENT_TYPES)}, value=e.type,
                     else_=_OTHER_TYPE)
    precision = case({p: i for i, p in enumerate(PRECISIONS)}, value=e.precision, else_=0)
    end_day = func.coalesce(e.end_day, -1)
    if lane_key == "type":
        lane_col = type_code
    elif lane_key == "country":
        with store.connect() as conn:
            isos = sorted(conn.scalars(select(s.EventCountry.country_iso3).distinct()))
        lane_col = case({c: i for i, c in enumerate(isos)}, value=s.EventCountry.country_iso3,
                        else_=-1) if isos else literal(-1)
    elif lane_key == "actor":
        lane_col = func.coalesce(s.EventActor.actor_id, -1)
    else:
        lane_col = func.coalesce(s.EventSource.source_id, -1)
    stmt = select(e.id, e.start_day, end_day, type_code, lane_col, precision)
    # The big result holds integers only: lanes come as ids, named from small lookups.
    if lane_key == "country":
        stmt = stmt.outerjoin(s.EventCountry, s.EventCountry.event_id == e.id)
    elif lane_key == "actor":
        stmt = stmt.outerjoin(s.EventActor, s.EventActor.event_id == e.id)
    elif lane_key == "source":
        stmt = stmt.outerjoin(s.EventSource, s.EventSource.event_id == e.id)
    if window is not None:
        first, last = day_number(window.start), day_number(window.end)
        stmt = stmt.where(e.start_day <= last,
                          func.coalesce(e.end_day, e.start_day) >= first - _COARSE_REACH)
    # No ORDER BY: SQLite's sort of a million rows costs more than the scan; numpy sorts.
    stmt = _filtered(stmt, None, flt)
    with store.connect() as conn:
        m = _fetch(conn, stmt, 6)
    if not len(m):
        return empty_timeline()
    m = m[np.lexsort((m[:, 0], m[:, 1]))]
    start = m[:, 1].astype(np.int32)
    prec = m[:, 5].astype(np.int8)
    has_end = m[:, 2] >= 0
    end = np.where(has_end, m[:, 2], coarse_end(start, prec)).astype(np.int32)
    np.maximum(end, start, out=end)
    lane = m[:, 4].astype(np.int32)
    if window is not None:
        keep = end >= day_number(window.start)
        m, start, end, prec, has_end, lane = (a[keep] for a in (m, start, end, prec, has_end, lane))
    present = np.unique(lane)
    if lane_key == "type":
        # Type lanes: only the types present, in taxonomy order.
        lanes = tuple(type_label(EVENT_TYPES[i].code) for i in present)
        lane = np.searchsorted(present, lane).astype(np.int32)
    else:
        # Several ids can share a name (one outlet, many articles): lanes are by name.
        names = _lane_names(store, lane_key, [int(i) for i in present if i >= 0])
        per_id = [names.get(int(i), NO_LANE) for i in present]
        lanes = tuple(sorted(set(per_id), key=lambda n: (n == NO_LANE, n.casefold())))
        index = {n: i for i, n in enumerate(lanes)}
        lane_of_id = np.array([index[n] for n in per_id], dtype=np.int32)
        lane = lane_of_id[np.searchsorted(present, lane)]
    return TimelineArrays(m[:, 0].copy(), start, end, m[:, 3].astype(np.int16), lane, prec,
                          has_end, lanes)


def _lane_names(store: Store, lane_key: str, ids: list[int]) -> dict[int, str]:
    """Display names of lane ids: country (by index of its ISO3 code), actor or outlet."""
    out: dict[int, str] = {}
    if lane_key == "country":
        with store.connect() as conn:
            isos = sorted(conn.scalars(select(s.EventCountry.country_iso3).distinct()))
        return {i: isos[i] for i in ids if i < len(isos)}
    if lane_key == "actor":
        # Native names beside the Latin ones, bidi-isolated so Urdu/Pashto keep their order.
        with store.connect() as conn:
            for i in range(0, len(ids), 900):
                rows = conn.execute(select(s.Actor.id, s.Actor.name, s.Actor.native_name)
                                    .where(s.Actor.id.in_(ids[i:i + 900])))
                out.update((int(k), f"{n} \u2068{native}\u2069" if native else n)
                           for k, n, native in rows)
        return out
    table, name = s.Source.id, s.Source.outlet
    with store.connect() as conn:
        for i in range(0, len(ids), 900):
            rows = conn.execute(select(table, name).where(table.in_(ids[i:i + 900])))
            out.update((int(k), v) for k, v in rows)
    return out


def event_count_estimate(store: Store) -> int:
    """An upper bound on the number of events, read from the primary key at no cost."""
    with store.connect() as conn:
        return int(conn.scalar(select(func.max(s.Event.id))) or 0)


def event_days(store: Store, flt: Filter | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(start days, ids) of the filtered events, sorted by day: the chart's event markers."""
    e = s.Event
    with store.connect() as conn:
        m = _fetch(conn, _filtered(select(e.start_day, e.id), None, flt), 2)
    order = np.argsort(m[:, 0], kind="stable")
    return m[order, 0].astype(np.int32), m[order, 1].copy()


def event_titles(store: Store, ids: Sequence[int]) -> dict[int, str]:
    """Titles of a few events, for labels that fit."""
    out: dict[int, str] = {}
    ids = list(dict.fromkeys(int(i) for i in ids))
    with store.connect() as conn:
        for i in range(0, len(ids), 900):
            rows = conn.execute(select(s.Event.id, s.Event.title)
                                .where(s.Event.id.in_(ids[i:i + 900])))
            out.update((int(k), v) for k, v in rows)
    return out


# -- trade ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, order=True)
class SeriesKey:
    """One trade series: who reports, about whom, which flow, which commodity."""

    reporter: str
    partner: str
    flow: str
    commodity: str = "TOTAL"

    def label(self) -> str:
        commodity = "" if self.commodity == "TOTAL" else f" · {self.commodity}"
        return f"{self.reporter}→{self.partner} {self.flow}{commodity}"

    def mirror(self) -> SeriesKey | None:
        """The partner's report of the same trade: exports mirror imports and back."""
        other = {"export": "import", "import": "export",
                 "re-export": "re-import", "re-import": "re-export"}.get(self.flow)
        return SeriesKey(self.partner, self.reporter, other, self.commodity) if other else None


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    """A series that has figures, with how many and over what days."""

    key: SeriesKey
    count: int
    first_day: int
    last_start_day: int


@dataclass(frozen=True, slots=True, eq=False)
class TradeArrays:
    """One series as parallel arrays in period order."""

    key: SeriesKey
    ids: np.ndarray  # int64
    start: np.ndarray  # int32 first day of the period
    end: np.ndarray  # int32 last day of the period, inclusive
    value: np.ndarray  # float64 US$
    kind: np.ndarray  # int8 index into PERIOD_KINDS

    def __len__(self) -> int:
        return len(self.ids)


def trade_series_list(store: Store) -> list[SeriesInfo]:
    """Every series in the store, by reporter, partner, flow and commodity."""
    t = s.TradeFigure
    # Only columns of the series index, so the scan never touches the table (4 s -> 0.7 s
    # on a million figures); the last day is the last period's start.
    stmt = (select(t.reporter_iso3, t.partner_iso3, t.flow, t.commodity_code, func.count(),
                   func.min(t.start_day), func.max(t.start_day))
            .group_by(t.reporter_iso3, t.partner_iso3, t.flow, t.commodity_code)
            .order_by(t.reporter_iso3, t.partner_iso3, t.flow, t.commodity_code))
    with store.connect() as conn:
        return [SeriesInfo(SeriesKey(r, p, f, c), n, lo, hi)
                for r, p, f, c, n, lo, hi in conn.execute(stmt)]


def trade_arrays(store: Store, key: SeriesKey, window: TimeWindow | None = None) -> TradeArrays:
    """The figures of one series (optionally overlapping a window) as arrays."""
    t = s.TradeFigure
    kind = case({k: i for i, k in enumerate(PERIOD_KINDS)}, value=t.period_kind,
                else_=PERIOD_KINDS.index("span"))
    stmt = (select(t.id, t.start_day, t.end_day, kind, t.value_usd)
            .where(t.reporter_iso3 == key.reporter, t.partner_iso3 == key.partner,
                   t.flow == key.flow, t.commodity_code == key.commodity))
    if window is not None:
        stmt = stmt.where(t.start_day <= day_number(window.end),
                          t.end_day >= day_number(window.start))
    stmt = stmt.order_by(t.start_day, t.end_day, t.id)
    with store.connect() as conn:
        rows = conn.execute(stmt).fetchall()
    if not rows:
        z = np.zeros(0, np.int32)
        return TradeArrays(key, np.zeros(0, np.int64), z, z.copy(), np.zeros(0), np.zeros(0, np.int8))
    ids, start, end, kinds, values = zip(*rows, strict=True)
    return TradeArrays(key, np.array(ids, np.int64), np.array(start, np.int32),
                       np.array(end, np.int32), np.array(values, np.float64),
                       np.array(kinds, np.int8))
