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

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from geomap.models import ACTORS, LAYERS, ROLES, Document, Event, Site, layer_of
from geomap.output.assets import environment, static_text
from geomap.output.records import Places, is_past_context, link_target, role_rows
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
# Most specific first: a quote or an event told at several places goes to the first of them.
_SPECIFIC = {kind: i for i, kind in enumerate(("site", "district", "city", "region", "country",
                                                "continent", "water"))}  # fmt: skip


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
    levels = LEVELS if statements else ()  # no threat-level axis where none was read
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

    top = 0 if levels else TICKS_TOP - 8  # without levels, the event bands move up

    points = [{"x": x(s.day), "y": y(s.level), "level": s.level, "changed": s.changed,
               "label": s.day.isoformat(), "document": s.document, "quote": s.quote}
              for s in statements]  # fmt: skip
    path = ""
    for i, p in enumerate(points):
        path += f"M{p['x']} {p['y']}" if i == 0 else f"H{p['x']}V{p['y']}"
    if points:
        path += f"H{x(end)}"
    rows = {key: TICKS_TOP - top + 2 + i * LANE for i, key in enumerate(LAYERS)}
    ticks = [{"x1": x(first), "x2": max(x(last), x(first) + 3), "y": rows[layer], "layer": layer,
              "name": name,
              "label": first.isoformat() + ("" if last == first else f" – {last.isoformat()}")}
             for first, last, layer, name, _ in sorted(events, key=lambda ev: ev[0])]  # fmt: skip
    return {
        "width": WIDTH, "height": HEIGHT - top, "left": LEFT, "right": WIDTH - RIGHT,
        "levels": [{"name": name, "y": y(name)} for name in levels],
        "path": path, "points": points, "ticks": ticks, "axis_y": AXIS_Y - top,
        "ticks_top": TICKS_TOP - top, "ticks_height": TICKS_HEIGHT,
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
    told: dict[str, dict[str, Any]] = {}  # one event told at several places is one line
    for site in sorted(sites, key=lambda s: _SPECIFIC.get(s.kind, 9)):
        for e in site.events:
            first, last = _event_days(e)
            if not first:
                continue
            if e.id in told:
                told[e.id]["also"].append(site.name)
                continue
            entry = days.setdefault(first, {"levels": {}, "events": []})
            told[e.id] = {"site": site.name, "event": e, "last": last, "layer": layer_of(e.role),
                          "also": []}  # fmt: skip
            entry["events"].append(told[e.id])
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


def _quote_key(ev: Any) -> tuple[str, int, int]:
    return (ev.document, ev.start, ev.end)


def _site_evidence(site: Site) -> list[Any]:
    seen, out = set(), []
    for ev in [*site.evidence, *(ev for e in site.events for ev in e.evidence)]:
        if _quote_key(ev) not in seen:
            seen.add(_quote_key(ev))
            out.append(ev)
    return out


def _activity(site: Site) -> tuple[int, int]:
    """How much happens at a place: its events (not context), then its sources."""
    return (sum(e.role != "context" for e in site.events), len(site.documents))


def _site_rows(sites: list[Site], documents: list[Document], base: Any) -> list[dict[str, Any]]:
    """Places by how much happens there; each quote once, under the most specific place."""
    docs = {d.id: d for d in documents}
    ordered = sorted(sites, key=lambda s: (tuple(-n for n in _activity(s)), s.name.casefold()))
    owner: dict[tuple[str, int, int], Site] = {}
    for site in sorted(ordered, key=lambda s: _SPECIFIC.get(s.kind, 9)):
        for ev in _site_evidence(site):
            owner.setdefault(_quote_key(ev), site)
    rows = []
    for site in ordered:
        first, last = site_dates(site)
        quotes: list[dict[str, Any]] = []
        passing: list[dict[str, Any]] = []
        elsewhere: dict[str, str] = {}
        for ev in _site_evidence(site):
            held_by = owner[_quote_key(ev)]
            if held_by is not site:
                elsewhere[held_by.id] = held_by.name
                continue
            doc = docs.get(ev.document)
            target = link_target(ev.path or (doc and (doc.path or doc.url)) or None, base)
            # A mention in passing (context) waits behind a fold; the roles' quotes are shown.
            (passing if ev.role == "context" else quotes).append(
                {"evidence": ev, "href": safe_href(target), "title": doc.title if doc else None}
            )
        rows.append({"site": site, "layers": site_layers(site), "first": first, "last": last,
                     "quotes": quotes, "passing": passing, "elsewhere": elsewhere,
                     "roles": role_rows(site), "past": is_past_context(site)})  # fmt: skip
    return rows


def _documents(documents: list[Document], sites: list[Site], base: Any) -> list[dict[str, Any]]:
    """Each document with the excerpts the report quotes from it, in the article's order."""
    quoted: dict[str, dict[tuple[str, int, int], Any]] = {}
    for site in sites:
        for ev in _site_evidence(site):
            quoted.setdefault(ev.document, {}).setdefault(_quote_key(ev), ev)
    return [{"doc": d, "href": safe_href(link_target(d.path or d.url, base)),
             "excerpts": sorted(quoted.get(d.id, {}).values(), key=lambda ev: ev.start)}
            for d in documents]  # fmt: skip


def build_report(
    sites: list[Site],
    documents: list[Document],
    *,
    title: str = "geomap report",
    places: Places | None = None,
    base: str | os.PathLike[str] | None = None,
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
    places : gazetteer index, optional
        Names the regions in the map's popups.
    base : path, optional
        The folder the report is written to: links to source files are made relative to
        it, or absolute when the file is not under it.
    """
    symbols: Any = environment().get_template("symbols.j2").module
    template = environment().get_template("report.html.j2")
    return template.render(
        title=title,
        css=Markup(static_text("report.css")),
        map=Markup(
            embed_html(
                build_map(sites, documents=documents, title=title, places=places, base=base),
                height="70vh",
            )
        ),  # fmt: skip
        summary=_summary(sites, documents),
        timeline=threat_timeline(sites, documents),
        chronology=_chronology(sites, documents),
        rows=_site_rows(sites, documents, base),
        documents=_documents(documents, sites, base),
        # Anchors by position: a document's id is article text and stays out of an href.
        anchors={d.id: f"doc-{i}" for i, d in enumerate(documents, 1)},
        colours=symbols.COLOURS,
        levels=LEVELS,
        layer_titles=LAYER_TITLES,
        role_layer={role: layer_of(role) for role in ROLES},
    )
