"""Merge the mentions of every document into sites and events.

All mentions of one place become one :class:`~geomap.models.Site`. At a site, mentions with
the same role and actor become one :class:`~geomap.models.Event`; mentions that refer to
the same known incident ("Manchester", "the Manchester bomb attacks", "Manchester Arena")
share one event, whose ``site`` is the most precise place it was told at.

Examples
--------
>>> from geomap.pipeline import extract_document
>>> a = extract_document("Troops guard Buckingham Palace.", "a")
>>> b = extract_document("Soldiers were stationed at Buckingham Palace.", "b")
>>> [(s.name, s.roles, s.documents) for s in merge_documents([a, b]) if s.kind == "site"]
[('Buckingham Palace', ['guard'], ['a', 'b'])]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from geomap.gazetteer.index import kind_rank
from geomap.models import ROLES, Document, Event, Evidence, Mention, Site

__all__ = ["merge_documents"]


def _evidence(doc: Document, m: Mention) -> Evidence:
    return Evidence(
        document=doc.id,
        start=m.start,
        end=m.end,
        quote=m.sentence or m.text,
        role=m.role,
        path=doc.path,
    )


def merge_documents(documents: Sequence[Document]) -> list[Site]:
    """Sites with their roles, actors, dates, events and evidence, most mentioned first."""
    by_place: dict[str, list[tuple[Document, Mention]]] = defaultdict(list)
    for doc in documents:
        for m in doc.mentions:
            if m.place is not None and (m.literal or m.use == "event"):
                by_place[m.place.id].append((doc, m))
    # Each known incident sits at the most precise place any article tells it at.
    incident_site: dict[str, tuple[int, str]] = {}
    for pid, items in by_place.items():
        for _, m in items:
            if m.event_id and m.place is not None:
                rank = (kind_rank(m.place.kind), pid)
                incident_site[m.event_id] = max(incident_site.get(m.event_id, rank), rank)
    events: dict[str, Event] = {}
    sites: list[Site] = []
    for pid, items in by_place.items():
        place = items[0][1].place
        assert place is not None
        site = Site(
            id=pid,
            name=place.name,
            kind=place.kind,
            lat=place.lat,
            lon=place.lon,
            category=place.category,
            country=place.country,
        )
        site_events: dict[str, Event] = {}
        for doc, m in items:
            key = m.event_id or f"{pid}:{m.role}:{m.actor or '-'}"
            ev = events.get(key) if m.event_id else site_events.get(key)
            if ev is None:
                ev = Event(id=key, role=m.role, actor=m.actor)
                if m.event_id:
                    events[key] = ev
            site_events[key] = ev
            _add(ev, doc, m)
            site.evidence.append(_evidence(doc, m))
            if doc.id not in site.documents:
                site.documents.append(doc.id)
        site.mentions = len(items)
        site.events = list(site_events.values())
        site.roles = sorted({e.role for e in site.events}, key=ROLES.index)
        # A place is shown as an event site only if something happens there.
        if len(site.roles) > 1 and "context" in site.roles:
            site.roles.remove("context")
        site.actors = sorted({e.actor for e in site.events if e.actor})  # type: ignore[misc]
        dates = [d for e in site.events for d in (e.first_date, e.last_date) if d]
        site.first_date = min(dates, default=None)
        site.last_date = max(dates, default=None)
        sites.append(site)
    for key, ev in events.items():
        ev.site = incident_site.get(key, (0, None))[1]
    sites.sort(key=lambda s: (-s.mentions, s.name))
    return sites


def _add(ev: Event, doc: Document, m: Mention) -> None:
    if doc.id not in ev.documents:
        ev.documents.append(doc.id)
    ev.evidence.append(_evidence(doc, m))
    if m.actor and not ev.actor:
        ev.actor = m.actor
    if m.event_type and not ev.event_type:
        ev.event_type = m.event_type
    # The first sub-event type that says more than "Other" describes the event.
    if m.sub_event_type and ev.sub_event_type in (None, "Other"):
        ev.sub_event_type = m.sub_event_type
    if m.date:
        ev.first_date = min(filter(None, [ev.first_date, m.date]))
        ev.last_date = max(filter(None, [ev.last_date, m.date]))
        if ev.time_precision is None or (m.time_precision or 3) < ev.time_precision:
            ev.time_precision = m.time_precision
            ev.date = m.date
    for attr in ("killed", "injured", "personnel"):
        val = getattr(m, attr)
        if val is not None and (getattr(ev, attr) is None or val > getattr(ev, attr)):
            setattr(ev, attr, val)
