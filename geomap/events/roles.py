"""What the text says happens at each place: role, actor, numbers, date, negation.

The cues live in ``rules/roles.toml``. A mention takes the nearest cue of its clause (the
part of its sentence between clause breaks such as "following" or "as they"); modality
("could be deployed") outranks the action it qualifies; negation before the mention, or a
hypothetical ("a terrorism incident"), makes it context.

Examples
--------
>>> from geomap.events.rules import load_role_rules
>>> rules = load_role_rules()
>>> text = "Troops could be deployed at locations such as Twickenham and Wembley."
>>> role_of(text, 47, 57, "district", rules)
('standby', 'military', False)
>>> text = "There are no military personnel on the streets of Manchester."
>>> role_of(text, 50, 60, "city", rules)
('context', 'military', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap.events.rules import Compiled

__all__ = [
    "role_of",
    "actor_in",
    "clause_bounds",
    "speaks_of_violence",
    "hazardous",
]

AREA_KINDS = ("city", "region", "country", "continent", "water")


@dataclass(frozen=True)
class _Scan:
    """Every cue, actor and break of one sentence, found once for all its mentions."""

    cues: tuple[tuple[int, int, str, int], ...]  # start, end, role, priority rank
    # Incident cues that count only in a text about violence ("attack").
    ambiguous: tuple[tuple[int, int, str, int], ...]
    actors: tuple[tuple[int, str], ...]
    # The actors the text puts somewhere: not a speaker ("police said"), not a target.
    present: tuple[tuple[int, str], ...]
    # The actors that may have done what the sentence tells: not a target ("killed six
    # police officers"), though a speaker may be.
    doers: tuple[tuple[int, str], ...]
    breaks: tuple[tuple[int, int], ...]
    statements: tuple[tuple[int, int], ...]  # quotation marks, speakers' colons
    negations: tuple[int, ...]  # end offsets
    hypotheticals: tuple[tuple[int, int], ...]
    references: tuple[tuple[int, int], ...]


_SCANS: dict[tuple[int, str], _Scan] = {}


def _scan(sentence: str, rules: Compiled) -> _Scan:
    key = (id(rules), sentence)
    hit = _SCANS.get(key)
    if hit is not None:
        return hit
    rank = {role: i for i, role in enumerate(rules.priority)}
    # One pass tells which lists can match here; the others are not scanned.
    at = rules.prefilter.letters(sentence)
    cues = []
    for role, pat in rules.cues:
        for m in pat.finditer(sentence, at):
            if not rules.elsewhere.search(sentence, m.end(), m.end() + 12):
                cues.append((m.start(), m.end(), role, rank[role]))
    incident_rank = rank.get("incident", len(rank))
    actors = [
        (m, actor)
        for actor, pat in rules.actors
        for m in pat.finditer(sentence, at)
        if not rules.building.match(sentence[m.end() : m.end() + 40])
    ]
    ambiguous = tuple(
        (m.start(), m.end(), "incident", incident_rank)
        for m in rules.ambiguous_incident.finditer(sentence, at)
        if not rules.elsewhere.search(sentence, m.end(), m.end() + 12)
    )
    present, doers = _present(sentence, actors, rules)
    scan = _Scan(
        cues=tuple(cues),
        ambiguous=ambiguous,
        actors=tuple((m.start(), a) for m, a in actors),
        present=present,
        doers=doers,
        breaks=tuple(m.span() for m in rules.breaks.finditer(sentence, at)),
        # Statements bound only cues: a sentence with none needs no look for them.
        statements=tuple(m.span() for m in rules.statement_breaks.finditer(sentence, at))
        if cues or ambiguous
        else (),
        negations=tuple(m.end() for m in rules.negation.finditer(sentence, at)),
        hypotheticals=tuple(m.span() for m in rules.hypothetical.finditer(sentence, at)),
        references=tuple(m.span() for m in rules.reference.finditer(sentence, at)),
    )
    if len(_SCANS) > 256:  # sentences are met in order: a small cache serves a document
        _SCANS.clear()
    _SCANS[key] = scan
    return scan


def clause_bounds(sentence: str, start: int, end: int, rules: Compiled) -> tuple[int, int]:
    """The clause of ``sentence`` around [start, end): cut at the nearest breaks."""
    lo, hi = 0, len(sentence)
    for b_start, b_end in _scan(sentence, rules).breaks:
        if b_end <= start:
            lo = max(lo, b_start)
        elif b_start >= end:
            hi = min(hi, b_start)
            break
    return lo, hi


def _nearest_cue(
    cues: tuple[tuple[int, int, str, int], ...], lo: int, hi: int, start: int, end: int
) -> tuple[str, int, int] | None:
    best: tuple[int, int, str, int] | None = None
    for c_start, c_end, role, rank in cues:
        if c_start < lo or c_end > hi or (c_start < end and c_end > start):
            continue
        dist = start - c_end if c_end <= start else c_start - end
        cand = (dist, rank, role, c_start)
        if best is None or cand < best:
            best = cand
    return None if best is None else (best[2], best[0], best[3])


def _absence(sentence: str, m: re.Match[str], rules: Compiled) -> tuple[bool, bool]:
    """Whether the actor at ``m`` is attacked, and whether it is attacked or speaks: not
    somewhere either way."""
    after = sentence[m.end() : m.end() + 80]
    window = max(0, m.start() - 60)
    target = (
        rules.target_after.match(after) is not None
        or rules.target_before.search(sentence, window, m.start()) is not None
    )
    return target, target or (
        rules.speaker_after.match(after) is not None
        or rules.speaker_before.search(sentence, window, m.start()) is not None
    )


def _present(
    sentence: str, actors: list[tuple[re.Match[str], str]], rules: Compiled
) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """The actors that are somewhere (not attacked, not speaking), and those that may have
    done what the sentence tells (not attacked): both read off one look at each actor.
    "police officer was shot" judges "police" by "officer"."""
    actors = sorted(actors, key=lambda x: x[0].start())
    n = len(actors)
    gone = [[False, False] for _ in range(n + 1)]  # (a target, a target or a speaker)
    for i in range(n - 1, -1, -1):
        m = actors[i][0]
        joined = i + 1 < n and not sentence[m.end() : actors[i + 1][0].start()].strip()
        target, absent = _absence(sentence, m, rules)
        gone[i][0] = (joined and gone[i + 1][0]) or target
        gone[i][1] = (joined and gone[i + 1][1]) or absent
    present = tuple((m.start(), a) for (m, a), g in zip(actors, gone, strict=False) if not g[1])
    doers = tuple((m.start(), a) for (m, a), g in zip(actors, gone, strict=False) if not g[0])
    return present, doers


def _actor(actors: tuple[tuple[int, str], ...], lo: int, hi: int, start: int) -> str | None:
    """The actor nearest before the mention in its clause, else the first after it."""
    found = [(p, a) for p, a in actors if lo <= p < hi]
    if not found:
        return None
    before = [f for f in found if f[0] < start]
    if before:
        # "Special Forces" also matches "forces": the most specific actor at a spot wins.
        pos = max(f[0] for f in before)
        at = [a for p, a in before if p >= pos - 10]
        return "special_forces" if "special_forces" in at else at[-1] if at else None
    return min(found)[1]


def actor_in(sentence: str, lo: int, hi: int, start: int, rules: Compiled) -> str | None:
    """The actor the clause [lo, hi) names nearest the mention at ``start``, else the sentence's.

    >>> from geomap.events.rules import load_role_rules
    >>> s = "Scotland Yard said 12 people had been arrested in Barking."
    >>> actor_in(s, 0, len(s), 50, load_role_rules())
    'police'
    """
    doers = _scan(sentence, rules).doers
    return _actor(doers, lo, hi, start) or _actor(doers, 0, len(sentence), start)


def _within(spans: tuple[tuple[int, int], ...], lo: int, hi: int) -> bool:
    return any(a >= lo and b <= hi for a, b in spans)


def hazardous(sentence: str, rules: Compiled, *, weather: bool = False) -> bool:
    """A quake, a flood, a crash, fog (only weather with ``weather``): and no word of an
    attack but inside those words. Its dead are no attack's; weather's closures are no
    security measure.

    >>> from geomap.events.rules import load_role_rules
    >>> rules = load_role_rules()
    >>> hazardous("Two people died in a gas explosion at a restaurant.", rules)
    True
    >>> hazardous("Flights were cancelled after a bomb threat in the fog.", rules)
    False
    >>> hazardous("A crash closed the road.", rules, weather=True)
    False
    """
    spans = [m.span() for m in (rules.weather if weather else rules.hazards).finditer(sentence)]
    return bool(spans) and all(
        any(a <= m.start() and m.end() <= b for a, b in spans)
        for m in rules.attack_words.finditer(sentence)
    )


def speaks_of_violence(text: str, rules: Compiled) -> bool:
    """Whether a text speaks of violence, which makes its "attack" an incident.

    >>> from geomap.events.rules import load_role_rules
    >>> rules = load_role_rules()
    >>> speaks_of_violence("Liverpool's attack was too strong at Anfield.", rules)
    False
    >>> speaks_of_violence("Police said the attack left two people injured.", rules)
    True
    """
    return rules.violence.search(text, 0, len(text)) is not None


def role_of(
    sentence: str,
    start: int,
    end: int,
    kind: str,
    rules: Compiled,
    *,
    locative: bool = False,
    possessive: bool = False,
    known_incident: bool = False,
    violent: bool = True,
) -> tuple[str, str | None, bool]:
    """Role, actor and negation of the mention at [start, end) of ``sentence``.

    Parameters
    ----------
    sentence : str
        The sentence that holds the mention.
    start, end : int
        The mention's offsets in ``sentence``.
    kind : str
        The place's kind ("city", "site"): an area takes fewer roles than a site.
    rules : Compiled
        The role cues, from :func:`load_role_rules`.
    locative, possessive, known_incident : bool
        What recognition saw around the mention ("in X", "X's", a known attack's place).
    violent : bool
        The document speaks of violence, so an "attack" is one (see
        :func:`speaks_of_violence`); in a match report or a debate it is not.

    Returns
    -------
    tuple of (str, str or None, bool)
        The role, the actor (e.g. "military") and whether the role is negated.

    Examples
    --------
    "could be deployed" is standby, not a deployment; "no troops" deploys nothing.

    >>> from geomap.events.rules import load_role_rules
    >>> rules = load_role_rules()
    >>> s = "Troops could be deployed to Wembley."
    >>> role_of(s, 28, 35, "site", rules)
    ('standby', 'military', False)
    >>> s = "No troops were deployed to Wembley."
    >>> role_of(s, 27, 34, "site", rules)
    ('context', 'military', True)
    """
    scan = _scan(sentence, rules)
    cues = scan.cues + scan.ambiguous if violent else scan.cues
    lo, hi = clause_bounds(sentence, start, end, rules)
    actor = _actor(scan.actors, lo, hi, start) or _actor(scan.actors, 0, len(sentence), start)
    if any(e <= start for e in scan.negations):
        return "context", actor, True
    if _within(scan.hypotheticals, lo, hi) or _affiliation(sentence, scan, start, end, kind, rules):
        return "context", actor, False
    s_lo, s_hi = _statement(sentence, start, end, rules)
    cue = _nearest_cue(cues, max(lo, s_lo), min(hi, s_hi), start, end)
    in_clause = cue is not None
    # Modality governs the action it qualifies: "ready to be called upon to be deployed".
    if any(r == "standby" and a >= lo and b <= start for a, b, r, _ in scan.cues):
        cue = ("standby", 0, 0)
    # A caption names the place, the event comes after it: "Police at X after an explosion".
    # A cue past a colon or a quotation mark is someone else's words (s_lo, s_hi).
    if cue is None and kind in ("site", "district", "city"):
        cue = _nearest_cue(cues, s_lo, s_hi, start, end)
    if cue is None:
        return _uncued(sentence, scan, lo, hi, start, kind, rules, actor, known_incident, locative)
    return _refined(
        cue[0],
        sentence,
        start,
        end,
        kind,
        rules,
        actor=actor,
        in_clause=in_clause,
        locative=locative,
        possessive=possessive,
    )


def _affiliation(
    sentence: str, scan: _Scan, start: int, end: int, kind: str, rules: Compiled
) -> bool:
    """ "London police say", "Oakland officers": the area names whose force, not where it is.

    A preposition before it ("in London police patrolled") makes it the place; "of" does
    not ("the majority of London police officers").
    """
    return (
        kind in AREA_KINDS
        and _PLACE_PREP.search(sentence, max(0, start - 20), start) is None
        and (
            any(p >= end and sentence[end:p].strip() in ("", "'s") for p, _ in scan.actors)
            or rules.institution.match(sentence[end : end + 30]) is not None
        )
    )


def _from(sentence: str, start: int, rules: Compiled) -> bool:
    return rules.origin.search(sentence, max(0, start - 60), start) is not None


def _statement(sentence: str, start: int, end: int, rules: Compiled) -> tuple[int, int]:
    """The part of ``sentence`` around [start, end) between quotation marks and speakers'
    colons; a headline's colon is none.

    >>> from geomap.events.rules import load_role_rules
    >>> s = 'Officers at the station said: "the bombing was far away".'
    >>> _statement(s, 16, 23, load_role_rules())
    (0, 24)
    >>> _statement("LONDON ATTACK: officers at the station were hurt.", 30, 37, load_role_rules())
    (0, 49)
    """
    lo, hi = 0, len(sentence)
    for b_start, b_end in _scan(sentence, rules).statements:
        if b_end <= start:
            lo = b_end
        elif b_start >= end:
            hi = b_start
            break
    return lo, hi


def _uncued(
    sentence: str,
    scan: _Scan,
    lo: int,
    hi: int,
    start: int,
    kind: str,
    rules: Compiled,
    actor: str | None,
    known_incident: bool,
    locative: bool,
) -> tuple[str, str | None, bool]:
    """The role of a mention whose sentence holds no cue.

    An actor the text puts at a site, or in a town, is deployed there ("Armed police at
    Wembley"); one who speaks of it, is attacked there or comes from it is not.
    """
    if known_incident and _within(scan.references, lo, start):
        return "incident", None, False
    if _from(sentence, start, rules):
        locative = False
    present = _actor(scan.present, lo, hi, start) or _actor(scan.present, 0, len(sentence), start)
    if present and kind in ("site", "district", "city") and (locative or kind == "site"):
        return "deployment", present, False
    return "context", actor if kind == "site" else None, False


def _refined(
    role: str,
    sentence: str,
    start: int,
    end: int,
    kind: str,
    rules: Compiled,
    *,
    actor: str | None,
    in_clause: bool,
    locative: bool,
    possessive: bool,
) -> tuple[str, str | None, bool]:
    """The cue's role after what the words around the mention and its kind allow."""
    if role != "closure" and _from(sentence, start, rules):
        return "context", actor, False  # where someone comes from; "evacuated from" closes
    if role == "cordon" and not (
        in_clause
        and (
            _AROUND.search(sentence, max(0, start - 12), start)
            # "a cordon around a house in Nuneaton": the town holds the cordon.
            or _AROUND_IN.search(sentence, max(0, start - 40), start)
            # "Southwark Cathedral was sealed off": the subject is inside the cordon.
            or _SEALED.match(sentence, end)
        )
    ):
        role = "guard" if kind == "site" else "context"
    if role == "incident":
        if possessive and kind in AREA_KINDS:
            return "context", None, False
        if hazardous(sentence, rules):
            return "context", None, False
        return "incident", None, False
    if kind in AREA_KINDS and role not in rules.area_roles:
        if role == "guard" and locative:
            return "guard", actor, False
        return "context", actor, False
    return role, actor, False


_PLACE_PREP = re.compile(
    r"\b(in|at|on|near|across|around|outside|inside|throughout|within|into)\s+(the\s+)?$", re.I
)
_AROUND = re.compile(r"\b(around|of)\s+(the\s+)?$")
_SEALED = re.compile(
    r"\s+(?:was|were|has been|have been|had been|is|are)\s+(?:\w+\s+)?(?:sealed|cordoned)\s+off\b"
)
_AROUND_IN = re.compile(r"\baround\s+(?:an?|the)\s+(?:\w+\s+){1,3}in\s+(the\s+)?$")
