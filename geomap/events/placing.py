"""What happens at a place: the role the cue lists give, corrected by the event frames.

The cue lists (``roles.toml``) give each mention the role of the cue nearest to it in its
clause; the frames (``events.toml``) say which event the text locates at the place. A
located event wins, a home town or a dateline names none, and a country or a region is
an attack's place only when the text puts the attack there.

Examples
--------
>>> from geomap.events.frames import load_event_rules
>>> from geomap.events.rules import load_role_rules
>>> s = "The leaders of Turkey said the attack in Ankara was a provocation."
>>> place_event(s, 15, 21, load_role_rules(), load_event_rules(), role="incident",
...             actor=None, negated=False, kind="country")
Placed(role='context', actor=None, event_type=None, sub_event_type=None)
"""

from __future__ import annotations

from typing import Any, NamedTuple

from geomap.events.coding import actor_of, refine
from geomap.events.frames import NOT_WHERE, Compiled, Frame, frame_at, triggers_in
from geomap.events.roles import actor_in, clause_bounds, hazardous, role_of
from geomap.models import layer_of

__all__ = ["Placed", "VIOLENT_ROLES", "WIDE_KINDS", "place_event"]

# Places too wide to be an attack's site unless the text locates the attack there.
WIDE_KINDS = frozenset({"country", "region", "continent"})

# The map role of each ACLED type a second look can turn an event into.
VIOLENT_ROLES = {
    "Battles": "incident",
    "Explosions/Remote violence": "incident",
    "Violence against civilians": "incident",
    "Riots": "incident",
    "Protests": "protest",
}


class Placed(NamedTuple):
    role: str
    actor: str | None
    event_type: str | None
    sub_event_type: str | None


def place_event(
    sentence: str,
    start: int,
    end: int,
    rules: Any,
    frames: Compiled,
    *,
    role: str,
    actor: str | None,
    negated: bool,
    kind: str,
    own: bool = False,
    violent: bool = True,
) -> Placed:
    """The role, actor and ACLED types of the place at [start, end) of ``sentence``.

    ``role``, ``actor`` and ``negated`` are what the cue lists found; ``own`` is a
    possessive that names whose event it is ("Britain's worst atrocity"), not where.
    """
    if _not_where(sentence, start, end, rules) or (
        role == "context" and _lives(sentence, start, rules)
    ):
        return Placed("context", None, None, None)
    if (role == "context" or kind in WIDE_KINDS) and not own:
        inner = _contained(sentence, start, end, rules, frames, violent)
        if inner is not None:
            return inner
    if role == "context" and not triggers_in(sentence, frames):
        return Placed(role, actor, None, None)  # no event word: nothing to place or undo
    lo, hi = clause_bounds(sentence, start, end, rules)
    frame = None if own else frame_at(sentence, start, end, frames, lo=lo, hi=hi, violent=violent)
    if frame is None and not own:
        frame = _suffered(sentence, end, hi, rules, frames, violent)
    if frame is not None and frame.relation in NOT_WHERE:
        return Placed("context", actor, None, None)
    hypothetical = rules.hypothetical.search(sentence, lo, hi) is not None or _unreal(
        sentence, lo, hi, frames
    )
    if hypothetical and role == "incident":
        role = "context"  # a plot, a plan, a wish: no attack happened there
    if frame is not None and role != "standby" and not (negated or hypothetical):
        if role == "context" and actor is None:
            # Who speaks of the event may be who did it: "Scotland Yard said 12 people had
            # been arrested in Barking".
            actor = actor_in(sentence, lo, hi, start, rules)
        role = _located(role, frame)
    if role == "incident" and kind in WIDE_KINDS and frame is None:
        role = "context"
    if layer_of(role) == "closures" and hazardous(sentence, rules, weather=True):
        role = "context"  # flights cancelled in fog: weather, not a security measure
    if role == "context":
        return Placed(role, actor, None, None)
    if frame is not None and layer_of(frame.role) == layer_of(role):
        types = (frame.event_type, frame.sub_event_type)
    else:
        types = _told_type(sentence, role, frames)
    refined = _battle(sentence, refine(sentence, types, frames), frames)
    if refined[0] != types[0]:
        # Looting by a crowd is a riot, a raid met with fire a battle: the layer follows.
        role = VIOLENT_ROLES.get(refined[0] or "", role)
    types = refined
    if types[1] in rules.perpetrated:
        return _perpetrated(sentence, lo, hi, role, types, frames)
    # Who attacks or protests is the event's actor, before the police who respond; a
    # siege or a blockade by rebels is theirs; a protest's actor is its protesters.
    actor = (
        actor_of(sentence, lo, hi, types, frames)
        or actor
        # A force named beside a siege, a cordon or a deployment holds the place; beside an
        # attack it may be the victim ("two soldiers were killed in an ambush").
        or (_named(sentence, lo, hi, frames) if role != "incident" else None)
        or rules.implied_actors.get(role)
    )
    return Placed(role, actor, *types)


def _unreal(sentence: str, lo: int, hi: int, frames: Compiled) -> bool:
    """A plot, a plan or a wish in the clause: no event happened there — unless the plan is
    what a crowd opposes ("marched against the government's plan to raise the pension age").
    """
    for m in frames.unreal.finditer(sentence, lo, hi):
        if not frames.opposed.search(sentence, max(lo, m.start() - 60), m.start()):
            return True
    return False


