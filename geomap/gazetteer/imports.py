"""Files from other tools read for ``geomap gazetteer import``: lenient where it is safe.

Spreadsheets, QGIS and geojson.io write files that a gazetteer folder would refuse: extra
columns, no ``kind``, no ``id``, lower-case country codes. An import takes what it can,
says what it dropped, and numbers every problem by the line an editor shows (the CSV
header is line 1; a GeoJSON feature is named by the line it starts on), so the row can be
found and fixed:

- a column or property that is no gazetteer field is ignored, with one warning per file;
- ``kind`` defaults to ``site`` and ``id`` to the name made into a slug, as ``add`` does;
- a country code is upper-cased, and one that names no country is a problem;
- a point outside its stated country, or with latitude and longitude apparently
  swapped, is a warning (see :mod:`geomap.gazetteer.borders`): the row still goes in.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sites.csv"
>>> _ = p.write_text("name,lat,lon,country,colour\\nOld Trafford,53.463,-2.291,gb,red\\n"
...                  "Nowhere,95,0,,\\nTypo,51.5,-0.1,XX,\\n")
>>> found = read_import(p)
>>> [(row.line, row.entry.id, row.entry.kind) for row in found.rows if row.entry]
[(2, 'old-trafford', 'site')]
>>> [w.split(": ", 1)[1] for w in found.warnings]  # doctest: +ELLIPSIS
["line 1: column 'colour' is not a gazetteer field and is ignored (fields: id, name, ...)"]
>>> [p.split(": ", 1)[1] for p in found.problems()]  # doctest: +NORMALIZE_WHITESPACE
['line 3: lat: Input should be less than or equal to 90',
 "line 4: country: unknown country code 'XX'; use ISO 3166 alpha-2, e.g. GB"]
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from geomap.gazetteer.borders import border_problems
from geomap.gazetteer.entries import Gazetteer, _cross_check, _from_feature, slugify
from geomap.gazetteer.record import GazetteerEntry
from geomap.gazetteer.world import country_codes
from geomap.rulefiles import RuleModel, read_rules

__all__ = ["ImportFile", "ImportRow", "ImportRules", "field_names", "read_import"]

FIELDS = tuple(GazetteerEntry.model_fields)
_WS = re.compile(r"\s*")
_LIST = f"fields: {', '.join(FIELDS)}"
_SEPARATORS = re.compile(r"[\s\-]+")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


class CsvRules(RuleModel):
    delimiters: list[str] = Field(min_length=1)

    @field_validator("delimiters")
    @classmethod
    def _one_character(cls, v: list[str]) -> list[str]:
        for d in v:
            if len(d) != 1 or d in '|"\r\n':
                raise ValueError(f'{d!r}: a separator is one character, not | " or a newline')
        return v


class ImportRules(RuleModel):
    """``rules/import.toml``: other names of the fields, and the CSV separators tried."""

    columns: dict[str, list[str]]
    csv: CsvRules

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for k in v:
            if k not in FIELDS:
                raise ValueError(f"{k!r} is not a gazetteer field ({_LIST})")
        return v


@dataclass
class ImportRow:
    """One row or feature: the entry it makes, or the problems that stop it."""

    line: int
    where: str  # "line 4" or "line 12: features[3].properties"
    entry: GazetteerEntry | None = None
    problems: list[str] = field(default_factory=list)

    def at(self, loc: str) -> str:
        """Where a field is: ``line 4: lat`` or ``line 12: features[3].properties.lat``."""
        return f"{self.where}{'.' if self.where.endswith('properties') else ': '}{loc}"


@dataclass
class ImportFile:
    """What a file holds for import: its rows, file-wide problems and warnings."""

    label: str
    rows: list[ImportRow] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)  # the file cannot be read at all
    warnings: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Every problem, one line each, in file order, the file's own first."""
        rows = [f"{self.label}: {p}" for row in self.rows for p in row.problems]
        return [*(f"{self.label}: {p}" for p in self.fatal), *rows]

    def good(self) -> list[GazetteerEntry]:
        return [row.entry for row in self.rows if row.entry is not None and not row.problems]

    def bad(self) -> list[ImportRow]:
        return [row for row in self.rows if row.problems]


def _unknown_fields(keys: list[str], where: str, what: tuple[str, str]) -> str | None:
    extra = sorted({k for k in keys if k not in FIELDS})
    if not extra:
        return None
    names = ", ".join(map(repr, extra))
    if len(extra) == 1:
        return f"{where}: {what[0]} {names} is not a gazetteer field and is ignored ({_LIST})"
    return f"{where}: {what[1]} {names} are not gazetteer fields and are ignored ({_LIST})"


