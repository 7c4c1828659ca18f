"""The chip in the filters pane that shows the map's box filter, with its clear button."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from viewer.app.state import ViewState
from viewer.domain.model import Filter


class AreaChip(QFrame):
    """'Map box: …' while a box filters the panes; × removes the box from the filter."""

    def __init__(self, state: ViewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setAccessibleName("Clear the map box")
        self.clear_button.setToolTip("Show events everywhere again")
        self.clear_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.clear_button)
        state.filter_changed.connect(self._on_state_filter_changed)
        self._on_state_filter_changed(state.filter)

    def _on_state_filter_changed(self, flt: Filter) -> None:
        if flt.area is None:
            self.hide()
            return
        self.label.setText(f"Map box: {flt.area.label()}")
        self.show()

    def clear(self) -> None:
        """Drop the box from the filter; the other choices stay."""
        self.state.set_filter(replace(self.state.filter, area=None))
