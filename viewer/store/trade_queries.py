"""Trade figures as the tables and exports read them, and the series a store holds.

Each list of choices is read for the choices above it (partners of a reporter, commodities of a
reporter and partner), so every query is a range of ix_trade_figure_series rather than
a scan of a million figures.
"""

from __future__ import annotations

from sqlalchemy import Connection, exists, func, select, text
from sqlalchemy.orm import aliased

from viewer.domain.model import Coverage, Flow, Period, PeriodKind, Source, TimeWindow, TradeFigure
from viewer.domain.records import TradeDimensions
from viewer.store import schema as s


def trade_dimensions(conn: Connection, reporter: str | None = None,
                     partner: str | None = None) -> TradeDimensions:
    """Every reporter; the partners of `reporter` (all when None); the commodities of
    that reporter and partner; the five flows."""
    t = s.TradeFigure
    reporters = _loose_scan(conn, "reporter_iso3")
    codes_q = select(t.commodity_code, func.min(t.commodity_label)).group_by(
        t.commodity_code).order_by(t.commodity_code)
    if reporter is not None:
        partners = _loose_scan(conn, "partner_iso3", reporter)
        codes_q = codes_q.where(t.reporter_iso3 == reporter)
        if partner is not None:
            codes_q = codes_q.where(t.partner_iso3 == partner)
    else:
        partners = tuple(conn.scalars(select(t.partner_iso3).distinct()
                                      .order_by(t.partner_iso3)))
    commodities = tuple((code, label or code) for code, label in conn.execute(codes_q))
    return TradeDimensions(reporters, partners, tuple(f.value for f in Flow), commodities)


def trade_reporters(conn: Connection) -> tuple[str, ...]:
    """Every reporter of the trade figures (a few index seeks)."""
    return _loose_scan(conn, "reporter_iso3")


def _loose_scan(conn: Connection, column: str, reporter: str | None = None) -> tuple[str, ...]:
    """Distinct values of a leading column of ix_trade_figure_series, one index seek each
    (a recursive CTE): DISTINCT itself reads all million entries."""
    where = "reporter_iso3 = :reporter AND " if reporter is not None else ""
    sql = text(f"""
        WITH RECURSIVE v(x) AS (
          SELECT (SELECT min({column}) FROM trade_figure WHERE {where}{column} IS NOT NULL)
          UNION ALL
          SELECT (SELECT min({column}) FROM trade_figure WHERE {where}{column} > v.x)
          FROM v WHERE v.x IS NOT NULL)
        SELECT x FROM v WHERE x IS NOT NULL""")
    return tuple(conn.execute(sql, {"reporter": reporter}).scalars())


def _restated_by():  # noqa: ANN202 - a correlated scalar subquery
    """The figure that restates the outer one (the lowest id when several do)."""
    newer = aliased(s.TradeFigure)
    return (select(func.min(newer.id)).where(newer.supersedes_id == s.TradeFigure.id)
            .correlate(s.TradeFigure).scalar_subquery())


def not_restated():  # noqa: ANN201 - a WHERE clause
    """Figures no later figure restates: what drawings and totals use."""
    newer = aliased(s.TradeFigure)
    return ~exists().where(newer.supersedes_id == s.TradeFigure.id)


def trade_figures(conn: Connection, *, reporter: str | None = None, partner: str | None = None,
                  flow: str | None = None, commodity: str | None = None,
                  window: TimeWindow | None = None, include_superseded: bool = True,
                  coverage: str | None = None,
                  figure_id: int | None = None) -> list[TradeFigure]:
    """Trade figures of a series (any argument left out matches all; `figure_id` just
    that one), in period order, each with every source that reports it."""
    t = s.TradeFigure
    ids = select(t.id) if figure_id is None else select(t.id).where(t.id == figure_id)
    for column, value in ((t.reporter_iso3, reporter), (t.partner_iso3, partner),
                          (t.flow, flow), (t.commodity_code, commodity),
                          (t.coverage, coverage)):
        if value is not None:
            ids = ids.where(column == value)
    if window is not None:
        ids = ids.where(t.period_start <= window.end, t.period_end >= window.start)
    if not include_superseded:
        ids = ids.where(not_restated())
    stmt = (select(t.id, t.reporter_iso3, t.partner_iso3, t.flow, t.period_start, t.period_end,
                   t.period_kind, t.fiscal_year, t.value_usd, t.commodity_code,
                   t.commodity_label, t.classification, t.quantity, t.quantity_unit,
                   t.estimated, t.note, t.origin_dataset, t.origin_id, t.coverage,
                   t.supersedes_id, _restated_by(), t.officer_note, t.version)
            .where(t.id.in_(ids.scalar_subquery()))
            .order_by(t.period_start, t.period_end, t.id))
    rows = conn.execute(stmt).all()
    cited = _sources_of(conn, ids) if rows else {}
    return [
        TradeFigure(
            id=r[0], reporter=r[1], partner=r[2], flow=Flow(r[3]),
            period=Period(r[4], r[5], PeriodKind(r[6]), r[7]), value_usd=r[8],
            commodity_code=r[9], commodity_label=r[10] or "", classification=r[11],
            quantity=r[12], quantity_unit=r[13], estimated=bool(r[14]), note=r[15] or "",
            origin_dataset=r[16], origin_id=r[17], coverage=Coverage(r[18]),
            supersedes_id=r[19], superseded_by=r[20], officer_note=r[21] or "",
            version=r[22], sources=cited.get(r[0], ()))
        for r in rows
    ]


def figures_of_series(conn: Connection, keys, window: TimeWindow | None = None,  # noqa: ANN001
                      include_superseded: bool = True) -> list[TradeFigure]:
    """The figures of several series (SeriesKey), each read through the series index,
    in period order; a key without coverage takes every coverage."""
    figures = [f for key in dict.fromkeys(keys)
               for f in trade_figures(conn, reporter=key.reporter, partner=key.partner,
                                      flow=key.flow, commodity=key.commodity, window=window,
                                      include_superseded=include_superseded,
                                      coverage=key.coverage or None)]
    # A series named with and without its coverage reads the same figures twice.
    unique = {f.id: f for f in figures}.values()
    return sorted(unique, key=lambda f: (f.period.start, f.period.end, f.id or 0))


def _sources_of(conn: Connection, ids) -> dict[int, tuple[Source, ...]]:  # noqa: ANN001
    """The sources of the figures `ids` selects, in the order each figure cites them."""
    link, src = s.TradeFigureSource, s.Source
    stmt = (select(link.trade_figure_id, src.outlet, src.url, src.title, src.published,
                   src.language, src.id, src.scale)
            .join(src, src.id == link.source_id)
            .where(link.trade_figure_id.in_(ids.scalar_subquery()))
            .order_by(link.trade_figure_id, link.position, src.id))
    out: dict[int, list[Source]] = {}
    for figure_id, *fields in conn.execute(stmt):
        out.setdefault(figure_id, []).append(Source(*fields))
    return {k: tuple(v) for k, v in out.items()}
