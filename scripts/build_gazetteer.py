#!/usr/bin/env python3
"""Build the bundled UK gazetteer (``gazetteer/uk_*.geojson``) from public data and curation.

Inputs:

- ``gazetteer/sources/curated_uk_sites.csv``: hand-curated sites, one a row. A row may name
  a dataset row in ``ref`` (``key_sites:<name>``, ``crs:<code>``, ``openflights:<id>``): its
  coordinates are then taken from that row when ``lat``/``lon`` are blank, or checked
  against it when they are given. ``parent`` is an entry id, ``@<GeoNames name>`` (the most
  populous GB place of that name) or blank (the nearest town).
- ``DATA_DIR`` (default ``../shared/data`` next to the repository): ``key_sites.csv``,
  ``stations/uk_railway_stations.csv`` (every station not curated becomes a plain
  "<name> station" entry), ``airports/openflights_airports.dat`` and
  ``geonames/cities500_GB_FR_DE_BE.tsv`` (parents).

Every entry is validated with :class:`geomap.gazetteer.entries.GazetteerEntry`; a curated point
more than 150 m from a checked key_sites row (GeoNames, dataset or cross-checked), or from
any other referenced row without a note saying why, stops the build. ``--check`` compares
with the files on disk instead of writing them (for CI).

Usage::

    python scripts/build_gazetteer.py [DATA_DIR] [--out gazetteer] [--check]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geomap.gazetteer.edit import to_feature  # noqa: E402
from geomap.gazetteer.entries import GazetteerEntry, slugify  # noqa: E402

CURATED = REPO / "gazetteer" / "sources" / "curated_uk_sites.csv"
# Names news gives some airports beyond OpenFlights' ("Schiphol", "JFK Airport").
AIRPORT_ALIASES = REPO / "gazetteer" / "sources" / "airport_aliases.csv"
STATIONS = "stations/uk_railway_stations.csv"
AIRPORTS = "airports/openflights_airports.dat"
CITIES = "geonames/cities500_GB_FR_DE_BE.tsv"
KEY_SITES = "key_sites.csv"

HAND_SOURCE = "geomap curated (estimate from public maps)"
HAND_LICENCE = "MIT (geomap project)"
TUBE_SOURCE = (
    f"{HAND_SOURCE}; spot-checked against TfL (NaPTAN) station points republished in public tables"
)
STATIONS_SOURCE = "davwheat/uk-railway-stations v1.10.0 stations.csv"
ODBL = "ODbL-1.0"
CHECKED = ("geonames", "dataset", "cross-checked")
MAX_OFFSET_M = 150
OUTPUTS = {  # file -> categories it holds; everything else goes to uk_sites.geojson
    "uk_stations.geojson": {"rail_station", "rail_terminus", "tube_station"},
    "uk_airports.geojson": {"airport", "military_airfield"},
    "uk_ports.geojson": {"ferry_port"},
}


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


class Data:
    """The public tables, indexed the way the curated rows refer to them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        with (root / KEY_SITES).open(encoding="utf-8", newline="") as fh:
            self.key_sites = {r["name"]: r for r in csv.DictReader(fh)}
        with (root / STATIONS).open(encoding="utf-8", newline="") as fh:
            self.stations = {r["crsCode"]: r for r in csv.DictReader(fh)}
        with (root / AIRPORTS).open(encoding="utf-8", newline="") as fh:
            self.airports = {r[0]: r for r in csv.reader(fh)}
        with (root / CITIES).open(encoding="utf-8", newline="") as fh:
            self.cities = [
                (
                    int(r["geonameid"]),
                    r["name"],
                    float(r["latitude"]),
                    float(r["longitude"]),
                    int(r["population"] or 0),
                )
                for r in csv.DictReader(fh, delimiter="\t")
                if r["countrycode"] == "GB"
            ]

    def place(self, name: str) -> str:
        """``geonames:<id>`` of the most populous GB place called ``name``."""
        found = [c for c in self.cities if c[1] == name]
        if not found:
            raise SystemExit(f"{CURATED.name}: no GeoNames place called {name!r}")
        return f"geonames:{max(found, key=lambda c: c[4])[0]}"

    def nearest_town(self, lat: float, lon: float) -> str:
        """The nearest town of 15,000+ within 10 km, else any place within 5 km, else GB."""
        if not hasattr(self, "_grid"):  # cells of 0.1 x 0.16 degrees: >= 10 km across
            self._grid: dict[tuple[int, int], list[tuple[int, str, float, float, int]]] = {}
            for c in self.cities:
                self._grid.setdefault((int(c[2] // 0.1), int(c[3] // 0.16)), []).append(c)
        row, col = int(lat // 0.1), int(lon // 0.16)
        near = [
            c
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for c in self._grid.get((row + dr, col + dc), [])
        ]
        for min_pop, max_m in ((15_000, 10_000), (0, 5_000)):
            found = [(distance_m(lat, lon, c[2], c[3]), c[0]) for c in near if c[4] >= min_pop]
            found = [f for f in found if f[0] <= max_m]
            if found:
                return f"geonames:{min(found)[1]}"
        return "country:GB"

    def resolve(self, ref: str) -> tuple[float, float, str, str, str]:
        """(lat, lon, source, licence, verification) of the dataset row ``ref`` names."""
        kind, _, key = ref.partition(":")
        if kind == "key_sites" and key in self.key_sites:
            r = self.key_sites[key]
            if r["verification"] == "geonames":
                licence = "CC-BY-4.0 (GeoNames)"
            elif "ODbL" in r["source"]:
                licence = ODBL
            else:
                licence = f"{HAND_LICENCE}; coordinates cross-checked in public tables"
            source = f"key_sites.csv: {r['source']} [{r['verification']}]"
            return float(r["lat"]), float(r["lon"]), source, licence, r["verification"]
        if kind == "crs" and key in self.stations:
            st = self.stations[key]
            source = f"{STATIONS_SOURCE} (crs:{key})"
            return float(st["lat"]), float(st["long"]), source, ODBL, "dataset"
        if kind == "openflights" and key in self.airports:
            ap = self.airports[key]
            codes = "; ".join(
                f"{k} {v}" for k, v in (("IATA", ap[4]), ("ICAO", ap[5])) if v != r"\N"
            )
            source = f"OpenFlights airports.dat (id {key}; {codes}; {ap[1]})"
            return float(ap[6]), float(ap[7]), source, ODBL, "dataset"
        raise SystemExit(f"{CURATED.name}: unknown ref {ref!r}")


def curated_entry(row: dict[str, str], data: Data, problems: list[str]) -> dict[str, Any]:
    """One curated row as entry fields, with source, licence and note filled in."""
    fields: dict[str, Any] = {k: v.strip() for k, v in row.items() if v and v.strip()}
    fields.pop("ref", None)
    note = [fields.pop("note")] if "note" in fields else []
    fields.setdefault("kind", "site")
    fields["country"] = "GB"
    if row["ref"]:
        lat, lon, source, licence, verification = data.resolve(row["ref"])
        if row["lat"] and row["lon"]:
            off = distance_m(lat, lon, float(row["lat"]), float(row["lon"]))
            checked = row["ref"].startswith("key_sites:") and verification in CHECKED
            if off > MAX_OFFSET_M and (checked or not note):
                problems.append(
                    f"{row['id']}: {off:.0f} m from {row['ref']}"
                    + ("" if checked else " (explain the move in the note)")
                )
            fields.setdefault(
                "source",
                f"{HAND_SOURCE}; checked against {row['ref']} ({source}), {off:.0f} m away",
            )
            fields.setdefault("licence", HAND_LICENCE)
        else:
            fields.update(lat=lat, lon=lon)
            fields.setdefault("source", source)
            fields.setdefault("licence", licence)
    else:
        fields.setdefault(
            "source", TUBE_SOURCE if fields.get("category") == "tube_station" else HAND_SOURCE
        )
        fields.setdefault("licence", HAND_LICENCE)
    parent = fields.get("parent", "")
    if parent.startswith("@"):
        fields["parent"] = data.place(parent[1:])
    elif not parent:
        fields["parent"] = data.nearest_town(float(fields["lat"]), float(fields["lon"]))
    if note:
        fields["note"] = "; ".join(note)
    return fields


def station_entry(r: dict[str, str], data: Data, names: set[str]) -> dict[str, Any]:
    """A plain entry for a National Rail station nobody curated.

    "Newport (South Wales)" becomes "Newport station (South Wales)", also known as
    "Newport station" unless another entry holds that name (``names``, case-folded).
    """
    base, _, qual = r["stationName"].removesuffix(")").partition(" (")
    name = f"{base} station" + (f" ({qual})" if qual else "")
    aliases = [f"{r['stationName']} railway station"]
    if qual:
        aliases[:0] = [f"{r['stationName']} station"]
        if f"{base} station".casefold() not in names:
            aliases.append(f"{base} station")
    fields: dict[str, Any] = {
        "id": slugify(name),
        "name": name,
        "aliases": aliases,
        "kind": "site",
        "category": "rail_station",
        "lat": float(r["lat"]),
        "lon": float(r["long"]),
        "country": "GB",
        "source": f"{STATIONS_SOURCE} (crs:{r['crsCode']})",
        "licence": ODBL,
    }
    places = min(decimals(r["lat"]), decimals(r["long"]))
    if places <= 3:
        fields["note"] = f"coordinates rounded to {places} decimals in the source"
    fields["parent"] = data.nearest_town(fields["lat"], fields["lon"])
    return fields


def build(data: Data) -> tuple[dict[str, list[GazetteerEntry]], list[str]]:
    """All entries by output file, and every problem found."""
    problems: list[str] = []
    with CURATED.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["id"] and not r["id"].startswith("#")]
    raw = [curated_entry(r, data, problems) for r in rows]
    curated_crs = {r["ref"].partition(":")[2] for r in rows if r["ref"].startswith("crs:")}
    taken = {f["id"] for f in raw}
    plain = []
    stations = sorted(data.stations.items(), key=lambda kv: kv[1]["stationName"])
    names = {f["name"].casefold() for f in raw} | {
        f"{r['stationName']} station".casefold() for crs, r in stations if crs not in curated_crs
    }
    for crs, r in stations:
        if crs in curated_crs:
            continue
        fields = station_entry(r, data, names)
        if fields["id"] in taken:
            fields["id"] = f"{fields['id']}-{crs.lower()}"
        taken.add(fields["id"])
        plain.append(fields)
    entries: list[GazetteerEntry] = []
    for fields in raw + plain:
        try:
            entries.append(GazetteerEntry.model_validate(fields))
        except ValueError as exc:
            problems.append(f"{fields.get('id')}: {exc}")
    problems += cross_check(entries, data)
    files: dict[str, list[GazetteerEntry]] = {"uk_sites.geojson": [], **{f: [] for f in OUTPUTS}}
    for e in entries:
        name = next((f for f, cats in OUTPUTS.items() if e.category in cats), "uk_sites.geojson")
        files[name].append(e)
    uk_names = {n.casefold() for e in entries for n in (e.name, *e.aliases)}
    airports, more = world_airports(data.root, {e.id for e in entries}, uk_names)
    files["world_airports.geojson"] = airports
    return files, problems + more


def _iso_codes() -> dict[str, str]:
    """Country names and short forms (folded) to ISO codes, from the world layer's table."""
    from geomap.gazetteer.world import fold

    out: dict[str, str] = {}
    with (REPO / "geomap" / "data" / "countries.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in [r["name"], *r["aliases"].split("|")]:
                if n:
                    out[fold(n).casefold()] = r["iso"]
    # OpenFlights' spellings that no table lists.
    out.update({"congo (kinshasa)": "CD", "congo (brazzaville)": "CG", "burma": "MM",
                "macau": "MO", "cote d'ivoire": "CI", "east timor": "TL",
                "virgin islands": "VI", "micronesia": "FM", "south korea": "KR",
                "north korea": "KP", "czech republic": "CZ", "swaziland": "SZ",
                "cape verde": "CV", "palestine": "PS", "reunion": "RE"})  # fmt: skip
    return out


def _short_names(name: str, city: str) -> list[str]:
    """Shorter names news uses for an airport.

    "Charles de Gaulle International Airport" -> "Charles de Gaulle Airport";
    "Berlin-Tegel Airport" -> "Tegel Airport"; "Amsterdam Airport Schiphol" -> "Schiphol
    Airport"; "Ottawa Macdonald-Cartier International Airport" -> "Macdonald-Cartier
    International Airport". A lone "Schiphol" is left out: too many such words also name a
    mountain, a region or a brand ("Provence", "Maotai").
    """
    out = []
    plain = name.replace(" International Airport", " Airport").replace(" Intl Airport", " Airport")
    if plain != name:
        out.append(plain)
    word = None
    if city and plain.startswith(city) and plain.endswith(" Airport"):
        rest = plain[len(city) : -len(" Airport")].strip(" -")
        if rest and rest[0].isupper() and " " not in rest:
            word = rest
    if city and name.startswith(f"{city} Airport "):
        rest = name[len(f"{city} Airport ") :].strip()
        if rest and rest[0].isupper() and " " not in rest:
            word = rest
    if word:
        out.append(f"{word} Airport")
        if plain != name:  # "Ottawa Macdonald-Cartier International Airport"
            out.append(f"{word} International Airport")
    return out


def world_airports(
    root: Path, taken: set[str], uk_names: set[str]
) -> tuple[list[GazetteerEntry], list[str]]:
    """Every OpenFlights airport with an IATA code outside the UK (curated separately).

    A name the UK gazetteer already gives ("St Mary's Airport", Scilly) stays the UK's; a
    short name two airports would share ("Saint-Exupéry Airport") is left to neither.
    """
    iso = _iso_codes()
    extra: dict[str, list[str]] = {}
    with AIRPORT_ALIASES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            extra.setdefault(row["iata"], []).append(row["alias"])
    with (root / AIRPORTS).open(encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.reader(fh)
            if r[4] not in ("\\N", "") and r[12] == "airport" and r[3] != "United Kingdom"
        ]
    # "Kabul Airport" is Hamid Karzai's, not Bagram Air Base's: only airports count.
    per_city = Counter((r[2], r[3]) for r in rows if "Airport" in r[1])
    entries: list[GazetteerEntry] = []
    problems: list[str] = []
    for r in rows:
        ident, name, city, country, iata, icao = r[0], r[1].strip(), r[2].strip(), r[3], r[4], r[5]
        cc = iso.get(country.casefold())
        if cc is None:
            continue
        aliases = _short_names(name, city) + extra.get(iata, [])
        if (
            city
            and "Airport" in name
            and per_city[(r[2], country)] == 1
            and not name.startswith(f"{city} Airport")
        ):
            aliases.append(f"{city} Airport")
        aliases = list(dict.fromkeys(a for a in aliases if a != name))
        entry_id = f"airport-{iata.lower()}"
        if entry_id in taken or name.casefold() in uk_names:
            continue
        taken.add(entry_id)
        try:
            entries.append(
                GazetteerEntry(
                    id=entry_id,
                    name=name,
                    aliases=aliases,
                    kind="site",
                    category="airport",
                    lat=round(float(r[6]), 5),
                    lon=round(float(r[7]), 5),
                    parent=f"country:{cc}",
                    country=cc,
                    source=f"OpenFlights airports.dat: id {ident}, IATA {iata}, ICAO {icao}",
                    licence=ODBL,
                )
            )
        except ValueError as exc:
            problems.append(f"{entry_id}: {exc}")
    names = Counter(e.name.casefold() for e in entries)
    shared = Counter(a.casefold() for e in entries for a in e.aliases)
    clean = [
        e.model_copy(
            update={
                "aliases": [
                    a
                    for a in e.aliases
                    if a.casefold() not in uk_names
                    and not names[a.casefold()]
                    and shared[a.casefold()] == 1
                ]
            }
        )
        for e in entries
    ]
    dupes = [n for n, k in names.items() if k > 1]
    return [e for e in clean if e.name.casefold() not in dupes], problems


def cross_check(entries: list[GazetteerEntry], data: Data) -> list[str]:
    """Duplicate ids, unknown parents and aliases that name another entry."""
    problems = [f"{i}: duplicate id" for i, n in Counter(e.id for e in entries).items() if n > 1]
    ids = {e.id for e in entries} | {f"geonames:{c[0]}" for c in data.cities} | {"country:GB"}
    names: dict[str, set[str]] = {}
    for e in entries:
        names.setdefault(e.name.casefold(), set()).add(e.id)
    for e in entries:
        if e.parent not in ids:
            problems.append(f"{e.id}: unknown parent {e.parent!r}")
        for alias in e.aliases:
            if names.get(alias.casefold(), set()) - {e.id}:
                problems.append(
                    f"{e.id}: alias {alias!r} is the name of "
                    f"{', '.join(sorted(names[alias.casefold()]))}"
                )
    return problems


def render(entries: list[GazetteerEntry]) -> str:
    """A FeatureCollection with one feature a line: small, and diffs read row by row."""
    lines = ",\n".join(json.dumps(to_feature(e), ensure_ascii=False) for e in entries)
    return '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="folder of the public data (default: ../shared/data)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "gazetteer", help="output folder")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the files on disk differ from a fresh build"
    )
    args = parser.parse_args(argv)
    files, problems = build(Data(args.data_dir))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    stale = []
    for name, entries in files.items():
        path = args.out / name
        text = render(entries)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    counts = Counter(e.category for entries in files.values() for e in entries)
    total = sum(counts.values())
    print(
        f"{total} entries: " + ", ".join(f"{c} {n}" for c, n in counts.most_common()),
        file=sys.stderr,
    )
    for name in stale:
        print(f"{args.out / name}: out of date; run scripts/build_gazetteer.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
