"""Well-known attacks, so that mentions of one across articles become one dated event.

The table (``geomap/data/incidents.csv``) only joins what the text says: a mention is matched
to a known attack when the place and some date agree, never given an attack the text does
not tell.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache

from geomap.gazetteer.index import Index
from geomap.gazetteer.world import DATA_DIR, Record

__all__ = ["KnownIncident", "known_incidents", "incidents_at", "match_incident", "named_in"]


class KnownIncident:
    """A well-known attack, so mentions of it across articles become one dated event."""

    def __init__(self, row: dict[str, str]) -> None:
        self.id = row["id"]
        self.name = row["name"]
        self.names = (self.name, *(a for a in row.get("aliases", "").split("|") if a))
        # Where it happened: one place, or several ('|'-joined) for an attack that moved.
        self.places = tuple(row["place"].split("|"))
        self.date = dt.date.fromisoformat(row["date"])
        self.killed = int(row["killed"]) if row["killed"] else None
        self.injured = int(row["injured"]) if row["injured"] else None


@lru_cache(maxsize=1)
def known_incidents() -> tuple[KnownIncident, ...]:
    with (DATA_DIR / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(KnownIncident(r) for r in csv.DictReader(fh))


def _ancestors(idx: Index, rid: str) -> set[str]:
    out = set()
    cur = idx.get(rid)
    for _ in range(8):
        if cur is None or not cur.parent:
            break
        out.add(cur.parent)
        cur = idx.get(cur.parent)
    return out


@lru_cache(maxsize=1)
def _filed_at() -> dict[str, list[KnownIncident]]:
    """Known incidents by the places they are filed under, and those only."""
    table: dict[str, list[KnownIncident]] = {}
    for inc in known_incidents():
        for place in inc.places:
            table.setdefault(place, []).append(inc)
    return table


_INCIDENT_PLACES: dict[int, dict[str, list[KnownIncident]]] = {}


def incidents_at(idx: Index) -> dict[str, list[KnownIncident]]:
    """Known incidents by every place that holds them: the site and each place around it."""
    table = _INCIDENT_PLACES.get(id(idx))
    if table is None:
        table = {}
        for inc in known_incidents():
            held = {p: None for place in inc.places for p in (place, *_ancestors(idx, place))}
            for pid in held:
                table.setdefault(pid, []).append(inc)
        _INCIDENT_PLACES[id(idx)] = table
    return table


# How far a stated date may lie from a known attack's and still tell of it; a report is
# published on the day or in the days after.
DAYS_AROUND = 3


def match_incident(
    idx: Index,
    rec: Record,
    *,
    named: frozenset[str],
    published: dt.date | None,
    when: dt.date | None,
) -> KnownIncident | None:
    """The known incident at this place, a place inside it or the site it is part of.

    Only when the text tells of it: it names the attack (its name or an alias), or a date
    it states lies within a few days of it. A place and a year are not enough: "a gunman
    opened fire in Paris" in 2017 is not the Paris attacks of 2015.
    """
    if rec.kind not in ("site", "district", "city"):
        return None  # "attacks in Germany" may be many attacks
    told = list(incidents_at(idx).get(rec.id, ()))
    # A part of the site an attack is filed under: New Palace Yard, of the Palace.
    if rec.kind == "site" and rec.parent:
        told += [i for i in _filed_at().get(rec.parent, ()) if i not in told]
    fits = [i for i in told if i.id in named or _dated(i, published, when)]
    return max(fits, key=lambda i: i.date, default=None)


def named_in(text: str) -> frozenset[str]:
    """The known incidents a text names, by name or alias: one scan of the text.

    >>> sorted(named_in("Survivors of the Bataclan attack met in Paris."))
    ['paris-2015']
    """
    pattern, ids = _names_pattern()
    return frozenset(ids[m.group().casefold()] for m in pattern.finditer(text))


@lru_cache(maxsize=1)
def _names_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    ids = {n.casefold(): inc.id for inc in known_incidents() for n in inc.names}
    names = sorted(ids, key=len, reverse=True)  # the longest name wins where two start
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I), ids


def _dated(inc: KnownIncident, published: dt.date | None, when: dt.date | None) -> bool:
    around = dt.timedelta(days=DAYS_AROUND)
    if when is not None:
        return abs(when - inc.date) <= around
    return published is not None and inc.date <= published <= inc.date + around
