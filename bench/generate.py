"""A synthetic store of realistic shape: several countries, types, actors, decades of
dates, monthly and fiscal-year trade series. Deterministic for a given n."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from viewer.domain.model import (
    ActorRef,
    Event,
    Flow,
    Period,
    PeriodKind,
    Precision,
    Source,
    TradeFigure,
)
from viewer.domain.periods import fiscal_year_period, month_period
from viewer.domain.taxonomy import EVENT_TYPES

COUNTRIES = ("PAK", "AFG", "IRN", "IND", "CHN", "USA", "QAT", "TUR", "UZB", "TJK", "TKM", "SAU")
FLOWS = (Flow.EXPORT, Flow.IMPORT, Flow.TRANSIT)
COMMODITIES = ("TOTAL", "10", "27", "52", "63", "87", "30", "84")
FIRST_DAY = dt.date(1980, 1, 1).toordinal()
LAST_DAY = dt.date(2025, 12, 31).toordinal()
TYPE_WEIGHTS = (8, 6, 6, 10, 5, 3, 1, 4, 2, 12, 14, 10, 8, 11)
PRECISIONS = (Precision.DAY,) * 17 + (Precision.MONTH, Precision.YEAR, Precision.APPROXIMATE)


def _day(rng: random.Random) -> dt.date:
    # More events in recent years, as in real event data.
    frac = rng.random() ** 0.5
    return dt.date.fromordinal(FIRST_DAY + int(frac * (LAST_DAY - FIRST_DAY)))


def events(n: int, seed: int = 1) -> Iterator[Event]:
    """n events with 1–3 countries, 1–2 actors from a pool of 500, one of 20,000 sources."""
    rng = random.Random(seed)
    actors = [ActorRef(f"Actor {i}", "participant", "government", COUNTRIES[i % 12])
              for i in range(500)]
    sources = [Source(f"Outlet {i % 300}", f"https://news.example/{i}") for i in range(20_000)]
    codes = [t.code for t in EVENT_TYPES]
    for i in range(n):
        start = _day(rng)
        precision = rng.choice(PRECISIONS)
        end = start + dt.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.05 else None
        kind = rng.choices(codes, TYPE_WEIGHTS)[0]
        yield Event(
            title=f"{kind.replace('_', ' ').title()} event {i}",
            start=start, end=end, type=kind, precision=precision,
            summary=f"Synthetic {kind} between {rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)}",
            countries=tuple(rng.sample(COUNTRIES, rng.randint(1, 3))),
            actors=tuple(rng.sample(actors, rng.randint(1, 2))),
            sources=(rng.choice(sources),),
            origin_dataset="bench", origin_id=str(i),
        )


def trade_figures(n: int, seed: int = 2) -> Iterator[TradeFigure]:
    """n figures: monthly series from 1990 plus fiscal-year totals, over many series."""
    rng = random.Random(seed)
    source = (Source("Synthetic trade", "https://trade.example/"),)
    series = [(r, p, f, c) for r in COUNTRIES for p in COUNTRIES if p != r
              for f in FLOWS for c in COMMODITIES]
    produced = 0
    year = 1990
    while produced < n:
        for reporter, partner, flow, commodity in series:
            level = 1e6 * (1 + (hash((reporter, partner)) % 400))
            for month in range(1, 13):
                if produced >= n:
                    return
                period = month_period(year, month)
                yield _figure(reporter, partner, flow, commodity, period,
                              level * rng.uniform(0.6, 1.4), source, produced)
                produced += 1
            if commodity == "TOTAL" and produced < n:
                period = fiscal_year_period(f"{year}-{(year + 1) % 100:02d}")
                yield _figure(reporter, partner, flow, commodity, period,
                              12 * level * rng.uniform(0.8, 1.2), source, produced)
                produced += 1
        year += 1


def _figure(reporter: str, partner: str, flow: Flow, commodity: str, period: Period,
            value: float, source: tuple[Source, ...], i: int) -> TradeFigure:
    return TradeFigure(
        reporter=reporter, partner=partner, flow=flow, period=period, value_usd=round(value),
        commodity_code=commodity, commodity_label=f"HS {commodity}", classification="H5",
        sources=source, origin_dataset="bench", origin_id=str(i),
        estimated=period.kind is PeriodKind.FISCAL_YEAR and i % 7 == 0,
    )
