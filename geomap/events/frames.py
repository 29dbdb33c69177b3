"""Events and where the text puts them: triggers, and how a place is written beside one.

A place takes an event's role only when the text locates the event there: after a
preposition ("shelling *in* Idlib"), as the subject of a passive ("Idlib *was shelled*"),
as a modifier of the event's noun ("the *Kabul* attack"). A home town ("Jane Doe, 43, of
Hayes"), an origin ("a tourist from Canada") or a dateline names a place where nothing
happens. The words are data: ``geomap/rules/events.toml``.

Examples
--------
>>> rules = load_event_rules()
>>> frame_at("Regime forces shelled the outskirts of Kansafra.", 39, 47, rules)[1:]
('Explosions/Remote violence', 'Shelling/artillery/missile attack', 'object')
>>> frame_at("Jane Doe, 43, of Hayes, was shot.", 17, 22, rules).relation
'home'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

from pydantic import field_validator

from geomap.events.wordscan import WordScanner
from geomap.rulefiles import RuleModel, compiles, read_rules, rules_key

__all__ = [
    "EventRules",
    "Frame",
    "Trigger",
    "frame_at",
    "load_event_rules",
    "names_a_part",
    "relation_of",
    "triggers_in",
]

Relation = Literal[
    "locative", "subject", "modifier", "object", "home", "dateline", "reopened", "date"
]
# Relations that say the place is where someone is from or where a report was filed, or
# that the name is a day's.
NOT_WHERE = frozenset({"home", "dateline", "reopened", "date"})


class TriggerGroup(RuleModel):
    # "context": words that claim an event word for no security event ("gas explosion").
    role: Literal[
        "incident", "protest", "deployment", "cordon", "closure", "guard", "patrol", "context"
    ]
    event_type: str | None = None
    sub_event_type: str | None = None
    words: list[str]
    # An event only in a text about violence ("attack": a match's, a debate's).
    ambiguous: bool = False
    # What an event left ("killed"): the event only where no other word tells one.
    outcome: bool = False

    _valid = field_validator("words")(compiles)


class Relations(RuleModel):
    apart: list[str]
    unreal: list[str]
    opposed_before: list[str] = []
    locative_before: list[str]
    home_before: list[str]
    home_after: list[str]
    court_after: list[str] = []
    at_court_before: list[str] = []
    dateline_after: list[str]
    date_name: list[str] = []
    date_after: list[str] = []
    part_after: list[str]
    subject_after: list[str]
    crowd_before: list[str] = []
    crowd_between: list[str] = []
    bare_subject: list[str] = []
    bare_between: list[str] = []
    modifier_before: list[str]
    modifier_after: list[str]
    object_between: list[str]
    reopened_after: list[str]

    _valid = field_validator("*")(compiles)


class Actors(RuleModel):
    # Listed in the order a tie at one spot is broken: "Houthi forces" are an armed group.
    armed_group: list[str]
    special_forces: list[str] = []
    military: list[str] = []
    police: list[str] = []
    protesters: list[str]

    _valid = field_validator("*")(compiles)


class EventActors(RuleModel):
    # ACLED's first actor of a protest or a riot is the crowd, whoever intervenes.
    crowd: str
    crowd_types: list[str]
    # The actors that may carry out an armed event, as its subject ("regime forces shelled"),
    # and the event types they carry out.
    armed: list[str]
    armed_types: list[str]
    # What follows an actor who only speaks of the event ("police said gunmen opened fire").
    speaking: list[str] = []
    # The words that may stand between a subject and its event word, besides other actors
    # and names: "regime forces *reportedly* shelled", "militants *planted an* IED".
    subject_gap: list[str] = []
    agent_before: list[str] = []

    _valid = field_validator("speaking", "agent_before")(compiles)


class Refine(RuleModel):
    """A second look at an event's types, told by other words of its sentence."""

    # "Protests" (any sub-event type) or "Protests/Peaceful protest".
    of: list[str]
    # Every pattern must match the sentence, and none of ``unless``.
    when: list[str]
    unless: list[str] = []
    event_type: str
    sub_event_type: str

    _valid = field_validator("when", "unless")(compiles)


