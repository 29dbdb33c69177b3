"""How ACLED codes an event: a second look at its types, and who carries it out.

The trigger a place is located by gives an event its first types (``events/frames.py``).
Other words of the sentence may retype it as ACLED's codebook does: protesters who burn
and loot riot; a protest the police disperse is a protest with intervention; a blast set
off by a suicide bomber is a suicide bomb. The rules are ``[[refine]]`` in
``geomap/rules/events.toml``; the actors, ``[actors]`` and ``[event_actors]``.

Examples
--------
>>> from geomap.events.frames import load_event_rules
>>> rules = load_event_rules()
>>> s = "Police fired tear gas to disperse protesters in Nairobi."
>>> refine(s, ("Protests", "Peaceful protest"), rules)
('Protests', 'Protest with intervention')
>>> actor_of(s, 0, len(s), ("Protests", None), rules)
'protesters'
"""

from __future__ import annotations

import re

from geomap.events.frames import Compiled, Trigger, triggers_in

__all__ = ["actor_of", "refine"]


def actor_of(
    sentence: str, lo: int, hi: int, types: tuple[str | None, str | None], rules: Compiled
) -> str | None:
    """Who carries out the event of ACLED types ``types`` in the clause [lo, hi).

    The crowd of a protest or a riot. Of an armed event, the first actor of the subject of
    its first event word of that type ("regime forces shelled", "troops and rebels
    clashed"), else its agent ("fired by rebels"), else an armed group named in the clause.

    >>> from geomap.events.frames import load_event_rules
    >>> rules = load_event_rules()
    >>> s = "Gunmen opened fire on a bus in Karak."
    >>> actor_of(s, 0, len(s), ("Violence against civilians", "Attack"), rules)
    'armed_group'
    >>> actor_of("Troops and rebels clashed near Goma.", 0, 36, ("Battles", None), rules)
    'military'
    >>> actor_of("Police fired tear gas at a march in Lomé.", 0, 41, ("Protests", None), rules)
    'protesters'
    >>> actor_of("Youths burned tyres in Karak.", 0, 29, ("Riots", None), rules)
    'protesters'
    >>> actor_of("A bomb went off in Karak.", 0, 25, ("Battles", None), rules) is None
    True
    """
    ea = rules.event_actors
    event_type = types[0]
    if event_type in ea.crowd_types:
        return ea.crowd
    if event_type not in ea.armed_types and f"{event_type}/{types[1]}" not in ea.armed_types:
        return None
    named = sorted(
        (m.start(), m.end(), i, actor)
        for i, (actor, pattern) in enumerate(rules.actors)
        if actor in ea.armed
        for m in pattern.finditer(sentence, lo, hi)
        if not rules.speaking.match(sentence, m.end())
    )
    found = [t for t in triggers_in(sentence, rules) if lo <= t.start < hi]
    typed = [t for t in found if rules.groups[t.group].event_type == event_type]
    spans = [(a, b) for a, b, _, _ in named]
    if typed:
        first = typed[0]
        actor = _subject(sentence, first, named, spans, rules) or _paired(sentence, first, named)
        if actor is not None:
            return actor
        for a, _, _, actor in named:  # "... launched by Houthi forces"
            if a >= first.end and rules.agent.search(sentence, max(lo, a - 40), a):
                # Only the event word's own agent: "stabbed three before being shot by
                # police" names who shot him, not who stabbed.
                if not any(first.end <= t.start < a for t in found):
                    return actor
                break
    if found and (not typed or found[0] is not typed[0]):
        # The clause's first event word may tell its subject where the typed one does
        # not: "police killed three traffickers after an exchange of fire".
        # Not a passive's: "two soldiers were killed in an ambush" names the victims.
        actor = _subject(sentence, found[0], named, spans, rules, active=True)
        if actor is not None:
            return actor
    return "armed_group" if any(n[3] == "armed_group" for n in named) else None


def _subject(
    sentence: str,
    t: Trigger,
    named: list[tuple[int, int, int, str]],
    spans: list[tuple[int, int]],
    rules: Compiled,
    *,
    active: bool = False,
) -> str | None:
    """The first actor written as the subject of the event word ``t``; with ``active``,
    only of an active verb.
    """
    for a, b, _, actor in named:
        if a < t.end and _leads_to(sentence, b, t.start, spans, rules):
            if active and PASSIVE.search(sentence, b, t.start):
                return None
            return actor
    return None


PASSIVE = re.compile(r"\b(was|were|been|being|is|are)\b", re.I)


# "Clashes between the SAF and the RSF": the first of the pair is ACLED's first actor.
PAIRED = re.compile(r"\s+(between|pitting)\s+")


def _paired(sentence: str, t: Trigger, named: list[tuple[int, int, int, str]]) -> str | None:
    m = PAIRED.match(sentence, t.end)
    if m is None:
        return None
    return next((actor for a, _, _, actor in named if m.end() <= a <= m.end() + 12), None)


def _leads_to(
    sentence: str, end: int, at: int, actors: list[tuple[int, int]], rules: Compiled
) -> bool:
    """Whether the words from an actor's ``end`` to the event word at ``at`` keep it the
    subject: other actors, names, and the few words of ``subject_gap`` ("carried out an").
    """
    gap = list(sentence[end:at])
    for a, b in actors:
        a, b = max(a, end), min(b, at)
        if a < b:
            gap[a - end : b - end] = " " * (b - a)
    allowed = rules.subject_gap
    return all(
        w[:1].isupper() or w.isdigit() or w.lower() in allowed or w.lower().endswith("ly")
        for w in "".join(gap).replace(",", " ").split()
    )


def refine(
    sentence: str, types: tuple[str | None, str | None], rules: Compiled
) -> tuple[str | None, str | None]:
    """The event's types on a second look at its sentence: the first rule that holds.

    >>> from geomap.events.frames import load_event_rules
    >>> rules = load_event_rules()
    >>> s = "A suicide bomber detonated his vest at a market in Maiduguri."
    >>> refine(s, ("Explosions/Remote violence", "Remote explosive/landmine/IED"), rules)
    ('Explosions/Remote violence', 'Suicide bomb')
    >>> refine("Crowds marched in Accra.", ("Protests", "Peaceful protest"), rules)
    ('Protests', 'Peaceful protest')
    """
    full = f"{types[0]}/{types[1]}"
    for of, when, unless, to in rules.refine:
        if (types[0] in of or full in of) and all(p.search(sentence) for p in when):
            if not unless.search(sentence):
                return to
    return types
