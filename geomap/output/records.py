"""What one site says on the map, as plain data: layers, roles, popup facts and evidence.

:func:`site_record` is what the page's scripts read for one site: its layers, each role
once with its actors and dates, the facts that tell two places of one name apart (kind,
region, country, coordinates and how precise they are, the place's source) and its
evidence with links that open from where the page is written.

Examples
--------
>>> from geomap.models import Event, Site
>>> site = Site(id="x", name="X", kind="site", lat=51.5, lon=-0.12, roles=["closure"],
...             events=[Event(id="a", role="closure", actor="police"),
...                     Event(id="b", role="closure")])
>>> site_record(site, {})["roles"]
[['closure', 'police']]
"""

from __future__ import annotations

import csv
import os
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path, PureWindowsPath
from typing import Any, Protocol
from urllib.parse import quote

from geomap.models import LAYERS, ROLES, Document, Event, Site, layer_of

__all__ = [
    "PRECISION",
    "LABEL_ZOOM",
    "Places",
    "is_past_context",
    "link_target",
    "marker_size",
    "role_rows",
    "safe_href",
    "site_dates",
    "site_layers",
    "site_record",
]

# How far the point of a place of each kind may lie from where something happened.
PRECISION: dict[str, str] = {
    "site": "the building or spot (about 100 m)",
    "district": "centre of the district (a few km)",
    "city": "centre of the town (up to 10 km)",
    "region": "centre of the region",
    "country": "centre of the country",
    "continent": "centre of the continent",
    "water": "a point on the water",
}
# The zoom from which a place's name is written beside its symbol without hovering.
LABEL_ZOOM: dict[str, int] = {"site": 13, "district": 11, "city": 7}
_LAYER_RANK = {key: i for i, key in enumerate(LAYERS)}
_ROLE_RANK = {role: i for i, role in enumerate(ROLES)}
_LAYER_OF = {role: layer_of(role) for role in ROLES}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_EPOCH = date(1970, 1, 1)


class Places(Protocol):
    """Anything that finds a gazetteer record by id (the index the pipeline used)."""

    def get(self, id: str) -> Any: ...


def site_layers(site: Site) -> list[str]:
    """Return the map layers a site is drawn on, in legend order.

    A site goes into the layer of each of its roles (and of its events' roles); context
    only counts when the site has no other role.

    Examples
    --------
    >>> site = Site(id="a", name="A", kind="site", lat=0, lon=0, roles=["cordon", "context"])
    >>> site_layers(site)
    ['guarded']
    >>> site_layers(Site(id="b", name="B", kind="site", lat=0, lon=0))
    ['context']
    """
    keys = {_LAYER_OF[role] for role in site.roles}
    keys.update(_LAYER_OF[e.role] for e in site.events)
    keys.discard("context")
    return sorted(keys, key=_LAYER_RANK.__getitem__) if keys else ["context"]


def site_dates(site: Site) -> tuple[date | None, date | None]:
    """Return the first and last date of a site, from the site or else from its events.

    Examples
    --------
    >>> site_dates(Site(id="a", name="A", kind="site", lat=0, lon=0))
    (None, None)
    """
    days = [d for d in (site.first_date, site.last_date) if d]
    if not days:
        for e in site.events:
            days += [d for d in (e.first_date, e.date, e.last_date) if d]
    return (min(days), max(days)) if days else (None, None)


def is_past_context(site: Site) -> bool:
    """Whether a site only names an incident in passing: incidents alone, and no date.

    "Lessons from Nice, from Paris" names attacks that neither happen now nor carry a
    date; such a place is shown as undated past context and does not set the first view.

    Examples
    --------
    >>> nice = Site(id="n", name="Nice", kind="city", lat=43.7, lon=7.27, roles=["incident"])
    >>> is_past_context(nice), is_past_context(nice.model_copy(update={"roles": ["guard"]}))
    (True, False)
    """
    return site_layers(site) == ["incidents"] and site_dates(site) == (None, None)


def marker_size(documents: int) -> int:
    """Return a marker's size in pixels: it grows with the number of source documents.

    Examples
    --------
    >>> marker_size(1), marker_size(3), marker_size(50)
    (22, 30, 42)
    """
    return min(22 + 4 * (max(documents, 1) - 1), 42)


