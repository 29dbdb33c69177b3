"""Keep, drop or relabel a name the index matched, by the words around it.

A match may be a word ("Nice weather"), a person ("Theresa May", "Geneva Morgan"), part
of an organisation's name ("Greater Manchester Police"), an institution speaking
("Scotland Yard announced"), or a place. :func:`judge` asks the rules of :data:`RULES`
in order; the first with an opinion decides, and a name no rule objects to is kept with
the qualifier and the place it is said to be in.

Examples
--------
>>> [rule.__name__ for rule in RULES][:3]
['never_a_place', 'shouted_short_word', 'acronym_in_prose']
"""

from __future__ import annotations

import re

from geomap.gazetteer.index import name_key
from geomap.recognize import name_rules as nr
from geomap.recognize import person_rules as pr
from geomap.recognize.candidate import Candidate, Rule, Verdict, candidate, changed
from geomap.recognize.context import Context
from geomap.recognize.span import Span

__all__ = ["RULES", "judge", "prepare"]

# The order is the reading: a word before a person, a person before an organisation, an
# organisation before an institution speaking.
RULES: tuple[Rule, ...] = (
    nr.never_a_place,
    nr.shouted_short_word,
    nr.acronym_in_prose,
    nr.village_needs_a_reason,
    pr.title_before,
    pr.middle_initial_after,
    pr.family_word_before,
    pr.first_name_before,
    pr.first_name_itself,
    nr.particle_name,
    pr.surname_in_longer_name,
    nr.small_place_before_name,
    nr.village_before_venue_word,
    nr.town_before_street_word,
    nr.truncated_alias,
    nr.organisation_head_after,
    nr.organisation_prefix_before,
    nr.institution_noun_after,
    pr.small_town_speaks,
    nr.institution_subject_of_verb,
    nr.common_word_small_place,
)

_QUALIFIER = re.compile(r",\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})")
_LOCATED_IN = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")


def prepare(ctx: Context, *, span: Span, i: int, length: int) -> Candidate:
    """The candidate the rules read: ``span`` marked locative or after "the", and its words."""
    prev = ctx.words[i - 1].lower() if i > 0 else ""
    sentence_start = ctx.starts_sentence(i)
    flags = span.flags
    # "the White House", "the Pentagon": a building or landmark more often than a town.
    if prev == "the" and ctx.gap(i) == " ":
        flags = (*flags, "the")
    span = changed(span, locative=prev in ctx.cues.locatives and not sentence_start, flags=flags)
    style = ctx.style_at(ctx.tokens.starts[i])
    return candidate(ctx, span=span, i=i, length=length, style=style, sentence_start=sentence_start)


def judge(
    ctx: Context,
    *,
    span: Span,
    i: int,
    length: int,
    rules: tuple[Rule, ...] = RULES,
) -> tuple[Span | None, Verdict | None]:
    """Keep, drop or relabel one match at tokens ``i`` to ``i + length`` by its neighbours.

    Returns the span kept (``None`` if dropped) and the verdict of the rule that decided
    (``None`` if no rule had an opinion).
    """
    cand = prepare(ctx, span=span, i=i, length=length)
    for rule in rules:
        verdict = rule(ctx, cand)
        if verdict is None:
            continue
        if verdict.action == "drop":
            return None, verdict
        return changed(cand.span, use=verdict.use or cand.span.use), verdict
    span, end = nr.kind_noun_after(ctx, cand.span, i, length)
    return _locate(ctx, span, end), None


def _locate(ctx: Context, span: Span, end: int) -> Span:
    """The qualifier ("Paris, Texas") and the place a site is said to be in, read from
    ``end`` (after a kind word: "Qaysar district, Faryab")."""
    cues = ctx.cues
    after = ctx.norm[end : end + 40]
    qualifier, located_in = None, None
    m = _QUALIFIER.match(after)
    if m:
        qualifier = name_key(m.group(1))
        abbr = cues.abbreviations.get(name_key(m.group(1).split(".")[0].split()[0]))
        if abbr is not None and re.match(r"[A-Z][\w.]*\.", m.group(1)):
            qualifier = abbr[1]  # "Glasgow, Ky." -> kentucky
    m = _LOCATED_IN.match(after)
    # "outside Parliament in March" is a date, not a town.
    if m and name_key(m.group(1)) not in cues.never:
        located_in = name_key(m.group(1))
    return changed(span, qualifier=qualifier, located_in=located_in)
