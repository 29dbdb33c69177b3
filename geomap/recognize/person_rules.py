"""Rules that read a matched place name as part of a person's name.

News names a person in full once ("Theresa May", "Mark Slater") and by the surname after;
a title, a first name, a middle initial or a family word marks the full name. Each rule
takes the document's :class:`~geomap.recognize.context.Context` and a
:class:`~geomap.recognize.candidate.Candidate` and returns a
:class:`~geomap.recognize.candidate.Verdict` or ``None`` (no opinion).

Examples
--------
>>> sorted(__all__)[:2]
['family_word_before', 'first_name_before']
"""

from __future__ import annotations

from geomap.gazetteer.index import name_key
from geomap.recognize.candidate import Candidate, Verdict
from geomap.recognize.context import Context
from geomap.text import is_sentence_initial

__all__ = [
    "family_word_before",
    "first_name_before",
    "first_name_itself",
    "middle_initial_after",
    "small_town_speaks",
    "surname_in_longer_name",
    "title_before",
]


def _person(c: Candidate, *, surname: bool = False) -> Verdict:
    return Verdict("drop", persons=(c.span.key,), surname=surname)


def title_before(ctx: Context, c: Candidate) -> Verdict | None:
    """A title before the name makes a person: "Mrs May", "President Jordan"."""
    if c.prev_key in ctx.cues.titles and not c.sentence_start and ctx.joined[c.i - 1]:
        return _person(c) if c.single else Verdict("drop")
    return None


def middle_initial_after(ctx: Context, c: Candidate) -> Verdict | None:
    """A middle initial after the name: "Franklin D. Roosevelt", "George W. Bush"."""
    j = c.i + c.length
    if (
        c.single
        and c.style == "prose"
        and j + 1 < len(ctx.words)
        and len(c.nxt) == 1
        and c.nxt.isupper()
        and c.nxt_joined
        and ctx.norm[ctx.tokens[j].end() : ctx.tokens[j + 1].start()] == ". "
        and ctx.words[j + 1][0].isupper()
    ):
        return _person(c)
    return None


def family_word_before(ctx: Context, c: Candidate) -> Verdict | None:
    """A family word and a comma before: "his wife, Dora", "daughters, Malia and Sasha"."""
    if (
        c.single
        and c.small
        and c.i > 0
        and c.prev.lower() in ctx.cues.family
        and ctx.gap(c.i) in (", ", ": ")
    ):
        return _person(c)
    return None


def first_name_before(ctx: Context, c: Candidate) -> Verdict | None:
    """A first name before makes the name a surname: "Theresa May", "Tanya Campbell".

    The Census's first names count only before a small place's name. The first name may
    have matched a place of its own ("Geneva Morgan"): the verdict marks a surname.
    """
    cues = ctx.cues
    if (
        c.single
        and (c.prev_key in cues.first_names or (c.small and c.prev_key in cues.given_names))
        and c.i > 0
        and ctx.joined[c.i - 1]
        and c.prev[0].isupper()
    ):
        return _person(c, surname=True)
    return None


def first_name_itself(ctx: Context, c: Candidate) -> Verdict | None:
    """A first name before a capitalised word is a person: "Austin Rivers", "Paris Hilton".

    The word after is a surname, even a city's name ("Brooke Henderson"); a street word
    or an acronym after ("Colton Way", "Brant OPP") is no surname.
    """
    cues, nxt = ctx.cues, c.nxt
    if (
        c.single
        and (
            c.span.key in cues.first_names
            or (
                c.small
                and c.span.key in cues.given_names
                and nxt.lower() not in cues.tails
                and not nxt.isupper()
            )
        )
        and nxt
        and nxt[0].isupper()
        and c.nxt_joined
        and name_key(nxt) not in cues.org_heads
        and c.style == "prose"
    ):
        surname = ctx.index.names.get(name_key(nxt), ())
        if surname and ctx.index.records[surname[0]].kind in ("city", "district"):
            return Verdict("drop", persons=(c.span.key, name_key(nxt)))
        return _person(c)
    return None


def surname_in_longer_name(ctx: Context, c: Candidate) -> Verdict | None:
    """Part of a longer proper name the gazetteer does not hold: "Bernard Hogan-Howe".

    Two place names side by side without a comma are rare in prose, so a small place after
    a capitalised word is a surname even when that word is a place ("Shannon Phillips").
    A modifier ("North"), a preposition, a demonym or a possessive before ends the name
    before ("Toronto's Pearson International Airport"). The surname of a person named in
    full is that person's when it stands alone later; a big place's ("Mark Paris") is not.
    """
    cues, prev_key = ctx.cues, c.prev_key
    if not (
        c.style == "prose"
        and c.i > 0
        and ctx.joined[c.i - 1]
        and c.prev[0].isupper()
        and prev_key not in cues.modifiers
        and c.prev.lower() not in cues.locatives
        and prev_key not in ctx.index.demonyms
        and not prev_key.endswith(("'s", "'"))
        and (prev_key not in ctx.index.names or c.best.population < cues.small)
        and not (c.sentence_start and c.i == 0)
    ):
        return None
    if not (
        not is_sentence_initial(ctx.norm, ctx.tokens, c.i - 1)
        or prev_key in cues.first_names
        or prev_key in cues.given_names
        or "-" in ctx.gap(c.i)
    ):
        return None
    if c.single and (prev_key in cues.first_names or c.best.population < cues.small):
        return _person(c, surname=True)
    return Verdict("drop")


def small_town_speaks(ctx: Context, c: Candidate) -> Verdict | None:
    """A small town does not speak: "Palma said", "Slater told CTV" are people."""
    if (
        c.single
        and c.nxt in ctx.cues.speech_verbs
        and c.nxt_joined
        and not c.span.locative
        and all(
            r.population < ctx.cues.small and not r.curated and r.kind in ("city", "district")
            for r in map(ctx.index.records.__getitem__, c.span.candidates[:8])
        )
    ):
        return _person(c)
    return None
