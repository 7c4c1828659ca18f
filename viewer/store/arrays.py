"""Drawing arrays for the panes: numpy columns fetched with one query each, no ORM rows.

The timeline and the trade chart draw from these; they cache them and slice them with
`numpy.searchsorted` while the user pans, so nothing here runs per frame.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sqlalchemy import BigInteger, Connection, case, cast, func, literal, select

from viewer.domain.drawing import (
    LANE_KEYS,
    NO_LANE,
    PERIOD_KINDS,
    PRECISIONS,
    SeriesInfo,
    SeriesKey,
    TimelineArrays,
    TradeArrays,
    coarse_end,
    empty_timeline,
)
from viewer.domain.map_points import MapPoints, empty_points, sorted_points
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.periods import day_number
from viewer.domain.taxonomy import EVENT_TYPES, type_label
from viewer.store import packed_read, trade_queries
from viewer.store import schema as s
from viewer.store.event_filter import filtered, window_clause

_OTHER_TYPE = [t.code for t in EVENT_TYPES].index("other")


_NO_END = -(2**40)  # stands for "no end day" in the integer reads
CHUNK_ROWS = 65_536  # rows taken from the cursor at a time: memory stays at one chunk


def _sql(conn, stmt) -> tuple[str, tuple | dict]:  # noqa: ANN001
    """`stmt` as the driver's SQL text and parameters."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    return str(compiled), args


def _fetch(conn, stmt, ncols: int, dtype: type = np.int64) -> np.ndarray:
    """All rows of `stmt` as a matrix (int64 unless told), streamed from the driver's own
    cursor a chunk at a time into numpy: SQLAlchemy's row objects would double the cost of
    a million rows, and no list of a million tuples is kept."""
    sql, args = _sql(conn, stmt)
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute(sql, args)
    chunks: list[np.ndarray] = []
    try:
        while rows := cursor.fetchmany(CHUNK_ROWS):
            chunks.append(np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype,
                                      count=len(rows) * ncols))
    finally:
        cursor.close()
    if not chunks:
        return np.zeros((0, ncols), dtype=dtype)
    flat = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    return flat.reshape(-1, ncols)


def timeline_arrays(conn: Connection, window: TimeWindow | None = None,
                    flt: Filter | None = None, lane_key: str = "type") -> TimelineArrays:
    """Drawing arrays of the events in a window and filter, lanes grouped by `lane_key`."""
    if lane_key not in LANE_KEYS:
        raise ValueError(f"unknown lane key {lane_key!r} (one of {', '.join(LANE_KEYS)})")
    e = s.Event
    type_code = case({t.code: i for i, t in enumerate(EVENT_TYPES)}, value=e.type,
                     else_=_OTHER_TYPE)
    precision = case({p: i for i, p in enumerate(PRECISIONS)}, value=e.precision, else_=0)
    end_day = func.coalesce(e.end_day, _NO_END)
    if lane_key == "type":
        lane_col = type_code
    elif lane_key == "country":
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
    clause = window_clause(conn, window)
    if clause is not None:
        stmt = stmt.where(clause)
    # No ORDER BY: SQLite's sort of a million rows costs more than the scan; numpy sorts.
    return _timeline_from(conn, _fetch(conn, filtered(stmt, flt), 6), lane_key)


