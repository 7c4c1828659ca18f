"""Undoable edits: each command is one write transaction through the store service.

A command is pushed after its first write succeeded (so a conflict is met in the editor,
where the officer can resolve it), and its first `redo` does nothing. Undo and redo then
write against the version the command itself last wrote; when another writer has changed
the row meanwhile, the command reports the conflict, becomes obsolete and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from viewer.domain.edits import DeletedRow, EditConflict
from viewer.domain.model import Annotation, Event, TradeFigure
from viewer.domain.reference_rows import ReferenceRow
from viewer.store.service import StoreError, StoreService

log = logging.getLogger(__name__)

Report = Callable[[str], None]  # shows why an undo or redo could not be done


class StoreCommand(QUndoCommand):
    """A command whose first redo has already happened."""

    def __init__(self, text: str, store: StoreService, changed: Callable[[], None],
                 report: Report) -> None:
        super().__init__(text)
        self.store, self.changed, self.report = store, changed, report
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_it)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (EditConflict, StoreError) as exc:
            log.info("undo or redo of %r refused: %s", self.text(), exc)
            self.setObsolete(True)
            self.report(f"“{self.text()}” cannot be undone or redone: {exc}.")
            return
        self.changed()

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class EditEventCommand(StoreCommand):
    """An event edited: undo writes the old fields back, redo the new ones."""

    def __init__(self, store: StoreService, event_id: int, before: Event, after: Event,
                 version: int, changed: Callable[[], None], report: Report) -> None:
        super().__init__(f"Edit “{after.title[:40]}”", store, changed, report)
        self.event_id, self.before, self.after, self.version = event_id, before, after, version

    def do(self) -> None:
        self.version = self.store.update_event(self.event_id, self.after, self.version)

    def undo_it(self) -> None:
        self.version = self.store.update_event(self.event_id, self.before, self.version)


class CreateEventCommand(StoreCommand):
    """A new event: undo deletes it, redo puts it back under the same id."""

    def __init__(self, store: StoreService, created: Event, changed: Callable[[], None],
                 report: Report, text: str = "New event") -> None:
        super().__init__(f"{text} “{created.title[:40]}”", store, changed, report)
        assert created.id is not None
        self.event_id = created.id
        self.deleted: DeletedRow | None = None

    def do(self) -> None:
        assert self.deleted is not None
        self.store.restore_event(self.deleted)

    def undo_it(self) -> None:
        detail = self.store.event_detail(self.event_id)
        if detail is None:
            raise EditConflict("event", self.event_id, None, None)
        self.deleted = self.store.delete_event(self.event_id, detail.version)


class DeleteEventCommand(StoreCommand):
    """An event deleted: undo puts it back whole, redo deletes it again."""

    def __init__(self, store: StoreService, deleted: DeletedRow, changed: Callable[[], None],
                 report: Report) -> None:
        title = getattr(deleted.value, "title", "")
        super().__init__(f"Delete “{title[:40]}”", store, changed, report)
        self.deleted = deleted
        self.version = int(deleted.columns["version"])

    def do(self) -> None:
        self.deleted = self.store.delete_event(self.deleted.entity_id, self.version)

    def undo_it(self) -> None:
        self.version = self.store.restore_event(self.deleted)


class CreateAnnotationCommand(StoreCommand):
    """A new annotation: undo deletes it, redo puts it back."""

    def __init__(self, store: StoreService, created: Annotation, changed: Callable[[], None],
                 report: Report) -> None:
        super().__init__(f"New note “{created.text[:40]}”", store, changed, report)
        self.current = created
        self.deleted: DeletedRow | None = None

    def do(self) -> None:
        assert self.deleted is not None
        self.current = self.store.restore_annotation(self.deleted)

    def undo_it(self) -> None:
        assert self.current.id is not None
        self.deleted = self.store.delete_annotation(self.current.id, self.current.version)


class EditAnnotationCommand(StoreCommand):
    """An annotation changed: undo writes the old text and dates back."""

    def __init__(self, store: StoreService, before: Annotation, after: Annotation,
                 changed: Callable[[], None], report: Report) -> None:
        super().__init__(f"Edit note “{after.text[:40]}”", store, changed, report)
        self.before, self.after = before, after

    def do(self) -> None:
        self.after = self.store.update_annotation(self.after, self.before.version)

    def undo_it(self) -> None:
        self.before = self.store.update_annotation(self.before, self.after.version)


class DeleteAnnotationCommand(StoreCommand):
    """An annotation removed: undo puts it back."""

    def __init__(self, store: StoreService, deleted: DeletedRow, changed: Callable[[], None],
                 report: Report) -> None:
        text = getattr(deleted.value, "text", "")
        super().__init__(f"Delete note “{text[:40]}”", store, changed, report)
        self.deleted = deleted
        self.current: Annotation | None = None

    def do(self) -> None:
        assert self.current is not None and self.current.id is not None
        self.deleted = self.store.delete_annotation(self.current.id, self.current.version)

    def undo_it(self) -> None:
        self.current = self.store.restore_annotation(self.deleted)


class CreateRowCommand(StoreCommand):
    """A new source, actor or era: undo deletes it, redo puts it back."""

    def __init__(self, store: StoreService, created: ReferenceRow, changed: Callable[[], None],
                 report: Report) -> None:
        super().__init__(f"New {created.entity} “{created.label()[:40]}”", store, changed,
                         report)
        self.current = created
        self.deleted: DeletedRow | None = None

    def do(self) -> None:
        assert self.deleted is not None
        self.current = self.store.restore_reference_row(self.deleted)

    def undo_it(self) -> None:
        assert self.current.id is not None
        self.deleted = self.store.delete_reference_row(self.current.entity, self.current.id,
                                                       self.current.version)


class EditRowCommand(StoreCommand):
    """A source, actor or era changed: undo writes the old values back."""

    def __init__(self, store: StoreService, before: ReferenceRow, after: ReferenceRow,
                 changed: Callable[[], None], report: Report) -> None:
        super().__init__(f"Edit {after.entity} “{after.label()[:40]}”", store, changed, report)
        self.before, self.after = before, after

    def do(self) -> None:
        assert self.after.id is not None
        self.after = self.store.update_reference_row(self.after.entity, self.after.id,
                                                     self.after.values, self.before.version)

    def undo_it(self) -> None:
        assert self.before.id is not None
        self.before = self.store.update_reference_row(self.before.entity, self.before.id,
                                                      self.before.values, self.after.version)


class DeleteRowCommand(StoreCommand):
    """A source, actor or era deleted: undo puts it back."""

    def __init__(self, store: StoreService, deleted: DeletedRow, changed: Callable[[], None],
                 report: Report) -> None:
        row: ReferenceRow = deleted.value  # type: ignore[assignment]
        super().__init__(f"Delete {deleted.entity} “{row.label()[:40]}”", store, changed,
                         report)
        self.deleted = deleted
        self.current: ReferenceRow | None = None

    def do(self) -> None:
        assert self.current is not None and self.current.id is not None
        self.deleted = self.store.delete_reference_row(self.current.entity, self.current.id,
                                                       self.current.version)

    def undo_it(self) -> None:
        self.current = self.store.restore_reference_row(self.deleted)


def _figure_name(f: TradeFigure) -> str:
    return f"{f.reporter}→{f.partner} {f.flow.value} {f.period.label()}"


class EditFigureCommand(StoreCommand):
    """A trade figure edited: undo writes the old fields back, redo the new ones."""

    def __init__(self, store: StoreService, before: TradeFigure, after: TradeFigure,
                 changed: Callable[[], None], report: Report) -> None:
        super().__init__(f"Edit figure {_figure_name(after)}", store, changed, report)
        self.before, self.after = before, after

    def do(self) -> None:
        self.after = self.store.update_trade_figure(
            replace(self.after, version=self.before.version), self.before.version)

    def undo_it(self) -> None:
        self.before = self.store.update_trade_figure(
            replace(self.before, version=self.after.version), self.after.version)


class CreateFigureCommand(StoreCommand):
    """A new trade figure: undo deletes it, redo puts it back under the same id."""

    def __init__(self, store: StoreService, created: TradeFigure, changed: Callable[[], None],
                 report: Report, text: str = "New figure") -> None:
        super().__init__(f"{text} {_figure_name(created)}", store, changed, report)
        self.current = created
        self.deleted: DeletedRow | None = None

    def do(self) -> None:
        assert self.deleted is not None
        self.current = self.store.restore_trade_figure(self.deleted)

    def undo_it(self) -> None:
        assert self.current.id is not None
        self.deleted = self.store.delete_trade_figure(self.current.id, self.current.version)


class DeleteFigureCommand(StoreCommand):
    """A trade figure deleted: undo puts it back with its sources and restatements."""

    def __init__(self, store: StoreService, deleted: DeletedRow, changed: Callable[[], None],
                 report: Report) -> None:
        figure = deleted.value
        assert isinstance(figure, TradeFigure)
        super().__init__(f"Delete figure {_figure_name(figure)}", store, changed, report)
        self.deleted = deleted
        self.current: TradeFigure | None = None

    def do(self) -> None:
        assert self.current is not None and self.current.id is not None
        self.deleted = self.store.delete_trade_figure(self.current.id, self.current.version)

    def undo_it(self) -> None:
        self.current = self.store.restore_trade_figure(self.deleted)
