"""Loads the sample dataset in viewer/sample_data/ (CSV, every row sourced) into a store."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from viewer.domain.model import (
    ActorRef,
    Coverage,
    Event,
    Flow,
    Period,
    PeriodKind,
    Precision,
    Source,
    TradeFigure,
)
from viewer.domain.taxonomy import TYPES_BY_CODE
from viewer.io.errors import InputError
from viewer.paths import sample_data_dir
from viewer.store import schema as s
from viewer.store.service import StoreService
from viewer.store.writer import EventWriter, TradeWriter

DATASET = "sample"
FILES = ("sources.csv", "actors.csv", "events.csv", "trade_figures.csv", "eras.csv")


@dataclass
class SampleCounts:
    """What a sample load wrote."""

    sources: int = 0
    actors: int = 0
    events: int = 0
    trade_figures: int = 0
    eras: int = 0


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k}


class _Row:
    """Typed access to one CSV row; errors name file, row and field."""

    def __init__(self, path: Path, number: int, row: dict[str, str]) -> None:
        self.path, self.number, self.row = path, number, row

    def error(self, field: str, message: str) -> InputError:
        return InputError(self.path, message, row=self.number, field=field)

    def text(self, field: str, required: bool = False) -> str:
        value = self.row.get(field, "")
        if required and not value:
            raise self.error(field, "is empty")
        return value

    def parse(self, field: str, kind: Callable, required: bool = False):
        value = self.text(field, required)
        if not value:
            return None
        try:
            return kind(value)
        except ValueError:
            raise self.error(field, f"cannot read {value!r}") from None

    def date(self, field: str, required: bool = False) -> dt.date | None:
        return self.parse(field, dt.date.fromisoformat, required)

    def items(self, field: str) -> list[str]:
        return [x.strip() for x in self.text(field).split(";") if x.strip()]


def _read(folder: Path, name: str) -> Iterator[_Row]:
    path = folder / name
    if not path.is_file():
        raise InputError(path, "sample data file is missing")
    for number, row in _rows(path):
        yield _Row(path, number, row)


def load_sample(service: StoreService, folder: Path | None = None) -> SampleCounts:
    """Fill a store from the sample CSV files, all or nothing."""
    folder = folder or sample_data_dir()
    counts = SampleCounts()
    sources: dict[str, Source] = {}
    for r in _read(folder, "sources.csv"):
        sources[r.text("source_id", True)] = Source(
            outlet=r.text("outlet", True), url=r.text("url") or None, title=r.text("title") or None,
            published=r.date("published"), language=r.text("language") or None)

    def cited(r: _Row) -> tuple[Source, ...]:
        keys = r.items("sources")
        if not keys:
            raise r.error("sources", "every row needs a source")
        missing = [k for k in keys if k not in sources]
        if missing:
            raise r.error("sources", f"unknown source id {missing[0]!r}")
        return tuple(sources[k] for k in keys)

    actors: dict[str, ActorRef] = {}
    for r in _read(folder, "actors.csv"):
        name = r.text("name", True)
        actors[name] = ActorRef(name, kind=r.text("kind") or None,
                                country=r.text("country") or None,
                                native_name=r.text("native_name") or None)

    events: list[Event] = []
    for r in _read(folder, "events.csv"):
        kind = r.text("type", True)
        if kind not in TYPES_BY_CODE:
            raise r.error("type", f"unknown type {kind!r}")
        refs = []
        for item in r.items("actors"):
            role, _, name = item.partition(":")
            if name not in actors:
                raise r.error("actors", f"unknown actor {name!r}")
            a = actors[name]
            refs.append(ActorRef(a.name, role, a.kind, a.country, a.native_name))
        start = r.date("start_date", True)
        end = r.date("end_date")
        if end and end < start:
            raise r.error("end_date", f"{end} is before the start {start}")
        events.append(Event(
            title=r.text("title", True), start=start, end=end, type=kind,
            precision=r.parse("precision", Precision) or Precision.DAY,
            summary=r.text("summary"), location=r.text("location") or None,
            latitude=r.parse("latitude", float), longitude=r.parse("longitude", float),
            countries=tuple(c.upper() for c in r.items("countries")), actors=tuple(refs),
            tags=tuple(r.items("tags")), sources=cited(r),
            origin_dataset=DATASET, origin_id=r.text("event_id", True)))

    figures: list[TradeFigure] = []
    for r in _read(folder, "trade_figures.csv"):
        start, end = r.date("period_start", True), r.date("period_end", True)
        try:
            period = Period(start, end, PeriodKind(r.text("period_kind", True)),
                            r.text("fiscal_year") or None)
        except ValueError as exc:
            raise r.error("period_kind", str(exc)) from None
        figures.append(TradeFigure(
            reporter=r.text("reporter", True).upper(), partner=r.text("partner", True).upper(),
            flow=r.parse("flow", Flow, True), period=period,
            value_usd=r.parse("value_usd", float, True),
            commodity_code=r.text("commodity_code") or "TOTAL",
            commodity_label=r.text("commodity_label") or "All goods",
            estimated=r.text("estimated") in ("1", "true", "yes"), note=r.text("note"),
            coverage=r.parse("coverage", Coverage) or Coverage.GOODS,
            supersedes=r.text("supersedes") or None,
            sources=cited(r), origin_dataset=DATASET, origin_id=r.text("figure_id", True)))

    eras = [(r, cited(r)) for r in _read(folder, "eras.csv")]

    with service.write() as conn:
        batch_id = conn.execute(insert(s.ImportBatch).values(
            file_name=str(folder), sha256=_digest(folder), format=DATASET)
            .returning(s.ImportBatch.id)).scalar_one()
        ew = EventWriter(conn, batch_id)
        for key, src in sources.items():
            src_id = ew.lookups.source_id(src)
            conn.execute(s.Source.__table__.update().where(s.Source.id == src_id)
                         .values(key=key))
        for a in actors.values():
            ew.lookups.actor_id(a)
        counts.events = ew.add_all(events).added
        tw = TradeWriter(conn, batch_id)
        tw.lookups = ew.lookups
        counts.trade_figures = tw.add_all(figures).added
        have = set(conn.scalars(select(s.Era.name)))
        for r, cites in eras:
            name = r.text("name", True)
            if name in have:
                continue
            conn.execute(insert(s.Era).values(
                name=name, start_date=r.date("start_date", True), end_date=r.date("end_date"),
                color=r.text("color") or "#8da0cb", note=r.text("note") or None,
                source_id=ew.lookups.source_id(cites[0])))
            counts.eras += 1
        counts.sources, counts.actors = len(sources), len(actors)
        conn.execute(s.ImportBatch.__table__.update().where(s.ImportBatch.id == batch_id)
                     .values(rows_added=counts.events + counts.trade_figures + counts.eras))
    return counts


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        path = folder / name
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()