def _entry(raw: dict[str, Any], row: ImportRow, countries: frozenset[str]) -> None:
    """Validate one row's fields into ``row.entry``, or note its problems."""
    raw.setdefault("kind", "site")
    if "id" not in raw and isinstance(raw.get("name"), str):
        raw["id"] = slugify(raw["name"]) or raw["name"]
    cc = raw.get("country")
    if isinstance(cc, str):
        raw["country"] = cc = cc.strip().upper()
        if re.fullmatch(r"[A-Z]{2}", cc) and cc not in countries:
            row.problems.append(
                f"{row.at('country')}: unknown country code {cc!r}; use ISO 3166 alpha-2, e.g. GB"
            )
            return
    try:
        row.entry = GazetteerEntry.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            row.problems.append(f"{row.at(loc)}: {err['msg']}")


def _key(name: str) -> str:
    return _SEPARATORS.sub("_", name.strip().lower())


def field_names(
    keys: list[str], rules: ImportRules, *, skip: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """The field each key (column or property) is read as; and one warning per key ignored.

    A key naming a field itself (in any case) wins over another name of it (see
    ``rules/import.toml``); of two other names, the first. An unknown key is returned as
    it is, a key ignored in favour of another as ``""``. ``skip`` lists fields no other
    name may stand for.

    >>> rules = read_rules(ImportRules, "import.toml")
    >>> field_names(["Place Name", "Latitude", "LNG", "lat", "fid"], rules)
    (['name', '', 'lon', 'lat', 'fid'], ["'Latitude' is ignored: 'lat' gives the lat"])
    """
    other = {_key(n): f for f, names in rules.columns.items() if f not in skip for n in names}
    direct = [_key(k) if _key(k) in FIELDS else "" for k in keys]
    taken = {f: keys[i] for i, f in reversed(list(enumerate(direct))) if f}
    found: list[str] = []
    warnings = []
    for k, f in zip(keys, direct, strict=True):
        f = f or other.get(_key(k), "")
        if not f:
            found.append(k)
        elif not direct[len(found)] and f in taken:
            warnings.append(f"{k!r} is ignored: {taken[f]!r} gives the {f}")
            found.append("")
        else:
            taken.setdefault(f, k)
            found.append(f)
    return found, warnings


def _delimiter(text: str, rules: ImportRules) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in rules.csv.delimiters}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, out: ImportFile, countries: frozenset[str], rules: ImportRules) -> None:
    delimiter = _delimiter(text, rules)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [c.strip() for c in next(reader, [])]
    columns, shadowed = field_names(header, rules)
    seen = {c for c in columns if columns.count(c) > 1 and c in FIELDS}
    if seen:
        out.fatal.append(f"line 1: column {', '.join(map(repr, sorted(seen)))} given twice")
        return
    note = _unknown_fields([c for c in columns if c], "line 1", ("column", "columns"))
    out.warnings.extend(f"{out.label}: line 1: column {w}" for w in shadowed)
    if note:
        out.warnings.append(f"{out.label}: {note}")
    # Where a semicolon separates cells, a comma is the decimal point ("51,5074").
    decimal_comma = delimiter != ","
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # a blank line, as spreadsheets leave at the end
        row = ImportRow(line, f"line {line}")
        out.rows.append(row)
        if len(cells) > len(columns):
            row.problems.append(f"{row.where}: {len(cells)} cells but {len(columns)} columns")
            continue
        raw = {
            c: v.strip() for c, v in zip(columns, cells, strict=False) if c in FIELDS and v.strip()
        }
        if decimal_comma:
            for k in ("lat", "lon"):
                if k in raw and _DECIMAL_COMMA.fullmatch(raw[k]):
                    raw[k] = raw[k].replace(",", ".")
        _entry(raw, row, countries)


def _feature_offsets(text: str) -> list[int]:
    """Where each feature starts in a GeoJSON text: the top level walked, values skipped."""
    dec = json.JSONDecoder()
    i = _WS.match(text).end()  # type: ignore[union-attr]
    if text.startswith("{", i):
        i += 1
        while True:
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            if not text.startswith('"', i):
                return []
            key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
            i = _WS.match(text, _WS.match(text, i).end() + 1).end()  # type: ignore[union-attr]
            if key == "features":
                break
            _, i = dec.raw_decode(text, i)
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            i += text.startswith(",", i)
    if not text.startswith("[", i):
        return []
    offsets: list[int] = []
    i += 1
    while True:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if text.startswith("]", i):
            return offsets
        offsets.append(i)
        _, i = dec.raw_decode(text, i)
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        i += text.startswith(",", i)


