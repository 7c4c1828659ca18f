"""Settings declared once over QSettings: window layout, recent stores, colour scheme."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "DeskViewer"
APPLICATION = "Desk Viewer"
MAX_RECENT = 8


class Settings:
    """Typed access to the few values the app remembers between runs."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings(ORGANISATION, APPLICATION)

    def geometry(self) -> QByteArray | None:
        value = self.q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def recent_stores(self) -> list[str]:
        value = self.q.value("stores/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent_store(self, target: str) -> None:
        recent = [target] + [r for r in self.recent_stores() if r != target]
        self.q.setValue("stores/recent", recent[:MAX_RECENT])

    def colour_scheme(self) -> str:
        """"system", "light" or "dark" (View ▸ Colours)."""
        value = str(self.q.value("window/colour_scheme", "system") or "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_colour_scheme(self, choice: str) -> None:
        self.q.setValue("window/colour_scheme", choice)
