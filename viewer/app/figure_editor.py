"""The trade-figure editor: every field of a figure, checked as the officer types, each
problem beside its field, the period and the value read back in words; Save stays off until
the figure reads."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from viewer.app.editor_form import checked_form, date_edit, py_date, qdate, text_box
from viewer.domain.figure_draft import FigureDraft, check_figure, figure_draft_of
from viewer.domain.model import Coverage, Flow, PeriodKind, TradeFigure
from viewer.domain.trade_math import money

PERIOD_LABELS = {"month": "Month", "quarter": "Quarter", "calendar_year": "Calendar year",
                 "fiscal_year": "Reporter's fiscal year", "span": "Other span (first–last day)"}


class FigureEditorDialog(QDialog):
    """Create or edit one trade figure; `edited_figure()` is the checked result."""

    def __init__(self, title: str, figure: TradeFigure | None = None,
                 parent: QWidget | None = None, draft: FigureDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.base = figure
        self.errors: dict[str, str] = {}
        self._result: TradeFigure | None = None
        self._build()
        self.set_draft(draft or (figure_draft_of(figure) if figure is not None else
                                 FigureDraft(start=dt.date.today())))

    def _build(self) -> None:
        self.reporter_edit, self.partner_edit = QLineEdit(), QLineEdit()
        self.reporter_edit.setPlaceholderText("PAK, or a name: Pakistan")
        self.partner_edit.setPlaceholderText("AFG, or a name: Afghanistan")
        self.flow_combo = QComboBox()
        for flow in Flow:
            self.flow_combo.addItem(flow.value, flow.value)
        self.kind_combo = QComboBox()
        for kind in PeriodKind:
            self.kind_combo.addItem(PERIOD_LABELS[kind.value], kind.value)
        self.start_edit = date_edit()
        self.end_edit = date_edit()
        self.period_shown = QLabel()
        self.code_edit, self.label_edit = QLineEdit(), QLineEdit()
        self.code_edit.setPlaceholderText("TOTAL, or an HS code")
        self.code_edit.setMaximumWidth(160)
        self.coverage_combo = QComboBox()
        for c in Coverage:
            self.coverage_combo.addItem(c.label(), c.value)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("522,000,000 or 522 million or $1.2 bn")
        self.value_shown = QLabel()
        self.estimated_box = QCheckBox("An &estimate, not a reported figure")
        self.sources_edit = text_box(
            "SBP | https://www.sbp.org.pk/… | what it reports")
        self.dataset_note_edit = text_box("What the source says about it")
        self.note_edit = text_box("Your own note: doubts, who to ask")
        self.restated = QLabel()
        self.restated.setWordWrap(True)

        countries = QHBoxLayout()
        countries.addWidget(self.reporter_edit)
        countries.addWidget(QLabel("to / from"))
        countries.addWidget(self.partner_edit)
        countries.addWidget(self.flow_combo)
        period = QHBoxLayout()
        period.addWidget(self.kind_combo)
        period.addWidget(self.start_edit)
        period.addWidget(QLabel("–"))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        commodity = QHBoxLayout()
        commodity.addWidget(self.code_edit)
        commodity.addWidget(self.label_edit, 1)
        commodity.addWidget(self.coverage_combo)
        value = QHBoxLayout()
        value.addWidget(self.value_edit, 1)
        value.addWidget(self.value_shown, 1)

        self.problems, self.buttons = checked_form(self, (
            ("reporter", "&Reporter, partner, flow", countries, self.reporter_edit),
            ("end", "&Period", period, self.kind_combo),
            ("period_shown", "", self.period_shown, None),
            ("commodity_code", "&Commodity, covers", commodity, self.code_edit),
            ("value", "&Value (US$)", value, self.value_edit),
            ("estimated", "", self.estimated_box, None),
            ("sources", "&Sources (outlet | link | title)", self.sources_edit, None),
            ("dataset_note", "Note from the so&urce", self.dataset_note_edit, None),
            ("note", "Your &note", self.note_edit, None),
            ("restated", "", self.restated, None)))
        # Problems of fields that share a row are shown under it.
        self.problems.update(partner=self.problems["reporter"], flow=self.problems["reporter"],
                             period_kind=self.problems["end"],
                             coverage=self.problems["commodity_code"])
        for edit in (self.reporter_edit, self.partner_edit, self.code_edit, self.label_edit,
                     self.value_edit):
            edit.textChanged.connect(self._recheck)
        for text in (self.sources_edit, self.dataset_note_edit, self.note_edit):
            text.textChanged.connect(self._recheck)
        for combo in (self.flow_combo, self.kind_combo, self.coverage_combo):
            combo.currentIndexChanged.connect(self._recheck)
        for date in (self.start_edit, self.end_edit):
            date.dateChanged.connect(self._recheck)
        self.estimated_box.toggled.connect(self._recheck)
        self.resize(900, 680)

    def set_draft(self, d: FigureDraft) -> None:
        """Show a draft in the fields (a stored figure, or a proposed one)."""
        self.reporter_edit.setText(d.reporter)
        self.partner_edit.setText(d.partner)
        self.flow_combo.setCurrentIndex(max(0, self.flow_combo.findData(d.flow)))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(d.period_kind)))
        self.start_edit.setDate(qdate(d.start))
        self.end_edit.setDate(qdate(d.end or d.start))
        self.code_edit.setText(d.commodity_code)
        self.label_edit.setText(d.commodity_label)
        self.coverage_combo.setCurrentIndex(max(0, self.coverage_combo.findData(d.coverage)))
        self.value_edit.setText(d.value)
        self.estimated_box.setChecked(d.estimated)
        self.sources_edit.setPlainText(d.sources)
        self.dataset_note_edit.setPlainText(d.dataset_note)
        self.note_edit.setPlainText(d.note)
        b = self.base
        self.restated.setText(
            "Restates an earlier figure; the earlier one is kept, never summed."
            if b is not None and b.supersedes_id else
            "Restated by a later figure: shown and listed, never summed."
            if b is not None and b.superseded else "")
        self.restated.setVisible(bool(self.restated.text()))
        self._recheck()

    def draft(self) -> FigureDraft:
        return FigureDraft(
            reporter=self.reporter_edit.text(), partner=self.partner_edit.text(),
            flow=self.flow_combo.currentData(), period_kind=self.kind_combo.currentData(),
            start=py_date(self.start_edit.date()), end=py_date(self.end_edit.date()),
            commodity_code=self.code_edit.text(), commodity_label=self.label_edit.text(),
            coverage=self.coverage_combo.currentData(), value=self.value_edit.text(),
            estimated=self.estimated_box.isChecked(),
            sources=self.sources_edit.toPlainText(),
            dataset_note=self.dataset_note_edit.toPlainText(),
            note=self.note_edit.toPlainText())

    def _recheck(self, *_args) -> None:
        self._result, self.errors = check_figure(self.draft(), self.base)
        self.end_edit.setEnabled(self.kind_combo.currentData() == PeriodKind.SPAN.value)
        for label in set(self.problems.values()):
            label.setText("")
        for name, reason in self.errors.items():
            label = self.problems.get(name)
            if label is not None and not label.text():
                label.setText(f"⚠ {reason}")
        for label in set(self.problems.values()):
            label.setVisible(bool(label.text()))
        f = self._result
        self.period_shown.setText(
            f"{f.period.label()}: {f.period.start:%-d %b %Y} – {f.period.end:%-d %b %Y}"
            if f is not None else "")
        self.period_shown.setVisible(f is not None)
        self.value_shown.setText(f"{money(f.value_usd)}  (US$ {f.value_usd:,.0f})"
                                 if f is not None else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.errors)

    def edited_figure(self) -> TradeFigure | None:
        """The checked figure (None while a field does not read)."""
        return self._result

    def accept(self) -> None:
        if self._result is not None:
            super().accept()
