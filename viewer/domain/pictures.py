"""The panes a briefing pictures (PNG, SVG, the PDF pack), by name: title and file suffix."""

from __future__ import annotations

from dataclasses import dataclass

PICTURE_PANES = {"timeline": "Timeline", "trade": "Trade chart", "map": "Map"}
PICTURE_FILES = {"timeline": "timeline", "trade": "trade-chart", "map": "map"}


@dataclass(frozen=True, slots=True)
class PictureCaption:
    """The lines above every picture: what it is, of which window, under which filters."""

    title: str
    window: str
    filters: str
