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

from dataclasses import replace

from geomap.gazetteer.index import name_key
from geomap.recognize.candidate import DROP, Candidate, Verdict, memo
from geomap.recognize.context import Context
from geomap.recognize.span import Span
from geomap.text import line_initial

__all__ = [
    "acronym_in_prose",
    "common_word_small_place",
    "institution_noun_after",
    "institution_subject_of_verb",
    "kind_noun_after",
    "never_a_place",
    "organisation_head_after",
    "organisation_prefix_before",
    "particle_name",
    "shouted_short_word",
    "small_place_before_name",
    "village_before_venue_word",
    "town_before_street_word",
    "truncated_alias",
    "village_needs_a_reason",
]

_ORGANISATION = Verdict("relabel", use="organisation")
_METONYMIC = Verdict("relabel", use="metonymic")


def never_a_place(ctx: Context, c: Candidate) -> Verdict | None:
    """A word listed as never a place ("May", "Reading") is none, unless an event's name."""
    if c.span.key in ctx.cues.never and "event" not in c.span.flags:
        return DROP
    return None


def village_needs_a_reason(ctx: Context, c: Candidate) -> Verdict | None:
    """A village's name is a place only where the text gives a reader a reason to think so.

    Villages of a few hundred people bear names of every kind ("Council", "Riley",
    "Orbis"). One is read as a place after a word that places it ("shelled Vodyane",
    "in Kominternove"), before a kind word ("Ftireh village") or a qualifier ("Vodyane,
    Donetsk"), or, unless its name is a word or a first name, where the document names
    its country or province.
    """
    tops = _villages(ctx, c.span.candidates[:8])
    if tops is None:
        return None
    # A surname somewhere in the document ("pastor Andrew Brunson") is one everywhere.
    if c.span.key in _surnames(ctx):
        return DROP
    # A possessive is a person's more often than a village's: "into Lucy's windpipe".
    possessive = ctx.keys[c.i + c.length - 1].endswith("'s")
    cue = c.prev.lower() in ctx.cues.village_cues and not c.sentence_start and not possessive
    if cue or _qualified(ctx, c):
        return None
    key = c.span.key
    if key in ctx.cues.common_words or key in ctx.cues.given_names or key in ctx.cues.first_names:
        return DROP
    named = _countries_named(ctx)
    return None if any(cc in named for cc in tops) else DROP


def _villages(ctx: Context, first: tuple[int, ...]) -> tuple[str | None, ...] | None:
    """The countries of a name's likeliest readings if all are villages, else ``None``."""
    villages = memo(ctx, "villages")
    if first not in villages:
        tops = [ctx.index.records[i] for i in first]
        town = any(r.population >= ctx.cues.tiny or r.curated or r.kind != "city" for r in tops)
        villages[first] = None if town else tuple(r.country for r in tops)
    return villages[first]


def _kind_word_next(ctx: Context, c: Candidate) -> bool:
    """A kind word right after the match: "Ftireh village", "Hays district"."""
    j = c.i + c.length
    return j < len(ctx.words) and ctx.joined[j - 1] and ctx.words[j].lower() in ctx.cues.kind_nouns


def _qualified(ctx: Context, c: Candidate) -> bool:
    """A kind word or a ", Region" right after the match: "Ftireh village", "Vodyane, Donetsk"."""
    j = c.i + c.length
    words = ctx.words
    if j >= len(words):
        return False
    if _kind_word_next(ctx, c):
        return True
    if ctx.gap(j).strip() != "," or not words[j][:1].isupper():
        return False
    found = ctx.index.names.get(ctx.keys[j], ())
    return any(ctx.index.records[i].kind in ("region", "country") for i in found[:4])


_NAMED: list[tuple[Context, frozenset[str]]] = []
_SURNAMES: list[tuple[Context, frozenset[str]]] = []


def _surnames(ctx: Context) -> frozenset[str]:
    """Keys of the words the document writes right after a first name ("Andrew Brunson")."""
    if _SURNAMES and _SURNAMES[0][0] is ctx:
        return _SURNAMES[0][1]
    cues, keys, words = ctx.cues, ctx.keys, ctx.words
    # Only capitalised words are read: the positions the tokens hold already.
    upper = [j for j in ctx.capitalised if words[j][0].isupper()]
    after = set(upper)
    found = frozenset(
        keys[j].removesuffix("'s")
        for j in upper
        if j - 1 in after
        and (keys[j - 1] in cues.first_names or keys[j - 1] in cues.given_names)
        and ctx.gap(j) == " "
    )
    _SURNAMES[:] = [(ctx, found)]
    return found


def _countries_named(ctx: Context) -> frozenset[str]:
    """The countries whose name, demonym or first-level division the document writes."""
    if _NAMED and _NAMED[0][0] is ctx:
        return _NAMED[0][1]
    idx, keys, words = ctx.index, ctx.keys, ctx.words
    out: set[str] = set()
    for i in ctx.capitalised:
        if not words[i][0].isupper():
            continue
        bare = keys[i].removesuffix("'s")
        if bare in idx.demonyms:
            out.add(idx.records[idx.demonyms[bare]].country or "")
        # A name of two or three words starts with this one only if the index has one
        # that long ("first_max"): most capitalised words start none.
        most = idx.first_max.get(keys[i], 0)
        for n in (1, 2, 3):
            if n > 1 and n > most:
                break
            joined = " ".join([keys[k] for k in range(i, min(i + n, len(words)))])
            found = idx.names.get(joined.removesuffix("'s"), ())
            top = idx.records[found[0]] if found else None
            if top is not None and (top.kind == "country" or top.category == "admin1"):
                out.add(top.country or "")
    named = frozenset(out - {""})
    _NAMED[:] = [(ctx, named)]
    return named


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
        and not _town_name(ctx, nxt)
        and name_key(nxt) not in cues.org_heads
        and name_key(nxt) not in ctx.index.demonyms
        and nxt.lower() not in cues.tails
        and nxt.lower() not in cues.kind_nouns
        and nxt not in cues.heads
        and ctx.norm[c.span.end : ctx.tokens[c.i + c.length].start()] == " "
    ):
        return DROP
    return None


