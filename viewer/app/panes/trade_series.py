"""The trade chart's series picker: reporter, partner, flow, commodity, and a checkable list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from viewer.app.panes.trade_layers import SERIES_COLORS
from viewer.domain.drawing import SeriesInfo, SeriesKey

COLOR_ROLE = Qt.ItemDataRole.UserRole + 1
PREFERRED = {"reporter": "PAK", "partner": "AFG", "flow": "export", "commodity": "TOTAL"}


class SeriesListPane(QWidget):
    """Choose series by reporter/partner/flow/commodity; tick them on and off."""

    series_changed = Signal()
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: dict[SeriesKey, SeriesInfo] = {}
        self.combos = {name: QComboBox() for name in PREFERRED}
        self.add_button = QPushButton("Add series")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.list = QListWidget()
        self.list.setAccessibleName("Series shown: tick to draw")
        self.list.itemChanged.connect(self._on_list_item_changed)
        form = QFormLayout(self)
        form.setContentsMargins(4, 2, 4, 2)
        for name, combo in self.combos.items():
            combo.setAccessibleName(f"Series {name}")
            form.addRow(name.capitalize(), combo)
        form.addRow(self.add_button)
        form.addRow(self.list)
        self.setMaximumWidth(240)

    def set_series(self, series: dict[SeriesKey, SeriesInfo], defaults: list[SeriesKey]) -> None:
        """A store's series in the combos; the list holds just `defaults`, ticked."""
        self.series = series
        for name, combo in self.combos.items():
            combo.clear()
            combo.addItems(sorted({getattr(k, name) for k in series}))
            if combo.findText(PREFERRED[name]) >= 0:
                combo.setCurrentText(PREFERRED[name])
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        for key in defaults:
            self.add(key, notify=False)

    def add(self, key: SeriesKey, checked: bool = True, notify: bool = True) -> None:
        """Put a series in the list once (or tick it again) with the next free colour."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.list.item(i).setCheckState(Qt.CheckState.Checked)
                return
        color = SERIES_COLORS[self.list.count() % len(SERIES_COLORS)]
        info = self.series.get(key)
        item = QListWidgetItem(key.label() + (f" ({info.count})" if info else ""))
        pix = QPixmap(12, 12)
        pix.fill(QColor(color))
        item.setIcon(pix)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(COLOR_ROLE, color)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(True)
        self.list.addItem(item)
        self.list.blockSignals(False)
        if notify:
            self.series_changed.emit()

    def checked(self) -> list[tuple[SeriesKey, str]]:
        """Ticked series with their colours, in list order."""
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append((item.data(Qt.ItemDataRole.UserRole), item.data(COLOR_ROLE)))
        return out

    def _on_list_item_changed(self, _item) -> None:
        self.series_changed.emit()

    def _on_add_button_clicked(self) -> None:
        key = SeriesKey(*(self.combos[n].currentText() for n in PREFERRED))
        found = [k for k in self.series if k.any_coverage() == key]  # one per coverage
        for k in found:
            self.add(k)
        if not found:
            self.message.emit(f"No figures for {key.label()} in this store.")
