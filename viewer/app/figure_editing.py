"""Trade figures edited from the window: the editor reached by F2, Enter or a double-click
on a figure in the trade table, and new, duplicate and delete; each an undoable command,
a colleague's change met field by field."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog

from viewer.app.edit_commands import CreateFigureCommand, DeleteFigureCommand, EditFigureCommand
from viewer.domain.edits import FIGURE_FIELD_SET, EditConflict
from viewer.domain.figure_draft import FigureDraft
from viewer.domain.model import TradeFigure
from viewer.store.service import StoreError


class FigureEditing:
    """The figure half of the window's editing; `editing` is its EditController."""

    def __init__(self, editing) -> None:  # noqa: ANN001
        self.editing = editing

    @property
    def store(self):  # noqa: ANN201
        return self.editing.store

    def _ask(self, title: str, figure: TradeFigure | None,
             draft: FigureDraft | None = None) -> TradeFigure | None:
        from viewer.app.figure_editor import FigureEditorDialog

        editing = self.editing
        editing.editor = dialog = FigureEditorDialog(title, figure, editing.window, draft)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.edited_figure()
        finally:
            editing.editor = None
            dialog.deleteLater()

    def edit(self, figure_id: int) -> None:
        """Open the editor on a stored figure; save the change as one command."""
        before = self.store.trade_figure(figure_id)
        if before is None:
            self.editing.tell("The figure is no longer in the store (deleted by someone "
                              "else?).")
            return
        edited = self._ask("Edit trade figure", before)
        if edited is not None:
            self._save(before, edited)

    def new(self, template: TradeFigure | None = None, title: str = "New trade figure",
            draft: FigureDraft | None = None) -> TradeFigure | None:
        """An empty editor (or one filled from `template`); stores the result."""
        edited = self._ask(title, template, draft)
        if edited is None:
            return None
        fresh = dataclasses.replace(edited, id=None, origin_dataset=None, origin_id=None,
                                    supersedes=None, supersedes_id=None, superseded_by=None,
                                    version=1)
        created = self.editing.try_write(lambda: self.store.create_trade_figure(fresh))
        if created is not None:
            self.editing.stack.push(CreateFigureCommand(
                self.store, created, self.editing.changed, self.editing.tell,
                "Duplicate figure" if template else "New figure"))
            self._changed(created.id)
        return created

    def duplicate(self, figure_id: int) -> None:
        figure = self.store.trade_figure(figure_id)
        if figure is not None:
            self.new(figure, "Duplicate trade figure")

    def delete(self, figure_id: int) -> None:
        figure = self.store.trade_figure(figure_id)
        if figure is None:
            return
        deleted = self.editing.try_write(
            lambda: self.store.delete_trade_figure(figure_id, figure.version))
        if deleted is not None:
            self.editing.stack.push(DeleteFigureCommand(self.store, deleted,
                                                        self.editing.changed,
                                                        self.editing.tell))
            self.editing.changed()

    def _save(self, before: TradeFigure, edited: TradeFigure) -> None:
        """Write the edit; a colleague's change meanwhile is resolved field by field."""
        version = before.version
        while True:
            try:
                after = self.store.update_trade_figure(edited, version)
            except EditConflict as conflict:
                resolved = self._resolve(edited, conflict)
                if resolved is None:
                    return
                edited, before = resolved
                version = before.version
                continue
            except StoreError as exc:
                self.editing.tell(str(exc))
                return
            if after.version != version:
                self.editing.stack.push(EditFigureCommand(self.store, before, after,
                                                          self.editing.changed,
                                                          self.editing.tell))
                self._changed(after.id)
            return

    def _resolve(self, mine: TradeFigure, conflict: EditConflict
                 ) -> tuple[TradeFigure, TradeFigure] | None:
        from viewer.app.conflict_dialog import resolve

        theirs = conflict.theirs
        name = (f"{theirs.reporter}→{theirs.partner} {theirs.flow.value}, "
                f"{theirs.period.label()}" if isinstance(theirs, TradeFigure) else "")
        return resolve(self.editing, mine, conflict, "trade figure",
                       lambda row: self._ask("Edit trade figure (changed by someone else)",
                                             row),
                       lambda row: self.new(row, "Recreate trade figure"),
                       FIGURE_FIELD_SET, name)

    def _changed(self, figure_id: int | None) -> None:
        self.editing.changed()
        if figure_id is not None:
            self.editing.window.show_figure(figure_id)