class Battle(RuleModel):
    event_type: str
    sub_event_type: str
    victims: list[str]

    _valid = field_validator("victims")(compiles)


class Qualifier(RuleModel):
    # "X town (Y district)", "X in Y countryside", "X, Y state": Y says where X is.
    between: list[str]
    # What says Y is an area that holds X, whatever the kinds of the two.
    area_between: list[str]
    area_after: list[str]
    # How far apart a town and the town it is in may be, and still be one inside the other.
    max_km: float
    list_after: list[str] = []

    _valid = field_validator("between", "area_between", "area_after", "list_after")(compiles)


class EventRules(RuleModel):
    triggers: list[TriggerGroup]
    actors: Actors
    event_actors: EventActors
    battle: Battle
    refine: list[Refine] = []
    qualifier: Qualifier
    default_event_type: dict[str, str]
    relations: Relations


class Trigger(NamedTuple):
    start: int
    end: int
    group: int


class Frame(NamedTuple):
    """What the text says happens at a place, and how it says the place."""

    role: str
    event_type: str | None
    sub_event_type: str | None
    relation: str


class Refined(NamedTuple):
    of: frozenset[str]
    when: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str]
    to: tuple[str, str]


class Compiled(NamedTuple):
    groups: tuple[TriggerGroup, ...]
    default_event_type: dict[str, str]
    actors: tuple[tuple[str, re.Pattern[str]], ...]
    event_actors: EventActors
    speaking: re.Pattern[str]
    subject_gap: frozenset[str]
    agent: re.Pattern[str]
    battle: tuple[str, str]
    battle_victims: re.Pattern[str]
    # Every group's words as one alternation, scanned once per sentence, word by word
    # (events/wordscan.py): the first group listed wins where two match at one spot, so
    # specific words ("car bomb") come first.
    trigger: WordScanner
    # The group of each word: a hit's is its first word that matches there, as the first
    # group that matches there is.
    word_groups: tuple[int, ...]
    apart: re.Pattern[str]
    unreal: re.Pattern[str]
    opposed: re.Pattern[str]
    locative: re.Pattern[str]
    home_before: re.Pattern[str]
    home_after: re.Pattern[str]
    court_after: re.Pattern[str]
    at_court_before: re.Pattern[str]
    dateline: re.Pattern[str]
    date_name: re.Pattern[str]
    date_after: re.Pattern[str]
    part: re.Pattern[str]
    subject: re.Pattern[str]
    crowd_before: re.Pattern[str]
    crowd_between: re.Pattern[str]
    bare_subject: re.Pattern[str]
    bare_between: re.Pattern[str]
    modifier_before: re.Pattern[str]
    modifier: re.Pattern[str]
    object: re.Pattern[str]
    reopened: re.Pattern[str]
    refine: tuple[Refined, ...]
    qualifier_between: re.Pattern[str]
    area_between: re.Pattern[str]
    area_after: re.Pattern[str]
    qualifier_km: float
    listed: re.Pattern[str]


def _any(patterns: list[str], flags: int = re.I) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", flags)


def load_event_rules(path: str | None = None) -> Compiled:
    """The event triggers and relations: the bundled file (or ``path``) and the user's."""
    return _load(*rules_key("events.toml", path))


