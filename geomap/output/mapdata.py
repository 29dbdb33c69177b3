"""What a map shows, as plain data: sites as records, layers, cordons, jump-to groups.

The one place where lat/lon become metres and back. :mod:`geomap.output.render` turns this data
into a page; nothing here knows about HTML.

Examples
--------
>>> from geomap.models import Site
>>> site_layers(Site(id="x", name="X", kind="site", lat=0, lon=0, roles=["guard", "context"]))
['guarded']
>>> safe_href("javascript:alert(1)") is None
True
"""

from __future__ import annotations

import gc
import json
import math
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import quote

import numpy as np
import shapely
from markupsafe import Markup

from geomap.models import LAYERS, ROLES, Document, Site, layer_of

__all__ = [
    "LAYER_TITLES",
    "AREA_RADIUS_M",
    "site_layers",
    "site_dates",
    "safe_href",
    "marker_size",
    "plan",
    "script_json",
    "LAYER_OF",
    "FIT_PADDING",
    "CSS_SIZE",
]

LAYER_TITLES: dict[str, str] = {
    "incidents": "Incidents",
    "guarded": "Guarded sites & cordons",
    "patrols": "Patrols & deployments",
    "standby": "Standby",
    "closures": "Closures",
    "protests": "Protests",
    "context": "Context",
}
AREA_RADIUS_M: dict[str, int] = {
    "district": 2_000,
    "city": 10_000,
    "region": 100_000,
    "country": 300_000,
    "continent": 1_500_000,
}
CORDON_REACH_M = 1_500
CORDON_MARGIN_M = 250
JUMP_LINK_M = 100_000
JUMP_MAX = 8
# Room kept around fitted data for the panels: (left, top) and (right, bottom), in pixels.
FIT_PADDING = ((150, 110), (260, 40))
_EARTH_M = 6_371_008.8
_EPOCH = date(1970, 1, 1)
LAYER_OF = {role: layer_of(role) for role in ROLES}
_LAYER_RANK = {key: i for i, key in enumerate(LAYERS)}
_ROLE_RANK = {role: i for i, role in enumerate(ROLES)}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
CSS_SIZE = re.compile(r"^\d+(\.\d+)?(px|%|vh|em|rem)$")


# ---- geometry: the one place where lat/lon become metres and back ----


def _to_xy(lat: Any, lon: Any, origin: tuple[Any, Any]) -> tuple[Any, Any]:
    """Project ``lat, lon`` to metres east/north of ``origin`` (numbers or numpy arrays).

    A local equirectangular projection: exact enough within a few kilometres.
    """
    lat0, lon0 = origin
    x = np.radians(np.subtract(lon, lon0)) * _EARTH_M * np.cos(np.radians(lat0))
    return x, np.radians(np.subtract(lat, lat0)) * _EARTH_M


def _to_latlon(x: Any, y: Any, origin: tuple[Any, Any]) -> tuple[Any, Any]:
    """Invert :func:`_to_xy`; latitude is clamped to what Web Mercator can show."""
    lat0, lon0 = origin
    lat = np.add(lat0, np.degrees(np.divide(y, _EARTH_M)))
    scale = _EARTH_M * np.maximum(np.cos(np.radians(lat0)), 1e-6)
    return np.clip(lat, -85.0, 85.0), np.clip(np.add(lon0, np.degrees(x / scale)), -180.0, 180.0)


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two ``(lat, lon)`` points, in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def _extents(lat: Any, lon: Any, radius_m: Any) -> Any:
    """Return an ``(n, 4)`` array of ``south, west, north, east`` of circles around points."""
    south, west = _to_latlon(np.negative(radius_m), np.negative(radius_m), (lat, lon))
    north, east = _to_latlon(radius_m, radius_m, (lat, lon))
    return np.column_stack([south, west, north, east])


# ---- what a site says, as plain data for the page ----


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
    keys = {LAYER_OF[role] for role in site.roles}
    keys.update(LAYER_OF[e.role] for e in site.events)
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


def _role_pairs(site: Site) -> tuple[list[list[str | None]], list[str]]:
    pairs: list[tuple[str, str | None]] = []
    for e in site.events:
        if (e.role, e.actor) not in pairs:
            pairs.append((e.role, e.actor))
    covered = {role for role, _ in pairs}
    pairs += [(role, None) for role in dict.fromkeys(site.roles) if role not in covered]
    pairs.sort(key=lambda pair: _ROLE_RANK[pair[0]])
    named = {actor for _, actor in pairs}
    extra: list[str] = [actor for actor in dict.fromkeys(site.actors) if actor not in named]
    return [list(pair) for pair in pairs] or [["context", None]], extra


