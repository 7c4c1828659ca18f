"""The panes a briefing pictures (PNG, SVG, the PDF pack), by name: title and file suffix."""

from __future__ import annotations

PICTURE_PANES = {"timeline": "Timeline", "trade": "Trade chart"}
PICTURE_FILES = {"timeline": "timeline", "trade": "trade-chart"}