@lru_cache(maxsize=4)
def _load(path: str, _user_stamp: str) -> Compiled:
    r: EventRules = read_rules(EventRules, "events.toml", path)
    rel = r.relations
    return Compiled(
        groups=tuple(r.triggers),
        default_event_type=dict(r.default_event_type),
        actors=tuple((a, _any(p)) for a, p in r.actors.model_dump().items() if p),
        event_actors=r.event_actors,
        speaking=_any(r.event_actors.speaking),
        subject_gap=frozenset(w.lower() for w in r.event_actors.subject_gap),
        agent=_any([f"(?:{p})" for p in r.event_actors.agent_before]),
        battle=(r.battle.event_type, r.battle.sub_event_type),
        battle_victims=_any(r.battle.victims),
        trigger=WordScanner([w for g in r.triggers for w in g.words]),
        word_groups=tuple(i for i, g in enumerate(r.triggers) for _ in g.words),
        apart=_any(rel.apart),
        unreal=_any(rel.unreal),
        opposed=_any([f"(?:{p})$" for p in rel.opposed_before]),
        locative=_any(rel.locative_before),
        home_before=_any(rel.home_before),
        home_after=_any(rel.home_after, 0),
        court_after=_any(rel.court_after, 0),
        at_court_before=_any(rel.at_court_before),
        dateline=_any(rel.dateline_after, 0),
        date_name=_any(rel.date_name, 0),
        date_after=_any(rel.date_after, 0),
        part=_any(rel.part_after),
        subject=_any(rel.subject_after),
        crowd_before=_any([f"(?:{p})$" for p in rel.crowd_before]),
        crowd_between=_any(rel.crowd_between),
        bare_subject=_any(rel.bare_subject),
        bare_between=_any(rel.bare_between),
        modifier_before=_any(rel.modifier_before),
        modifier=_any(rel.modifier_after),
        object=_any(rel.object_between),
        reopened=_any(rel.reopened_after),
        qualifier_between=_any(r.qualifier.between),
        area_between=_any(r.qualifier.area_between),
        area_after=_any(r.qualifier.area_after),
        qualifier_km=r.qualifier.max_km,
        listed=_any(r.qualifier.list_after, 0),
        refine=tuple(
            Refined(
                frozenset(x.of),
                tuple(_any([w]) for w in x.when),
                _any(x.unless),
                (x.event_type, x.sub_event_type),
            )
            for x in r.refine
        ),
    )


_SEEN: dict[tuple[int, str], tuple[Trigger, ...]] = {}


def triggers_in(sentence: str, rules: Compiled) -> tuple[Trigger, ...]:
    """Every event word of a sentence, scanned once and shared by its mentions.

    >>> rules = load_event_rules()
    >>> [(t.start, rules.groups[t.group].sub_event_type)
    ...  for t in triggers_in("A car bomb went off; two were shot.", rules)]
    [(2, 'Remote explosive/landmine/IED'), (30, 'Attack')]
    """
    key = (id(rules), sentence)
    hit = _SEEN.get(key)
    if hit is None:
        hit = tuple(
            Trigger(a, b, rules.word_groups[w]) for a, b, w in rules.trigger.finditer(sentence)
        )
        if len(_SEEN) > 256:  # sentences come in order: a small cache serves a document
            _SEEN.clear()
        _SEEN[key] = hit
    return hit


def relation_of(sentence: str, start: int, end: int, rules: Compiled) -> Relation | None:
    """How the place at [start, end) is written, as far as the words beside it tell.

    >>> rules = load_event_rules()
    >>> relation_of("BEIRUT — Shells fell on the city.", 0, 6, rules)
    'dateline'
    >>> relation_of("Police arrested a Leeds man.", 18, 23, rules)
    'home'
    >>> relation_of("On 23 August 2020, crowds rallied.", 3, 12, rules)
    'date'
    >>> relation_of("The station was closed.", 4, 11, rules) is None
    True
    """
    before, after = sentence[max(0, start - 60) : start], sentence[end : end + 60]
    if rules.date_name.match(sentence[start:end]) and rules.date_after.match(after):
        return "date"
    if not sentence[:start].strip() and rules.dateline.match(after):
        return "dateline"
    if rules.home_before.search(before) or rules.home_after.match(after):
        return "home"
    if rules.court_after.match(after) and not rules.at_court_before.search(before):
        return "home"
    if rules.reopened.match(after):
        return "reopened"
    if rules.locative.search(before):
        return "locative"
    return None


def names_a_part(sentence: str, end: int, rules: Compiled) -> bool:
    """Whether a possessive after the name is a part of the place ("Kabul's old city").

    >>> rules = load_event_rules()
    >>> names_a_part("in Kabul's diplomatic quarter", 8, rules)
    True
    >>> names_a_part("Britain's worst atrocity", 7, rules)
    False
    """
    return rules.part.match(sentence[end : end + 40]) is not None


