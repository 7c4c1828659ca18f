"""Trade figures written by hand: create, edit, delete and restore one at a time, each
checked against the version the officer's editor read, each recorded in the history."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, update

from viewer.domain.edits import DeletedRow, EditConflict, changed_fields, figure_fields
from viewer.domain.model import TradeFigure
from viewer.store import schema as s
from viewer.store.history import changed_by, record
from viewer.store.trade_queries import trade_figures
from viewer.store.writer import TradeWriter


def stored_figure(conn: Connection, figure_id: int) -> TradeFigure | None:
    """One figure with its sources, note and version."""
    found = trade_figures(conn, figure_id=figure_id)
    return found[0] if found else None


def _check(conn: Connection, figure_id: int, version: int) -> TradeFigure:
    """The stored figure, when it is still at the version the editor read."""
    stored = stored_figure(conn, figure_id)
    if stored is None:
        raise EditConflict("trade figure", figure_id, None, None)
    if stored.version != version:
        raise EditConflict("trade figure", figure_id, stored, stored.version)
    return stored


def create_figure(conn: Connection, figure: TradeFigure) -> TradeFigure:
    """A new figure; returns it as stored."""
    figure_id = TradeWriter(conn, history=False).write_one(figure)
    record(conn, "trade_figure", figure_id, "created", changed_by(conn), None,
           figure_fields(figure))
    return stored_figure(conn, figure_id)


def update_figure(conn: Connection, figure: TradeFigure, version: int) -> TradeFigure:
    """Write the officer's edit over the figure read at `version`; returns it as stored.

    EditConflict when another writer changed or deleted it since.
    """
    assert figure.id is not None
    before = _check(conn, figure.id, version)
    old, new = changed_fields(figure_fields(before), figure_fields(figure))
    if not new:
        return before
    TradeWriter(conn, history=False).write_one(figure, figure.id)
    record(conn, "trade_figure", figure.id, "edited", changed_by(conn), old, new)
    return stored_figure(conn, figure.id)


def delete_figure(conn: Connection, figure_id: int, version: int) -> DeletedRow:
    """Delete the figure read at `version`; returns it whole, for an undo. A figure that
    restated it stands alone afterwards (its link is cleared and put back by the undo)."""
    before = _check(conn, figure_id, version)
    table = s.TradeFigure.__table__
    columns = dict(conn.execute(select(table).where(table.c.id == figure_id)).one()._mapping)
    restating = list(conn.scalars(select(table.c.id).where(table.c.supersedes_id == figure_id)))
    conn.execute(update(table).where(table.c.supersedes_id == figure_id)
                 .values(supersedes_id=None))
    conn.execute(delete(s.TradeFigure).where(s.TradeFigure.id == figure_id))
    record(conn, "trade_figure", figure_id, "deleted", changed_by(conn),
           figure_fields(before), None)
    return DeletedRow("trade_figure", figure_id, before, {**columns, "_restating": restating})


def restore_figure(conn: Connection, deleted: DeletedRow) -> TradeFigure:
    """Put a deleted figure back as it was, under its own id (the undo of a delete)."""
    figure = deleted.value
    assert isinstance(figure, TradeFigure)
    table = s.TradeFigure.__table__
    if conn.scalar(select(table.c.id).where(table.c.id == deleted.entity_id)) is not None:
        raise EditConflict("trade figure", deleted.entity_id, None, None)
    columns = {k: v for k, v in deleted.columns.items() if k != "_restating"}
    conn.execute(table.insert().values({**columns, "version": int(columns["version"]) + 1}))
    writer = TradeWriter(conn, history=False)
    writer.lookups.resolve_sources(figure.sources)
    writer.driver.insert("trade_figure_source", ("trade_figure_id", "source_id", "position"),
                         [(deleted.entity_id, source_id, n)
                          for n, source_id in enumerate(writer.source_ids(figure))])
    restating = deleted.columns.get("_restating") or []
    if restating:
        conn.execute(update(table).where(table.c.id.in_(restating))
                     .values(supersedes_id=deleted.entity_id))
    record(conn, "trade_figure", deleted.entity_id, "restored", changed_by(conn), None,
           figure_fields(figure))
    return stored_figure(conn, deleted.entity_id)
