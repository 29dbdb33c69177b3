"""The data that flows through geomap: documents, mentions, places, events and sites.

Every model forbids unknown fields so that a typo in a file or a JSON payload is an
error, not a silently ignored key. Coordinates are always named ``lat`` / ``lon``.

Examples
--------
>>> Place(id="paris", name="Paris", kind="city", lat=48.85, lon=2.35).kind
'city'
>>> Place(id="x", name="X", kind="city", lat=95, lon=0)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Place
lat
  Input should be less than or equal to 90 [type=less_than_equal, input_value=95, input_type=int]
...
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ROLES",
    "LAYERS",
    "KINDS",
    "ACTORS",
    "Role",
    "Kind",
    "Actor",
    "layer_of",
    "Strict",
    "Place",
    "Mention",
    "Document",
    "Evidence",
    "Event",
    "Site",
]

Role = Literal[
    "incident",
    "guard",
    "cordon",
    "patrol",
    "deployment",
    "standby",
    "closure",
    "protest",
    "context",
]
Kind = Literal["site", "district", "city", "region", "country", "continent", "water"]
Actor = Literal[
    "military", "police", "special_forces", "emergency_services", "armed_group", "protesters"
]

# The same names as tuples, for code that orders or checks them at run time.
ROLES: tuple[str, ...] = get_args(Role)
KINDS: tuple[str, ...] = get_args(Kind)
ACTORS: tuple[str, ...] = get_args(Actor)

# Map layers group roles the way a reader of the map does (see eval/README.md).
LAYERS: dict[str, tuple[str, ...]] = {
    "incidents": ("incident",),
    "guarded": ("guard", "cordon"),
    "patrols": ("patrol", "deployment"),
    "standby": ("standby",),
    "closures": ("closure",),
    "protests": ("protest",),
    "context": ("context",),
}


def layer_of(role: str | None) -> str:
    """Return the map layer a role is drawn on.

    Examples
    --------
    >>> layer_of("cordon")
    'guarded'
    >>> layer_of(None)
    'context'
    """
    for layer, roles in LAYERS.items():
        if role in roles:
            return layer
    return "context"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Place(Strict):
    """A resolved location: a gazetteer entry or a geocoder answer."""

    id: str
    name: str
    kind: Kind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    category: str | None = None
    country: str | None = None
    parent: str | None = None
    population: int | None = None
    source: str | None = None


class Mention(Strict):
    """A span of a document that names a place, with what the text says happens there."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    literal: bool = True
    # How the name is used: a place, an institution ("Downing Street said"), a demonym
    # ("British"), part of an organisation's name, a pattern-found name to geocode, or an
    # event held at a place ("the Changing of the Guard").
    use: Literal["literal", "metonymic", "demonym", "organisation", "candidate", "event"] = (
        "literal"
    )
    place: Place | None = None
    confidence: float = Field(default=0.0, ge=0, le=1)
    resolved_by: str | None = None
    role: Role = "context"
    actor: Actor | None = None
    # ACLED's event type and sub-event type of what happens there (None for context).
    event_type: str | None = None
    sub_event_type: str | None = None
    negated: bool = False
    date: dt.date | None = None
    time_precision: int | None = Field(default=None, ge=1, le=3)
    killed: int | None = None
    injured: int | None = None
    personnel: int | None = None
    sentence: str = ""
    event_id: str | None = None


class Document(Strict):
    """One article and what was found in it."""

    id: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    mentions: list[Mention] = []
    threat_levels: list[ThreatLevel] = []


class ThreatLevel(Strict):
    """A statement of the UK terrorism threat level in a document."""

    level: Literal["low", "moderate", "substantial", "severe", "critical"]
    changed: bool
    date: dt.date | None = None
    quote: str
    start: int
    end: int


class Evidence(Strict):
    document: str
    start: int
    end: int
    quote: str
    role: Role = "context"
    path: str | None = None


class Event(Strict):
    """Something that happens at a site, as told by one or more documents."""

    id: str
    role: Role
    actor: Actor | None = None
    # ACLED's event type and sub-event type, as the text tells them.
    event_type: str | None = None
    sub_event_type: str | None = None
    # The most precise site the event was told at (for incidents told at several places).
    site: str | None = None
    date: dt.date | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    time_precision: int | None = None
    killed: int | None = None
    injured: int | None = None
    personnel: int | None = None
    documents: list[str] = []
    evidence: list[Evidence] = []


class Site(Strict):
    """A place with everything all documents say about it."""

    id: str
    name: str
    kind: Kind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    category: str | None = None
    country: str | None = None
    roles: list[Role] = []
    actors: list[Actor] = []
    mentions: int = 0
    documents: list[str] = []
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    events: list[Event] = []
    evidence: list[Evidence] = []


Document.model_rebuild()
