"""What a map shows, as plain data: sites as records, cordons, jump-to groups, the first view.

Each site's record comes from :mod:`geomap.output.records`; here they meet: the first view
fits current events, most specific first, jump-to groups far-apart places by how much
happens there, and the time slider spans the dates. The one place where lat/lon become
metres and back. :mod:`geomap.output.render` turns this data
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
import os
import re
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
import shapely
from markupsafe import Markup

from geomap.models import LAYERS, ROLES, Document, Site, layer_of
from geomap.output.records import (
    Places,
    marker_size,
    safe_href,
    site_dates,
    site_layers,
    site_record,
)

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
# Circles only where a radius reads as "about this far": countries are shaded from their
# outlines and continents get their symbol alone.
AREA_RADIUS_M: dict[str, int] = {
    "district": 2_000,
    "city": 10_000,
    "region": 100_000,
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


# ---- what the sites say, as plain data for the page ----


def _record(site: Site, docs: dict[str, Document], context: dict[str, Any]) -> dict[str, Any]:
    rec = site_record(site, docs, **context)
    if site.kind in AREA_RADIUS_M:
        rec["radius"] = AREA_RADIUS_M[site.kind]
        rec["areas"] = list(rec["layers"])
    elif site.kind == "country" and site.country:
        # Shaded from the bundled outline: a circle would say "this far" of a country.
        rec["shade"] = site.country
        rec["areas"] = list(rec["layers"])
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
    busiest = sorted(members.values(), key=lambda g: tuple(-n for n in _activity(records, g)))
    for group in busiest[:JUMP_MAX]:
        best = min(
            group, key=lambda i: (_LABEL_KINDS.index(records[i]["kind"]), -records[i]["docs"])
        )
        out.append({"label": records[best]["name"], "bounds": _union(extents[group])})
    return out


def _activity(records: list[dict[str, Any]], group: list[int]) -> tuple[int, int]:
    """How much happens in a group of places: its current events, then its sources.

    A place's events count (or its roles, when the text gave no events); a past event
    named in passing counts for nothing.
    """
    happening = 0
    for i in group:
        r = records[i]
        if not r.get("past"):
            happening += r.get("weight") or sum(role != "context" for role, _ in r["roles"])
    return happening, sum(records[i]["docs"] for i in group)


_SPECIFIC = (("site", "district", "city"), ("region",))


def _view(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places the first view fits: current events, most specific kinds first.

    Areas (regions, countries, continents) and past events named in passing set the view
    only when nothing more specific is on the map.
    """
    current = [r for r in records if r["layers"] != ["context"] and not r.get("past")]
    for kinds in _SPECIFIC:
        chosen = [r for r in current if r["kind"] in kinds]
        if chosen:
            return chosen
    return current or [r for r in records if r["layers"] != ["context"]] or records


def _time(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    days = [d for r in records for d in (r.get("t0"), r.get("t1")) if d is not None]
    if not days or min(days) == max(days):
        return None
    lo, hi = min(days), max(days)
    undated = [r for r in records if r.get("t0") is None and r["layers"] != ["context"]]
    # Past events named in passing first: they are what a reader most wants to hide.
    undated = [r["name"] for r in sorted(undated, key=lambda r: not r.get("past"))]
    return {"min": lo, "max": hi, "first": str(date.fromordinal(_EPOCH.toordinal() + lo)),
            "last": str(date.fromordinal(_EPOCH.toordinal() + hi)),
            "undated": len(undated), "examples": undated[:3]}  # fmt: skip


def script_json(obj: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _known_places(docs: dict[str, Document]) -> dict[str, Any]:
    return {m.place.id: m.place for d in docs.values() for m in d.mentions if m.place is not None}


def plan(
    sites: list[Site],
    docs: dict[str, Document],
    *,
    places: Places | None = None,
    base: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Everything the page needs from the sites, as plain data (no folium yet).

    ``places`` (the gazetteer index) names the regions in popups; ``base`` is the folder
    the page is written to, which evidence links are made relative to.
    """
    context = {"known": _known_places(docs), "places": places, "base": base}
    collecting = gc.isenabled()
    gc.disable()  # 100,000 small dicts would set off many full collections for nothing
    try:
        records = [_record(site, docs, context) for site in sites]
        cordons = _cordons(sites, records)
    finally:
        if collecting:
            gc.enable()
    view = _view(records)
    bounds = _union(_record_extents(view)) if view else [[49.8, -8.2], [59.0, 2.0]]  # GB
    counts = {key: 0 for key in LAYERS}
    for rec in records:
        for key in rec["layers"]:
            counts[key] += 1
    jumps = [r for r in records if r["layers"] != ["context"] and r["kind"] != "continent"]
    return {
        "records": records, "cordons": cordons, "bounds": bounds, "counts": counts,
        "centre": [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        "jump": _jump_groups(jumps, _record_extents(jumps)) if jumps else [],
        "time": _time(records),
    }  # fmt: skip
