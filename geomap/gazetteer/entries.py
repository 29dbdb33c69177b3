"""Gazetteer entries: the curated sites bundled in ``gazetteer/``, world places and user sites.

Entries live in human-editable GeoJSON (one Feature per entry, a Point geometry, the other
fields as properties) or CSV files (the same fields as columns, lists ``|``-joined). Only
the top-level files of a folder are loaded, so ``gazetteer/sources/`` is never read.
Validation collects every problem, one line each, naming the file and the field.

Examples
--------
>>> e = GazetteerEntry(id="wembley-stadium", name="Wembley Stadium", kind="site",
...                    category="stadium", lat=51.556, lon=-0.2796, country="GB",
...                    aliases="new Wembley|Wembley Stadium connected by EE",
...                    source="example", licence="CC0")
>>> e.names()
['Wembley Stadium', 'new Wembley', 'Wembley Stadium connected by EE']
>>> slugify("St Stephen's Entrance"), slugify("Åland Café")
('st-stephens-entrance', 'aland-cafe')
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geomap.errors import GazetteerError
from geomap.gazetteer.record import ID_PATTERN, GazetteerEntry, _number
from geomap.gazetteer.world import world_entries
from geomap.paths import bundled_dir, user_dir

__all__ = [
    "ID_PATTERN",
    "USER_FILE",
    "WORLD_PREFIXES",
    "Gazetteer",
    "GazetteerEntry",
    "bundled_dir",
    "load_gazetteer",
    "read_entries",
    "slugify",
    "user_dir",
    "validate_file",
]

USER_FILE = "user.geojson"
# Ids of the world layer (geomap/world.py); not checked as parents when it is not loaded.
WORLD_PREFIXES = ("geonames:", "country:", "continent:", "region:", "admin1:", "admin2:")


def slugify(text: str) -> str:
    """Make an entry id from a name: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`.]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# --------------------------------------------------------------------------- reading

# An entry and where its fields were read: "file: features[3].properties" or "file: rows[3]".
Located = tuple[GazetteerEntry, str]


def _from_feature(feat: Any, props_loc: str, problems: list[str]) -> dict[str, Any] | None:
    """Flatten one GeoJSON Feature into entry fields; record structural problems.

    A feature whose geometry is wrong still has its properties checked: it gets a
    placeholder point and the key ``"\0bad"``, and is dropped after validation.
    """
    loc = props_loc.rsplit(".", 1)[0]
    if not isinstance(feat, dict) or feat.get("type", "Feature") != "Feature":
        problems.append(f"{loc}: expected a GeoJSON Feature")
        return None
    props = feat.get("properties") or {}
    if not isinstance(props, dict):
        problems.append(f"{loc}.properties: expected an object")
        return None
    raw = {k: v for k, v in props.items() if v not in (None, "")}
    if feat.get("id") not in (None, "") and raw.setdefault("id", feat["id"]) != feat["id"]:
        problems.append(f"{loc}.id: {feat['id']!r} differs from properties.id {raw['id']!r}")
    geom = feat.get("geometry")
    if geom is None:
        return raw
    before = len(problems)
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if not isinstance(geom, dict) or geom.get("type") != "Point":
        kind = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
        problems.append(
            f"{loc}.geometry: expected a Point, not {kind} (draw areas as properties.footprint)"
        )
    elif not (isinstance(coords, list) and len(coords) in (2, 3) and all(map(_number, coords))):
        problems.append(f"{loc}.geometry.coordinates: expected [lon, lat], got {coords!r}")
    else:
        lon, lat = coords[0], coords[1]
        if not -90 <= lat <= 90:
            problems.append(f"{loc}.geometry.coordinates: latitude {lat:g} is outside -90..90")
        if not -180 <= lon <= 180:
            problems.append(f"{loc}.geometry.coordinates: longitude {lon:g} is outside -180..180")
        for key, value in (("lat", lat), ("lon", lon)):
            if key in raw and (not _number(raw[key]) or abs(raw[key] - value) > 1e-6):
                problems.append(
                    f"{props_loc}.{key}: {raw[key]!r} disagrees with geometry.coordinates"
                )
            raw[key] = value
    if len(problems) > before:
        raw.update({"lat": 0, "lon": 0, "\0bad": True})
    return raw


def _raw_entries(path: Path, problems: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (location, raw fields) per row or feature; locations name the field's parent."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = reader.fieldnames or []
        unknown = [c for c in columns if c not in GazetteerEntry.model_fields]
        for c in unknown:
            problems.append(
                f"columns: {c!r} is not a gazetteer field "
                f"(fields: {', '.join(GazetteerEntry.model_fields)})"
            )
        for i, row in enumerate(reader):
            if None in row:
                problems.append(f"rows[{i}]: more cells than columns")
            yield (
                f"rows[{i}]",
                {
                    k: v
                    for k, v in row.items()
                    if k in GazetteerEntry.model_fields and v not in (None, "")
                },
            )
        return
    data = json.loads(text)
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        feats = data.get("features")
    else:
        feats = data if isinstance(data, list) else None
    if not isinstance(feats, list):
        problems.append("expected a GeoJSON FeatureCollection")
        return
    for i, feat in enumerate(feats):
        raw = _from_feature(feat, f"features[{i}].properties", problems)
        if raw is not None:
            yield f"features[{i}].properties", raw


def _read(path: Path, label: str | None = None) -> tuple[list[Located], list[str]]:
    """Read one file: valid entries with their locations, and one line per problem."""
    label = label or str(path)
    found: list[str] = []
    records: list[Located] = []
    first: dict[str, str] = {}
    try:
        for loc, raw in _raw_entries(path, found):
            bad = raw.pop("\0bad", False)
            try:
                entry = GazetteerEntry.model_validate(raw)
            except ValidationError as exc:
                for err in exc.errors():
                    where = ".".join(str(p) for p in err["loc"])
                    found.append(f"{loc}.{where}: {err['msg']}")
                continue
            if bad:
                continue
            if entry.id in first:
                found.append(f"{loc}.id: duplicate id {entry.id!r} (first at {first[entry.id]})")
                continue
            first[entry.id] = loc.removesuffix(".properties")
            records.append((entry, f"{label}: {loc}"))
    except json.JSONDecodeError as exc:
        found.append(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        found.append("not a GeoJSON FeatureCollection: nested too deeply")
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        found.append(f"cannot read: {exc}")
    return records, [f"{label}: {p}" for p in found]


_CACHE: dict[tuple[str, str, int, int], tuple[list[Located], list[str]]] = {}


def _read_cached(path: Path, label: str) -> tuple[list[Located], list[str]]:
    """``_read``, remembered while the file's size and mtime stay the same."""
    try:
        st = path.stat()
    except OSError:
        return _read(path, label)
    key = (str(path), label, st.st_size, st.st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = _read(path, label)
    return _CACHE[key]


def read_entries(path: str | os.PathLike[str]) -> list[GazetteerEntry]:
    """Read and validate one gazetteer file, raising one error that lists every problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.csv"
    >>> _ = p.write_text("id,name,kind,lat,lon\\nx,X,site,95,0\\ny,Y,town,1,2\\n")
    >>> read_entries(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap.errors.GazetteerError: .../bad.csv: rows[0].lat: Input should be less than or equal to 90
    .../bad.csv: rows[1].kind: Input should be 'site', 'district', ... or 'water'
    """
    records, problems = _read(Path(path))
    if problems:
        raise GazetteerError("\n".join(problems))
    return [entry for entry, _ in records]


# --------------------------------------------------------------------------- the gazetteer


@dataclass
class Gazetteer:
    """All entries by id, later files overriding earlier ones with the same id.

    ``layers`` tells where each id comes from (``world``, ``bundled`` or ``user``) and
    ``origins`` the file and feature it was read from (``file: features[3].properties``).
    """

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    layers: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    _index: list[tuple[tuple[str, ...], GazetteerEntry]] | None = field(
        default=None, repr=False, compare=False
    )

    def add(
        self, entries: Iterable[GazetteerEntry], layer: str = "world", origin: str = ""
    ) -> None:
        for e in entries:
            self.entries[e.id] = e
            self.layers[e.id] = layer
            if origin:
                self.origins[e.id] = origin
        self._index = None

    def get(self, id: str) -> GazetteerEntry | None:
        return self.entries.get(id)

    def curated(self) -> list[GazetteerEntry]:
        """The bundled and user entries, without the world layer."""
        return [e for i, e in self.entries.items() if self.layers.get(i) != "world"]

    def __contains__(self, id: object) -> bool:
        return id in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in (".geojson", ".csv") and not p.name.startswith(".")
    )


def _cross_check(records: list[Located], gaz: Gazetteer, world: bool) -> list[str]:
    """Problems between entries: unknown parents, parent cycles, aliases naming others."""
    problems = []
    names: dict[str, set[str]] = {}
    for e in gaz.curated():
        names.setdefault(e.name.casefold(), set()).add(e.id)
    for e, _ in records:
        names.setdefault(e.name.casefold(), set()).add(e.id)
    ids = set(gaz.entries) | {e.id for e, _ in records}
    parents = {e.id: e.parent for e in gaz.entries.values()} | {e.id: e.parent for e, _ in records}
    for e, origin in records:
        if e.parent and e.parent not in ids and (world or not e.parent.startswith(WORLD_PREFIXES)):
            problems.append(f"{origin}.parent: unknown parent {e.parent!r}")
        seen, p = {e.id}, e.parent
        while p in parents and p not in seen:
            seen.add(p)
            p = parents[p]
        if p == e.id:
            problems.append(f"{origin}.parent: parent chain loops back to {e.id!r}")
        for alias in e.aliases:
            others = sorted(names.get(alias.casefold(), set()) - {e.id})
            if others:
                problems.append(f"{origin}.aliases: {alias!r} is the name of {', '.join(others)}")
    return problems


def load_gazetteer(user: str | os.PathLike[str] | None = None, *, world: bool = True) -> Gazetteer:
    """Load world places, the bundled curated sites and the user's entries, in that order.

    A malformed entry or file is skipped and reported in ``Gazetteer.problems``; the
    rest loads. Two files of one folder defining the same id is a problem; a user
    entry overriding a bundled or world one is not.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> user = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (user / "mine.csv").write_text("id,name,kind,lat,lon\\nx,X,site,95,0\\n")
    >>> gaz = load_gazetteer(user, world=False)
    >>> gaz.get("st-stephens-entrance").parent, gaz.layers["buckingham-palace"]
    ('palace-of-westminster', 'bundled')
    >>> gaz.problems  # doctest: +ELLIPSIS
    ['.../mine.csv: rows[0].lat: Input should be less than or equal to 90']
    """
    gaz = Gazetteer()
    if world:
        gaz.add(world_entries(), "world")
    loaded: list[Located] = []
    for layer, folder in (("bundled", bundled_dir()), ("user", user_dir(user))):
        seen: dict[str, str] = {}
        for path in _files(folder):
            label = f"gazetteer/{path.name}" if layer == "bundled" else str(path)
            records, problems = _read_cached(path, label)
            gaz.problems.extend(problems)
            for entry, origin in records:
                if entry.id in seen:
                    gaz.problems.append(
                        f"{origin}.id: duplicate id {entry.id!r} (also in {seen[entry.id]})"
                    )
                    continue
                seen[entry.id] = origin
                gaz.add([entry], layer, origin)
                loaded.append((entry, origin))
    gaz.problems.extend(_cross_check(loaded, gaz, world))
    return gaz


def validate_file(
    path: str | os.PathLike[str], gaz: Gazetteer | None = None, *, world: bool = False
) -> list[str]:
    """Every problem of one file, its parents and aliases checked against ``gaz`` too."""
    records, problems = _read(Path(path))
    others = Gazetteer()
    if gaz is not None:  # the file's own entries stand in for any loaded copy of them
        mine = {e.id for e, _ in records}
        others.entries = {i: e for i, e in gaz.entries.items() if i not in mine}
        others.layers = {i: gaz.layers.get(i, "world") for i in others.entries}
    return problems + _cross_check(records, others, world)