def _timeline_from(conn: Connection, m: np.ndarray, lane_key: str) -> TimelineArrays:
    """TimelineArrays from rows of (id, start, end or _NO_END, type, lane id, precision)."""
    if not len(m):
        return empty_timeline()
    has_end = m[:, 2] != _NO_END  # an end before 1970 is a negative day number
    if lane_key == "type":  # one row per event, the type its lane: as the one read
        start = m[:, 1].astype(np.int32)
        last = np.maximum(np.where(has_end, m[:, 2], start), start).astype(np.int32)
        return _type_lanes(m[:, 0].astype(np.int64), start, last, has_end,
                           m[:, 3].astype(np.int16), m[:, 5].astype(np.int8))
    # By start, id, lane: rows come in any order.
    order = np.lexsort((m[:, 4], m[:, 0], m[:, 1]))
    m, has_end = m[order], has_end[order]
    ids = m[:, 0].astype(np.int64)
    start = m[:, 1].astype(np.int32)
    prec = m[:, 5].astype(np.int8)
    end = np.where(has_end, m[:, 2], coarse_end(start, prec)).astype(np.int32)
    np.maximum(end, start, out=end)
    lane = m[:, 4].astype(np.int32)
    present = np.unique(lane)
    # Several ids can share a name (one outlet, many articles): lanes are by name.
    names = _lane_names(conn, lane_key, [int(i) for i in present if i >= 0])
    per_id = [names.get(int(i), NO_LANE) for i in present]
    lanes = tuple(sorted(set(per_id), key=lambda n: (n == NO_LANE, n.casefold())))
    index = {n: i for i, n in enumerate(lanes)}
    lane_of_id = np.array([index[n] for n in per_id], dtype=np.int32)
    lane = lane_of_id[np.searchsorted(present, lane)]
    return TimelineArrays(ids, start, end, m[:, 3].astype(np.int16), lane, prec, has_end, lanes)


