"""Search the gazetteer as a person would: the place a name most likely means first.

Two searches: :func:`search_index` answers from the cached name index (world, bundled and
user places together, well under a second once the index is warm); :func:`search_entries`
ranks the entries of one loaded :class:`~geomap.gazetteer.entries.Gazetteer`.

:func:`search_index` puts an exact name or alias first, then a name that starts with the
text, then a name with a word starting with it ("yard" finds "Scotland Yard", "ard" does
not); within a tier the more important place comes first: a curated site, then by
population, kind and capital.

"Wembley" means the district of Brent first (a person asking where Wembley is means the
place; the stadium, curated, follows among the names starting with "Wembley"), as the
resolver reads it when no venue word follows.

Examples
--------
>>> from geomap.gazetteer.index import build_index
>>> from geomap.gazetteer.record import Record
>>> idx = build_index([
...     Record("a", "Paris", "city", None, 48.85, 2.35, "FR", "11", 2138551, None, "t", False,
...            ("Paris",)),
...     Record("b", "Paris", "city", None, 33.66, -95.56, "US", "TX", 24782, None, "t", False,
...            ("Paris",)),
...     Record("c", "Gare de Paris-Nord", "site", None, 48.88, 2.35, "FR", None, 0, None, "t",
...            True, ("Gare de Paris-Nord", "Gare du Nord"))])
>>> [r.id for r in search_index(idx, "paris")]
['a', 'b', 'c']
>>> [r.id for r in search_index(idx, "paris", country="us")], search_index(idx, "aris")
(['b'], [])
"""

from __future__ import annotations

import math
import re
import unicodedata

from geomap.gazetteer.entries import Gazetteer, GazetteerEntry
from geomap.gazetteer.index import Index, kind_rank
from geomap.gazetteer.record import Record, name_key
from geomap.models import KINDS

__all__ = ["search_entries", "search_index", "search_key"]


def _importance(r: Record) -> float:
    """How likely a bare name means this place: curated, populous, specific, a capital."""
    score = math.log10(r.population + 10) + kind_rank(r.kind) / 10
    if r.curated:
        # Someone put it there on purpose: it outranks a town of tens of thousands.
        score += 4
    if r.category == "capital":
        score += 1
    if r.kind == "country":
        score += 6
    return score


def _own_name(r: Record, q: str) -> bool:
    """Whether ``q`` is what a person calls ``r``: its name, or any curated alias.

    A world place's alternate names include historical and foreign ones, which rank after
    the places of that name; "City of" is the official form, not another name.
    """
    if r.curated:
        return True
    return name_key(r.name).replace("'", "").removeprefix("city of ") == q


def _wanted(r: Record, kind: str | None, country: str | None) -> bool:
    return (kind is None or r.kind == kind) and (country is None or r.country == country)


def search_index(
    idx: Index,
    text: str,
    *,
    limit: int = 10,
    kind: str | None = None,
    country: str | None = None,
) -> list[Record]:
    """Records whose name or alias matches ``text``, the place a person means first.

    ``kind`` and ``country`` (ISO alpha-2, any case) keep only matching records.
    """
    # Apostrophes are dropped on both sides: "kings cross" finds "King's Cross".
    q = name_key(text).replace("'", "")
    if not q:
        return []
    cc = country.upper() if country else None
    tiers: dict[int, int] = {}
    spaced = " " + q
    for key, ids in idx.names.items():
        if "'" in key:
            key = key.replace("'", "")
        if key == q:
            tier = 0
        elif key.startswith(q):
            tier = 2
        elif spaced in key:
            tier = 3
        else:
            continue
        for i in ids:
            t = tier
            if t == 0 and not _own_name(idx.records[i], q):
                t = 1  # "Twickenham" is an old name of Huntsville, Alabama
            if tiers.get(i, 9) > t:
                tiers[i] = t
    hits = [(t, idx.records[i]) for i, t in tiers.items()]
    hits = [(t, r) for t, r in hits if _wanted(r, kind, cc)]
    hits.sort(key=lambda h: (h[0], -_importance(h[1]), h[1].name, h[1].id))
    return [r for _, r in hits[:limit]]


def search_key(text: str) -> str:
    """Fold a name for searching: ASCII, lower case, no apostrophes or dots, single spaces.

    >>> search_key("St. James’s  Park")
    'st jamess park'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", re.sub(r"['’.]", "", ascii_text.lower())).split())


def search_entries(gaz: Gazetteer, text: str, limit: int = 10) -> list[GazetteerEntry]:
    """Entries matching ``text``, best first: exact name, alias, prefix, then substring.

    Case, accents and punctuation are ignored; ties go to the more specific kind, then
    the larger population.

    Examples
    --------
    >>> gaz = Gazetteer()
    >>> gaz.add([GazetteerEntry(id="a", name="Kings Cross", kind="district", lat=0, lon=0),
    ...          GazetteerEntry(id="b", name="King's Cross station", kind="site", lat=0, lon=0,
    ...                         aliases=["King's Cross"])])
    >>> [e.id for e in search_entries(gaz, "kings cross")]
    ['a', 'b']
    >>> search_entries(gaz, "  ")
    []
    """
    q = search_key(text)
    if not q:
        return []
    if gaz._index is None:
        gaz._index = [(tuple(search_key(n) for n in e.names()), e) for e in gaz.entries.values()]
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    scored = []
    for names, e in gaz._index:
        if names[0] == q:
            tier = 0
        elif q in names[1:] or any(n.startswith(q) for n in names):
            tier = 1
        elif any(q in n for n in names):
            tier = 2
        else:
            continue
        scored.append(((tier, kind_rank[e.kind], -(e.population or 0), e.name, e.id), e))
    scored.sort(key=lambda s: s[0])
    return [e for _, e in scored[:limit]]
