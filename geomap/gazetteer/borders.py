"""Whether a point lies in the country it claims: the bundled basemap's outlines, by ISO code.

The outlines are Natural Earth's 1:110m countries (``geomap/basemap/countries.geojson``),
coarse enough to miss small islands and to cut coasts by kilometres, so a point counts as
inside within :data:`TOLERANCE_KM` of its country; a country too small for the basemap is
not checked at all. A point that is outside but would be inside with latitude and
longitude exchanged is reported as swapped, the commonest slip when a spreadsheet's
columns are typed by hand.

Examples
--------
>>> border_problems([(51.5, -0.12, "GB"), (-0.12, 51.5, "GB")])
['', '-0.12, 51.5 is outside GB, and 51.5, -0.12 inside it: latitude and longitude look swapped']
>>> border_problems([(48.85, 2.35, "GB")])
['48.85, 2.35 is 251 km outside GB, its stated country']
>>> border_problems([(43.73, 7.42, "MC"), (0, 0, None)])  # Monaco: too small to check
['', '']
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["TOLERANCE_KM", "border_problems", "outlines"]

TOLERANCE_KM = 50
_BASEMAP = Path(__file__).resolve().parent.parent / "basemap" / "countries.geojson"
_COUNTRIES = Path(__file__).resolve().parent.parent / "data" / "countries.csv"
# Natural Earth's short forms, and the names countries.csv gives another code.
_NE_CODES = {
    "W. Sahara": "EH", "Dem. Rep. Congo": "CD", "Dominican Rep.": "DO", "Falkland Is.": "FK",
    "Fr. S. Antarctic Lands": "TF", "Côte d'Ivoire": "CI", "Central African Rep.": "CF",
    "Eq. Guinea": "GQ", "eSwatini": "SZ", "Israel": "IL", "Palestine": "PS",
    "Solomon Is.": "SB", "N. Cyprus": "CY", "Somaliland": "SO", "Bosnia and Herz.": "BA",
    "S. Sudan": "SS",
}  # fmt: skip


@lru_cache(maxsize=1)
def outlines() -> dict[str, Any]:
    """Each country's outline by ISO alpha-2 code, prepared for fast point tests."""
    import shapely
    from shapely.geometry import shape

    codes: dict[str, str] = {}
    with _COUNTRIES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in (row["name"], *row["aliases"].split("|")):
                codes.setdefault(name, row["iso"])
    parts: dict[str, list[Any]] = defaultdict(list)
    for feat in json.loads(_BASEMAP.read_text(encoding="utf-8"))["features"]:
        name = feat["properties"]["name"]
        code = _NE_CODES.get(name) or codes.get(name)
        if code:
            parts[code].append(shape(feat["geometry"]))
    found = {code: shapely.union_all(geoms) for code, geoms in parts.items()}
    for geom in found.values():
        shapely.prepare(geom)
    return found


def _km_outside(geom: Any, lat: float, lon: float) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    from geomap.gazetteer.index import haversine_km

    near = nearest_points(geom, Point(lon, lat))[0]
    return haversine_km(lat, lon, near.y, near.x)


def border_problems(points: Sequence[tuple[float, float, str | None]]) -> list[str]:
    """For each ``(lat, lon, country)``, a warning, or ``""`` where there is nothing to say.

    Points are tested a country at a time, in one vectorised call each, so a file of
    100,000 rows costs well under a second.
    """
    import numpy as np
    import shapely

    found = [""] * len(points)
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, cc) in enumerate(points):
        if cc:
            by_country[cc].append(i)
    shapes = outlines()
    for cc, rows in by_country.items():
        geom = shapes.get(cc)
        if geom is None:
            continue
        lats = np.array([points[i][0] for i in rows], dtype=float)
        lons = np.array([points[i][1] for i in rows], dtype=float)
        inside = shapely.contains_xy(geom, lons, lats)
        for i, ok, lat, lon in zip(rows, inside, lats, lons, strict=True):
            if ok or _km_outside(geom, lat, lon) <= TOLERANCE_KM:
                continue
            if abs(lon) <= 90 and _km_outside(geom, lon, lat) <= TOLERANCE_KM:
                found[i] = (
                    f"{lat:g}, {lon:g} is outside {cc}, and {lon:g}, {lat:g} inside it: "
                    "latitude and longitude look swapped"
                )
            else:
                km = _km_outside(geom, lat, lon)
                found[i] = f"{lat:g}, {lon:g} is {km:,.0f} km outside {cc}, its stated country"
    return found
