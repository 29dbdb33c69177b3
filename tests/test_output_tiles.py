"""Tile sources (geomap.output.tiles), the map's word on them, and the map command's flags."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.commands import main
from geomap.errors import OutputError
from geomap.output.render import build_map, map_html, tile_note
from geomap.output.tiles import OSM, tile_source, unpack_mbtiles


def png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 4) -> bytes:
    """A small solid PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + (chunk(b"IEND", b""))
    )


def tile_folder(root: Path, tiles=((10, 511, 340),), ext=".png") -> Path:
    for z, x, y in tiles:
        path = root / str(z) / str(x) / f"{y}{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png())
    return root


def mbtiles(path: Path, tiles=((10, 511, 683),), fmt="png") -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
    db.execute("INSERT INTO metadata VALUES ('format', ?)", (fmt,))
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", [(*t, png()) for t in tiles])
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    "spec, url, online",
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}/{y}.png",
         True),
        ("http://10.0.0.5:8080/osm/{z}/{x}/{y}.jpg", "http://10.0.0.5:8080/osm/{z}/{x}/{y}.jpg",
         True),
    ],
)  # fmt: skip
def test_a_url_template_is_used_as_given(spec, url, online):
    source = tile_source(spec)
    assert (source.url, source.online) == (url, online)


@pytest.mark.parametrize(
    "spec, message",
    [
        ("https://tiles.example.org/tile.png", "needs {z}, {x} and {y}"),
        ("no/such/folder", "not a tile URL, a folder of z/x/y tiles or an .mbtiles file"),
    ],
)
def test_a_bad_tile_source_says_what_to_give(spec, message):
    with pytest.raises(OutputError, match=message.replace("{", r"\{").replace("}", r"\}")):
        tile_source(spec)


@pytest.mark.parametrize(
    "where, base, expected",
    [
        ("maps/tiles", "maps", "tiles/{z}/{x}/{y}.png"),  # beside the page: relative
        ("extract", "maps", None),  # elsewhere: absolute
    ],
)
def test_a_tile_folder_is_linked_from_the_page(tmp_path, monkeypatch, where, base, expected):
    monkeypatch.chdir(tmp_path)
    tile_folder(tmp_path / where)
    source = tile_source(where, base)
    assert source.url == (expected or f"{tmp_path / where}/{{z}}/{{x}}/{{y}}.png")
    assert not source.online and "read from disk" in tile_note(source)


def test_an_empty_tile_folder_is_refused(tmp_path):
    (tmp_path / "10" / "3").mkdir(parents=True)
    with pytest.raises(OutputError, match="no tiles found"):
        tile_source(str(tmp_path))


def test_mbtiles_rows_count_from_the_south(tmp_path):
    # TMS row 683 at zoom 10 is XYZ row 1023 - 683 = 340.
    folder = unpack_mbtiles(mbtiles(tmp_path / "x.mbtiles"), tmp_path / "out")
    assert [p.relative_to(folder).as_posix() for p in folder.rglob("*.png")] == ["10/511/340.png"]


@pytest.mark.parametrize("content", [b"not sqlite at all", b""])
def test_a_broken_mbtiles_file_is_one_error(tmp_path, content):
    path = tmp_path / "bad.mbtiles"
    path.write_bytes(content)
    with pytest.raises(OutputError, match="bad.mbtiles: "):
        unpack_mbtiles(path, tmp_path / "out")


@pytest.mark.parametrize(
    "tiles, requested, note",
    [
        (True, "tile.openstreetmap.org", "Tiles: OpenStreetMap, requested from tile."),
        (False, None, "No tiles: the bundled basemap only; the map requests nothing."),
        ("https://t.example.org/{z}/{x}/{y}.png", "t.example.org", "requested from t.example."),
    ],
)
def test_the_map_says_which_tiles_it_requests(seed_sites, tiles, requested, note):
    page = map_html(build_map(seed_sites[:2], tiles=tiles))
    assert note in page
    if requested:
        assert requested in page
    else:
        assert "tile.openstreetmap.org" not in page and '"{z}' not in page


def test_osm_is_the_default():
    assert tile_source(OSM.url) is not None and OSM.online


# ---- the map command ----


SEEDS = str(Path(__file__).resolve().parent.parent / "seeds" / "000_9d5c6bd36721f7e0.txt")


def test_tiles_and_no_tiles_together_is_a_usage_error(tmp_path):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(main, ["map", SEEDS, "-o", str(out), "--tiles", "x", "--no-tiles"])
    assert result.exit_code == 2
    assert "Invalid value for '--tiles': give --tiles or --no-tiles, not both" in result.output
    assert not out.exists()


def test_an_mbtiles_file_is_unpacked_beside_the_map(tmp_path):
    out = tmp_path / "m.html"
    source = mbtiles(tmp_path / "london.mbtiles")
    result = CliRunner().invoke(main, ["map", SEEDS, "-o", str(out), "--tiles", str(source)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m_tiles" / "10" / "511" / "340.png").is_file()
    page = out.read_text(encoding="utf-8")
    assert '"m_tiles/{z}/{x}/{y}.png"' in page and "Local tiles (m_tiles), read from disk" in page