def village_before_venue_word(ctx: Context, c: Candidate) -> Verdict | None:
    """A village's name before a capitalised venue word names the venue: "Millfield Theatre".

    A village of a few hundred people lends its name to few venues a story would name, and
    the venue may lie anywhere; the candidate patterns offer "X Theatre" whole instead. A
    kind word ("Kominternove Village") still names the village.
    """
    nxt = c.nxt
    if (
        c.single
        and nxt[:1].isupper()
        and c.nxt_joined
        and c.best.population < ctx.cues.tiny
        and c.best.kind in ("city", "district")
        and not c.best.curated
        and (nxt in ctx.cues.heads or nxt.lower() in ctx.cues.tails)
        and nxt.lower() not in ctx.cues.kind_nouns
    ):
        return DROP
    return None


def _town_name(ctx: Context, word: str) -> bool:
    """``word`` names a place bigger than a village: "Abe Oudshoorn" is no pair of places,
    nor "Arch Walsh" though a village of 500 is called Walsh."""
    found = ctx.index.names.get(name_key(word), ())
    if not found:
        return False
    top = ctx.index.records[found[0]]
    return top.population >= ctx.cues.tiny or top.curated or top.kind != "city"


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
    """An organisation's head after the name: "Greater Manchester Police", "Sky News".

    A word or two of the organisation's own may stand between ("Gulf Cooperation
    Council") before the heads only a body takes (``far_org_heads``), when the place is
    small: its name is then a word of the body's own, while a known place keeps its
    sense inside ("Alberta Liquor Store Association", "U.S. Transportation Department").
    A court or a team is also a place ("Leeds Crown Court"), and a possessive or a comma
    ends the name ("Karachi's Orangi Town").
    """
    if not c.nxt or not c.nxt_joined or c.style == "title":
        return None
    cues, words, joined = ctx.cues, ctx.words, ctx.joined
    start = c.i + c.length
    if name_key(c.nxt) in cues.org_heads:
        return _ORGANISATION if c.nxt[0].isupper() else None
    best = c.best
    if ctx.keys[start - 1].endswith(("'s", "'")) or best.curated or best.population >= cues.small:
        return None
    for j in range(start, min(start + 3, len(words))):
        word = words[j]
        if not word[0].isupper() or (j > start and not joined[j - 1]):
            return None
        if j > start and name_key(word) in cues.far_org_heads:
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
    # "fire in Hope", "Hays district": the preposition or the kind word says it is a place.
    if c.span.locative or _kind_word_next(ctx, c):
        return None
    if c.style != "prose" or c.sentence_start:
        return DROP
    return DROP if best.population < ctx.cues.small else None


def truncated_alias(ctx: Context, c: Candidate) -> Verdict | None:
    """A one-word near-namesake of a place ("Mobil" of Mobile, "Riyad" of Riyadh) is the
    place when nothing says it is a word of another name.

    GeoNames lists such short forms as other languages' names; English news writes some
    as its own spelling ("off Misrata" for Misratah), but after an article or before a
    capitalised word the short form is a company's or a person's ("the Mobil station",
    "a Mobil spokesman", "Riyad Mansour said"). A name some candidate bears in full is
    left alone.
    """
    if not c.single or c.span.locative or c.best.curated:
        return None
    article = "the" in c.span.flags or c.prev_key in ("a", "an")
    if not (article or (c.nxt[:1].isupper() and c.nxt_joined)):
        return None
    key = c.span.key
    seen = memo(ctx, "truncated")
    short = seen.get(key)
    if short is None:
        records = ctx.index.records
        short = seen[key] = all(_truncates(key, records[r].name) for r in c.span.candidates)
    return DROP if short else None


def _truncates(key: str, name: str) -> bool:
    """``key`` is ``name`` less its last letter or two."""
    full = name_key(name)
    rest = full[len(key) :]
    return full.startswith(key) and 0 < len(rest) <= 2 and rest.isalpha()


def kind_noun_after(ctx: Context, span: Span, i: int, length: int) -> tuple[Span, int]:
    """The span flagged with the kind the word after it says, and where that word ends.

    "Hays district", "Kabul city", "the Abu Salim area": a flag tells resolution which
    kind to prefer: ``division`` (district, province, governorate, oblast ...),
    ``settlement`` (city, town, village) or ``quarter`` (area, neighbourhood). The
    mention stays the name; a qualifier is read after the word ("Qaysar district,
    Faryab"). Only the word right after the name counts: "a district of Paris" says
    nothing of Paris.
    """
    j = i + length
    if j >= len(ctx.words) or not ctx.joined[j - 1] or ctx.gap(j) not in (" ", "-"):
        return span, span.end
    kind = ctx.cues.kind_nouns.get(ctx.words[j].lower())
    if kind is None:
        return span, span.end
    return replace(span, flags=(*span.flags, kind)), ctx.tokens[j].end()
