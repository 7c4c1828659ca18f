"""When another officer changed an event or a figure while it was being edited: both versions field by
field, the officer choosing for each; nothing is overwritten silently, nothing typed lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from viewer.domain.edits import EVENT_FIELD_SET, EditConflict, FieldSet

BACK_TO_EDITOR = 2  # the dialog's result when the officer goes back to the editor


def _shown(value: object) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, list):
        return "\n".join(" · ".join(str(p) for p in item if p) if isinstance(item, list)
                         else str(item) for item in value)
    return str(value)


class ConflictDialog(QDialog):
    """Mine against theirs, one row a field that differs; `merged()` is the choice."""

    def __init__(self, mine: object, theirs: object, parent: QWidget | None = None, *,
                 field_set: FieldSet = EVENT_FIELD_SET, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.mine, self.theirs, self.field_set = mine, theirs, field_set
        labels = field_set.labels
        a, b = field_set.values(mine), field_set.values(theirs)
        self.fields = field_set.differing(mine, theirs)
        name = name or getattr(theirs, "title", "The row")
        intro = QLabel(f"“{name}” was changed by another officer or process while "
                       "you were editing it. Choose, field by field, which version to keep; "
                       "the fields not listed are the same in both.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Yours</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Theirs (stored now)</b>"), 0, 2)
        self.choices: dict[str, QButtonGroup] = {}
        for row, name in enumerate(self.fields, start=1):
            grid.addWidget(QLabel(f"<b>{labels[name]}</b>"), row, 0,
                           Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            for col, (who, value) in enumerate((("yours", a[name]), ("theirs", b[name])),
                                               start=1):
                radio = QRadioButton()
                radio.setAccessibleName(f"Keep {who} {labels[name]}")
                text = QLabel(_shown(value))
                text.setWordWrap(True)  # long summaries wrap instead of widening the dialog
                text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                text.setBuddy(radio)
                cell = QHBoxLayout()
                cell.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
                cell.addWidget(text, 1, Qt.AlignmentFlag.AlignTop)
                group.addButton(radio, col)
                grid.addLayout(cell, row, col)
            group.button(1).setChecked(True)
            self.choices[name] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self.fields) + 1, 1)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save these choices",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = QPushButton("Back to my edit")
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.theirs_button = buttons.addButton("Keep theirs, drop mine",
                                               QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.back_button.clicked.connect(lambda: self.done(BACK_TO_EDITOR))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(820, min(640, 200 + 70 * len(self.fields)))

    def keep_theirs(self, name: str) -> None:
        """Choose their value for one field."""
        self.choices[name].button(2).setChecked(True)

    def merged(self) -> object:
        """Their row with the fields the officer chose from theirs, mine elsewhere."""
        return self.field_set.take(self.theirs, self.mine, [
            n for n in self.fields if self.choices[n].checkedId() == 1])


def resolve(editing, mine: object, conflict: EditConflict, what: str,  # noqa: ANN001
            reopen: Callable[[object], object | None], recreate: Callable[[object], None],
            field_set: FieldSet = EVENT_FIELD_SET, name: str = "") -> tuple[object, object] | None:
    """Meet another writer's change to the row `mine` edits: (the merged row, theirs) to
    write over theirs, or None when the officer dropped the edit.

    A row they deleted may be stored again as new (`recreate`); "Back to my edit" opens
    the editor again on what the officer typed (`reopen`, None when cancelled)."""
    theirs = conflict.theirs
    if theirs is None:
        answer = QMessageBox.question(
            editing.window, "Deleted by someone else",
            f"This {what} was deleted by another officer or process while you were editing "
            f"it. Store your edit as a new {what}?")
        if answer == QMessageBox.StandardButton.Yes:
            recreate(mine)
        return None
    dialog = ConflictDialog(mine, theirs, editing.window, field_set=field_set, name=name)
    editing.editor = dialog
    result = dialog.exec()
    editing.editor = None
    if result == QDialog.DialogCode.Accepted:
        return dialog.merged(), theirs
    if result == BACK_TO_EDITOR:
        again = reopen(mine)
        if again is not None:
            return again, theirs
    return None