def _geojson_rows(
    text: str, out: ImportFile, countries: frozenset[str], rules: ImportRules
) -> None:
    data = json.loads(text)
    feats = data.get("features") if isinstance(data, dict) else data
    if not isinstance(feats, list):
        out.fatal.append("expected a GeoJSON FeatureCollection")
        return
    try:
        offsets = _feature_offsets(text)
    except (ValueError, IndexError):
        offsets = []
    newlines = [m.start() for m in re.finditer("\n", text)] if len(offsets) == len(feats) else []
    extra: set[str] = set()
    ignored: set[str] = set()
    for i, feat in enumerate(feats):
        line = bisect.bisect(newlines, offsets[i]) + 1 if newlines or offsets else 0
        where = f"features[{i}].properties"
        row = ImportRow(line, f"line {line}: {where}" if line else where)
        out.rows.append(row)
        if isinstance(feat, dict) and isinstance(feat.get("id"), int) and feat["id"] >= 0:
            feat = {**feat, "id": str(feat["id"])}  # geojson.io numbers its features
        found: list[str] = []
        raw = _from_feature(feat, f"features[{i}].properties", found)
        prefix = f"line {line}: " if line else ""
        row.problems.extend(prefix + p for p in found)
        if raw is None or raw.pop("\0bad", False):
            continue
        names, shadowed = field_names(list(raw), rules, skip=("lat", "lon"))
        # The point is the geometry's: a "Lat" property is no second say in it.
        names = [
            k if f in ("lat", "lon") and k != f else f for k, f in zip(raw, names, strict=True)
        ]
        extra.update(f for f in names if f and f not in FIELDS)
        ignored.update(shadowed)
        _entry(
            {f: v for f, v in zip(names, raw.values(), strict=True) if f in FIELDS}, row, countries
        )
    out.warnings.extend(f"{out.label}: features: property {w}" for w in sorted(ignored))
    note = _unknown_fields(sorted(extra), "features", ("property", "properties"))
    if note:
        out.warnings.append(f"{out.label}: {note}")


def _cross_checked(out: ImportFile, gaz: Gazetteer | None) -> None:
    """Ids twice in the file, unknown parents and aliases that name other entries."""
    first: dict[str, ImportRow] = {}
    for row in out.rows:
        if row.entry is None or row.problems:
            continue
        if row.entry.id in first:
            row.problems.append(
                f"{row.at('id')}: duplicate id {row.entry.id!r} (first at "
                f"{first[row.entry.id].where.removesuffix('.properties')}); "
                "give each row its own id"
            )
        else:
            first[row.entry.id] = row
    others = Gazetteer()
    if gaz is not None:  # the file's own entries stand in for any loaded copy of them
        others.entries = {i: e for i, e in gaz.entries.items() if i not in first}
        others.layers = {i: gaz.layers.get(i, "world") for i in others.entries}
    rows = {f"\0{n}": row for n, row in enumerate(first.values())}
    located = [(r.entry, key) for key, r in rows.items() if r.entry is not None]
    for problem in _cross_check(located, others, False):
        key, _, rest = problem.partition(".")
        row = rows[key]
        row.problems.append(row.at(rest))


def _borders(out: ImportFile) -> None:
    entries = [(r, r.entry) for r in out.rows if r.entry is not None and not r.problems]
    rows = [r for r, _ in entries]
    points = [(e.lat, e.lon, e.country) for _, e in entries]
    for row, warning in zip(rows, border_problems(points), strict=True):
        if warning:
            out.warnings.append(f"{out.label}: {row.where.removesuffix('.properties')}: {warning}")


def read_import(
    path: str | os.PathLike[str], gaz: Gazetteer | None = None, *, label: str | None = None
) -> ImportFile:
    """Read a CSV or GeoJSON file for import; problems are kept per row, never raised.

    ``gaz`` (the loaded bundled and user entries) lets parents and aliases be checked.
    """
    path = Path(path)
    out = ImportFile(label or str(path))
    countries = country_codes()
    rules = read_rules(ImportRules, "import.toml")
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".csv":
            _csv_rows(text, out, countries, rules)
        else:
            _geojson_rows(text, out, countries, rules)
    except json.JSONDecodeError as exc:
        out.fatal.append(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        out.fatal.append("not valid JSON: nested too deeply to be a gazetteer file")
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
        out.fatal.append(f"cannot read: {exc}")
    _cross_checked(out, gaz)
    _borders(out)
    return out
