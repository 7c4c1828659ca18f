"""Editing by hand from the window: the Edit menu, the undo stack, and the ways to reach
the editor (double-click, F2 or Enter on an event in the table or on the timeline).

Every edit is one command through the store service: written first (so a conflict with
another officer's change is met in the editor), then pushed on the undo stack, which
lives as long as the window and its store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMenu,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from viewer.app.edit_commands import (
    CreateAnnotationCommand,
    CreateEventCommand,
    DeleteAnnotationCommand,
    DeleteEventCommand,
    EditAnnotationCommand,
    EditEventCommand,
)
from viewer.app.figure_editing import FigureEditing
from viewer.domain.edits import EditConflict
from viewer.domain.model import Annotation, Event
from viewer.store.service import StoreError, StoreService

log = logging.getLogger(__name__)


class EditController(QObject):
    """The Edit menu's actions and the undo stack of one window."""

    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow that owns it
        super().__init__(window)
        self.window = window
        self.stack = QUndoStack(self)
        self.undo_action = self.stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"),
                                       QKeySequence(QKeySequence.StandardKey.Redo)])
        self.figures = FigureEditing(self)
        # F2, Ctrl+D and Delete act on what the officer last worked in: an event (timeline,
        # events table) or a trade figure (trade table).
        self.on_figures = False
        self.new_action = self._action("&New event…", "Ctrl+N", lambda: self.new_event())
        self.new_figure_action = self._action("New trade &figure…", "Ctrl+Shift+T",
                                              self.new_figure)
        self.edit_action = self._action("&Edit event…", "F2", self.edit_selected)
        self.duplicate_action = self._action("D&uplicate event", "Ctrl+D",
                                             self.duplicate_selected)
        self.delete_action = self._action("&Delete event", QKeySequence.StandardKey.Delete,
                                          self.delete_selected)
        self.note_action = self._action("New timeline &note…", "Ctrl+Shift+N",
                                        lambda: self.new_note())
        self.article_action = self._action("New from &article…", "Ctrl+Shift+A",
                                           self.new_from_article)
        self.history_action = self._action("Undo &history", "Ctrl+H", self.show_history)
        self.reference_actions = {
            entity: self._action(f"{title}…", None, lambda _=False, e=entity:
                                 self.edit_reference(e))
            for entity, title in (("source", "&Sources"), ("actor", "A&ctors"),
                                  ("era", "E&ras"))}
        self.history_dialog: QDialog | None = None
        self.editor = None  # the editor dialog while it is open (tests read it)
        window.state.selection_changed.connect(self._update_actions)
        self._watch_views()
        self._update_actions()

    def _action(self, text: str, shortcut, slot) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        menu.addActions([self.new_action, self.new_figure_action, self.edit_action,
                         self.duplicate_action, self.delete_action])
        menu.addSeparator()
        menu.addActions([self.article_action, self.note_action])
        menu.addSeparator()
        menu.addActions(list(self.reference_actions.values()))
        menu.addSeparator()
        menu.addAction(self.history_action)

    @property
    def store(self) -> StoreService:
        return self.window.store

    def set_store(self, _store: StoreService) -> None:
        """Another store: the commands of the old one cannot apply to it."""
        self.stack.clear()
        self._update_actions()

    def _update_actions(self, *_args) -> None:
        writable = not self.store.read_only
        reason = "" if writable else f"The store is read-only: {self.store.read_only_reason}"
        what = "trade figure" if self.on_figures else "event"
        self.edit_action.setText(f"&Edit {what}…")
        self.duplicate_action.setText(f"D&uplicate {what}")
        self.delete_action.setText(f"&Delete {what}")
        one = (self._figure_id() is not None if self.on_figures
               else len(self.window.state.selection) == 1)
        for action, needs_one in ((self.new_action, False), (self.edit_action, True),
                                  (self.duplicate_action, True), (self.delete_action, True),
                                  (self.note_action, False), (self.article_action, False),
                                  (self.new_figure_action, False)):
            action.setEnabled(writable and (one or not needs_one))
            action.setToolTip(reason or action.text().replace("&", "").rstrip("…"))
        if not writable:
            self.stack.setActive(False)

    # -- where the editor is reached from ------------------------------------------------
    def _watch_views(self) -> None:
        table = self.window.table_panes["events"].view
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        table.installEventFilter(self)
        trade = self.window.table_panes["trade_table"]
        trade.view.doubleClicked.connect(self._on_trade_double_clicked)
        trade.view.installEventFilter(self)
        trade.figure_chosen.connect(self._update_actions)
        scene = self.window.timeline_pane.plot.scene()
        scene.sigMouseClicked.connect(self._on_timeline_clicked)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        trade = self.window.table_panes["trade_table"]
        if new is None:
            return
        if new is trade.view or trade.isAncestorOf(new):
            self._work_on(figures=True)
        elif (new is self.window.table_panes["events"].view
              or self.window.timeline_pane.isAncestorOf(new)):
            self._work_on(figures=False)

    def _work_on(self, *, figures: bool) -> None:
        if figures != self.on_figures:
            self.on_figures = figures
            self._update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return,
                                                                     Qt.Key.Key_Enter):
            self._work_on(figures=watched is self.window.table_panes["trade_table"].view)
            self.edit_selected()
            return True
        return super().eventFilter(watched, event)

    def _on_trade_double_clicked(self, index) -> None:  # noqa: ANN001
        figure = self.window.table_panes["trade_table"].figure_at(index)
        if figure is not None and figure.id is not None and self._writable():
            self._work_on(figures=True)
            self.figures.edit(figure.id)

    def _figure_id(self) -> int | None:
        figure = self.window.table_panes["trade_table"].current_figure()
        return figure.id if figure is not None else None

    def _on_timeline_clicked(self, ev) -> None:  # noqa: ANN001
        self._work_on(figures=False)
        if ev.double() and ev.button() == Qt.MouseButton.LeftButton:
            pane = self.window.timeline_pane
            row = pane.row_at(ev.scenePos())
            if row is not None:
                self.edit_event(int(pane.arrays.ids[row]))

    # -- events -------------------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        ids = self.window.state.selection
        return next(iter(ids)) if len(ids) == 1 else None

    def edit_selected(self) -> None:
        if self.on_figures:
            figure_id = self._figure_id()
            if figure_id is not None and self._writable():
                self.figures.edit(figure_id)
            return
        event_id = self._selected_id()
        if event_id is not None:
            self.edit_event(event_id)

    def new_figure(self) -> None:
        if self._writable():
            self.figures.new()

    def edit_event(self, event_id: int) -> None:
        """Open the editor on a stored event; save the officer's changes as one command."""
        if not self._writable():
            return
        detail = self.store.event_detail(event_id)
        if detail is None:
            self.tell("The event is no longer in the store (deleted by someone else?).")
            return
        edited = self._edit("Edit event", detail.event)
        if edited is not None:
            self._save(event_id, detail.event, edited, detail.version)

    def new_event(self, template: Event | None = None, title: str = "New event",
                  start: dt.date | None = None) -> None:
        """Open an empty editor (starting on `start`, or filled from `template`) and store
        the result."""
        if not self._writable():
            return
        edited = self._edit(title, template, start)
        if edited is None:
            return
        created = self.try_write(lambda: self.store.create_event(
            dataclasses.replace(edited, id=None, origin_dataset=None, origin_id=None)))
        if created is not None:
            self.stack.push(CreateEventCommand(self.store, created, self.changed, self.tell,
                                               "Duplicate" if template else "New event"))
            self.changed(select={created.id})

    def new_event_on(self, day: dt.date) -> None:
        self.new_event(start=day)

    def duplicate_selected(self) -> None:
        if self.on_figures:
            figure_id = self._figure_id()
            if figure_id is not None and self._writable():
                self.figures.duplicate(figure_id)
            return
        event_id = self._selected_id()
        if event_id is not None:
            self.duplicate_event(event_id)

    def duplicate_event(self, event_id: int) -> None:
        detail = self.store.event_detail(event_id)
        if detail is not None:
            self.new_event(detail.event, "Duplicate event")

    def delete_selected(self) -> None:
        if self.on_figures:
            figure_id = self._figure_id()
            if figure_id is not None and self._writable():
                self.figures.delete(figure_id)
            return
        event_id = self._selected_id()
        if event_id is not None:
            self.delete_event(event_id)

    def delete_event(self, event_id: int) -> None:
        if not self._writable():
            return
        detail = self.store.event_detail(event_id)
        if detail is None:
            return
        deleted = self.try_write(lambda: self.store.delete_event(event_id, detail.version))
        if deleted is not None:
            self.stack.push(DeleteEventCommand(self.store, deleted, self.changed, self.tell))
            self.changed(select=set())

    def _edit(self, title: str, event: Event | None,
              start: dt.date | None = None) -> Event | None:
        from viewer.app.event_editor import EventEditorDialog

        self.editor = dialog = EventEditorDialog(title, event, self.window,
                                                 known_actors=self.store.actors(), start=start)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.edited_event()
        finally:
            self.editor = None
            dialog.deleteLater()

    def _save(self, event_id: int, before: Event, edited: Event, version: int) -> None:
        """Write the edit; when someone else changed the event meanwhile, let the officer
        choose field by field (or go back to the editor with what they typed)."""
        while True:
            try:
                new_version = self.store.update_event(event_id, edited, version)
            except EditConflict as conflict:
                resolved = self._resolve(edited, conflict)
                if resolved is None:
                    return
                edited, before, version = resolved
                continue
            except StoreError as exc:
                self.tell(str(exc))
                return
            if new_version != version:
                command = EditEventCommand(self.store, event_id, before, edited, new_version,
                                           self.changed, self.tell)
                self.stack.push(command)
                self.changed(select={event_id})
            return

    def _resolve(self, mine: Event, conflict: EditConflict) -> tuple[Event, Event, int] | None:
        from viewer.app.conflict_dialog import resolve

        found = resolve(self, mine, conflict, "event",
                        lambda row: self._edit("Edit event (changed by someone else)", row),
                        lambda row: self.new_event(row, "Recreate event"))
        if found is None:
            return None
        assert conflict.their_version is not None
        return found[0], found[1], conflict.their_version

    # -- from an article ------------------------------------------------------------------
    def new_from_article(self) -> None:
        """Paste or open a report, tick its candidates, save them citing the article."""
        if not self._writable():
            return
        from viewer.app.article_dialog import ArticleDialog, save_ticked

        self.editor = dialog = ArticleDialog(self.store.actors(), self.window)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                save_ticked(self, dialog)
        finally:
            self.editor = None
            dialog.deleteLater()

    # -- sources, actors, eras ------------------------------------------------------------
    def edit_reference(self, entity: str) -> None:
        """The list of sources, actors or eras, each editable; changes are undoable."""
        from viewer.app.reference_dialog import edit_reference_rows

        edit_reference_rows(self, entity)

    # -- timeline notes -------------------------------------------------------------------
    def new_note(self, day: dt.date | None = None) -> None:
        """A new timeline note, dated `day` (today when not given)."""
        if not self._writable():
            return
        from viewer.app.annotation_editor import AnnotationDialog

        template = Annotation(text="", start=day) if day is not None else None
        dialog = AnnotationDialog("New timeline note", template, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            created = self.try_write(lambda: self.store.create_annotation(dialog.annotation()))
            if created is not None:
                self.stack.push(CreateAnnotationCommand(self.store, created, self.changed,
                                                        self.tell))
                self.changed()

    def edit_note(self, note: Annotation) -> None:
        if not self._writable():
            return
        from viewer.app.annotation_editor import AnnotationDialog

        dialog = AnnotationDialog("Edit timeline note", note, self.window)
        result = dialog.exec()
        if result == AnnotationDialog.DELETE:
            deleted = self.try_write(lambda: self.store.delete_annotation(note.id, note.version))
            if deleted is not None:
                self.stack.push(DeleteAnnotationCommand(self.store, deleted, self.changed,
                                                        self.tell))
                self.changed()
        elif result == QDialog.DialogCode.Accepted:
            after = self.try_write(lambda: self.store.update_annotation(
                dataclasses.replace(dialog.annotation(), id=note.id), note.version))
            if after is not None:
                self.stack.push(EditAnnotationCommand(self.store, note, after, self.changed,
                                                      self.tell))
                self.changed()

    # -- shared ---------------------------------------------------------------------------
    def show_history(self) -> None:
        """The undo stack as a list; clicking an entry goes back (or forward) to it."""
        if self.history_dialog is None:
            self.history_dialog = dialog = QDialog(self.window)
            dialog.setWindowTitle("Undo history")
            view = QUndoView(self.stack)
            view.setEmptyLabel("(the store as it was opened)")
            QVBoxLayout(dialog).addWidget(view)
            dialog.resize(420, 360)
        self.history_dialog.show()
        self.history_dialog.raise_()

    def _writable(self) -> bool:
        if self.store.read_only:
            self.tell(f"The store is read-only ({self.store.read_only_reason}); "
                       "nothing can be edited.")
            return False
        return True

    def try_write(self, write):  # noqa: ANN001, ANN202
        try:
            return write()
        except (EditConflict, StoreError) as exc:
            self.tell(str(exc)[:1].upper() + str(exc)[1:] + ".")
            return None

    def tell(self, message: str) -> None:
        QMessageBox.warning(self.window, "Desk Viewer", message)

    def changed(self, select: set[int] | None = None) -> None:
        """The store changed by our hand: the panes read it again, the view stays."""
        self.window.reload_store()
        if select is not None:
            self.window.state.set_selection(select)
