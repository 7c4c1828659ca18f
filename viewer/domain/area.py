"""A spatial filter: the longitude/latitude box (or lasso) an officer drew on the map or
typed.

A lasso is a closed outline inside its bounding box; a point is inside it when a ray
from it to the east crosses the outline an odd number of times. The store tests the same
arithmetic in SQL (`viewer.store.event_filter`), so both give the same answer."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_OUTLINE = 48  # corners a lasso keeps: enough for a hand-drawn shape, short in SQL


@dataclass(frozen=True, slots=True)
class Edge:
    """One side of a lasso, as the inside test uses it: a point whose latitude lies in
    [low, high) is left of the side when lon < x + (lat - y) * slope."""

    low: float
    high: float
    x: float
    y: float
    slope: float


@dataclass(frozen=True, slots=True)
class Area:
    """A box in degrees, edges included, or a lasso inside that box: events at a point
    inside it pass."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    outline: tuple[tuple[float, float], ...] = ()  # a lasso's corners (lon, lat), or none

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
    def lasso(cls, corners: list[tuple[float, float]]) -> Area:
        """The lasso through these corners (thinned to MAX_OUTLINE); ValueError when it
        encloses nothing."""
        points = [(round(x, 5), round(y, 5)) for x, y in corners]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(points) > MAX_OUTLINE:
            step = len(points) / MAX_OUTLINE
            points = [points[int(i * step)] for i in range(MAX_OUTLINE)]
        if len(points) < 3 or _area2(points) == 0:
            raise ValueError("a lasso needs at least three corners around some ground")
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return cls(max(-180.0, min(xs)), max(-90.0, min(ys)), min(180.0, max(xs)),
                   min(90.0, max(ys)), tuple(points))

    def edges(self) -> list[Edge]:
        """The lasso's sides that a ray to the east can cross (horizontal ones cannot)."""
        out = []
        n = len(self.outline)
        for i in range(n):
            (x1, y1), (x2, y2) = self.outline[i], self.outline[(i + 1) % n]
            if y1 != y2:
                out.append(Edge(min(y1, y2), max(y1, y2), x1, y1, (x2 - x1) / (y2 - y1)))
        return out

    @classmethod
    def around(cls, lon_a: float, lat_a: float, lon_b: float, lat_b: float) -> Area:
        """The box with these two corners in any order, clipped to the globe."""
        return cls(max(-180.0, min(lon_a, lon_b)), max(-90.0, min(lat_a, lat_b)),
                   min(180.0, max(lon_a, lon_b)), min(90.0, max(lat_a, lat_b)))

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Which points lie in the box or lasso (NaN coordinates never do)."""
        inside = ((lon >= self.min_lon) & (lon <= self.max_lon)
                  & (lat >= self.min_lat) & (lat <= self.max_lat))
        if not self.outline:
            return inside
        candidates = np.flatnonzero(inside)
        x, y = lon[candidates], lat[candidates]
        crossings = np.zeros(len(candidates), dtype=np.int32)
        for e in self.edges():
            crossings += (y >= e.low) & (y < e.high) & (x < e.x + (y - e.y) * e.slope)
        inside[candidates] = (crossings % 2) == 1
        return inside

    def as_list(self) -> list[float]:
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]

    def label(self) -> str:
        """How a chip or a picture caption names the box: 70.5–71.5°E, 33.8–34.6°N."""
        shape = f"lasso of {len(self.outline)} corners within " if self.outline else ""
        return shape + (f"{_degrees(self.min_lon, 'E', 'W')}–{_degrees(self.max_lon, 'E', 'W')}, "
                f"{_degrees(self.min_lat, 'N', 'S')}–{_degrees(self.max_lat, 'N', 'S')}")


def _area2(points: list[tuple[float, float]]) -> float:
    """Twice the signed area of a polygon (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2)
               in zip(points, points[1:] + points[:1], strict=True))


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}°{positive if value >= 0 else negative}"