def _not_where(sentence: str, start: int, end: int, rules: Any) -> bool:
    """A nationality ("a New Zealand national") or a reference point ("Edmonton, south of
    Cairns"): the name places nothing.
    """
    return (
        rules.member.match(sentence[end : end + 30]) is not None
        or rules.reference_point.search(sentence, max(0, start - 60), start) is not None
    )


def _lives(sentence: str, start: int, rules: Any) -> bool:
    """A home, a job or a venue ("born and raised in Leeds, was shot"): no event word
    beside it places anything there.

    "From X" is left to the frames: "kidnapped from his home in Basra" is in Basra.

    >>> from geomap.events.rules import load_role_rules
    >>> _lives("The officer, born in Leeds, was shot.", 21, load_role_rules())
    True
    >>> _lives("Gunmen abducted him from Basra.", 25, load_role_rules())
    False
    """
    m = rules.origin.search(sentence, max(0, start - 60), start)
    return m is not None and not m.group(0).lower().startswith("from")


def _contained(
    sentence: str, start: int, end: int, rules: Any, frames: Compiled, violent: bool
) -> Placed | None:
    """A container written after a place ("Redding, northern California") shares its event.

    A list ("Paris, London and Berlin") is no container.

    >>> from geomap.events.frames import load_event_rules
    >>> from geomap.events.rules import load_role_rules
    >>> s = "A bomb exploded in Irbid, Jordan, on Monday."
    >>> _contained(s, 26, 32, load_role_rules(), load_event_rules(), True).role
    'incident'
    >>> s = "A bomb exploded in Irbid, Amman and Zarqa."
    >>> _contained(s, 26, 31, load_role_rules(), load_event_rules(), True) is None
    True
    """
    m = rules.container.search(sentence, max(0, start - 80), start)
    if m is None or rules.listed.match(sentence, end) or sentence.startswith("'", end):
        return None
    a, b = m.span(1)
    role, actor, negated = role_of(sentence, a, b, "city", rules, locative=True, violent=violent)
    # The place before may itself follow a container's place: each step moves left.
    placed = place_event(
        sentence, a, b, rules, frames, role=role, actor=actor, negated=negated, kind="city",
        violent=violent,
    )  # fmt: skip
    return placed if placed.role != "context" else None


def _suffered(
    sentence: str, end: int, hi: int, rules: Any, frames: Compiled, violent: bool
) -> Frame | None:
    """The events a place is said to have suffered: "Turkey has suffered a series of bombings".

    >>> from geomap.events.frames import load_event_rules
    >>> from geomap.events.rules import load_role_rules
    >>> s = "Germany suffered a spate of attacks over the summer."
    >>> _suffered(s, 7, len(s), load_role_rules(), load_event_rules(), True).role
    'incident'
    >>> s = "Germany has seen no attacks since."
    >>> _suffered(s, 7, len(s), load_role_rules(), load_event_rules(), True) is None
    True
    """
    for t in triggers_in(sentence, frames):
        if t.start < end or t.end > hi:
            continue
        group = frames.groups[t.group]
        if (violent or not group.ambiguous) and rules.sufferer.fullmatch(sentence, end, t.start):
            return Frame(group.role, group.event_type, group.sub_event_type, "subject")
        return None
    return None


def _perpetrated(
    sentence: str,
    lo: int,
    hi: int,
    role: str,
    types: tuple[str | None, str | None],
    frames: Compiled,
) -> Placed:
    """Looting and burning: by whom the clause says, not the police who respond.

    >>> from geomap.events.frames import load_event_rules
    >>> s = "Protesters set fire to a police station in Minneapolis."
    >>> _perpetrated(s, 0, len(s), "deployment", ("Strategic developments",
    ...              "Looting/property destruction"), load_event_rules()).actor
    'protesters'
    """
    return Placed(role, _named(sentence, lo, hi, frames), *types)


def _named(sentence: str, lo: int, hi: int, frames: Compiled) -> str | None:
    """The actor the clause [lo, hi) names first: the doer comes before what it acts on."""
    found = (
        (m.start(), a)
        for a, pat in frames.actors
        for m in pat.finditer(sentence, lo, hi)
        if not frames.speaking.match(sentence, m.end())  # "police said": the speaker
    )
    return min(found, default=(0, None))[1]


def _battle(
    sentence: str, types: tuple[str | None, str | None], frames: Compiled
) -> tuple[str | None, str | None]:
    """An attack whose victims are police or soldiers is a battle, as ACLED codes it.

    >>> from geomap.events.frames import load_event_rules
    >>> s = "Gunmen fired on a police patrol in Karak."
    >>> _battle(s, ("Violence against civilians", "Attack"), load_event_rules())
    ('Battles', 'Armed clash')
    """
    if types[0] == "Violence against civilians" and frames.battle_victims.search(sentence):
        return frames.battle
    return types


def _located(role: str, frame: Frame) -> str:
    """The located event outranks the cue nearest the place, but not a standby's modality.

    A place written as the event's subject, object or modifier takes the event's own role
    ("Police cordoned off Whitehall" is a cordon); after a preposition, its map layer.
    """
    if frame.relation != "locative" or layer_of(frame.role) != layer_of(role):
        return frame.role
    return role


def _told_type(sentence: str, role: str, frames: Compiled) -> tuple[str | None, str | None]:
    """The types of the sentence's first event word of the role's layer, or the default."""
    for t in triggers_in(sentence, frames):
        group = frames.groups[t.group]
        if layer_of(group.role) == layer_of(role):
            return group.event_type, group.sub_event_type
    return frames.default_event_type.get(role), None
