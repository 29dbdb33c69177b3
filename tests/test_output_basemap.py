"""The bundled basemap (geomap/basemap/): what it holds and what it costs."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest
import shapely

from geomap.output.assets import basemap_json, features_json

ROOT = Path(__file__).resolve().parent.parent
KB = 1024


@pytest.fixture(scope="module")
def features() -> dict:
    return json.loads(features_json())


@pytest.fixture(scope="module")
def countries() -> dict:
    return json.loads(basemap_json())


def build_script():
    spec = importlib.util.spec_from_file_location(
        "build_basemap", ROOT / "scripts" / "build_basemap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def near(line, lat, lon, km) -> bool:
    return any(math.hypot((p[0] - lat) * 111, (p[1] - lon) * 111 * math.cos(math.radians(lat))) < km
               for p in line)  # fmt: skip


@pytest.mark.parametrize(
    "river, lat, lon",
    [
        ("Thames at London", 51.49, -0.12),
        ("Seine at Paris", 48.86, 2.35),
        ("Danube at Budapest", 47.5, 19.04),
        ("Nile at Cairo", 30.05, 31.23),
    ],
)
def test_the_basemap_has_the_rivers_of_capitals(features, river, lat, lon):
    assert any(near(line, lat, lon, 8) for line in features["rivers"]), river


@pytest.mark.parametrize(
    "lake, lat, lon",
    [("Lake Geneva", 46.45, 6.5), ("Lake Victoria", -1, 33), ("Lake Erie", 42.2, -81.2)],
)
def test_the_basemap_has_lakes(features, lake, lat, lon):
    point = shapely.Point(lon, lat)
    lakes = [shapely.Polygon([(x, y) for y, x in rings[0]]) for rings in features["lakes"]]
    assert any(p.contains(point) for p in lakes), lake


@pytest.mark.parametrize(
    "town, lat, lon, zoom",
    [("London", 51.5, -0.1, 5), ("Manchester", 53.5, -2.2, 6), ("Nice", 43.7, 7.3, 6),
     ("Oxford", 51.75, -1.26, 7), ("London", 43.0, -81.2, 6)],  # London, Ontario: smaller
)  # fmt: skip
def test_town_names_show_by_size(features, town, lat, lon, zoom):
    (found,) = [z for name, y, x, z in features["towns"]
                if name == town and abs(y - lat) < 0.5 and abs(x - lon) < 0.5]  # fmt: skip
    assert found == zoom


def test_towns_come_biggest_first_so_the_declutter_keeps_them(features):
    zooms = [z for *_, z in features["towns"]]
    assert zooms == sorted(zooms)


def test_every_country_is_named_with_its_code(countries):
    props = [f["properties"] for f in countries["features"]]
    assert all(set(p) == {"name", "iso"} and len(p["iso"]) == 2 for p in props)
    assert {"GB", "FR", "DE", "BE", "US", "UA"} <= {p["iso"] for p in props}


def test_the_basemap_stays_within_its_budget():
    size = len(basemap_json().encode()) + len(features_json().encode())
    assert size < 1_150 * KB


@pytest.mark.parametrize(
    "population, zoom", [(9_000_000, 5), (1_000_000, 5), (999_999, 6), (300_000, 6),
                         (100_000, 7), (99_999, None), (0, None)],
)  # fmt: skip
def test_town_zoom(population, zoom):
    assert build_script().town_zoom(population) == zoom


@pytest.mark.parametrize("iso", ["RU", "FJ", "US", "NZ", "AQ"])
def test_no_outline_is_drawn_across_the_world(countries, iso):
    # A ring that jumps from 180° to -180° would be a band across every longitude.
    (feature,) = [f for f in countries["features"] if f["properties"]["iso"] == iso]
    geometry = feature["geometry"]
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    jumps = [
        (a, b)
        for polygon in polygons
        for ring in polygon
        for a, b in zip(ring, ring[1:], strict=False)
        if abs(a[0] - b[0]) > 90 and not (abs(a[1]) > 85 and abs(b[1]) > 85)  # along a pole
    ]
    assert jumps == []
