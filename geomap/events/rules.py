"""The role rules of ``rules/roles.toml``: their file format, loading and compiling.

Examples
--------
>>> rules = load_role_rules()
>>> "deployment" in dict(rules.cues)
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import field_validator

from geomap.events.alternation import dispatched_source
from geomap.events.prefilter import Branches, Prefilter
from geomap.rulefiles import BUNDLED, RuleModel, compiles, read_rules, rules_key

__all__ = ["Compiled", "Patterns", "RoleRules", "RULES_FILE", "load_role_rules"]

RULES_FILE = BUNDLED / "roles.toml"


class _Cues(RuleModel):
    closure: list[str]
    cordon: list[str]
    standby: list[str]
    guard: list[str]
    incident: list[str]
    patrol: list[str]
    deployment: list[str]

    _valid = field_validator("*")(compiles)


class _Scope(RuleModel):
    area_roles: list[str]
    clause_breaks: list[str]
    negation: list[str]
    hypothetical: list[str]
    elsewhere: list[str]
    incident_reference: list[str]
    ambiguous_incident: list[str] = []
    violence: list[str] = []
    hazards: list[str] = []
    weather: list[str] = []
    attack_words: list[str] = []
    statement_breaks: list[str] = []
    sufferer_between: list[str] = []
    container_before: list[str] = []
    list_after: list[str] = []

    _valid = field_validator(  # the others are words, escaped
        "clause_breaks", "negation", "hypothetical", "elsewhere", "incident_reference",
        "ambiguous_incident", "violence", "hazards", "attack_words", "weather",
        "statement_breaks", "sufferer_between", "container_before", "list_after",
    )(compiles)  # fmt: skip


class _Actors(RuleModel):
    special_forces: list[str]
    military: list[str]
    police: list[str]
    emergency_services: list[str]

    _valid = field_validator("*")(compiles)


class _Presence(RuleModel):
    building_after: list[str] = []
    speaker_after: list[str] = []
    speaker_before: list[str] = []
    target_after: list[str] = []
    target_before: list[str] = []
    origin_before: list[str] = []
    institution_after: list[str] = []
    member_after: list[str] = []
    reference_before: list[str] = []


class _Perpetrated(RuleModel):
    sub_event_types: list[str] = []
    implied_actors: dict[str, str] = {}


class _Counts(RuleModel):
    killed_before: list[str] = []
    killed_after: list[str] = []
    injured_before: list[str] = []
    injured_after: list[str] = []
    victims: list[str] = []


class RoleRules(RuleModel):
    """The file format of ``rules/roles.toml``."""

    priority: list[str]
    cues: _Cues
    scope: _Scope
    actors: _Actors
    presence: _Presence = _Presence()
    perpetrated: _Perpetrated = _Perpetrated()
    counts: _Counts = _Counts()


class Patterns:
    r"""A list of cue patterns searched as one.

    They are compiled in groups the regex engine scans quickly: one alternation mixing
    patterns that start at a word boundary with ones that do not, or case-sensitive ones
    with the rest, checks every position of the text and ran three times slower.

    >>> p = Patterns([r"\bafter\b", ";", r"\bSAS\b"], sensitive=lambda s: "SAS" in s)
    >>> [m.group() for m in p.finditer("sas; after the SAS")]
    [';', 'after', 'SAS']
    """

    __slots__ = ("parts", "branches")

    def __init__(
        self, patterns: list[str], sensitive: Callable[[str], bool] = lambda p: False
    ) -> None:
        self.branches = Branches(patterns, sensitive)
        groups: dict[tuple[bool, bool], list[str]] = {}
        for p in patterns:
            bounded = p.startswith("\\b")
            groups.setdefault((bounded, sensitive(p)), []).append(p[2:] if bounded else p)
        # Patterns at a word boundary share it, and a look-ahead for a word character lets
        # the engine skip the positions inside words (as frames.py does for triggers); each
        # position tries only the patterns that can start with its letter.
        self.parts = tuple(
            re.compile(
                rf"\b(?=\w)(?:{dispatched_source(ps, flags)})"
                if bounded
                else dispatched_source(ps, flags),
                flags,
            )
            for (bounded, case), ps in groups.items()
            for flags in [0 if case else re.I]
        )

    def finditer(self, text: str, letters: frozenset[str] | None = None) -> Iterable[re.Match[str]]:
        """Every match in ``text``; none when the text's ``letters`` (from a
        :class:`~geomap.events.prefilter.Prefilter`) start none."""
        if not self.branches.may_match(letters):
            return ()
        if len(self.parts) == 1:
            return self.parts[0].finditer(text)
        return sorted((m for p in self.parts for m in p.finditer(text)), key=re.Match.start)

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        found = [m for p in self.parts if (m := p.search(text, pos, endpos))]
        return min(found, key=re.Match.start) if found else None


@dataclass(frozen=True)
class Compiled:
    priority: tuple[str, ...]
    cues: tuple[tuple[str, Patterns], ...]
    area_roles: frozenset[str]
    breaks: Patterns
    negation: Patterns
    hypothetical: Patterns
    elsewhere: Patterns
    reference: Patterns
    actors: tuple[tuple[str, Patterns], ...]
    # "attack" is an incident only in a text about violence, not a match or a debate.
    ambiguous_incident: Patterns
    violence: Patterns
    # Deaths in a quake, a flood or a crash are no attack, unless the sentence says one.
    hazards: Patterns
    weather: Patterns
    attack_words: Patterns
    # Colons and quotation marks: where someone else's words begin.
    statement_breaks: Patterns
    # The letters at which any cue, actor or scope pattern above starts in a sentence: one
    # pass, after which a sentence's lists that cannot match are not scanned.
    prefilter: Prefilter
    # "X has suffered a series of": the place undergoes the event word that follows.
    sufferer: re.Pattern[str]
    # "Redding, northern California": the place before the container (group 1), and what
    # makes a list of the names instead ("Paris, London and Berlin").
    container: re.Pattern[str]
    listed: re.Pattern[str]
    # Actor words that name a building ("police station"): no actor at all.
    building: re.Pattern[str]
    # A speaker, a target: named, but not present where the text speaks of.
    speaker_after: re.Pattern[str]
    speaker_before: re.Pattern[str]
    target_after: re.Pattern[str]
    target_before: re.Pattern[str]
    # "officers from X": where they come from.
    origin: re.Pattern[str]
    # "X authorities": whose; "an X national": a person's; ", south of X": a reference.
    institution: re.Pattern[str]
    member: re.Pattern[str]
    reference_point: re.Pattern[str]
    # Events whose actor is who did them, not who responded.
    perpetrated: frozenset[str]
    # The actor a role implies where the text names none (a protest's: protesters).
    implied_actors: dict[str, str]
    # The casualty words (killed before, killed after, injured before, injured after,
    # victims), compiled by events/numbers.py.
    counts: tuple[tuple[str, ...], ...]


# "SAS" and "the Met" are case-sensitive; the other actors' names are not.
def _case_sensitive(pattern: str) -> bool:
    return bool(re.search(r"[A-Z]{2}|Met\b", pattern))


def load_role_rules(path: str | None = None) -> Compiled:
    """The role cues: the bundled file (or ``path``) and the user's additions.

    Users add cues in ``$GEOMAP_RULES/roles.toml`` (see :mod:`geomap.rulefiles`).
    """
    return _load_role_rules(*rules_key("roles.toml", path))


def _any(patterns: list[str], anchor: str = "") -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns) or "(?!)"
    return re.compile(f"(?:{body}){anchor}", re.I)


@lru_cache(maxsize=4)
def _load_role_rules(path: str, _user_stamp: str) -> Compiled:
    r = read_rules(RoleRules, "roles.toml", path)
    cues = r.cues.model_dump()
    p = r.presence
    actors = r.actors.model_dump()
    sc = r.scope
    cue_lists = tuple((role, Patterns(pats)) for role, pats in cues.items())
    actor_lists = tuple((a, Patterns(pats, _case_sensitive)) for a, pats in actors.items())
    scanned = [Patterns(x) for x in (sc.clause_breaks, sc.negation, sc.hypothetical)]
    scanned += [Patterns(x) for x in (sc.incident_reference, sc.ambiguous_incident)]
    scanned += [Patterns(sc.statement_breaks)]
    breaks, negation, hypothetical, reference, ambiguous, statements = scanned
    every = [*(x for _, x in cue_lists), *(x for _, x in actor_lists), *scanned]
    return Compiled(
        cues=cue_lists,
        actors=actor_lists,
        breaks=breaks,
        negation=negation,
        hypothetical=hypothetical,
        reference=reference,
        ambiguous_incident=ambiguous,
        statement_breaks=statements,
        prefilter=Prefilter([x.branches for x in every]),
        priority=tuple(r.priority),
        area_roles=frozenset(r.scope.area_roles),
        elsewhere=Patterns(r.scope.elsewhere),
        violence=Patterns(r.scope.violence),
        hazards=Patterns(r.scope.hazards + r.scope.weather),
        weather=Patterns(r.scope.weather),
        attack_words=Patterns(r.scope.attack_words),
        sufferer=_any(r.scope.sufferer_between),
        container=re.compile("|".join(r.scope.container_before) or "(?!)"),
        listed=_any(r.scope.list_after),
        building=_any(p.building_after),
        speaker_after=_any(p.speaker_after),
        speaker_before=_any(p.speaker_before, "$"),
        target_after=_any(p.target_after),
        target_before=_any(p.target_before, "$"),
        origin=_any(p.origin_before, "$"),
        institution=_any(p.institution_after),
        member=_any(p.member_after),
        reference_point=_any(p.reference_before, "$"),
        perpetrated=frozenset(r.perpetrated.sub_event_types),
        implied_actors=dict(r.perpetrated.implied_actors),
        counts=tuple(tuple(v) for v in r.counts.model_dump().values()),
    )
