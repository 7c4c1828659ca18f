"""Plain data of the application: no Qt, no SQL."""

from viewer.domain.model import (
    ActorRef,
    Era,
    Event,
    Filter,
    Period,
    Source,
    StoreInfo,
    TimeWindow,
    TradeFigure,
)

__all__ = [
    "ActorRef",
    "Era",
    "Event",
    "Filter",
    "Period",
    "Source",
    "StoreInfo",
    "TimeWindow",
    "TradeFigure",
]
