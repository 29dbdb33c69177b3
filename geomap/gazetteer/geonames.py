"""GeoNames' own dump files (``UA.txt``, ``UA.zip``, ``cities500.zip``) read as entries.

Each line holds 19 tab-separated columns and there is no header; a ``.zip`` holds one such
``.txt``. Lines are streamed, so ``allCountries.txt`` never sits in memory whole.

Examples
--------
>>> line = "\\t".join(["703448", "Kyiv", "Kyiv", "Kiev,Kijów", "50.45466", "30.5238", "P",
...                    "PPLC", "UA", "", "12", "", "", "", "2797553", "", "187",
...                    "Europe/Kyiv", "2024-01-01"])
>>> [e.id for e in geonames_entries([line], feature_classes={"A"})]
[]
>>> e = next(geonames_entries([line]))
>>> e.id, e.kind, e.category, e.aliases, e.population
('geonames:703448', 'city', 'capital', ['Kiev', 'Kijów'], 2797553)
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.record import GazetteerEntry
from geomap.gazetteer.world import country_codes

__all__ = ["COLUMNS", "geonames_entries", "is_geonames_file", "read_geonames", "scan_geonames"]

COLUMNS = 19
SOURCE = "GeoNames (CC-BY 4.0)"
# Feature class -> kind; a populated place's code refines it below.
_KINDS = {"P": "city", "A": "region", "H": "water"}


def is_geonames_file(path: Path) -> bool:
    """Whether ``path`` looks like a GeoNames dump: a .zip or a .txt of 19 columns."""
    if path.suffix.lower() == ".zip":
        return True
    if path.suffix.lower() != ".txt":
        return False
    with path.open(encoding="utf-8") as fh:
        first = fh.readline()
    return first.count("\t") == COLUMNS - 1


def _kind(fclass: str, fcode: str) -> str:
    if fcode.startswith("PCL"):
        return "country"
    if fcode == "PPLX":
        return "district"
    return _KINDS.get(fclass, "site")


def geonames_entries(
    lines: Iterable[str],
    *,
    feature_classes: set[str] | None = None,
    problems: list[str] | None = None,
    countries: frozenset[str] | None = None,
) -> Iterator[GazetteerEntry]:
    """Entries of GeoNames lines; a malformed line is a problem named by its line number.

    With ``countries``, a country code outside it is a problem too.
    """
    for n, line in enumerate(lines, 1):
        cols = line.rstrip("\r\n").split("\t")
        if cols == [""]:
            continue
        if len(cols) != COLUMNS:
            if problems is not None:
                problems.append(
                    f"line {n}: expected {COLUMNS} tab-separated columns, found {len(cols)}"
                )
            continue
        fclass, fcode = cols[6], cols[7]
        if feature_classes and fclass not in feature_classes:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"latitude {cols[4]} or longitude {cols[5]} out of range")
            pop = int(cols[14] or 0)
        except ValueError as exc:
            if problems is not None:
                problems.append(f"line {n}: {exc}")
            continue
        if countries is not None and cols[8] and cols[8] not in countries:
            if problems is not None:
                problems.append(f"line {n}: unknown country code {cols[8]!r}")
            continue
        aliases = [a for a in cols[3].split(",") if a and a != cols[1]]
        yield GazetteerEntry.model_construct(
            id=f"geonames:{cols[0]}",
            name=cols[1],
            aliases=aliases,
            kind=_kind(fclass, fcode),  # type: ignore[arg-type]
            category="capital" if fcode == "PPLC" else fcode.lower() or None,
            lat=lat,
            lon=lon,
            parent=None,
            country=cols[8] or None,
            population=pop or None,
            geonameid=int(cols[0]),
            events=[],
            footprint=None,
            source=SOURCE,
            licence="CC-BY 4.0",
            note=None,
        )


def scan_geonames(
    path: str | os.PathLike[str], *, feature_classes: set[str] | None = None
) -> tuple[list[GazetteerEntry], list[str]]:
    """The good entries of a GeoNames ``.txt`` or ``.zip``, and one line per bad line."""
    path = Path(path)
    problems: list[str] = []
    codes = country_codes()
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise GazetteerError(f"{path}: no GeoNames .txt file inside")
            with zf.open(members[0]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8")
                entries = list(
                    geonames_entries(
                        text, feature_classes=feature_classes, problems=problems, countries=codes
                    )
                )
            label = f"{path}:{members[0]}"
    else:
        with path.open(encoding="utf-8") as fh:
            entries = list(
                geonames_entries(
                    fh, feature_classes=feature_classes, problems=problems, countries=codes
                )
            )
        label = str(path)
    return entries, [f"{label}: {p}" for p in problems]


def read_geonames(
    path: str | os.PathLike[str], *, feature_classes: set[str] | None = None
) -> list[GazetteerEntry]:
    """Every entry of a GeoNames ``.txt`` or ``.zip``, raising one error for bad lines."""
    entries, problems = scan_geonames(path, feature_classes=feature_classes)
    if problems:
        raise GazetteerError("\n".join([*problems, f"{path}: nothing imported"]))
    return entries
