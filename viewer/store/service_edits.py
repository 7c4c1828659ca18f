"""The store service's edits by hand: each command one write transaction, checked against
the version the officer's editor read, recorded in the change history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace

from sqlalchemy import Connection

from viewer.domain.edits import ChangeRecord, DeletedRow
from viewer.domain.model import Annotation, Event, Source, TradeFigure
from viewer.domain.reference_rows import ReferenceRow
from viewer.store import annotations as annotation_store
from viewer.store import event_edits, event_reader, reference_edits, sources, trade_edits
from viewer.store.history import history as row_history


class EditCommands:
    """Mixed into StoreService, which supplies `write()` and `_reading()`."""

    write: Callable[..., AbstractContextManager[Connection]]
    _reading: Callable[[], AbstractContextManager[Connection]]

    def create_event(self, event: Event) -> Event:
        """Store a new event; returns it as stored (with its id)."""
        with self.write() as conn:
            event_id = event_edits.create_event(conn, event)
            return event_reader.events_by_id(conn, [event_id])[0]

    def update_event(self, event_id: int, event: Event, version: int) -> int:
        """Write an edit of the event read at `version`; returns its new version.
        EditConflict when another writer changed or deleted it since."""
        with self.write() as conn:
            return event_edits.update_event(conn, event_id, event, version)

    def delete_event(self, event_id: int, version: int) -> DeletedRow:
        """Delete the event read at `version`; the returned row puts it back."""
        with self.write() as conn:
            return event_edits.delete_event(conn, event_id, version)

    def restore_event(self, deleted: DeletedRow) -> int:
        """Undo a delete: the event back under its id; returns its version."""
        with self.write() as conn:
            return event_edits.restore_event(conn, deleted)

    def add_source(self, source: Source, text: str | None = None) -> Source:
        """A source (an article the officer pasted, with its text); the stored one when
        its outlet and link are known already. Returns it with its id."""
        with self.write() as conn:
            return replace(source, id=sources.add_source(conn, source, text))

    def trade_figure(self, figure_id: int) -> TradeFigure | None:
        """One trade figure with its sources, the officer's note and its version."""
        with self._reading() as conn:
            return trade_edits.stored_figure(conn, figure_id)

    def create_trade_figure(self, figure: TradeFigure) -> TradeFigure:
        """Store one trade figure by hand; returns it as stored (with its id)."""
        with self.write() as conn:
            return trade_edits.create_figure(conn, figure)

    def update_trade_figure(self, figure: TradeFigure, version: int) -> TradeFigure:
        """Write an edit of the figure read at `version`; returns it as stored.
        EditConflict when another writer changed or deleted it since."""
        with self.write() as conn:
            return trade_edits.update_figure(conn, figure, version)

    def delete_trade_figure(self, figure_id: int, version: int) -> DeletedRow:
        """Delete the figure read at `version`; the returned row puts it back."""
        with self.write() as conn:
            return trade_edits.delete_figure(conn, figure_id, version)

    def restore_trade_figure(self, deleted: DeletedRow) -> TradeFigure:
        """Undo a delete: the figure back under its id, with its sources."""
        with self.write() as conn:
            return trade_edits.restore_figure(conn, deleted)

    def reference_rows(self, entity: str) -> list[ReferenceRow]:
        """Every source, actor or era (`entity`), by name."""
        with self._reading() as conn:
            return reference_edits.rows(conn, entity)

    def reference_row(self, entity: str, row_id: int) -> ReferenceRow | None:
        """One source, actor or era, with how many rows cite it."""
        with self._reading() as conn:
            return reference_edits.row(conn, entity, row_id)

    def create_reference_row(self, entity: str, values: dict) -> ReferenceRow:
        with self.write() as conn:
            return reference_edits.create_row(conn, entity, values)

    def update_reference_row(self, entity: str, row_id: int, values: dict,
                             version: int) -> ReferenceRow:
        """Write an edit of the row read at `version` (EditConflict when changed since)."""
        with self.write() as conn:
            return reference_edits.update_row(conn, entity, row_id, values, version)

    def delete_reference_row(self, entity: str, row_id: int, version: int) -> DeletedRow:
        """Delete a row no event or figure cites (StoreError names how many do)."""
        with self.write() as conn:
            return reference_edits.delete_row(conn, entity, row_id, version)

    def restore_reference_row(self, deleted: DeletedRow) -> ReferenceRow:
        with self.write() as conn:
            return reference_edits.restore_row(conn, deleted)

    def history(self, entity: str, entity_id: int) -> list[ChangeRecord]:
        """Every change of a row (an event, an annotation…), oldest first."""
        with self._reading() as conn:
            return row_history(conn, entity, entity_id)

    def annotations(self) -> list[Annotation]:
        with self._reading() as conn:
            return annotation_store.annotations(conn)

    def create_annotation(self, annotation: Annotation) -> Annotation:
        with self.write() as conn:
            return annotation_store.create_annotation(conn, annotation)

    def update_annotation(self, annotation: Annotation, version: int) -> Annotation:
        with self.write() as conn:
            return annotation_store.update_annotation(conn, annotation, version)

    def delete_annotation(self, annotation_id: int, version: int) -> DeletedRow:
        with self.write() as conn:
            return annotation_store.delete_annotation(conn, annotation_id, version)

    def restore_annotation(self, deleted: DeletedRow) -> Annotation:
        with self.write() as conn:
            return annotation_store.restore_annotation(conn, deleted)

