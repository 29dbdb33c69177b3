"""Build ``geomap/basemap/countries.geojson``, the offline basemap, from Natural Earth.

The source is Natural Earth's 1:110m admin-0 countries (public domain), as shipped in
the ``geopandas==0.14.4`` wheel on PyPI under ``geopandas/datasets/naturalearth_lowres``.
The script reads the shapefile straight out of the wheel with pyshp, simplifies each
country with shapely, rounds coordinates to 0.01° (about 1 km) and writes compact GeoJSON
atomically. pyshp and shapely are needed at build time only.

Example:
    python scripts/build_basemap.py                      # pip-downloads the wheel
    python scripts/build_basemap.py --wheel /tmp/geopandas-0.14.4-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapefile  # pyshp
import shapely
from shapely.geometry import mapping, shape

__all__ = ["build_basemap", "main"]

WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUTPUT = Path(__file__).resolve().parent.parent / "geomap" / "basemap" / "countries.geojson"
TOLERANCE_DEG = 0.02
GRID_DEG = 0.01
MIN_AREA_DEG2 = 0.02


def _download_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), WHEEL],
        check=True,
    )
    (wheel,) = folder.glob("geopandas-*.whl")
    return wheel


def _countries(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as archive:
        parts = {ext: io.BytesIO(archive.read(f"{MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = archive.read(f"{MEMBER}.cpg").decode("ascii").strip() or "latin-1"
    reader = shapefile.Reader(**parts, encoding=encoding)
    features = []
    for record in reader.iterShapeRecords():
        geom = shape(record.shape.__geo_interface__)
        geom = geom.simplify(TOLERANCE_DEG, preserve_topology=True)
        geom = shapely.set_precision(geom, GRID_DEG)
        polygons = [p for p in getattr(geom, "geoms", [geom]) if p.area >= MIN_AREA_DEG2]
        if not polygons:
            continue
        geom = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
        name = record.record.as_dict()["name"]
        features.append(
            {"type": "Feature", "properties": {"name": name}, "geometry": mapping(geom)}
        )
    return features


def _compact(obj: object) -> str:
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    # set_precision leaves floats such as 51.49000000000001 only rarely; trim trailing zeros.
    return text.replace(".0,", ",").replace(".0]", "]")


def build_basemap(wheel: Path | None = None, output: Path = OUTPUT) -> Path:
    """Write the basemap GeoJSON and return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        source = wheel or _download_wheel(Path(tmp))
        collection = {"type": "FeatureCollection", "features": _countries(source)}
    text = _compact(json.loads(json.dumps(collection), parse_float=lambda s: round(float(s), 2)))
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp_name, 0o644)  # mkstemp makes the file private
    os.replace(tmp_name, output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded geopandas 0.14.4 wheel")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    path = build_basemap(args.wheel, args.output)
    print(f"{path}: {path.stat().st_size / 1024:.0f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