@lru_cache(maxsize=4096)
def safe_href(target: str | None) -> str | None:
    """Return a link target that is safe to put in ``href``, or ``None``.

    ``http``, ``https`` and ``file`` URLs pass; paths become ``file:`` URIs (absolute) or
    percent-encoded relative links; any other scheme (``javascript:``, ``data:``) is refused,
    even when hidden behind blanks or control characters.

    Examples
    --------
    >>> safe_href("/data/seeds/000 a.txt")
    'file:///data/seeds/000%20a.txt'
    >>> safe_href("seeds/000_x.txt"), safe_href("https://example.org/a?b=1")
    ('seeds/000_x.txt', 'https://example.org/a?b=1')
    >>> safe_href(" java\\tscript:alert(1)") is None, safe_href("data:text/html,x") is None
    (True, True)
    """
    if not target or not target.strip():
        return None
    target = target.strip()
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]+", "", target))
    if match:
        scheme = match.group(1).lower()
        if len(scheme) == 1:  # a Windows drive letter, C:\...
            return PureWindowsPath(target).as_uri()
        return target if scheme in ("http", "https", "file") else None
    if target.startswith("/"):
        return Path(target).as_uri()
    return quote(target, safe="/")


def link_target(source: str | None, base: str | os.PathLike[str] | None) -> str | None:
    """Return where a source file's link points from a page written in folder ``base``.

    A path typed relative to the working directory would open nothing next to the page:
    it becomes relative to ``base`` when the file lies under it, else absolute. URLs and
    paths with no ``base`` pass as they are.

    Examples
    --------
    >>> link_target("seeds/a.txt", "maps") == os.path.abspath("seeds/a.txt")
    True
    >>> link_target("maps/in/a.txt", "maps"), link_target("https://x.org/a", "maps")
    ('in/a.txt', 'https://x.org/a')
    """
    if not source or base is None or _SCHEME.match(source.strip()):
        return source
    path = os.path.abspath(source)
    folder = os.path.abspath(base)
    if os.path.commonpath([path, folder]) == folder:
        return os.path.relpath(path, folder)
    return path


def _one_role(site: Site) -> tuple[list[list[str | None]], list[str]]:
    """The common case of one role and no events, without the general bookkeeping."""
    role = site.roles[0] if site.roles else "context"
    extra: list[str] = list(dict.fromkeys(site.actors))
    return [[role, None]], extra


def _roles(site: Site) -> tuple[list[list[str | None]], list[str]]:
    """Each role once, with the actors named for it; actors tied to no role apart."""
    actors: dict[str, list[str]] = {}
    for e in site.events:
        named = actors.setdefault(e.role, [])
        if e.actor and e.actor not in named:
            named.append(e.actor)
    for role in site.roles:
        actors.setdefault(role, [])
    order = sorted(actors, key=_ROLE_RANK.__getitem__)
    if len(order) > 1 and "context" in order:
        order.remove("context")  # "context" beside a real role says nothing more
    pairs = [[role, ", ".join(actors[role]) or None] for role in order]
    told = {a for named in actors.values() for a in named}
    extra: list[str] = [a for a in dict.fromkeys(site.actors) if a not in told]
    return pairs or [["context", None]], extra


def role_rows(site: Site) -> list[dict[str, Any]]:
    """Each role of a site once: its actors, the span of its dates and its numbers.

    Examples
    --------
    >>> from datetime import date
    >>> site = Site(id="x", name="X", kind="site", lat=0, lon=0, roles=["closure", "context"],
    ...             events=[Event(id="a", role="closure", actor="police", date=date(2017, 5, 23)),
    ...                     Event(id="b", role="closure", date=date(2017, 5, 24))])
    >>> [(r["role"], r["actors"], r["first"], r["last"]) for r in role_rows(site)]
    [('closure', ['police'], datetime.date(2017, 5, 23), datetime.date(2017, 5, 24))]
    """
    pairs, _ = _roles(site)
    rows = []
    for role, _actors in pairs:
        events = [e for e in site.events if e.role == role]
        days = [d for e in events for d in (e.first_date, e.date, e.last_date) if d]
        numbers = list(dict.fromkeys(
            (e.killed, e.injured, e.personnel) for e in events
            if (e.killed, e.injured, e.personnel) != (None, None, None)
        ))  # fmt: skip
        rows.append({"role": role, "layer": layer_of(str(role)),
                     "actors": [a for a in dict.fromkeys(e.actor for e in events) if a],
                     "first": min(days) if days else None, "last": max(days) if days else None,
                     "numbers": numbers})  # fmt: skip
    return rows


