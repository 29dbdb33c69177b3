"""Rules that read a matched place name as a word, part of a longer name, or an institution.

Each rule takes the document's :class:`~geomap.recognize.context.Context` and a
:class:`~geomap.recognize.candidate.Candidate` and returns a
:class:`~geomap.recognize.candidate.Verdict` or ``None`` (no opinion).

Examples
--------
>>> sorted(__all__)[:2]
['acronym_in_prose', 'common_word_small_place']
"""

from __future__ import annotations

from geomap.gazetteer.index import name_key
from geomap.recognize.candidate import DROP, Candidate, Verdict
from geomap.recognize.context import Context
from geomap.text import line_initial

__all__ = [
    "acronym_in_prose",
    "common_word_small_place",
    "institution_noun_after",
    "institution_subject_of_verb",
    "never_a_place",
    "organisation_head_after",
    "organisation_prefix_before",
    "particle_name",
    "shouted_short_word",
    "small_place_before_name",
    "town_before_street_word",
]

_ORGANISATION = Verdict("relabel", use="organisation")
_METONYMIC = Verdict("relabel", use="metonymic")


def never_a_place(ctx: Context, c: Candidate) -> Verdict | None:
    """A word listed as never a place ("May", "Reading") is none, unless an event's name."""
    if c.span.key in ctx.cues.never and "event" not in c.span.flags:
        return DROP
    return None


def shouted_short_word(ctx: Context, c: Candidate) -> Verdict | None:
    """Short words on an all-caps line ("US" in a shouted headline) are words, not names."""
    if c.style != "caps":
        return None
    if (len(c.span.text) <= 3 and not c.span.text.isupper()) or len(c.span.text) <= 2:
        return DROP
    return None


def acronym_in_prose(ctx: Context, c: Candidate) -> Verdict | None:
    """An acronym in prose ("EU", "BA", "NASH") is a place only if the place is written so.

    "UK" and "U.S." are; a dateline at the start of a line ("ROME -") is read as a name.
    """
    bare = c.span.text.replace(".", "")
    if (
        c.style != "caps"
        and bare.isupper()
        and len(bare) <= 5
        and not line_initial(ctx.norm, ctx.tokens, c.i)
        and not any(
            nm.replace(".", "").isupper() and name_key(nm) == c.span.key
            for r in c.span.candidates[:8]
            for nm in ctx.index.records[r].names
        )
    ):
        return DROP
    return None


def particle_name(ctx: Context, c: Candidate) -> Verdict | None:
    """Inside a longer name joined by a particle: "Gare du Nord", "Plaza de Mayo".

    A longer name the gazetteer holds has matched first; this one it does not hold.
    """
    if not c.single or c.style == "caps":
        return None
    words, joined, i, particles = ctx.words, ctx.joined, c.i, ctx.cues.particles
    after = (
        i + 2 < len(words)
        and joined[i]
        and joined[i + 1]
        and words[i + 1] in particles
        and words[i + 2][:1].isupper()
    )
    before = (
        i >= 2
        and joined[i - 1]
        and joined[i - 2]
        and words[i - 1] in particles
        and words[i - 2][:1].isupper()
    )
    return DROP if after or before else None


def small_place_before_name(ctx: Context, c: Candidate) -> Verdict | None:
    """A small place before a capitalised word begins a longer name: "Abe Oudshoorn".

    The word after is none the gazetteer joins to it, nor an organisation's head, a
    demonym or a site's word ("Falcon Street" is a street, not Falcon).
    """
    cues, best, nxt = ctx.cues, c.best, c.nxt
    if (
        c.single
        and c.style == "prose"
        and nxt
        and nxt[0].isupper()
        and c.nxt_joined
        and best.population < cues.small
        and not best.curated
        and best.kind not in ("country", "continent", "region")
        and name_key(nxt) not in ctx.index.names
        and name_key(nxt) not in cues.org_heads
        and name_key(nxt) not in ctx.index.demonyms
        and nxt.lower() not in cues.tails
        and nxt not in cues.heads
        and ctx.norm[c.span.end : ctx.tokens[c.i + c.length].start()] == " "
    ):
        return DROP
    return None


def town_before_street_word(ctx: Context, c: Candidate) -> Verdict | None:
    """A town's name before a street word names the street: "Dundas Street", "London Road".

    The street lies elsewhere; the pattern for streets offers it to the geocoder instead.
    """
    if (
        c.single
        and c.nxt in ctx.cues.street_heads
        and c.nxt_joined
        and c.best.kind in ("city", "district")
        and ctx.norm[c.span.end : ctx.tokens[c.i + c.length].start()] == " "
    ):
        return DROP
    return None


def organisation_head_after(ctx: Context, c: Candidate) -> Verdict | None:
    """An organisation's head after the name: "Greater Manchester Police", "Sky News"."""
    nxt = c.nxt
    if (
        nxt
        and nxt[0].isupper()
        and c.nxt_joined
        and name_key(nxt) in ctx.cues.org_heads
        and c.style != "title"
    ):
        return _ORGANISATION
    return None


def organisation_prefix_before(ctx: Context, c: Candidate) -> Verdict | None:
    """An organisation's opening words before the name: "University of Kent"."""
    if c.i > 1 and f"{c.prev2_key} {c.prev_key}" in ctx.cues.org_prefixes and ctx.joined[c.i - 1]:
        return _ORGANISATION
    return None


def institution_noun_after(ctx: Context, c: Candidate) -> Verdict | None:
    """The institution speaks: "A Ministry of Defence spokeswoman", "Downing Street sources"."""
    if (
        c.nxt
        and c.nxt_joined
        and c.nxt.lower() in ctx.cues.institution_nouns
        and (
            c.span.key in ctx.cues.institutions
            or c.best.category in ctx.cues.institution_categories
        )
    ):
        return _METONYMIC
    return None


def institution_subject_of_verb(ctx: Context, c: Candidate) -> Verdict | None:
    """A place as the subject of a verb of speech stands for an institution.

    "Scotland Yard announced", "France has said"; after a preposition it is no subject
    ("Police in London said"), and a country that "will" or "would" is still a place.
    """
    cues, key, best = ctx.cues, c.span.key, c.best
    if c.span.locative or not (
        key in cues.institutions
        or best.kind == "country"
        or best.category in cues.institution_categories
    ):
        return None
    words = ctx.words
    j = c.i + c.length
    skipped = 0
    while j < len(words) and words[j].lower() in cues.fillers and skipped < 2:
        j += 1
        skipped += 1
    if j < len(words) and words[j] in cues.verbs and "\n" not in ctx.gap(j):
        if key in cues.institutions or words[j] not in ("will", "would"):
            return _METONYMIC
    return None


def common_word_small_place(ctx: Context, c: Candidate) -> Verdict | None:
    """A common word that is also a small place needs a reader's reason to be a place.

    After a preposition of place it is one ("a fire in Hope"); at a sentence's start or
    in a headline it is a word, and in prose so is a village's name ("Hope said").
    """
    best = c.best
    if not (
        c.single
        and c.span.key in ctx.cues.common_words
        and best.kind not in ("country", "continent")
        and best.population < ctx.cues.big
        and not best.curated
    ):
        return None
    if c.span.locative:
        return None
    if c.style != "prose" or c.sentence_start:
        return DROP
    return DROP if best.population < ctx.cues.small else None
