"""One self-contained HTML report: map, summary, timeline and the evidence behind each site.

The map is the page from :func:`geomap.output.render.build_map`, embedded in an ``<iframe srcdoc>``;
the timeline is inline SVG drawn here (threat levels as a step line, events as ticks) with a
dated list below it; nothing is fetched from the network and every string from an article
is escaped by the template.

Examples
--------
>>> from geomap.models import Site
>>> page = build_report([Site(id="x", name="<b>X</b>", kind="site", lat=51.5, lon=0)], [],
...                     title="Empty & quiet")
>>> "<h1>Empty &amp; quiet</h1>" in page, "<b>X</b>" in page
(True, False)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from geomap.models import ACTORS, LAYERS, ROLES, Document, Event, Site, layer_of
from geomap.output.assets import environment, static_text
from geomap.output.render import (
    LAYER_TITLES,
    build_map,
    embed_html,
    safe_href,
    site_dates,
    site_layers,
)

__all__ = ["build_report", "threat_timeline", "LEVELS"]

LEVELS: tuple[str, ...] = ("low", "moderate", "substantial", "severe", "critical")
WIDTH, LEFT, RIGHT = 900, 96, 16
LEVEL_TOP, LEVEL_STEP = 14, 20
LANE = 6  # one lane of event bars per map layer
TICKS_TOP, TICKS_HEIGHT = LEVEL_TOP + LEVEL_STEP * 4 + 22, LANE * 6 + 4
AXIS_Y = TICKS_TOP + TICKS_HEIGHT + 8
HEIGHT = AXIS_Y + 24


@dataclass(frozen=True)
class _Statement:
    day: date
    level: str
    changed: bool
    quote: str
    document: str


def _statements(documents: list[Document]) -> list[_Statement]:
    out = []
    for doc in documents:
        for t in doc.threat_levels:
            when = t.date or doc.published
            if when:
                out.append(_Statement(when, t.level, t.changed, t.quote, doc.id))
    return sorted(out, key=lambda s: (s.day, not s.changed))


def _event_days(e: Event) -> tuple[date | None, date | None]:
    first = e.first_date or e.date
    return first, e.last_date or e.date or first


def _ticks(start: date, end: date) -> list[date]:
    span = (end - start).days
    if span <= 62:
        step = max(1, span // 8 or 1)
        return [start + timedelta(days=d) for d in range(0, span + 1, step)]
    months = (end.year - start.year) * 12 + end.month - start.month
    step = max(1, -(-months // 8))
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        tick = date(y, m, 1)
        if start <= tick <= end:
            out.append(tick)
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return out


def threat_timeline(sites: list[Site], documents: list[Document]) -> dict[str, Any] | None:
    """Lay out the timeline: threat-level steps and event ticks, in SVG pixels.

    Returns ``None`` when nothing is dated.

    Examples
    --------
    >>> from datetime import date
    >>> from geomap.models import Document, ThreatLevel
    >>> doc = Document(id="d", published=date(2017, 5, 24), threat_levels=[ThreatLevel(
    ...     level="critical", changed=True, date=date(2017, 5, 23), quote="q", start=0, end=1)])
    >>> line = threat_timeline([], [doc])
    >>> [(p["level"], p["label"]) for p in line["points"]]
    [('critical', '2017-05-23')]
    >>> threat_timeline([], []) is None
    True
    """
    statements = _statements(documents)
    events = []
    for site in sites:
        for e in site.events:
            first, last = _event_days(e)
            if first and last:
                events.append((first, last, layer_of(e.role), site.name, e))
    days = [s.day for s in statements] + [d for ev in events for d in ev[:2]]
    if not days:
        return None
    start, end = min(days), max(days)
    pad = max(3, (end - start).days // 40)
    start, end = start - timedelta(days=pad), end + timedelta(days=pad)
    scale = (WIDTH - LEFT - RIGHT) / max((end - start).days, 1)

    def x(day: date) -> float:
        return round(LEFT + (day - start).days * scale, 1)

    def y(level: str) -> int:
        return LEVEL_TOP + LEVEL_STEP * (len(LEVELS) - 1 - LEVELS.index(level))

    points = [{"x": x(s.day), "y": y(s.level), "level": s.level, "changed": s.changed,
               "label": s.day.isoformat(), "document": s.document, "quote": s.quote}
              for s in statements]  # fmt: skip
    path = ""
    for i, p in enumerate(points):
        path += f"M{p['x']} {p['y']}" if i == 0 else f"H{p['x']}V{p['y']}"
    if points:
        path += f"H{x(end)}"
    rows = {key: TICKS_TOP + 2 + i * LANE for i, key in enumerate(LAYERS)}
    ticks = [{"x1": x(first), "x2": max(x(last), x(first) + 3), "y": rows[layer], "layer": layer,
              "name": name,
              "label": first.isoformat() + ("" if last == first else f" – {last.isoformat()}")}
             for first, last, layer, name, _ in sorted(events, key=lambda ev: ev[0])]  # fmt: skip
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
        "levels": [{"name": name, "y": y(name)} for name in LEVELS],
        "path": path, "points": points, "ticks": ticks, "axis_y": AXIS_Y,
        "ticks_top": TICKS_TOP, "ticks_height": TICKS_HEIGHT,
        "axis": [{"x": x(d), "label": d.isoformat()[: 10 if (end - start).days <= 62 else 7]}
                 for d in _ticks(start, end)],
    }  # fmt: skip


def _chronology(sites: list[Site], documents: list[Document]) -> list[dict[str, Any]]:
    """Dated entries, oldest first: threat-level statements (merged across documents) and events."""
    days: dict[date, dict[str, Any]] = {}
    for s in _statements(documents):
        entry = days.setdefault(s.day, {"levels": {}, "events": []})
        said = entry["levels"].setdefault((s.level, s.changed), {"statement": s, "documents": []})
        said["documents"].append(s.document)
    for site in sites:
        for e in site.events:
            first, last = _event_days(e)
            if first:
                entry = days.setdefault(first, {"levels": {}, "events": []})
                entry["events"].append({"site": site.name, "event": e, "last": last,
                                        "layer": layer_of(e.role)})  # fmt: skip
    return [{"day": day, "levels": list(days[day]["levels"].values()),
             "events": days[day]["events"]} for day in sorted(days)]  # fmt: skip


def _summary(sites: list[Site], documents: list[Document]) -> dict[str, Any]:
    # One incident told at several places (Manchester, Manchester Arena) is one event.
    events = list({e.id: e for s in sites for e in s.events}.values())
    roles = [
        {"role": role, "layer": layer_of(role), "sites": sum(role in s.roles for s in sites),
         "events": sum(e.role == role for e in events)}
        for role in ROLES
    ]  # fmt: skip
    actors = [
        {"actor": actor, "sites": sum(actor in s.actors for s in sites),
         "events": sum(e.actor == actor for e in events)}
        for actor in ACTORS
    ]  # fmt: skip
    statements = _statements(documents)
    layers = Counter(key for s in sites for key in site_layers(s))
    return {
        "sites": len(sites), "documents": len(documents), "events": len(events),
        "killed": sum(e.killed or 0 for e in events if e.role == "incident"),
        "injured": sum(e.injured or 0 for e in events if e.role == "incident"),
        "roles": [r for r in roles if r["sites"] or r["events"]],
        "actors": [a for a in actors if a["sites"] or a["events"]],
        "layers": [{"key": k, "title": LAYER_TITLES[k], "count": layers[k]} for k in LAYERS],
        "threat": statements[-1] if statements else None,
    }  # fmt: skip


def _quotes(site: Site, docs: dict[str, Document]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for ev in [*site.evidence, *(ev for e in site.events for ev in e.evidence)]:
        if (ev.document, ev.start, ev.end) in seen:
            continue
        seen.add((ev.document, ev.start, ev.end))
        doc = docs.get(ev.document)
        href = safe_href(ev.path or (doc and (doc.path or doc.url)) or None)
        out.append({"evidence": ev, "href": href, "title": doc.title if doc else None})
    return out


def _site_rows(sites: list[Site], documents: list[Document]) -> list[dict[str, Any]]:
    docs = {d.id: d for d in documents}
    order = {key: i for i, key in enumerate(LAYERS)}
    rows = []
    for site in sites:
        layers = site_layers(site)
        first, last = site_dates(site)
        rows.append({"site": site, "layers": layers, "first": first, "last": last,
                     "quotes": _quotes(site, docs)})  # fmt: skip
    return sorted(rows, key=lambda r: (order[r["layers"][0]], r["site"].name.casefold()))


def _documents(documents: list[Document]) -> list[dict[str, Any]]:
    return [{"doc": d, "href": safe_href(d.path or d.url)} for d in documents]


def build_report(
    sites: list[Site], documents: list[Document], *, title: str = "geomap report"
) -> str:
    """Return one self-contained HTML report: map, summary, timeline, sites and evidence.

    Parameters
    ----------
    sites : list of Site
        The places to report on, as the pipeline made them.
    documents : list of Document
        Their sources: titles, links and threat-level statements for the timeline.
    title : str
        Page heading (escaped).
    """
    symbols: Any = environment().get_template("symbols.j2").module
    template = environment().get_template("report.html.j2")
    return template.render(
        title=title,
        css=Markup(static_text("report.css")),
        map=Markup(embed_html(build_map(sites, documents=documents, title=title), height="70vh")),
        summary=_summary(sites, documents),
        timeline=threat_timeline(sites, documents),
        chronology=_chronology(sites, documents),
        rows=_site_rows(sites, documents),
        documents=_documents(documents),
        colours=symbols.COLOURS,
        levels=LEVELS,
        layer_titles=LAYER_TITLES,
        role_layer={role: layer_of(role) for role in ROLES},
    )
