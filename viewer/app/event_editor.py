"""The event editor: every field of an event, checked as the officer types, each problem
shown beside its field; OK stays off until the event reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from viewer.app.editor_form import checked_form, date_edit, py_date, qdate, text_box
from viewer.domain.event_draft import EventDraft, check, draft_of
from viewer.domain.model import ActorRef, Event, Precision
from viewer.domain.taxonomy import EVENT_TYPES

PRECISION_LABELS = {"day": "Day", "month": "Month", "year": "Year",
                    "approximate": "Approximate (a few days)"}


class EventEditorDialog(QDialog):
    """Create or edit one event; `edited_event()` is the checked result once accepted."""

    def __init__(self, title: str, event: Event | None = None,
                 parent: QWidget | None = None,
                 known_actors: Sequence[ActorRef] = (), start: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.base = event
        self.known_actors = known_actors
        self.errors: dict[str, str] = {}
        self._result: Event | None = None
        self._build()
        self.set_draft(draft_of(event) if event is not None else
                       EventDraft(start=start or dt.date.today()))

    # -- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title_edit = QLineEdit()
        self.type_combo = QComboBox()
        for t in EVENT_TYPES:
            self.type_combo.addItem(t.label, t.code)
        self.start_edit = date_edit()
        self.has_end = QCheckBox("Ends on")
        self.end_edit = date_edit()
        self.has_end.toggled.connect(self.end_edit.setEnabled)
        self.precision_combo = QComboBox()
        for p in Precision:
            self.precision_combo.addItem(PRECISION_LABELS.get(p.value, p.value), p.value)
        self.location_edit = QLineEdit()
        self.latitude_edit, self.longitude_edit = QLineEdit(), QLineEdit()
        self.latitude_edit.setPlaceholderText("latitude, e.g. 34.1167")
        self.longitude_edit.setPlaceholderText("longitude, e.g. 71.0833")
        self.countries_edit = QLineEdit()
        self.countries_edit.setPlaceholderText("PAK, AFG, or names: Pakistan, Afghanistan")
        self.actors_edit = text_box("primary: Ishaq Dar\ncounterpart: Amir Khan Muttaqi")
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("torkham, border-crossing")
        self.sources_edit = text_box("Dawn | https://www.dawn.com/news/… | what it reports")
        self.summary_edit = text_box("What happened, in your words")
        self.note_edit = text_box("Your own note: follow-ups, doubts, who to ask")

        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(self.has_end)
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        place = QHBoxLayout()
        place.addWidget(self.location_edit, 2)
        place.addWidget(self.latitude_edit, 1)
        place.addWidget(self.longitude_edit, 1)

        buddies = {"end": self.start_edit, "latitude": self.location_edit}
        rows = (("title", "&Title", self.title_edit), ("type", "T&ype", self.type_combo),
                ("end", "&Date", dates), ("precision", "&Precision", self.precision_combo),
                ("latitude", "&Location", place), ("countries", "&Countries",
                                                     self.countries_edit),
                ("actors", "&Actors (role: name)", self.actors_edit),
                ("tags", "Ta&gs", self.tags_edit),
                ("sources", "&Sources (outlet | link | title)", self.sources_edit),
                ("summary", "Su&mmary", self.summary_edit), ("note", "Your &note",
                                                              self.note_edit))
        self.problems, self.buttons = checked_form(
            self, [(n, label, f, buddies.get(n)) for n, label, f in rows])
        self.problems["longitude"] = self.problems["latitude"]
        self.problems["start"] = self.problems["end"]
        for edit in (self.title_edit, self.location_edit, self.latitude_edit,
                     self.longitude_edit, self.countries_edit, self.tags_edit):
            edit.textChanged.connect(self._recheck)
        for text in (self.actors_edit, self.sources_edit, self.summary_edit, self.note_edit):
            text.textChanged.connect(self._recheck)
        for combo in (self.type_combo, self.precision_combo):
            combo.currentIndexChanged.connect(self._recheck)
        for date in (self.start_edit, self.end_edit):
            date.dateChanged.connect(self._recheck)
        self.has_end.toggled.connect(self._recheck)
        self.resize(720, 640)

    # -- the fields -------------------------------------------------------------------------
    def set_draft(self, d: EventDraft) -> None:
        """Show a draft in the fields (a stored event, or what the officer typed before)."""
        self.title_edit.setText(d.title)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(d.type)))
        self.start_edit.setDate(qdate(d.start))
        self.has_end.setChecked(d.end is not None)
        self.end_edit.setEnabled(d.end is not None)
        self.end_edit.setDate(qdate(d.end or d.start))
        self.precision_combo.setCurrentIndex(max(0, self.precision_combo.findData(d.precision)))
        self.location_edit.setText(d.location)
        self.latitude_edit.setText(d.latitude)
        self.longitude_edit.setText(d.longitude)
        self.countries_edit.setText(d.countries)
        self.actors_edit.setPlainText(d.actors)
        self.tags_edit.setText(d.tags)
        self.sources_edit.setPlainText(d.sources)
        self.summary_edit.setPlainText(d.summary)
        self.note_edit.setPlainText(d.note)
        self._recheck()

    def draft(self) -> EventDraft:
        """The fields as typed."""
        return EventDraft(
            title=self.title_edit.text(), type=self.type_combo.currentData(),
            start=py_date(self.start_edit.date()),
            end=py_date(self.end_edit.date()) if self.has_end.isChecked() else None,
            precision=self.precision_combo.currentData(), summary=self.summary_edit.toPlainText(),
            location=self.location_edit.text(), latitude=self.latitude_edit.text(),
            longitude=self.longitude_edit.text(), countries=self.countries_edit.text(),
            actors=self.actors_edit.toPlainText(), tags=self.tags_edit.text(),
            sources=self.sources_edit.toPlainText(), note=self.note_edit.toPlainText())

    def _recheck(self, *_args) -> None:
        self._result, self.errors = check(self.draft(), self.base, self.known_actors)
        shown: set[int] = set()
        for name, label in self.problems.items():
            reason = self.errors.get(name)
            if id(label) in shown:
                continue
            if reason is None and name in ("latitude", "end"):
                reason = self.errors.get({"latitude": "longitude", "end": "start"}[name])
            label.setText(f"⚠ {reason}" if reason else "")
            label.setVisible(bool(reason))
            if reason:
                shown.add(id(label))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.errors)

    def edited_event(self) -> Event | None:
        """The checked event (None while a field does not read)."""
        return self._result

    def accept(self) -> None:
        if self._result is not None:
            super().accept()