@lru_cache(maxsize=1)
def _division_names() -> dict[str, str]:
    names = {}
    for table, level in (("admin1.csv", 1), ("admin2.csv", 2)):
        text = resources.files("geomap").joinpath("data", table).read_text("utf-8")
        for row in csv.DictReader(text.splitlines()):
            names[f"admin{level}:{row['code']}"] = row["name"]
    return names


def _region(site: Site, known: dict[str, Any], places: Places | None) -> str | None:
    """The nearest named area above a place, under its country: a borough, county or state."""
    record = places.get(site.id) if places is not None else None
    parent = getattr(record, "parent", None) or getattr(known.get(site.id), "parent", None)
    admin1 = getattr(record, "admin1", None)
    if (not parent or parent.startswith(("country:", "continent:"))) and admin1 and site.country:
        parent = f"admin1:{site.country}.{admin1}"
    for _ in range(4):  # a site in a district in a town: the first name that is an area
        if not parent or parent.startswith(("country:", "continent:")):
            return None
        name = _division_names().get(parent)
        above = known.get(parent) or (places.get(parent) if places is not None else None)
        if name is None and above is not None:
            name = above.name
        if name and getattr(above, "kind", "region") != "site":
            return str(name)
        parent = getattr(above, "parent", None)
    return None


def _evidence(site: Site, docs: dict[str, Document], base: Any) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for ev in [*site.evidence, *(ev for e in site.events for ev in e.evidence)]:
        key = (ev.document, ev.start, ev.end, ev.quote)
        if key in seen:
            continue
        seen.add(key)
        doc = docs.get(ev.document)
        item = {"doc": ev.document, "quote": ev.quote, "role": ev.role}
        href = safe_href(link_target(ev.path or (doc and (doc.path or doc.url)) or None, base))
        if href:
            item["href"] = href
        if doc and doc.title:
            item["title"] = doc.title
        out.append(item)
    return out


def _event(e: Event) -> dict[str, Any]:
    first = e.first_date or e.date
    last = e.last_date or e.date
    item = {"role": e.role, "actor": e.actor, "killed": e.killed, "injured": e.injured,
            "personnel": e.personnel, "first": first and first.isoformat(),
            "last": last and last.isoformat()}  # fmt: skip
    return {k: v for k, v in item.items() if v is not None}


def site_record(
    site: Site,
    docs: dict[str, Document],
    *,
    known: dict[str, Any] | None = None,
    places: Places | None = None,
    base: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Return what the page's scripts read for one site.

    ``known`` maps place ids to the places the documents resolved (for the region),
    ``places`` is the gazetteer index if at hand, ``base`` the folder the page is written
    to (for links).
    """
    layers = site_layers(site)
    roles, actors = _roles(site) if site.events or len(site.roles) > 1 else _one_role(site)
    evidence = _evidence(site, docs, base)
    n_docs = len(set(site.documents) or {e["doc"] for e in evidence}) or 1
    rec: dict[str, Any] = {
        "name": site.name, "kind": site.kind, "lat": site.lat, "lon": site.lon,
        "layers": layers, "roles": roles, "docs": n_docs, "size": marker_size(n_docs),
        "precision": PRECISION.get(site.kind, ""),
    }  # fmt: skip
    place = known.get(site.id) if known else None
    if place is not None and place.source:
        rec["source"] = place.source
    region = _region(site, known or {}, places) if known or places is not None else None
    if region:
        rec["region"] = region
    if site.kind in LABEL_ZOOM:
        rec["label"] = LABEL_ZOOM[site.kind]
    first, last = site_dates(site)
    if first and last:
        rec.update(first=first.isoformat(), last=last.isoformat(),
                   t0=(first - _EPOCH).days, t1=(last - _EPOCH).days)  # fmt: skip
    elif layers == ["incidents"]:  # is_past_context, with what is already known
        rec["past"] = True
    if site.country:
        rec["country"] = site.country
    if actors:
        rec["actors"] = actors
    if site.events:
        rec["events"] = [_event(e) for e in site.events]
        rec["weight"] = sum(e.role != "context" for e in site.events)
    if evidence:
        rec["evidence"] = evidence
    return rec
