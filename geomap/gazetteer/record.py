"""One place of the gazetteer in its two shapes, and every conversion between them.

:class:`Record` is the compact tuple the name index holds; :class:`GazetteerEntry` the
validated entry a person edits; :class:`~geomap.models.Place` what the pipeline reports.
Converting only here keeps the fields of the three from drifting apart.

Examples
--------
>>> e = GazetteerEntry(id="x", name="Zürich HB", kind="site", lat=47.378, lon=8.540,
...                    aliases="Zurich main station")
>>> r = entry_record(e)
>>> r.names, r.curated, r.population
(('Zürich HB', 'Zurich main station'), True, 0)
>>> record_entry(r).population is None, entry_place(e).population is None
(False, True)
>>> name_key("St. Stephen’s  Entrance"), fold("Kraków")
("st stephen's entrance", 'Krakow')
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

from pydantic import ConfigDict, Field, field_validator

from geomap.models import Kind, Place, Strict

__all__ = [
    "record_place",
    "ID_PATTERN",
    "GazetteerEntry",
    "Record",
    "entry_place",
    "entry_record",
    "fits_record",
    "fold",
    "name_key",
    "record_entry",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
_KEY_DROP = re.compile(r"[.\u200b-\u200d\u2060\u00ad]")
_KEY_SPACE = re.compile(r"[\s\-‐‑–]+")


class Record(NamedTuple):
    """One candidate place, as compact as the index needs it."""

    id: str
    name: str
    kind: str
    category: str | None
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    population: int
    parent: str | None
    source: str
    curated: bool
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


_STR, _OPT, _NUM = (str,), (str, type(None)), (float, int)
# The type of each field of a Record, in order; a sequence field holds strings. Every
# allowed combination, as a set: one look-up checks a row read from a file.
_SHAPES = frozenset(
    itertools.product(_STR, _STR, _STR, _OPT, _NUM, _NUM, _OPT, _OPT, (int,), _OPT, _STR,
                      (bool,), (tuple,), (tuple,), (tuple,))
)  # fmt: skip


def fits_record(row: tuple[Any, ...]) -> bool:
    """Whether ``row`` has a :class:`Record`'s shape: read from a file, it is checked first.

    >>> row = ("x", "X", "site", None, 1.5, 2, None, None, 0, None, "t", True, ("X",), (), ())
    >>> fits_record(row), fits_record(row[:4] + ("1.5",) + row[5:]), fits_record(row[:-1])
    (True, False, False)
    >>> fits_record(row[:12] + (("X", 1),) + row[13:])
    False
    """
    if tuple(map(type, row)) not in _SHAPES:
        return False
    try:
        "".join(row[12]), "".join(row[13]), "".join(row[14])  # only strings join
    except TypeError:
        return False
    return True


def fold(text: str) -> str:
    """Strip accents, keeping the string's meaning for lookup.

    >>> fold("Zürich"), fold("Kraków")
    ('Zurich', 'Krakow')
    """
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Normalise a name for lookup: case, accents, dots, apostrophes and dashes folded."""
    s = fold(name).lower().replace("’", "'").replace("‘", "'")
    s = _KEY_DROP.sub("", s)
    return _KEY_SPACE.sub(" ", s).strip()


class GazetteerEntry(Strict):
    """One place in the gazetteer (immutable: loaded files are cached and shared)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: Kind
    category: str | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    parent: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    population: int | None = Field(default=None, ge=0)
    geonameid: int | None = None
    # Named events held at the site ("the Changing of the Guard" -> Buckingham Palace).
    events: list[str] = Field(default_factory=list)
    # A GeoJSON Polygon geometry, for sites drawn as areas (cordons, parks).
    footprint: dict[str, Any] | None = None
    source: str = "user"
    licence: str | None = None
    note: str | None = None

    @field_validator("aliases", "events", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [a.strip() for a in v.split("|") if a.strip()]
        return v

    @field_validator("footprint", mode="before")
    @classmethod
    def _polygon(cls, v: Any) -> Any:
        if isinstance(v, str):  # a CSV cell holds the geometry as JSON text
            v = json.loads(v)
        if v is None:
            return v
        rings = v.get("coordinates") if isinstance(v, dict) else None
        if not isinstance(v, dict) or v.get("type") != "Polygon" or not isinstance(rings, list):
            raise ValueError('expected a GeoJSON Polygon: {"type": "Polygon", "coordinates": …}')
        for ring in rings:
            ok = isinstance(ring, list) and len(ring) >= 4 and ring[0] == ring[-1]
            ok = ok and all(
                isinstance(p, list)
                and len(p) in (2, 3)
                and all(map(_number, p))
                and -180 <= p[0] <= 180
                and -90 <= p[1] <= 90
                for p in ring
            )
            if not ok:
                raise ValueError("each ring needs >= 4 [lon, lat] positions, first == last")
        return v

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_place(self) -> Place:
        return entry_place(self)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def entry_record(e: GazetteerEntry) -> Record:
    """The index's record of a curated (bundled or user) entry."""
    return Record(
        id=e.id,
        name=e.name,
        kind=e.kind,
        category=e.category,
        lat=e.lat,
        lon=e.lon,
        country=e.country,
        admin1=None,
        population=e.population or 0,
        parent=e.parent,
        source=e.source,
        curated=True,
        names=tuple(e.names()),
        demonyms=(),
        events=tuple(e.events),
    )


def record_entry(r: Record) -> GazetteerEntry:
    """A world record as an entry, unvalidated: the data is generated, not typed."""
    return GazetteerEntry.model_construct(
        id=r.id,
        name=r.name,
        aliases=[n for n in r.names if n != r.name],
        kind=r.kind,  # type: ignore[arg-type]
        category=r.category,
        lat=r.lat,
        lon=r.lon,
        parent=r.parent,
        country=r.country,
        population=r.population,
        geonameid=None,
        events=[],
        footprint=None,
        source=r.source,
        licence="CC-BY 4.0",
        note=None,
    )


def entry_place(e: GazetteerEntry) -> Place:
    """The place an entry stands for, as the pipeline reports it."""
    return Place(
        id=e.id,
        name=e.name,
        kind=e.kind,
        lat=e.lat,
        lon=e.lon,
        category=e.category,
        country=e.country,
        parent=e.parent,
        population=e.population,
        source=e.source,
    )


def record_place(r: Record) -> Place:
    """The place a record stands for, as the pipeline reports it."""
    return Place(
        id=r.id,
        name=r.name,
        kind=r.kind,
        lat=r.lat,
        lon=r.lon,  # type: ignore[arg-type]
        category=r.category,
        country=r.country,
        parent=r.parent,
        population=r.population or None,
        source=r.source,
    )
