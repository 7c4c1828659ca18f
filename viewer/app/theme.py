"""Light or dark: the window follows the system's colour scheme, also when it changes while
the app runs, unless the officer picks one (View ▸ Colours).

Everything drawn takes its colours from the application palette, and panes draw again
when it changes (QEvent.PaletteChange), so switching the palette here is all it takes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from viewer.app.settings import Settings

SCHEMES: dict[str, str] = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

_R = QPalette.ColorRole
_G = QPalette.ColorGroup
# A dark palette after Qt's own dark Fusion: greys, with the link and highlight blues.
_DARK: dict[QPalette.ColorRole, str] = {
    _R.Window: "#2d2d2d", _R.WindowText: "#e8e8e8", _R.Base: "#1e1e1e",
    _R.AlternateBase: "#2a2a2a", _R.ToolTipBase: "#3a3a3a", _R.ToolTipText: "#f0f0f0",
    _R.PlaceholderText: "#9a9a9a", _R.Text: "#e8e8e8", _R.Button: "#353535",
    _R.ButtonText: "#e8e8e8", _R.BrightText: "#ff5555", _R.Light: "#505050",
    _R.Midlight: "#404040", _R.Mid: "#2a2a2a", _R.Dark: "#1a1a1a", _R.Shadow: "#000000",
    _R.Highlight: "#2f65ca", _R.HighlightedText: "#ffffff", _R.Link: "#6ea8ff",
    _R.LinkVisited: "#b58cff",
}
_DISABLED: dict[QPalette.ColorRole, str] = {
    _R.WindowText: "#7a7a7a", _R.Text: "#7a7a7a", _R.ButtonText: "#7a7a7a",
    _R.HighlightedText: "#b0b0b0",
}


def dark_palette() -> QPalette:
    """The palette of the dark scheme."""
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role, color in _DISABLED.items():
        palette.setColor(_G.Disabled, role, QColor(color))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(_R.Window).lightness() < 128


class ThemeController(QObject):
    """Applies the chosen scheme to the application and follows the system's changes."""

    scheme_changed = Signal(bool)  # dark

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        app = QGuiApplication.instance()
        # The platform's own palette, to come back to from the dark one.
        self._system_palette = QPalette(QGuiApplication.palette())
        self.choice = settings.colour_scheme()
        self.actions: dict[str, QAction] = {}
        app.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self.apply()

    def add_menu(self, menu: QMenu) -> None:
        """The choices as a menu of radio entries."""
        group = QActionGroup(menu)
        for key, label in SCHEMES.items():
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key == self.choice)
            group.addAction(action)
            action.triggered.connect(lambda _=False, k=key: self.set_choice(k))
            self.actions[key] = action

    def system_is_dark(self) -> bool:
        """What the desktop asks for; a desktop that does not say keeps its own palette."""
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Unknown:
            return is_dark(self._system_palette)
        return scheme == Qt.ColorScheme.Dark

    def set_choice(self, choice: str) -> None:
        """Follow the system ("system") or keep to "light" or "dark"; remembered."""
        if choice not in SCHEMES:
            return
        self.settings.set_colour_scheme(choice)
        if choice in self.actions:
            self.actions[choice].setChecked(True)
        if choice != self.choice:
            self.choice = choice
            self.apply()

    def apply(self) -> bool:
        """Set the application palette for the choice; returns whether it is dark."""
        dark = self.system_is_dark() if self.choice == "system" else self.choice == "dark"
        if dark == is_dark(QGuiApplication.palette()):
            return dark
        if dark:
            palette = self._system_palette if is_dark(self._system_palette) else dark_palette()
        else:
            palette = self._system_palette if not is_dark(self._system_palette) else \
                QApplication.style().standardPalette()
        QGuiApplication.setPalette(palette)
        self.scheme_changed.emit(dark)
        return dark

    def _on_color_scheme_changed(self, _scheme) -> None:  # noqa: ANN001
        if self.choice == "system":
            # The platform may have brought its own palette for the new scheme.
            platform = QGuiApplication.palette()
            if is_dark(platform) == (QGuiApplication.styleHints().colorScheme()
                                     == Qt.ColorScheme.Dark):
                self._system_palette = QPalette(platform)
            self.apply()
