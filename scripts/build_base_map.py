"""Build the map pane's offline base map from Natural Earth, once, into a compact file.

Input: `countries-50m.json` of the `world-atlas` npm package (Natural Earth 1:50m
admin-0 countries, version 4.1.0, as TopoJSON). Fetch it with

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_base_map.py package/countries-50m.json

Output: `viewer/resources/map/countries-50m.npz`, read by `viewer.domain.base_map`:
every TopoJSON arc once (so a shared border is drawn once), marked border or coast; the
land rings for the fill; and per country its name, ISO numeric code, bounding box and
a label point. Coordinates are kept in hundredths of a degree (about 1 km, finer than
the 1:50m source) as int16, so the file stays small.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "viewer" / "resources" / "map" / "countries-50m.npz"
SCALE = 100  # stored units per degree


def _decode_arcs(topo: dict) -> list[np.ndarray]:
    """Absolute lon/lat of every arc (TopoJSON stores quantized deltas)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        out.append(np.column_stack((q[:, 0] * sx + tx, q[:, 1] * sy + ty)))
    return out


def _ring(arcs: list[np.ndarray], refs: list[int]) -> np.ndarray:
    """A closed ring from arc references (a negative index is the reversed arc ~i)."""
    parts = []
    for i, ref in enumerate(refs):
        pts = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        parts.append(pts if i == 0 else pts[1:])  # arcs share their end points
    return np.concatenate(parts)


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _quantize(pts: np.ndarray) -> np.ndarray:
    return np.round(pts * SCALE).astype(np.int16)


def build(source: Path, out: Path) -> dict[str, int]:
    """Convert the TopoJSON at `source` into the npz at `out`; returns counts."""
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    uses = np.zeros(len(arcs), dtype=np.int32)
    names, codes, boxes, labels = [], [], [], []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = _polygons(geometry)
        for polygon in polygons:
            for ring in polygon:
                for ref in ring:
                    uses[ref if ref >= 0 else ~ref] += 1
        if not polygons:
            continue
        outer = [_ring(arcs, p[0]) for p in polygons]
        every = np.concatenate(outer)
        biggest = max(outer, key=lambda r: abs(_ring_area(r)))
        names.append(geometry["properties"]["name"])
        codes.append(int(geometry.get("id") or -1))
        boxes.append((*every.min(axis=0), *every.max(axis=0)))
        labels.append(biggest.mean(axis=0))
    # Land rings, for the fill: the 'land' object merges the countries.
    land = [_ring(arcs, ring) for geometry in topo["objects"]["land"]["geometries"]
            for polygon in _polygons(geometry) for ring in polygon]
    arc_pts = [_quantize(a) for a in arcs]
    land_pts = [_quantize(r) for r in land]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        arc_points=np.concatenate(arc_pts),
        arc_offsets=np.cumsum([0] + [len(a) for a in arc_pts]).astype(np.int32),
        # An arc used by two countries is a land border; by one, a coast.
        arc_is_border=(uses >= 2),
        land_points=np.concatenate(land_pts),
        land_offsets=np.cumsum([0] + [len(r) for r in land_pts]).astype(np.int32),
        country_names=np.array(names, dtype=str),
        country_codes=np.array(codes, dtype=np.int16),
        country_boxes=np.round(np.array(boxes) * SCALE).astype(np.int16),
        country_labels=np.round(np.array(labels) * SCALE).astype(np.int16),
        scale=np.array(SCALE, dtype=np.int16),
    )
    return {"arcs": len(arcs), "points": int(sum(len(a) for a in arc_pts)),
            "land rings": len(land), "countries": len(names), "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-50m.json of world-atlas 2.0.2")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    counts = build(args.source, args.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), "->", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