def _evidence(site: Site, docs: dict[str, Document]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for ev in [*site.evidence, *(ev for e in site.events for ev in e.evidence)]:
        key = (ev.document, ev.start, ev.end, ev.quote)
        if key in seen:
            continue
        seen.add(key)
        doc = docs.get(ev.document)
        item = {"doc": ev.document, "quote": ev.quote, "role": ev.role}
        href = safe_href(ev.path or (doc and (doc.path or doc.url)) or None)
        if href:
            item["href"] = href
        if doc and doc.title:
            item["title"] = doc.title
        out.append(item)
    return out


def _event(e: Any) -> dict[str, Any]:
    first = e.first_date or e.date
    last = e.last_date or e.date
    item = {"role": e.role, "actor": e.actor, "killed": e.killed, "injured": e.injured,
            "personnel": e.personnel, "first": first and first.isoformat(),
            "last": last and last.isoformat()}  # fmt: skip
    return {k: v for k, v in item.items() if v is not None}


def _record(site: Site, docs: dict[str, Document]) -> dict[str, Any]:
    layers = site_layers(site)
    roles, actors = _role_pairs(site)
    evidence = _evidence(site, docs)
    n_docs = len(set(site.documents) or {e["doc"] for e in evidence}) or 1
    rec: dict[str, Any] = {
        "name": site.name, "kind": site.kind, "lat": site.lat, "lon": site.lon,
        "layers": layers, "roles": roles, "docs": n_docs, "size": marker_size(n_docs),
    }  # fmt: skip
    if site.kind in AREA_RADIUS_M:
        rec["radius"] = AREA_RADIUS_M[site.kind]
        rec["areas"] = list(layers)
    first, last = site_dates(site)
    if first and last:
        rec.update(first=first.isoformat(), last=last.isoformat(),
                   t0=(first - _EPOCH).days, t1=(last - _EPOCH).days)  # fmt: skip
    if site.country:
        rec["country"] = site.country
    if actors:
        rec["actors"] = actors
    if site.events:
        rec["events"] = [_event(e) for e in site.events]
    if evidence:
        rec["evidence"] = evidence
    return rec


def _cordons(sites: list[Site], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Buffer each cordon site with the guarded sites within ``CORDON_REACH_M`` of it.

    Vectorised with shapely and numpy so that thousands of cordons stay fast.
    """
    cordons = np.array([i for i, s in enumerate(sites) if "cordon" in s.roles], dtype=int)
    if not len(cordons):
        return []
    guards = np.array([i for i, s in enumerate(sites) if "guard" in s.roles], dtype=int)
    lat = np.array([s.lat for s in sites])
    lon = np.array([s.lon for s in sites])
    c_lat, c_lon = lat[cordons], lon[cordons]
    which, near = np.zeros(0, dtype=int), np.zeros(0, dtype=int)  # cordon index, site index
    x, y = np.zeros(0), np.zeros(0)
    if len(guards):
        box = _extents(c_lat, c_lon, np.full(len(cordons), CORDON_REACH_M))
        tree = shapely.STRtree(shapely.points(lon[guards], lat[guards]))
        which, hit = tree.query(shapely.box(box[:, 1], box[:, 0], box[:, 3], box[:, 2]))
        near = guards[hit]
        x, y = _to_xy(lat[near], lon[near], (c_lat[which], c_lon[which]))
        keep = (np.hypot(x, y) <= CORDON_REACH_M) & (near != cordons[which])
        which, near, x, y = which[keep], near[keep], x[keep], y[keep]
    # One multipoint per cordon: its own site at (0, 0) plus the guarded sites near it.
    index = np.concatenate([np.arange(len(cordons)), which])
    order = np.argsort(index, kind="stable")
    xy = np.column_stack([np.concatenate([np.zeros(len(cordons)), x]),
                          np.concatenate([np.zeros(len(cordons)), y])])[order]  # fmt: skip
    counts = np.bincount(which, minlength=len(cordons))
    alone = np.array([AREA_RADIUS_M.get(sites[i].kind, 300) for i in cordons], dtype=float)
    shapes = shapely.buffer(
        shapely.convex_hull(shapely.multipoints(xy, indices=index[order])),
        np.where(counts > 0, CORDON_MARGIN_M, alone),
        quad_segs=6,
    )
    coords, owner = shapely.get_coordinates(shapely.get_exterior_ring(shapes), return_index=True)
    lats, lons = _to_latlon(coords[:, 0], coords[:, 1], (c_lat[owner], c_lon[owner]))
    points = np.round(np.column_stack([lats, lons]), 6).tolist()
    ends = np.cumsum(np.bincount(owner, minlength=len(cordons))).tolist()
    names: dict[int, list[str]] = defaultdict(list)
    for k, j in sorted(zip(which.tolist(), near.tolist(), strict=True)):
        names[k].append(sites[j].name)
    out = []
    for k, i in enumerate(cordons.tolist()):
        ring = points[ends[k - 1] if k else 0 : ends[k]]
        out.append({"site": i, "name": sites[i].name, "ring": ring, "encloses": names[k]})
        if "areas" in records[i]:  # the polygon replaces the district's circle
            records[i]["areas"] = [key for key in records[i]["areas"] if key != "guarded"]
    return out


def _record_extents(records: list[dict[str, Any]]) -> Any:
    return _extents(np.array([r["lat"] for r in records], dtype=float),
                    np.array([r["lon"] for r in records], dtype=float),
                    np.array([r.get("radius", 0) for r in records], dtype=float))  # fmt: skip


def _union(extents: Any) -> list[list[float]]:
    """Bounds ``[[south, west], [north, east]]`` of an ``(n, 4)`` array of extents."""
    south, west = extents[:, 0].min(), extents[:, 1].min()
    north, east = extents[:, 2].max(), extents[:, 3].max()
    return [[float(south), float(west)], [float(north), float(east)]]


_LABEL_KINDS = ("city", "district", "site", "region", "country", "continent", "water")


def _jump_groups(records: list[dict[str, Any]], extents: Any) -> list[dict[str, Any]]:
    """Group places that lie more than ``JUMP_LINK_M`` apart, for the "Jump to" buttons."""
    cell_m = JUMP_LINK_M / 2
    lat = np.array([r["lat"] for r in records], dtype=float)
    lon = np.array([r["lon"] for r in records], dtype=float)
    # Each point measured from the meridian at its own latitude: a sinusoidal grid of cells.
    x, y = _to_xy(lat, lon, (lat, 0.0))
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    keys = zip((x // cell_m).astype(int).tolist(), (y // cell_m).astype(int).tolist(), strict=True)
    for i, key in enumerate(keys):
        cells[key].append(i)
    centre = {
        c: (sum(records[i]["lat"] for i in m) / len(m), sum(records[i]["lon"] for i in m) / len(m))
        for c, m in cells.items()
    }
    parent = {c: c for c in cells}

    def root(c: tuple[int, int]) -> tuple[int, int]:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for cx, cy in cells:
        for dx in range(-2, 3):
            for dy in range(-2, 3):
                other = (cx + dx, cy + dy)
                if other in cells and _distance_m(centre[(cx, cy)], centre[other]) < JUMP_LINK_M:
                    parent[root(other)] = root((cx, cy))
    members: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c, m in cells.items():
        members[root(c)] += m
    if len(members) < 2:
        return []
    out = []
    for group in sorted(members.values(), key=len, reverse=True)[:JUMP_MAX]:
        best = min(
            group, key=lambda i: (_LABEL_KINDS.index(records[i]["kind"]), -records[i]["docs"])
        )
        out.append({"label": records[best]["name"], "bounds": _union(extents[group])})
    return out


def script_json(obj: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def plan(sites: list[Site], docs: dict[str, Document]) -> dict[str, Any]:
    """Everything the page needs from the sites, as plain data (no folium yet)."""
    collecting = gc.isenabled()
    gc.disable()  # 100,000 small dicts would set off many full collections for nothing
    try:
        records = [_record(site, docs) for site in sites]
        cordons = _cordons(sites, records)
    finally:
        if collecting:
            gc.enable()
    focus = [r for r in records if r["layers"] != ["context"]] or records
    extents = _record_extents(focus) if focus else None
    bounds = _union(extents) if focus else [[49.8, -8.2], [59.0, 2.0]]  # Great Britain
    counts = {key: 0 for key in LAYERS}
    for rec in records:
        for key in rec["layers"]:
            counts[key] += 1
    days = [d for r in records for d in (r.get("t0"), r.get("t1")) if d is not None]
    time = None
    if days and min(days) < max(days):
        lo, hi = min(days), max(days)
        time = {"min": lo, "max": hi, "first": str(date.fromordinal(_EPOCH.toordinal() + lo)),
                "last": str(date.fromordinal(_EPOCH.toordinal() + hi))}  # fmt: skip
    return {
        "records": records, "cordons": cordons, "bounds": bounds, "counts": counts,
        "centre": [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        "jump": _jump_groups(focus, extents) if focus else [], "time": time,
    }  # fmt: skip
