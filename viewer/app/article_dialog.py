"""Edit ▸ New from article…: paste a news report (or open a .txt or .html file), see the
events, figures and counts it proposes, tick and correct them, and save them with the
article kept as their source."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.app.edit_commands import CreateEventCommand, CreateFigureCommand
from viewer.app.models.proposal_table import COL_TITLE, ProposalTableModel
from viewer.domain.model import ActorRef, Event, TradeFigure
from viewer.domain.proposals import Article, Proposal, event_of, trade_figure_of
from viewer.io.article_text import title_of


class ArticleDialog(QDialog):
    """The article, its candidates, and what the officer ticked and corrected."""

    def __init__(self, known_actors: list[ActorRef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from article")
        self.known_actors = known_actors
        self.edited: dict[int, Event] = {}  # candidates the officer corrected, by row
        self.edited_figures: dict[int, TradeFigure] = {}
        self.editor: QDialog | None = None  # a candidate's editor while it is open
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            "Paste the report here (a dateline such as “ISLAMABAD, March 16, 2024 -” dates "
            "what it says), or open a .txt or .html file.")
        self.outlet_edit, self.title_edit, self.url_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.outlet_edit.setPlaceholderText("who published it, e.g. Dawn")
        self.url_edit.setPlaceholderText("https://…")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setSpecialValueText("from its dateline")
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.date_edit.setDate(self.date_edit.minimumDate())
        open_button = QPushButton("&Open file…")
        open_button.clicked.connect(self._on_open_clicked)
        self.propose_button = QPushButton("&Propose")
        self.propose_button.setDefault(False)
        self.propose_button.clicked.connect(self.propose)

        about = QFormLayout()
        about.addRow("&Outlet", self.outlet_edit)
        about.addRow("&Title", self.title_edit)
        about.addRow("&Link", self.url_edit)
        about.addRow("&Date", self.date_edit)
        actions = QHBoxLayout()
        actions.addWidget(open_button)
        actions.addStretch(1)
        actions.addWidget(self.propose_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.text_edit, 1)
        top_layout.addLayout(about)
        top_layout.addLayout(actions)

        self.model = ProposalTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Proposed events, figures and counts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.correct(index.row()))
        self.sentence = QLabel("Double-click a candidate (or press F2) to correct it before "
                               "saving; untick what you do not want.")
        self.sentence.setWordWrap(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addWidget(self.sentence)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(self._update_save)
        self.model.modelReset.connect(self._update_save)
        self._update_save()
        self.resize(900, 700)

    # -- the article ------------------------------------------------------------------------
    def open_file(self, path: Path) -> None:
        from viewer.io.article_text import read_article

        text, title = read_article(path)
        self.text_edit.setPlainText(text)
        self.title_edit.setText(title)
        self.title_edit.setCursorPosition(0)
        if not self.outlet_edit.text():
            self.outlet_edit.setText(path.stem)
        self.propose()

    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open article", "",
                                              "Articles (*.txt *.html *.htm);;All files (*)")
        if path:
            self.open_file(Path(path))

    def article(self) -> Article:
        q = self.date_edit.date()
        given = None if q == self.date_edit.minimumDate() else q.toPython()
        text = self.text_edit.toPlainText()
        title = self.title_edit.text().strip() or title_of(text)
        return Article(text, self.outlet_edit.text().strip() or "Pasted article", title,
                       self.url_edit.text().strip() or None, given)

    def propose(self) -> None:
        from viewer.io.article_extraction import propose

        self.edited.clear()
        self.edited_figures.clear()
        self.model.set_proposals(propose(self.article(), self.known_actors))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE,
                                                           QHeaderView.ResizeMode.Stretch)

    # -- the candidates --------------------------------------------------------------------
    def _on_current_row_changed(self, current, _previous) -> None:  # noqa: ANN001
        p = self.model.row_at(current)
        if p is not None:
            self.sentence.setText(f"“{p.sentence}” — date: {p.date_from}")

    def correct(self, row: int) -> None:
        """Open a candidate in the event (or figure) editor; keep what is saved there."""
        from viewer.app.event_editor import EventEditorDialog
        from viewer.io.article_saving import article_source

        p: Proposal = self.model.proposals(only_ticked=False)[row]
        if p.kind == "trade figure":
            self._correct_figure(row, p)
            return
        start = self.edited.get(row) or event_of(
            p if p.date else dataclasses.replace(p, date=self.article().published
                                                 or QDate.currentDate().toPython()),
            article_source(self.article()), self.known_actors)
        editor = EventEditorDialog("Correct the proposed event", start, self,
                                   known_actors=self.known_actors)
        if editor.exec() == QDialog.DialogCode.Accepted and editor.edited_event():
            event = editor.edited_event()
            assert event is not None
            self.edited[row] = event
            self.model.replace_row(row, dataclasses.replace(
                p, title=event.title, date=event.start, precision=str(event.precision),
                type=event.type, countries=event.countries, date_from="corrected by you"))

    def _correct_figure(self, row: int, p: Proposal) -> None:
        from viewer.app.figure_editor import FigureEditorDialog
        from viewer.domain.figure_draft import figure_draft_of, proposal_figure_draft
        from viewer.io.article_saving import article_source

        known = self.edited_figures.get(row)
        draft = figure_draft_of(known) if known else proposal_figure_draft(
            p, article_source(self.article()), QDate.currentDate().toPython())
        editor = FigureEditorDialog("Correct the proposed trade figure", None, self, draft)
        self.editor = editor
        try:
            if editor.exec() == QDialog.DialogCode.Accepted and editor.edited_figure():
                f = editor.edited_figure()
                assert f is not None
                self.edited_figures[row] = f
                self.model.replace_row(row, dataclasses.replace(
                    p, reporter=f.reporter, partner=f.partner, flow=f.flow.value,
                    amount=f.value_usd, currency="USD", date=f.period.start,
                    precision="month" if f.period.kind.value == "month" else "year",
                    date_from="corrected by you"))
        finally:
            self.editor = None

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        if event.key() == Qt.Key.Key_F2 and self.table.currentIndex().isValid():
            self.correct(self.table.currentIndex().row())
            return
        super().keyPressEvent(event)

    def ticked(self) -> list[tuple[int, Proposal]]:
        """(row, candidate) of every ticked candidate."""
        rows = self.model.proposals(only_ticked=False)
        return [(i, p) for i, p in enumerate(rows) if self.model.ticked[i]]

    def _update_save(self, *_args) -> None:
        n = len(self.ticked())
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        button.setText(f"Save {n} ticked" if n else "Save")
        button.setEnabled(n > 0)


def save_ticked(editing, dialog: ArticleDialog) -> None:  # noqa: ANN001 - an EditController
    """Store the article and its ticked candidates; the events as one undoable step."""
    from viewer.io.article_saving import article_source

    article = dialog.article()
    source = editing.try_write(lambda: editing.store.add_source(article_source(article),
                                                     article.text))
    if source is None:
        return
    known, created, skipped, figures = editing.store.actors(), set(), [], 0
    editing.stack.beginMacro(f"New from article “{(article.title or article.outlet)[:40]}”")
    try:
        for row, p in dialog.ticked():
            try:
                if p.kind == "trade figure":
                    figure = dialog.edited_figures.get(row) or trade_figure_of(p, source)
                    stored = editing.try_write(
                        lambda f=figure: editing.store.create_trade_figure(f))
                    if stored is not None:
                        figures += 1
                        editing.stack.push(CreateFigureCommand(
                            editing.store, stored, editing.changed, editing.tell,
                            "From article"))
                    continue
                event = dialog.edited.get(row) or event_of(p, source, known)
            except ValueError as exc:
                skipped.append(str(exc))
                continue
            stored = editing.try_write(lambda e=event: editing.store.create_event(e))
            if stored is not None:
                created.add(stored.id)
                editing.stack.push(CreateEventCommand(editing.store, stored, editing.changed,
                                                   editing.tell, "From article"))
    finally:
        editing.stack.endMacro()
    editing.changed(select=created)
    if skipped:
        editing.tell("Not saved, for want of a detail:\n" + "\n".join(skipped))
    editing.window.statusBar().showMessage(
        f"Saved {len(created)} events and {figures} trade figures from the article", 10_000)
