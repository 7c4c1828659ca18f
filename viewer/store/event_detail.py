"""Everything known about one event, for the detail pane: fields, sources, provenance."""

from __future__ import annotations

from sqlalchemy import Connection, select

from viewer.domain.records import EventDetail, ImportBatchInfo, SourceDetail
from viewer.store import schema as s
from viewer.store.event_reader import event_select, read_events


def event_detail(conn: Connection, event_id: int) -> EventDetail | None:
    """The event with this id in full, or None when it is not (or no longer) stored."""
    e = s.Event
    row = conn.execute(select(e.admin1, e.admin2, e.fatalities, e.original_type,
                              e.original_subtype, e.cameo_code, e.created_at, e.updated_at,
                              e.version, e.import_batch_id).where(e.id == event_id)).first()
    if row is None:
        return None
    (event,) = read_events(conn, event_select().where(e.id == event_id))
    src = s.Source
    sources = tuple(
        SourceDetail(r.id, r.outlet, r.title, r.url, r.published, r.language, r.scale,
                     r.key, r.text)
        for r in conn.execute(
            select(src).join(s.EventSource, s.EventSource.source_id == src.id)
            .where(s.EventSource.event_id == event_id)
            .order_by(src.published.asc().nulls_last(), src.id)))
    batch = None
    if row.import_batch_id is not None:
        b = conn.execute(select(s.ImportBatch).where(
            s.ImportBatch.id == row.import_batch_id)).first()
        if b is not None:
            batch = ImportBatchInfo(b.id, b.file_name, b.format, b.imported_at, b.sha256)
    return EventDetail(
        event=event, admin1=row.admin1, admin2=row.admin2, fatalities=row.fatalities,
        original_type=row.original_type, original_subtype=row.original_subtype,
        cameo_code=row.cameo_code, created_at=row.created_at, updated_at=row.updated_at,
        version=row.version, sources=sources, batch=batch)
