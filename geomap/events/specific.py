"""The most specific place of an event: a wider place that says where a narrower one is
names no event of its own.

ACLED's notes and wire copy place an event at a town and then say where the town is:
"Tafas town in western Daraa countryside", "Zinjibar, Abyan governorate", "Sopore town
(Baramulla district)". Both names are where the event is, but a map reader wants one
marker, at the narrower place; the wider one becomes context. A wider place is demoted
only when the text writes it as the narrower one's qualifier (``[qualifier]`` in
``rules/events.toml``) and the two places agree: the same country, and near enough for
one to hold the other. A country keeps its event: news names the country after the town
("Irbid, Jordan") as the town's container, which shares its role. A misread name
("Tahrir Square" found in Cairo for a protest in Baghdad) leaves the wider place its event.

Examples
--------
>>> from geomap.events.frames import load_event_rules
>>> from geomap.models import Place
>>> text = "Gunmen attacked Tafas town in western Daraa countryside."
>>> def shot(name, kind, lat, lon):
...     start = text.index(name)
...     place = Place(id=name, name=name, kind=kind, lat=lat, lon=lon, country="SY")
...     return Mention(start=start, end=start + len(name), text=name, place=place,
...                    role="incident", event_type="Battles")
>>> found = [shot("Tafas", "city", 32.74, 35.97), shot("Daraa", "region", 32.9, 36.2)]
>>> [(m.text, m.role) for m in keep_narrowest(found, text, load_event_rules())]
[('Tafas', 'incident'), ('Daraa', 'context')]
"""

from __future__ import annotations

from geomap.events.frames import Compiled
from geomap.gazetteer.index import haversine_km
from geomap.models import KINDS, Mention

__all__ = ["keep_narrowest"]

NEAR_KINDS = frozenset({"site", "district", "city"})


def keep_narrowest(mentions: list[Mention], text: str, rules: Compiled) -> list[Mention]:
    """Make context of every event place that only qualifies the event place before it.

    ``mentions`` are in text order with offsets into ``text``; they are changed in place
    and returned.
    """
    anchor: Mention | None = None  # the narrowest place of the event being read
    prev: Mention | None = None
    chained = False  # ``prev`` is the anchor or one of its qualifiers
    for m in mentions:
        if m.place is None:
            chained = False
        elif (
            chained
            and anchor is not None
            and prev is not None
            and m.role != "context"
            and _qualifies(prev, m, anchor, text, rules)
        ):
            _to_context(m)
        elif m.role != "context":
            anchor, chained = m, True
        else:
            chained = False
        prev = m
    return mentions


def _qualifies(prev: Mention, m: Mention, anchor: Mention, text: str, rules: Compiled) -> bool:
    between = text[prev.end : m.start]
    if not rules.qualifier_between.fullmatch(between):
        return False
    a, b = anchor.place, m.place
    assert a is not None and b is not None
    if a.country != b.country or b.kind == "country":
        return False
    # A region or a country may be wide; a town said to hold another must be near it.
    if b.kind in NEAR_KINDS and haversine_km(a.lat, a.lon, b.lat, b.lon) > rules.qualifier_km:
        return False
    after = text[m.end : m.end + 40]
    area = rules.area_between.search(between) is not None or bool(rules.area_after.match(after))
    wider = KINDS.index(b.kind) > KINDS.index(a.kind) and not rules.listed.match(after)
    return wider or area


def _to_context(m: Mention) -> None:
    m.role = "context"
    m.actor = m.event_type = m.sub_event_type = m.event_id = None
    m.killed = m.injured = m.personnel = None
