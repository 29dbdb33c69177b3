"""Tests of geomap.gazetteer.entries: validation, loading, user writes, search and the bundled data."""

from __future__ import annotations

import csv
import functools
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.errors import GazetteerError
from geomap.gazetteer.edit import add_entry, import_file, remove_entry
from geomap.gazetteer.entries import (
    USER_FILE,
    Gazetteer,
    GazetteerEntry,
    bundled_dir,
    load_gazetteer,
    read_entries,
    slugify,
    validate_file,
)
from geomap.gazetteer.search import search_entries

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).parents[1].parent / "shared"
GOLD = json.loads((Path(__file__).parent / "fixtures" / "seeds.gold.json").read_text())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def feature(lon: object = -0.1, lat: object = 51.5, **props: object) -> dict:
    props = {"id": "a", "name": "A", "kind": "site", **props}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def collection(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


@pytest.fixture(scope="module")
def bundled() -> Gazetteer:
    return load_gazetteer(Path(__file__).parent / "no-such-user-dir", world=False)


# --------------------------------------------------------------------------- validation

BAD_FILES = [
    (
        "sites.geojson",
        collection(feature(lat=95)),
        ["features[0].geometry.coordinates: latitude 95 is outside -90..90"],
    ),
    (
        "sites.geojson",
        collection(feature(lon=-200, lat=-91)),
        [
            "features[0].geometry.coordinates: latitude -91 is outside -90..90",
            "features[0].geometry.coordinates: longitude -200 is outside -180..180",
        ],
    ),
    (
        "sites.geojson",
        collection(
            {
                "type": "Feature",
                "geometry": None,
                "properties": {"id": "a", "name": "A", "kind": "site", "lat": 95, "lon": 0},
            }
        ),
        ["features[0].properties.lat: Input should be less than or equal to 90"],
    ),
    (
        "sites.geojson",
        collection(feature(colour="red")),
        ["features[0].properties.colour: Extra inputs are not permitted"],
    ),
    (
        "sites.geojson",
        collection(feature(name="")),
        ["features[0].properties.name: Field required"],
    ),
    (
        "sites.geojson",
        collection(feature(kind="town")),
        [
            "features[0].properties.kind: Input should be 'site', 'district', 'city', 'region', "
            "'country', 'continent' or 'water'"
        ],
    ),
    (
        "sites.geojson",
        collection(feature(country="gb")),
        ["features[0].properties.country: String should match pattern '^[A-Z]{2}$'"],
    ),
    (
        "sites.geojson",
        collection(feature(lon="x")),
        ["features[0].geometry.coordinates: expected [lon, lat], got ['x', 51.5]"],
    ),
    (
        "sites.geojson",
        collection(
            {
                "type": "Feature",
                "properties": {"id": "p", "kind": "area"},
                "geometry": {"type": "Polygon", "coordinates": []},
            }
        ),
        [
            "features[0].geometry: expected a Point, not Polygon (draw areas as properties.footprint)",
            "features[0].properties.name: Field required",
            "features[0].properties.kind: Input should be 'site', 'district', 'city', 'region', "
            "'country', 'continent' or 'water'",
        ],
    ),
    (
        "sites.geojson",
        collection(feature(lat=95, kind="town")),
        [
            "features[0].geometry.coordinates: latitude 95 is outside -90..90",
            "features[0].properties.kind: Input should be 'site', 'district', 'city', 'region', "
            "'country', 'continent' or 'water'",
        ],
    ),
    (
        "sites.geojson",
        collection(
            {
                "type": "Feature",
                "properties": {"id": "a", "name": "A", "kind": "site", "lat": 52.0},
                "geometry": {"type": "Point", "coordinates": [0, 51.0]},
            }
        ),
        ["features[0].properties.lat: 52.0 disagrees with geometry.coordinates"],
    ),
    (
        "sites.geojson",
        collection(feature(), feature(name="B")),
        ["features[1].properties.id: duplicate id 'a' (first at features[0])"],
    ),
    (
        "sites.geojson",
        collection(feature(footprint={"type": "Polygon", "coordinates": [[[0, 0]]]})),
        [
            "features[0].properties.footprint: Value error, each ring needs >= 4 [lon, lat] "
            "positions, first == last"
        ],
    ),
    (
        "sites.geojson",
        collection(feature(lat=95), feature(id="b", kind="town"), feature(id="c", name="")),
        [
            "features[0].geometry.coordinates: latitude 95 is outside -90..90",
            "features[1].properties.kind: Input should be 'site', 'district', 'city', 'region', "
            "'country', 'continent' or 'water'",
            "features[2].properties.name: Field required",
        ],
    ),
    (
        "sites.geojson",
        '{"type": "FeatureCollection", "features": [',
        ["not valid JSON: Expecting value (line 1, column 44)"],
    ),
    ("sites.geojson", '{"type": "Feature"}', ["expected a GeoJSON FeatureCollection"]),
    (
        "sites.csv",
        "id,name,kind,lat,lon\na,A,site,95,0\n",
        ["rows[0].lat: Input should be less than or equal to 90"],
    ),
    (
        "sites.csv",
        "id,name,kind,lat,lon,colour\na,A,site,1,0,red\nb,B,site,1,0,\n",
        [
            "columns: 'colour' is not a gazetteer field (fields: id, name, aliases, kind, category, "
            "lat, lon, parent, country, population, geonameid, events, footprint, source, licence, "
            "note)"
        ],
    ),
    (
        "sites.csv",
        "id,name,kind,lat,lon\na,A,site,1,0\na,B,site,1,0\n",
        ["rows[1].id: duplicate id 'a' (first at rows[0])"],
    ),
]


@pytest.mark.parametrize("name, text, expected", BAD_FILES, ids=range(len(BAD_FILES)))
def test_read_entries_lists_every_problem(
    tmp_path: Path, name: str, text: str, expected: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError) as exc:
        read_entries(path)
    assert str(exc.value).splitlines() == [f"{path}: {line}" for line in expected]


GOOD_FILES = [
    ("a.geojson", collection(feature(aliases=["Aa"], events=["Fair"]))),
    ("a.csv", "id,name,aliases,kind,lat,lon,events\na,A,Aa,site,51.5,-0.1,Fair\n"),
    ("a.csv", 'id,name,aliases,kind,lat,lon,events\na,A,"Aa",site,51.5,-0.1,"Fair"\n'),
]


@pytest.mark.parametrize("name, text", GOOD_FILES, ids=range(len(GOOD_FILES)))
def test_geojson_and_csv_read_alike(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    [entry] = read_entries(tmp_path / name)
    assert (entry.id, entry.aliases, entry.events, entry.lat, entry.lon) == (
        "a",
        ["Aa"],
        ["Fair"],
        51.5,
        -0.1,
    )


def test_malformed_file_never_stops_the_others(tmp_path: Path) -> None:
    (tmp_path / "a_bad.geojson").write_text("{", encoding="utf-8")
    (tmp_path / "b_half.geojson").write_text(
        collection(feature(id="half-good"), feature(id="half-bad", lat=95)), encoding="utf-8"
    )
    (tmp_path / "c_good.csv").write_text("id,name,kind,lat,lon\ngood,Good,site,1,2\n")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "ignored.csv").write_text("not,a,gazetteer\n1,2,3\n")
    (tmp_path / ".hidden.geojson").write_text("{")
    gaz = load_gazetteer(tmp_path, world=False)
    assert {"good", "half-good"} <= set(gaz.entries) and "half-bad" not in gaz
    assert gaz.problems == [
        f"{tmp_path / 'a_bad.geojson'}: not valid JSON: Expecting property name enclosed in "
        "double quotes (line 1, column 2)",
        f"{tmp_path / 'b_half.geojson'}: features[1].geometry.coordinates: "
        "latitude 95 is outside -90..90",
    ]
    assert gaz.layers["good"] == "user" and gaz.layers["buckingham-palace"] == "bundled"


CROSS_PROBLEMS = [
    # (entries of a.csv, entries of b.csv, expected problems without the file prefix)
    (
        "x,X,site,1,2,,",
        "x,Y,site,1,2,,",
        ["b.csv: rows[0].id: duplicate id 'x' (also in {dir}/a.csv: rows[0])"],
    ),
    ("x,X,site,1,2,nowhere,", "", ["a.csv: rows[0].parent: unknown parent 'nowhere'"]),
    ("x,X,site,1,2,geonames:1,", "y,Y,site,1,2,country:GB,", []),
    (
        "x,X,site,1,2,y,\ny,Y,site,1,2,x,",
        "",
        [
            "a.csv: rows[0].parent: parent chain loops back to 'x'",
            "a.csv: rows[1].parent: parent chain loops back to 'y'",
        ],
    ),
    (
        "x,X,site,1,2,,Elizabeth tower|Big Ben|Y",
        "y,Y,site,1,2,,",
        [
            "a.csv: rows[0].aliases: 'Elizabeth tower' is the name of elizabeth-tower",
            "a.csv: rows[0].aliases: 'Y' is the name of y",
        ],
    ),
    ("buckingham-palace,Buckingham Palace,site,1,2,,", "", []),  # a user override
]


@pytest.mark.parametrize("a, b, expected", CROSS_PROBLEMS, ids=range(len(CROSS_PROBLEMS)))
def test_problems_between_entries(tmp_path: Path, a: str, b: str, expected: list[str]) -> None:
    header = "id,name,kind,lat,lon,parent,aliases\n"
    (tmp_path / "a.csv").write_text(header + a + "\n")
    (tmp_path / "b.csv").write_text(header + b + "\n")
    gaz = load_gazetteer(tmp_path, world=False)
    assert gaz.problems == [f"{tmp_path}/{p.format(dir=tmp_path)}" for p in expected]


def test_validate_file_checks_against_the_loaded_gazetteer(
    tmp_path: Path, bundled: Gazetteer
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,name,kind,lat,lon,parent,aliases\n"
        "x,X,site,1,2,palace-of-westminster,Houses of Parliament|Elizabeth Tower\n"
        "y,Y,site,1,2,no-such-parent,\n"
    )
    assert validate_file(path, bundled) == [
        f"{path}: rows[0].aliases: 'Elizabeth Tower' is the name of elizabeth-tower",
        f"{path}: rows[1].parent: unknown parent 'no-such-parent'",
    ]


# --------------------------------------------------------------------------- user writes


def entry(id: str, **kw: object) -> GazetteerEntry:
    return GazetteerEntry(
        id=id, name=kw.pop("name", id.title()), kind="site", lat=51.5, lon=-0.1, **kw
    )


def user_ids(folder: Path) -> list[str]:
    return [e.id for e in read_entries(folder / USER_FILE)]


def test_add_remove_and_backup(tmp_path: Path) -> None:
    add_entry(entry("one"), tmp_path)
    add_entry(entry("two"), tmp_path)
    assert user_ids(tmp_path) == ["one", "two"]
    assert [e.id for e in read_entries_text(tmp_path / (USER_FILE + ".bak"))] == ["one"]
    with pytest.raises(GazetteerError, match="id 'one' already exists; replace it with"):
        add_entry(entry("one", name="Other"), tmp_path)
    add_entry(entry("one", name="Other"), tmp_path, replace=True)
    assert read_entries(tmp_path / USER_FILE)[0].name == "Other"
    assert remove_entry("one", tmp_path).name == "Other"
    assert user_ids(tmp_path) == ["two"]
    with pytest.raises(GazetteerError, match="no user entry with id 'one'"):
        remove_entry("one", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        USER_FILE,
        USER_FILE + ".bak",
        USER_FILE + ".lock",
    ]


def read_entries_text(path: Path) -> list[GazetteerEntry]:
    copy = path.with_name("copy.geojson")
    copy.write_bytes(path.read_bytes())
    try:
        return read_entries(copy)
    finally:
        copy.unlink()


def test_import_file_validates_first(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name,kind,lat,lon\na,A,site,1,2\nb,B,site,95,2\n")
    with pytest.raises(GazetteerError):
        import_file(src, tmp_path / "user")
    assert not (tmp_path / "user" / USER_FILE).exists()
    src.write_text("id,name,kind,lat,lon\na,A,site,1,2\nb,B,site,3,2\n")
    assert [e.id for e in import_file(src, tmp_path / "user")] == ["a", "b"]
    assert user_ids(tmp_path / "user") == ["a", "b"]


def test_a_malformed_user_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / USER_FILE).write_text("{broken")
    with pytest.raises(GazetteerError, match="not valid JSON"):
        add_entry(entry("one"), tmp_path)
    assert (tmp_path / USER_FILE).read_text() == "{broken"


# A writer that stops for good at the n-th call of the patched function, so the test can
# kill it there. add_entry on an existing file calls: fsync(backup temp), replace(backup),
# fsync(folder), fsync(new temp), replace(user.geojson), fsync(folder).
WRITER = """
import os, sys, time
from pathlib import Path
from geomap.gazetteer.entries import GazetteerEntry
from geomap.gazetteer.edit import add_entry
folder, hook, nth = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
real, calls = getattr(os, hook), []
def stall(*args):
    calls.append(args)
    if len(calls) == nth:
        (folder / "stalled").write_text("")
        time.sleep(60)
    return real(*args)
setattr(os, hook, stall)
add_entry(GazetteerEntry(id="late", name="Late", kind="site", lat=1, lon=2), folder)
"""


KILL_POINTS = [  # (patched function, its n-th call, ids in user.geojson after the kill)
    ("replace", 1, ["early"]),  # about to put the backup in place
    ("fsync", 3, ["early"]),  # the new file written, not yet renamed
    ("fsync", 4, ["early", "late"]),  # renamed, syncing the folder
]


def spawn(script: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.slow
def test_killed_writer_leaves_the_file_intact(tmp_path: Path) -> None:
    # One writer per kill point, all at once: each stalls inside add_entry and is killed.
    folders = [tmp_path / f"{hook}-{nth}" for hook, nth, _ in KILL_POINTS]
    procs = []
    for folder, (hook, nth, _) in zip(folders, KILL_POINTS, strict=True):
        add_entry(entry("early"), folder)
        procs.append(spawn(WRITER, folder, hook, nth))
    deadline = time.monotonic() + 20
    for folder, proc in zip(folders, procs, strict=True):
        while not (folder / "stalled").exists():
            assert proc.poll() is None and time.monotonic() < deadline, f"{folder.name} ran on"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    for folder, (_, _, expected) in zip(folders, KILL_POINTS, strict=True):
        assert user_ids(folder) == expected, folder.name
        assert load_gazetteer(folder, world=False).problems == []  # leftovers are ignored
        add_entry(entry("after"), folder)  # the lock died with the writer
        assert user_ids(folder) == [*expected, "after"]


ADDER = """
import sys, time
from pathlib import Path
from geomap.gazetteer.entries import GazetteerEntry
from geomap.gazetteer.edit import add_entry
folder, who = Path(sys.argv[1]), sys.argv[2]
(folder / f"ready-{who}").write_text("")
while not (folder / "go").exists():  # start together, so that the writes overlap
    time.sleep(0.005)
for i in range(4):
    add_entry(GazetteerEntry(id=f"{who}-{i}", name=f"{who} {i}", kind="site", lat=1, lon=2),
              folder)
"""


@pytest.mark.slow
def test_concurrent_adds_lose_nothing(tmp_path: Path) -> None:
    procs = [spawn(ADDER, tmp_path, f"p{n}") for n in range(3)]
    deadline = time.monotonic() + 20
    while len(list(tmp_path.glob("ready-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").write_text("")
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert sorted(user_ids(tmp_path)) == sorted(f"p{n}-{i}" for n in range(3) for i in range(4))


# --------------------------------------------------------------------------- search


def small() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add(
        [
            GazetteerEntry(
                id="vic-city", name="Victoria", kind="city", lat=0, lon=0, population=80_000
            ),
            GazetteerEntry(
                id="vic-town", name="Victoria", kind="city", lat=0, lon=0, population=2_000
            ),
            GazetteerEntry(
                id="vic-station",
                name="Victoria station",
                kind="site",
                lat=0,
                lon=0,
                aliases=["London Victoria"],
            ),
            GazetteerEntry(id="vic-district", name="Victoria", kind="district", lat=0, lon=0),
            GazetteerEntry(id="lv", name="Lake Victoria", kind="water", lat=0, lon=0),
            GazetteerEntry(
                id="kx",
                name="King's Cross station",
                kind="site",
                lat=0,
                lon=0,
                aliases=["King's Cross"],
            ),
        ]
    )
    return gaz


SEARCHES = [
    ("Victoria", 10, ["vic-district", "vic-city", "vic-town", "vic-station", "lv"]),
    ("london victoria", 10, ["vic-station"]),
    ("VICTORIA STAT", 10, ["vic-station"]),
    ("toria", 2, ["vic-station", "vic-district"]),
    ("kings cross", 10, ["kx"]),
    ("King’s Cross station", 10, ["kx"]),
    ("nowhere", 10, []),
    ("", 10, []),
]


@pytest.mark.parametrize("text, limit, expected", SEARCHES)
def test_search_best_match_first(text: str, limit: int, expected: list[str]) -> None:
    assert [e.id for e in search_entries(small(), text, limit)] == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("St Stephen's Entrance", "st-stephens-entrance"),
        (
            "Embassy of the United States, London (Nine Elms)",
            "embassy-of-the-united-states-london-nine-elms",
        ),
        ("Zürich HB", "zurich-hb"),
        ("!!!", ""),
    ],
)
def test_slugify(name: str, expected: str) -> None:
    assert slugify(name) == expected


# --------------------------------------------------------------------------- bundled data


def test_bundled_gazetteer_loads_clean(bundled: Gazetteer) -> None:
    assert bundled.problems == []
    assert len(bundled.curated()) >= 500
    assert not any(
        p.parent.name == "sources"
        for p in bundled_dir().iterdir()
        if p.suffix in (".csv", ".geojson")
    )
    assert all(
        o.startswith(("gazetteer/uk_", "gazetteer/world_airports"))
        for o in bundled.origins.values()
    )


def test_every_entry_names_its_source_and_licence(bundled: Gazetteer) -> None:
    bad = [
        e.id
        for e in bundled.curated()
        if e.source in ("", "user")
        or not e.licence
        # The world's airports come from OpenFlights; every other bundled entry is British.
        or (e.country != "GB" and not e.source.startswith("OpenFlights airports.dat"))
    ]
    assert bad == []


def test_moved_or_unchecked_key_sites_rows_say_why(bundled: Gazetteer) -> None:
    unexplained = [
        e.id
        for e in bundled.curated()
        if ("UNVERIFIED" in e.source or "single-source" in e.source) and not e.note
    ]
    assert unexplained == []


# Gold places that are the world layer's (GeoNames cities and districts, countries...).
GOLD_WORLD = {
    "westminster": "geonames:2634341",
    "manchester": "geonames:2643123",
    "london": "geonames:2643743",
    "wembley": "geonames:2634549",
    "twickenham": "geonames:2635308",
    "nice": "geonames:2990440",
    "paris": "geonames:2988507",
    "munich": "geonames:2867714",
    "united-kingdom": "country:GB",
    "germany": "country:DE",
    "belgium": "country:BE",
    "france": "country:FR",
    "england": "admin1:GB.ENG",
    "wales": "admin1:GB.WLS",
    "europe": "continent:EU",
}
GOLD_CURATED = {"scotland-yard": "new-scotland-yard"}


@pytest.mark.parametrize("key", sorted(GOLD["places"]))
def test_every_gold_place_has_an_entry_within_tolerance(key: str, bundled: Gazetteer) -> None:
    gold = GOLD["places"][key]
    if key in GOLD_WORLD:
        lat, lon = world_point(GOLD_WORLD[key])
    else:
        e = bundled.get(GOLD_CURATED.get(key, key))
        assert e is not None, f"no curated entry for gold place {key}"
        assert e.name == gold["name"] and e.kind == gold["kind"]
        lat, lon = e.lat, e.lon
    assert km(lat, lon, gold["lat"], gold["lon"]) <= gold["tolerance_km"]


@functools.cache
def geonames_points() -> dict[str, tuple[float, float]]:
    path = SHARED / "data" / "geonames" / "cities500_GB_FR_DE_BE.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            f"geonames:{r[0]}": (float(r[2]), float(r[3]))
            for r in csv.reader(fh, delimiter="\t")
            if r[0] != "geonameid" and r[0] in GEONAMES_IDS
        }


GEONAMES_IDS = {
    "2634341",
    "2643123",
    "2643743",
    "2634549",
    "2635308",
    "2990440",
    "2988507",
    "2867714",
}


def world_point(id: str) -> tuple[float, float]:
    """The point the world layer's source data gives ``id`` (skip where it is absent)."""
    if id in geonames_points():
        return geonames_points()[id]
    tables = {
        "country:": ("countries.csv", "iso"),
        "admin1:": ("admin1.csv", "code"),
        "continent:": ("world_extra.csv", "id"),
    }
    for prefix, (name, column) in tables.items():
        path = REPO / "geomap" / "data" / name
        if id.startswith(prefix) and path.exists():
            key = id if column == "id" else id.removeprefix(prefix)
            with path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    if r.get(column) == key:
                        return float(r["lat"]), float(r["lon"])
    pytest.skip(f"world layer data for {id} not available")


def key_site_rows() -> list[dict[str, str]]:
    path = SHARED / "data" / "key_sites.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            r
            for r in csv.DictReader(fh)
            if r["verification"] in ("geonames", "dataset", "cross-checked")
        ]


