"""The offline base map (Natural Earth 1:50m countries) and the named border crossings.

Both are files shipped in the package and read without network: the map from the
compact file `scripts/build_base_map.py` made from Natural Earth (public domain), the
crossings from `sample_data/border_crossings.csv`, every row with its source.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

import numpy as np

from viewer.paths import package_file, resource_path

ATTRIBUTION = "Base map: Made with Natural Earth (public domain), 1:50m countries v4.1.0"
MAP_FILE = ("map", "countries-50m.npz")


@dataclass(frozen=True, slots=True, eq=False)
class BaseMap:
    """Country outlines and land as lines in degrees, ready to draw."""

    border_lon: np.ndarray  # land borders, float64, NaN between lines
    border_lat: np.ndarray
    coast_lon: np.ndarray  # coasts, likewise
    coast_lat: np.ndarray
    land: tuple[np.ndarray, ...]  # closed rings, (n, 2) lon/lat each
    country_names: tuple[str, ...]
    country_boxes: np.ndarray  # (n, 4) min lon, min lat, max lon, max lat
    country_labels: np.ndarray  # (n, 2) a point inside the largest part, for the name

    def country_at(self, name: str) -> int:
        return self.country_names.index(name)


@dataclass(frozen=True, slots=True)
class Crossing:
    """A named border crossing; without coordinates when no source gives them."""

    name: str
    other_names: str
    latitude: float | None
    longitude: float | None
    coordinates: str  # stated, approximate or not found
    pakistan_side: str
    afghanistan_side: str
    source_url: str
    source_note: str

    @property
    def placed(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _lines(points: np.ndarray, offsets: np.ndarray, keep: np.ndarray,
           scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The kept parts as one NaN-separated line, the way one curve draws many lines."""
    parts = []
    nan = np.full((1, 2), np.nan)
    for i in np.flatnonzero(keep):
        parts += [points[offsets[i]:offsets[i + 1]] / scale, nan]
    if not parts:
        return np.zeros(0), np.zeros(0)
    joined = np.concatenate(parts)
    return joined[:, 0].copy(), joined[:, 1].copy()


@functools.cache
def base_map() -> BaseMap:
    """The shipped base map, read once per process."""
    with np.load(resource_path(*MAP_FILE), allow_pickle=False) as f:
        scale = float(f["scale"])
        points = f["arc_points"].astype(np.float64)
        offsets, border = f["arc_offsets"], f["arc_is_border"]
        land_points = f["land_points"].astype(np.float64) / scale
        land_offsets = f["land_offsets"]
        names = tuple(str(n) for n in f["country_names"])
        boxes = f["country_boxes"].astype(np.float64) / scale
        labels = f["country_labels"].astype(np.float64) / scale
    border_lon, border_lat = _lines(points, offsets, border, scale)
    coast_lon, coast_lat = _lines(points, offsets, ~border, scale)
    land = tuple(land_points[land_offsets[i]:land_offsets[i + 1]]
                 for i in range(len(land_offsets) - 1))
    return BaseMap(border_lon, border_lat, coast_lon, coast_lat, land, names, boxes, labels)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@functools.cache
def border_crossings() -> tuple[Crossing, ...]:
    """The Pakistan–Afghanistan crossings of the sample data, in file order."""
    path = package_file("sample_data", "border_crossings.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(Crossing(r["name"], r["other_names"], _number(r["latitude"]),
                              _number(r["longitude"]), r["coordinates"], r["pakistan_side"],
                              r["afghanistan_side"], r["source_url"], r["source_note"])
                     for r in csv.DictReader(fh))
