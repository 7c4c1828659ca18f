"""A spatial filter: the longitude/latitude box an officer drew on the map or typed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Area:
    """A box in degrees, edges included: events at a point inside it pass."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def __post_init__(self) -> None:
        values = (self.min_lon, self.min_lat, self.max_lon, self.max_lat)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("a box needs four finite numbers")
        if not (-180 <= self.min_lon <= self.max_lon <= 180):
            raise ValueError(f"longitudes must run from west to east within ±180 "
                             f"({self.min_lon} to {self.max_lon})")
        if not (-90 <= self.min_lat <= self.max_lat <= 90):
            raise ValueError(f"latitudes must run from south to north within ±90 "
                             f"({self.min_lat} to {self.max_lat})")

    @classmethod
    def parse(cls, text: str) -> Area:
        """`MINLON,MINLAT,MAXLON,MAXLAT` as the command line takes it; ValueError if bad."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4:
            raise ValueError(f"{text!r}: give four numbers, MINLON,MINLAT,MAXLON,MAXLAT")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"{text!r}: MINLON,MINLAT,MAXLON,MAXLAT must be numbers") from None
        return cls(*numbers)

    @classmethod
    def around(cls, lon_a: float, lat_a: float, lon_b: float, lat_b: float) -> Area:
        """The box with these two corners in any order, clipped to the globe."""
        return cls(max(-180.0, min(lon_a, lon_b)), max(-90.0, min(lat_a, lat_b)),
                   min(180.0, max(lon_a, lon_b)), min(90.0, max(lat_a, lat_b)))

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Which points lie in the box (NaN coordinates never do)."""
        return ((lon >= self.min_lon) & (lon <= self.max_lon)
                & (lat >= self.min_lat) & (lat <= self.max_lat))

    def as_list(self) -> list[float]:
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]

    def label(self) -> str:
        """How a chip or a picture caption names the box: 70.5–71.5°E, 33.8–34.6°N."""
        return (f"{_degrees(self.min_lon, 'E', 'W')}–{_degrees(self.max_lon, 'E', 'W')}, "
                f"{_degrees(self.min_lat, 'N', 'S')}–{_degrees(self.max_lat, 'N', 'S')}")


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}°{positive if value >= 0 else negative}"
