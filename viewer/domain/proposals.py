"""What an article suggests: candidate events, trade figures and counts for the officer to
tick, correct and save. Plain values; the sentence each came from is kept with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

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
from viewer.domain.periods import month_period


@dataclass(frozen=True)
class Article:
    """A news report as pasted or opened: its text, and what is known of it."""

    text: str
    outlet: str = ""
    title: str = ""
    url: str | None = None
    published: dt.date | None = None  # the dateline's date, when it has one
    place: str | None = None  # the dateline's place


@dataclass(frozen=True)
class Proposal:
    """One candidate: an event, a trade figure, or a count of people or things."""

    kind: str  # "event", "trade figure" or "count"
    sentence: str
    date: dt.date | None = None
    precision: str = "day"  # day, month, year, approximate
    date_from: str = ""  # how the date was found: "in the sentence", "dateline", …
    type: str = "other"  # an event type code
    title: str = ""
    countries: tuple[str, ...] = ()  # ISO3, in the order the sentence names them
    actors: tuple[str, ...] = ()  # names of actors the store knows
    amount: float | None = None
    currency: str | None = None  # ISO 4217: USD, PKR, AFN…
    approximate: bool = False  # "about", "over", "nearly"…
    count: int | None = None
    counted: str = ""  # what is counted: "Afghans", "refugees"…
    flow: str | None = None  # export, import, transit (trade figures)
    reporter: str | None = None  # ISO3 of the country whose trade it is
    partner: str | None = None
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """The proposal as JSON-ready values (dates as ISO text, empty fields left out)."""
        out = {k: (v.isoformat() if isinstance(v, dt.date) else v)
               for k, v in asdict(self).items()}
        for key in ("countries", "actors"):
            out[key] = list(out[key])
        return {k: v for k, v in out.items() if v not in (None, "", [], {}, False)
                or k in ("kind", "sentence")}


def event_of(p: Proposal, source: Source, known_actors: Sequence[ActorRef] = ()) -> Event:
    """The event a ticked candidate (an event or a count) stores, citing the article.

    ValueError when it has no date (the officer must give one first)."""
    if p.date is None:
        raise ValueError(f"no date for “{p.title}”: {p.date_from}")
    by_name = {a.name: a for a in known_actors}
    actors = tuple(replace(by_name[n], role="participant") if n in by_name
                   else ActorRef(n) for n in p.actors)
    return Event(
        title=p.title, start=p.date, type=p.type,
        precision=Precision(p.precision if p.precision in {x.value for x in Precision}
                            else "approximate"),
        summary=f"“{p.sentence}”", countries=p.countries, actors=actors,
        tags=("count",) if p.kind == "count" else (), sources=(source,))


def trade_figure_of(p: Proposal, source: Source) -> TradeFigure:
    """The trade figure a ticked candidate stores: US$ over the calendar year (or month)
    it speaks of. ValueError when a part is missing (the officer must give it first)."""
    missing = [name for name, value in (("the reporting country", p.reporter),
                                        ("the partner", p.partner), ("the flow", p.flow),
                                        ("the year", p.date), ("the amount", p.amount))
               if value is None]
    if p.currency not in (None, "USD"):
        missing.append(f"the value in US$ (it is in {p.currency})")
    if missing:
        raise ValueError(f"“{p.title}” needs {', '.join(missing)}")
    assert p.date is not None and p.amount is not None
    if p.precision == "month":
        period = month_period(p.date.year, p.date.month)
    else:
        period = Period(dt.date(p.date.year, 1, 1), dt.date(p.date.year, 12, 31),
                        PeriodKind.CALENDAR_YEAR)
    return TradeFigure(p.reporter or "", p.partner or "", Flow(p.flow), period, p.amount,
                       estimated=p.approximate, note=f"“{p.sentence}”", sources=(source,))