def _by_start_and_id(start: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The order of rows by start day, then id (one row per event): one sort of a single
    key where it fits in 63 bits (75 ms at 1M rows; a three-key lexsort takes 225 ms).
    Rows already in id order (the one read's) need only a stable sort of the start day,
    a radix sort when the days span less than 2**16 (179 years): 13 ms."""
    if len(ids) > 1 and bool(np.all(ids[1:] > ids[:-1])):
        first = int(start.min())
        if int(start.max()) - first < 2**16:
            return np.argsort((start - first).astype(np.uint16), kind="stable")
        return np.argsort(start, kind="stable")
    if len(ids) and ids.min() >= 0:
        span = int(start.max()) - int(start.min()) + 1
        if span * (int(ids.max()) + 1) < 2**62:
            return np.argsort((start - start.min()) * (ids.max() + 1) + ids)
    return np.lexsort((ids, start))


_UNPLACED = 1000.0  # a longitude no event has: stands for "no coordinates" in one float read
# Day, length, type and precision of an event packed in one integer below 2**53 (exact as
# a float): bits 30-51 the start day + _DAY0, 8-29 the length + 1 (0: no end), 3-7 the
# type, 0-2 the precision. Four values a row instead of seven cut the fetch by a third.
_DAY0 = 720_000  # day numbers count from 1970: year 1 is day -719,162
_DAYS = 2**22


def timeline_and_map(conn: Connection) -> tuple[TimelineArrays, MapPoints]:
    """Every event's timeline arrays in type lanes and the map's placed events, from one
    read: at a million events a second read of the same rows for the map costs ~1 s."""
    e = s.Event
    type_code = case({t.code: i for i, t in enumerate(EVENT_TYPES)}, value=e.type,
                     else_=_OTHER_TYPE)
    precision = case({p: i for i, p in enumerate(PRECISIONS)}, value=e.precision, else_=0)
    start = cast(e.start_day, BigInteger)
    length = case((e.end_day.is_(None), 0), (e.end_day < e.start_day, 1),
                  else_=cast(e.end_day, BigInteger) - start + 1)
    packed = (start + _DAY0) * 2**30 + length * 2**8 + type_code * 8 + precision
    # Our own constants only: inlined, the text can go into SQLite's hexadecimal read.
    found = packed_read.read(conn, str(packed.compile(
        dialect=conn.dialect, compile_kwargs={"literal_binds": True})))
    if found is None:  # PostgreSQL, or a coordinate off the globe: rows the plain way
        unplaced = e.longitude.is_(None) | e.latitude.is_(None)
        m = _fetch(conn, select(e.id, packed, case((unplaced, _UNPLACED), else_=e.longitude),
                                case((unplaced, _UNPLACED), else_=e.latitude)), 4, np.float64)
        lon = np.where(m[:, 2] == _UNPLACED, np.nan, m[:, 2])
        found = (m[:, 0].astype(np.int64), m[:, 1].astype(np.int64), lon, m[:, 3])
    ids, p, lon, lat = found
    first = ((p >> 30) - _DAY0).astype(np.int32)
    length = ((p >> 8) & (_DAYS - 1)).astype(np.int32)
    has_end = length > 0
    last = np.where(has_end, first + length - 1, first)
    kind = ((p >> 3) & 31).astype(np.int16)
    placed = ~np.isnan(lon)
    with ThreadPoolExecutor(1) as pool:  # numpy's sorts let go of the GIL: side by side
        points = pool.submit(lambda: sorted_points(
            ids[placed], lon[placed], lat[placed], first[placed], last[placed],
            kind[placed]) if placed.any() else empty_points())
        timeline = _type_lanes(ids, first, last, has_end, kind, (p & 7).astype(np.int8))
        return timeline, points.result()


def _type_lanes(ids: np.ndarray, first: np.ndarray, last: np.ndarray, has_end: np.ndarray,
                kind: np.ndarray, prec: np.ndarray) -> TimelineArrays:
    """TimelineArrays in type lanes (only the types present, in taxonomy order) from one
    row per event in any order; `last` is the stated end, or the start without one."""
    if not len(ids):
        return empty_timeline()
    order = _by_start_and_id(first, ids)
    start, prec, has_end, kind = first[order], prec[order], has_end[order], kind[order]
    end = last[order]
    coarse = ~has_end & (prec != 0)  # a month or a year without an end runs to its close
    if coarse.any():
        end[coarse] = coarse_end(start[coarse], prec[coarse])
    present = np.unique(kind)
    lanes = tuple(type_label(EVENT_TYPES[i].code) for i in present)
    lane = np.searchsorted(present, kind).astype(np.int32)
    return TimelineArrays(ids[order], start, end, kind, lane, prec, has_end, lanes)


def _lane_names(conn: Connection, lane_key: str, ids: list[int]) -> dict[int, str]:
    """Display names of lane ids: country (by index of its ISO3 code), actor or outlet."""
    out: dict[int, str] = {}
    if lane_key == "country":
        isos = sorted(conn.scalars(select(s.EventCountry.country_iso3).distinct()))
        return {i: isos[i] for i in ids if i < len(isos)}
    if lane_key == "actor":
        # Native names beside the Latin ones, bidi-isolated so Urdu/Pashto keep their order.
        for i in range(0, len(ids), 900):
            rows = conn.execute(select(s.Actor.id, s.Actor.name, s.Actor.native_name)
                                .where(s.Actor.id.in_(ids[i:i + 900])))
            out.update((int(k), f"{n} \u2068{native}\u2069" if native else n)
                       for k, n, native in rows)
        return out
    table, name = s.Source.id, s.Source.outlet
    for i in range(0, len(ids), 900):
        rows = conn.execute(select(table, name).where(table.in_(ids[i:i + 900])))
        out.update((int(k), v) for k, v in rows)
    return out


def event_count_estimate(conn: Connection) -> int:
    """An upper bound on the number of events, read from the primary key at no cost."""
    return int(conn.scalar(select(func.max(s.Event.id))) or 0)


def event_days(conn: Connection, flt: Filter | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(start days, ids) of the filtered events, sorted by day: the chart's event markers."""
    e = s.Event
    m = _fetch(conn, filtered(select(e.start_day, e.id), flt), 2)
    order = np.lexsort((m[:, 1], m[:, 0]))  # by day, then id: rows come in any order
    return m[order, 0].astype(np.int32), m[order, 1].copy()


def map_points(conn: Connection, flt: Filter | None = None) -> MapPoints:
    """The filtered events that have coordinates, for the map (any time: the pane
    masks the window itself)."""
    e = s.Event
    type_code = case({t.code: i for i, t in enumerate(EVENT_TYPES)}, value=e.type,
                     else_=_OTHER_TYPE)
    # An end before the start is drawn as the start day, as on the timeline.
    last = case((e.end_day > e.start_day, e.end_day), else_=e.start_day)
    stmt = (select(e.id, e.start_day, last, type_code, e.longitude, e.latitude)
            .where(e.longitude.is_not(None), e.latitude.is_not(None)))
    # One float matrix: ids and day numbers stay exact below 2**53.
    m = _fetch(conn, filtered(stmt, flt), 6, np.float64)
    if not len(m):
        return empty_points()
    return sorted_points(m[:, 0], m[:, 4], m[:, 5], m[:, 1], m[:, 2], m[:, 3])


def event_titles(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    """Titles of a few events, for labels that fit."""
    out: dict[int, str] = {}
    ids = list(dict.fromkeys(int(i) for i in ids))
    for i in range(0, len(ids), 900):
        rows = conn.execute(select(s.Event.id, s.Event.title)
                            .where(s.Event.id.in_(ids[i:i + 900])))
        out.update((int(k), v) for k, v in rows)
    return out


# -- trade ----------------------------------------------------------------------------

def trade_series_list(conn: Connection) -> list[SeriesInfo]:
    """Every series in the store, by reporter, partner, flow, commodity and coverage;
    counts are of the figures drawn (a restated figure counts once)."""
    t = s.TradeFigure
    series = (t.reporter_iso3, t.partner_iso3, t.flow, t.commodity_code, t.coverage)
    # Only columns of the series index, so the scan never touches the table (4 s -> 0.7 s
    # on a million figures); the last day is the last period's start.
    stmt = (select(*series, func.count(), func.min(t.start_day), func.max(t.start_day))
            .group_by(*series).order_by(*series))
    # The few restated figures are counted apart and taken off, rather than testing every
    # figure for a restatement in the scan above.
    restated = {tuple(r[:5]): r[5] for r in conn.execute(
        select(*series, func.count()).where(t.id.in_(
            select(t.supersedes_id).where(t.supersedes_id.is_not(None)))).group_by(*series))}
    return [SeriesInfo(SeriesKey(r, p, f, c, cov), n - restated.get((r, p, f, c, cov), 0), lo, hi)
            for r, p, f, c, cov, n, lo, hi in conn.execute(stmt)]


def trade_arrays(conn: Connection, key: SeriesKey,
                 window: TimeWindow | None = None) -> TradeArrays:
    """The figures of one series (optionally overlapping a window) as arrays, without the
    figures a later one restates."""
    t = s.TradeFigure
    kind = case({k: i for i, k in enumerate(PERIOD_KINDS)}, value=t.period_kind,
                else_=PERIOD_KINDS.index("span"))
    # A restated figure is drawn once, as restated; the first report stays in the tables.
    stmt = (select(t.id, t.start_day, t.end_day, kind, t.value_usd)
            .where(t.reporter_iso3 == key.reporter, t.partner_iso3 == key.partner,
                   t.flow == key.flow, t.commodity_code == key.commodity,
                   trade_queries.not_restated()))
    if key.coverage:
        stmt = stmt.where(t.coverage == key.coverage)
    if window is not None:
        stmt = stmt.where(t.start_day <= day_number(window.end),
                          t.end_day >= day_number(window.start))
    stmt = stmt.order_by(t.start_day, t.end_day, t.id)
    rows = conn.execute(stmt).fetchall()
    if not rows:
        z = np.zeros(0, np.int32)
        return TradeArrays(key, np.zeros(0, np.int64), z, z.copy(), np.zeros(0), np.zeros(0, np.int8))
    ids, start, end, kinds, values = zip(*rows, strict=True)
    return TradeArrays(key, np.array(ids, np.int64), np.array(start, np.int32),
                       np.array(end, np.int32), np.array(values, np.float64),
                       np.array(kinds, np.int8))