@pytest.mark.skipif(not SHARED.exists(), reason="shared data absent")
@pytest.mark.parametrize("row", key_site_rows(), ids=lambda r: r["name"])
def test_curated_points_agree_with_checked_key_sites(
    row: dict[str, str], bundled: Gazetteer
) -> None:
    matches = [
        e for e in bundled.curated() if row["name"].casefold() in (n.casefold() for n in e.names())
    ]
    if not matches:
        assert row["kind"] in ("city", "district", "town", "country"), row["name"]
        pytest.skip("a world-layer place")
    for e in matches:
        assert km(e.lat, e.lon, float(row["lat"]), float(row["lon"])) <= 0.150, e.id


@pytest.mark.parametrize(
    "id, field, expected",
    [
        ("buckingham-palace", "events", "Changing of the Guard"),
        ("horse-guards-parade", "events", "Trooping the Colour"),
        ("palace-of-westminster", "aliases", "Houses of Parliament"),
        ("palace-of-westminster", "aliases", "Parliament"),
        ("palace-of-westminster", "category", "parliament"),
        ("downing-street", "aliases", "Number 10"),
        ("downing-street", "aliases", "No 10"),
        ("new-scotland-yard", "aliases", "Scotland Yard"),
        ("manchester-arena", "aliases", "MEN Arena"),
        ("manchester-arena", "aliases", "Manchester Evening News Arena"),
        ("manchester-arena", "aliases", "AO Arena"),
        ("kings-cross-station", "aliases", "King's Cross"),
        ("kings-cross-station", "aliases", "London King's Cross"),
        ("heathrow-airport", "aliases", "Heathrow"),
        ("the-o2", "aliases", "O2 Arena"),
        ("home-office", "aliases", "2 Marsham Street"),
        ("thames-house", "aliases", "MI5 headquarters"),
        ("vauxhall-cross", "aliases", "MI6 building"),
        ("london-bridge", "category", "bridge"),
        ("london-bridge-station", "category", "rail_terminus"),
        ("us-embassy-grosvenor-square", "note", "until January 2018"),
        ("us-embassy-nine-elms", "note", "since 16 January 2018"),
    ],
)
def test_required_content(bundled: Gazetteer, id: str, field: str, expected: str) -> None:
    value = getattr(bundled.entries[id], field)
    assert expected in value


@pytest.mark.parametrize(
    "id",
    [
        "st-stephens-entrance",
        "carriage-gates",
        "cromwell-green-entrance",
        "black-rods-garden-entrance",
        "portcullis-house",
        "westminster-hall",
        "elizabeth-tower",
        "new-palace-yard",
    ],
)
def test_parliament_entrances_hang_off_the_palace(bundled: Gazetteer, id: str) -> None:
    e = bundled.entries[id]
    palace = bundled.entries["palace-of-westminster"]
    assert e.parent == "palace-of-westminster" and palace.parent == "geonames:2634341"
    assert km(e.lat, e.lon, palace.lat, palace.lon) < 0.3


def test_airport_aliases_hold_no_iata_codes(bundled: Gazetteer) -> None:
    codes = [
        (e.id, a)
        for e in bundled.curated()
        if e.category == "airport"
        for a in e.aliases
        if len(a) == 3 and a.isupper()
    ]
    assert codes == []
    assert len([e for e in bundled.curated() if e.category == "airport"]) >= 40


@pytest.mark.skipif(not SHARED.exists(), reason="shared data absent")
def test_bundled_files_match_a_fresh_build() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_gazetteer
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert build_gazetteer.main([str(SHARED / "data"), "--check"]) == 0
