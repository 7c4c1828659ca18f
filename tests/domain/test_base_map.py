"""The offline base map and the border crossings: shipped files, read with no network."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from viewer.domain.base_map import ATTRIBUTION, base_map, border_crossings

NO_NETWORK = """
import socket
def refuse(*a, **k):
    raise OSError("network used")
socket.socket = refuse
socket.create_connection = refuse
from viewer.domain.base_map import base_map, border_crossings
m = base_map()
print(len(m.country_names), len(border_crossings()))
"""


def test_base_map_loads_without_network():
    out = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True,
                         check=True, timeout=60)
    countries, crossings = map(int, out.stdout.split())
    assert countries > 200 and crossings == 5


def test_pakistan_and_afghanistan_are_where_they_are():
    m = base_map()
    pak = m.country_boxes[m.country_at("Pakistan")]
    afg = m.country_boxes[m.country_at("Afghanistan")]
    assert 60 < pak[0] < 62 and 77 < pak[2] < 78 and 23 < pak[1] < 24.5 and 37 < pak[3] < 37.5
    assert 60 < afg[0] < 61 and 74 < afg[2] < 75.1 and 29 < afg[1] < 29.6 and 38 < afg[3] < 38.6
    assert "Natural Earth" in ATTRIBUTION


def _distance_to_border_deg(lon: float, lat: float) -> float:
    m = base_map()
    ok = ~np.isnan(m.border_lon)
    return float(np.min(np.hypot(m.border_lon[ok] - lon, m.border_lat[ok] - lat)))


def test_crossings_with_stated_coordinates_sit_on_the_border():
    crossings = {c.name: c for c in border_crossings()}
    assert set(crossings) == {"Torkham", "Chaman", "Ghulam Khan", "Angoor Adda", "Kharlachi"}
    for c in crossings.values():
        assert c.source_url.startswith("https://")
        if c.coordinates == "stated":
            # Within ~5 km of Natural Earth's 1:50m border line.
            assert _distance_to_border_deg(c.longitude, c.latitude) < 0.05, c.name
    assert not crossings["Ghulam Khan"].placed  # no source gave its coordinates
    assert crossings["Kharlachi"].coordinates == "approximate"
