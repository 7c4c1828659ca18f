"""Everything known about one event, for the detail pane: fields, sources, provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from viewer.domain.model import Event
from viewer.store import schema as s
from viewer.store.engine import Store
from viewer.store.queries import _with_links


@dataclass(frozen=True, slots=True)
class SourceDetail:
    """A source of an event with what the store keeps beyond the citation."""

    id: int
    outlet: str
    title: str | None
    url: str | None
    published: dt.date | None
    language: str | None
    scale: str | None
    key: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class ImportBatchInfo:
    """The import that wrote (or last updated) a row."""

    id: int
    file_name: str
    format: str
    imported_at: dt.datetime | None
    sha256: str


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event with every stored field, its sources in full and where it came from."""

    event: Event
    admin1: str | None
    admin2: str | None
    fatalities: int | None
    original_type: str | None
    original_subtype: str | None
    cameo_code: str | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    version: int
    sources: tuple[SourceDetail, ...]
    batch: ImportBatchInfo | None


def event_detail(store: Store, event_id: int) -> EventDetail | None:
    """The event with this id in full, or None when it is not (or no longer) stored."""
    e = s.Event
    with store.connect() as conn:
        rows = conn.execute(select(e).where(e.id == event_id)).mappings().all()
        if not rows:
            return None
        row = rows[0]
        (event,) = _with_links(conn, rows)
        src = s.Source
        sources = tuple(
            SourceDetail(r.id, r.outlet, r.title, r.url, r.published, r.language, r.scale,
                         r.key, r.text)
            for r in conn.execute(
                select(src).join(s.EventSource, s.EventSource.source_id == src.id)
                .where(s.EventSource.event_id == event_id).order_by(src.published, src.id)))
        batch = None
        if row["import_batch_id"] is not None:
            b = conn.execute(select(s.ImportBatch).where(
                s.ImportBatch.id == row["import_batch_id"])).first()
            if b is not None:
                batch = ImportBatchInfo(b.id, b.file_name, b.format, b.imported_at, b.sha256)
    return EventDetail(
        event=event, admin1=row["admin1"], admin2=row["admin2"], fatalities=row["fatalities"],
        original_type=row["original_type"], original_subtype=row["original_subtype"],
        cameo_code=row["cameo_code"], created_at=row["created_at"],
        updated_at=row["updated_at"], version=row["version"], sources=sources, batch=batch)