def _adjacent(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.fullmatch(text) is not None


def frame_at(
    sentence: str,
    start: int,
    end: int,
    rules: Compiled,
    *,
    lo: int = 0,
    hi: int | None = None,
    violent: bool = True,
) -> Frame | None:
    """The event the text locates at the place [start, end) of ``sentence``, if any.

    ``lo`` and ``hi`` bound the mention's clause; ``violent`` is false in a text that
    does not speak of violence, where an "attack" is a match's.

    >>> rules = load_event_rules()
    >>> frame_at("The Kabul attack killed 90.", 4, 9, rules).relation
    'modifier'
    >>> frame_at("Heathrow remained open.", 0, 8, rules).role
    'context'
    >>> frame_at("He spoke in Paris about the attack in Nice.", 12, 17, rules, hi=18) is None
    True
    """
    hi = len(sentence) if hi is None else hi
    rel = relation_of(sentence, start, end, rules)
    if rel in NOT_WHERE:
        return Frame("context", None, None, rel)  # type: ignore[arg-type]
    found = [
        t
        for t in triggers_in(sentence, rules)
        if lo <= t.start
        and t.end <= hi
        and not (t.start < end and t.end > start)
        and (violent or not rules.groups[t.group].ambiguous)
    ]
    for t in found:
        if t.start >= end:
            between = sentence[end : t.start]
            if (
                _adjacent(rules.subject, between)
                or _crowd_of(sentence, start, between, rules)
                or (
                    _adjacent(rules.bare_between, between)
                    and rules.bare_subject.match(sentence[t.start : t.end])
                )
            ):
                return _frame(rules, t, "subject")
            if _adjacent(rules.modifier, between) and rules.modifier_before.search(
                sentence, max(0, start - 30), start
            ):
                return _frame(rules, t, "modifier")
        elif _adjacent(rules.object, sentence[t.end : start]):
            return _frame(rules, t, "object")
    found = [t for t in found if not _apart(sentence, t, start, end, rules)]
    told = [t for t in found if not rules.groups[t.group].outcome]
    found = told or found
    if rel == "locative" and found:
        # A place phrase follows the event it places: "an air strike on a market in Saada
        # killed 12" is an air strike in Saada.
        before = [t for t in found if t.end <= start]
        if before:
            return _frame(rules, before[-1], "locative")
        # Before the event, it places it only when it opens the clause ("In Kabul, a bomb
        # went off") or stands right beside it: "officials in Egypt condemned the attack"
        # places the officials.
        after = found[0]
        # A bracketed qualifier after the name is part of it: "students in Gulu (Gulu
        # district) held a march".
        gap = BRACKET.sub("", sentence[end : after.start], count=1)
        if len(gap) <= NEAR or _fronted(sentence, start, lo, rules):
            return _frame(rules, after, "locative")
    return None


# How many characters may part a place phrase from the event word after it.
NEAR = 12
BRACKET = re.compile(r"^\s*\([^()]{0,60}\)")


def _crowd_of(sentence: str, start: int, between: str, rules: Compiled) -> bool:
    """ "Residents of X rallied": the place names the crowd of the event's subject."""
    return _adjacent(rules.crowd_between, between) and bool(
        rules.crowd_before.search(sentence, max(0, start - 40), start)
    )


def _fronted(sentence: str, start: int, lo: int, rules: Compiled) -> bool:
    window = max(lo, start - 60)
    m = rules.locative.search(sentence[window:start])
    return m is not None and not sentence[lo : window + m.start()].strip(" ,")


def _apart(sentence: str, t: Trigger, start: int, end: int, rules: Compiled) -> bool:
    a, b = (t.end, start) if t.end <= start else (end, t.start)
    return rules.apart.search(sentence, a, b) is not None


def _frame(rules: Compiled, t: Trigger, relation: str) -> Frame:
    g = rules.groups[t.group]
    return Frame(g.role, g.event_type, g.sub_event_type, relation)
