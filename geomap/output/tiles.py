"""Where a map's tiles come from: OpenStreetMap, a URL template, a folder or an MBTiles file.

An analyst working offline may have an extract of streets as a folder of ``z/x/y`` tiles
or as an MBTiles file; an analyst who must not contact OpenStreetMap may have a server of
their own. :func:`tile_source` turns what ``--tiles`` says into a :class:`TileSource`, whose
``url`` is relative to the folder the page is written to, and the map says which source
it uses. An MBTiles file (SQLite) cannot be read by a page opened from disk, so
:func:`unpack_mbtiles` writes its tiles into a folder beside the page.

Examples
--------
>>> tile_source("https://tiles.example.org/{z}/{x}/{y}.png").url
'https://tiles.example.org/{z}/{x}/{y}.png'
>>> tile_source(None) is None
True
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import OutputError
from geomap.output.records import link_target

__all__ = ["OSM", "TileSource", "tile_source", "unpack_mbtiles"]

_TILE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class TileSource:
    """A Leaflet tile layer: its URL template, what the map calls it and its attribution."""

    url: str
    name: str
    attribution: str
    max_zoom: int = 19

    @property
    def online(self) -> bool:
        """Whether the page asks a server for its tiles."""
        return self.url.startswith(("http://", "https://", "//"))


OSM = TileSource(
    url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    name="OpenStreetMap",
    attribution=(
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    ),
)


def _folder_template(folder: Path) -> str:
    """``{z}/{x}/{y}.ext`` for a folder of tiles, the extension read from the first tile."""
    for z in sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()):
        for x in sorted(p for p in z.iterdir() if p.is_dir() and p.name.isdigit()):
            for tile in sorted(x.iterdir()):
                if tile.suffix.lower() in _TILE_EXTENSIONS and tile.stem.isdigit():
                    return "{z}/{x}/{y}" + tile.suffix
    raise OutputError(
        f"{folder}: no tiles found: give a folder of z/x/y tiles such as 12/2046/1362.png"
    )


def tile_source(spec: str | None, base: str | os.PathLike[str] | None = None) -> TileSource | None:
    """Return the tile source ``spec`` names: a URL template, or a folder of z/x/y tiles.

    A folder's tiles are linked relative to ``base``, the folder the page is written to.
    An ``.mbtiles`` file must be unpacked first (:func:`unpack_mbtiles`).
    """
    if spec is None:
        return None
    if spec.startswith(("http://", "https://")):
        if not all(part in spec for part in ("{z}", "{x}", "{y}")):
            raise OutputError(f"{spec}: a tile URL needs {{z}}, {{x}} and {{y}}")
        host = spec.split("/")[2]
        return TileSource(url=spec, name=host, attribution=f"Tiles: {host}")
    folder = Path(spec)
    if not folder.is_dir():
        raise OutputError(f"{spec}: not a tile URL, a folder of z/x/y tiles or an .mbtiles file")
    where = link_target(str(folder), base) or str(folder)
    url = Path(where).as_posix().rstrip("/") + "/" + _folder_template(folder)
    name = f"Local tiles ({folder.name})"
    return TileSource(url=url, name=name, attribution=f"Tiles: {folder.name}")


def unpack_mbtiles(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> Path:
    """Write the tiles of an MBTiles file into ``folder`` as ``z/x/y.ext`` and return it.

    MBTiles counts rows from the south (TMS); the folder counts them from the north, as
    Leaflet does.
    """
    source, target = Path(path), Path(folder)
    try:
        db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            ext = "." + str(meta.get("format", "png")).lower().replace("jpeg", "jpg")
            rows = db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
            count = 0
            for z, x, y, data in rows:
                tile = target / str(z) / str(x) / f"{(1 << z) - 1 - y}{ext}"
                tile.parent.mkdir(parents=True, exist_ok=True)
                tile.write_bytes(data)
                count += 1
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise OutputError(f"{source}: not a readable MBTiles file ({exc})") from exc
    if not count:
        raise OutputError(f"{source}: the MBTiles file holds no tiles")
    return target
