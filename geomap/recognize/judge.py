"""Keep, drop or relabel a name the index matched, by the words around it.

A match may be a word ("Nice weather"), a person ("Theresa May", "Geneva Morgan"), part
of an organisation's name ("Greater Manchester Police"), an institution speaking
("Scotland Yard announced"), or a place. :func:`judge` decides, with the cue lists of
:mod:`geomap.recognize.cues`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geomap.gazetteer.index import Index, name_key
from geomap.recognize.cues import INSTITUTIONS, Cues
from geomap.text import Joined, is_sentence_initial, line_initial

if TYPE_CHECKING:
    from geomap.recognize.scan import Span

__all__ = ["judge"]

_SPEECH = frozenset(
    {
        "said",
        "says",
        "told",
        "added",
        "explained",
        "wrote",
        "asked",
        "replied",
        "tweeted",
        "recalled",
        "insisted",
        "noted",
        "admitted",
    }
)
_PARTICLES = frozenset(
    {
        "du",
        "de",
        "des",
        "la",
        "le",
        "di",
        "da",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "al",
        "el",
        "upon",
        "sur",
        "am",
        "an",
        "im",
    }
)


def _in_particle_name(words: list[str], joined: Joined, i: int) -> bool:
    n = len(words)
    after = (
        i + 2 < n
        and joined[i]
        and joined[i + 1]
        and words[i + 1] in _PARTICLES
        and words[i + 2][:1].isupper()
    )
    before = (
        i >= 2
        and joined[i - 1]
        and joined[i - 2]
        and words[i - 1] in _PARTICLES
        and words[i - 2][:1].isupper()
    )
    return after or before


def judge(
    span: Span,
    i: int,
    length: int,
    words: list[str],
    keys: list[str],
    joined: Joined,
    norm: str,
    tokens: list[re.Match[str]],
    index: Index,
    rules: Cues,
    style: str,
    sentence_start: bool,
    persons: set[str] | None = None,
) -> Span | None:
    """Keep, drop or re-label one match by its neighbours; note persons in ``persons``."""
    persons = set() if persons is None else persons
    n = len(words)
    prev = words[i - 1] if i > 0 else ""
    prev_key = keys[i - 1] if i > 0 else ""
    prev2_key = keys[i - 2] if i > 1 else ""
    nxt = words[i + length] if i + length < n else ""
    nxt_joined = joined[i + length - 1]
    best = index.records[span.candidates[0]]
    single = length == 1
    span.locative = prev.lower() in rules.locatives and not sentence_start
    # "the White House", "the Pentagon": a building or landmark more often than a town.
    if prev.lower() == "the" and norm[tokens[i - 1].end() : tokens[i].start()] == " ":
        span.flags.append("the")
    if span.key in rules.never and "event" not in span.flags:
        return None
    # Short all-caps words ("US" in a shouted headline) are words there, not names.
    if style == "caps" and len(span.text) <= 3 and not span.text.isupper():
        return None
    if style == "caps" and len(span.text) <= 2:
        return None
    # An acronym in prose ("EU", "BA", "NASH") is a place only if the place is written so
    # ("UK", "U.S."); a dateline at the start of a line ("ROME -") is read as a name.
    if (
        style != "caps"
        and span.text.replace(".", "").isupper()
        and len(span.text.replace(".", "")) <= 5
        and not line_initial(norm, tokens, i)
        and not any(
            nm.replace(".", "").isupper() and name_key(nm) == span.key
            for c in span.candidates[:8]
            for nm in index.records[c].names
        )
    ):
        return None
    # Title before the name: a person ("Mrs May", "President Jordan").
    if prev_key in rules.titles and not sentence_start and joined[i - 1]:
        if single:
            persons.add(span.key)
        return None
    # A small place's name is a person's more readily than a city's: "Tanya Campbell" but
    # not "Austin Texas"; the Census's first names count only for small places.
    small = best.population < 100_000 and not best.curated and best.kind in ("city", "district")
    # A middle initial after the name: "Franklin D. Roosevelt", "George W. Bush".
    j = i + length
    if (
        single
        and style == "prose"
        and j + 1 < n
        and len(nxt) == 1
        and nxt.isupper()
        and nxt_joined
        and norm[tokens[j].end() : tokens[j + 1].start()] == ". "
        and words[j + 1][0].isupper()
    ):
        persons.add(span.key)
        return None
    # A family word and a comma before: "his wife, Dora", "daughters, Malia and Sasha".
    if (
        single
        and small
        and i > 0
        and words[i - 1].lower() in rules.family
        and norm[tokens[i - 1].end() : tokens[i].start()] in (", ", ": ")
    ):
        persons.add(span.key)
        return None
    # First name before, or the name is a first name followed by a surname.
    if (
        single
        and (prev_key in rules.first_names or (small and prev_key in rules.given_names))
        and i > 0
        and joined[i - 1]
        and prev[0].isupper()
    ):
        persons.add(span.key)
        # The first name may have matched a place of its own ("Geneva Morgan").
        span.flags.append("surname")
        return None
    if (
        single
        and (
            span.key in rules.first_names
            or (
                small
                and span.key in rules.given_names
                # "Colton Way", "Brant OPP": a street or an acronym, not a surname.
                and nxt.lower() not in rules.tails
                and not nxt.isupper()
            )
        )
        and nxt
        and nxt[0].isupper()
        and nxt_joined
        and name_key(nxt) not in rules.org_heads
        and style == "prose"
    ):
        persons.add(span.key)
        # The word after a first name is a surname, even a city's name ("Brooke Henderson").
        surname = index.names.get(name_key(nxt), ())
        if surname and index.records[surname[0]].kind in ("city", "district"):
            persons.add(name_key(nxt))
        return None
    # Inside a longer name joined by a particle that the gazetteer does not hold:
    # "Gare du Nord", "Plaza de Mayo" (a longer name it holds matched first).
    if single and style != "caps" and _in_particle_name(words, joined, i):
        return None
    # Part of a longer proper name the gazetteer does not hold ("Bernard Hogan-Howe").
    if (
        style == "prose"
        and i > 0
        and joined[i - 1]
        and prev[0].isupper()
        and prev_key not in rules.modifiers
        and prev.lower() not in rules.locatives
        and prev_key not in index.demonyms
        # "Toronto's Pearson International Airport": a possessive ends the name before.
        and not prev_key.endswith(("'s", "'"))
        # Two place names side by side without a comma are rare in prose: a small place
        # after a capitalised word is a surname even when that word is a place too
        # ("Geneva Morgan", "Shannon Phillips").
        and (prev_key not in index.names or best.population < 100_000)
        and not (sentence_start and i == 0)
    ):
        if (
            not is_sentence_initial(norm, tokens, i - 1)
            or prev_key in rules.first_names
            or prev_key in rules.given_names
            or "-" in norm[tokens[i - 1].end() : tokens[i].start()]
        ):
            # The surname of a person named in full ("Mark Slater") is that person's
            # when it stands alone later; a big place's name ("Mark Paris") is not.
            if single and (prev_key in rules.first_names or best.population < 100_000):
                persons.add(span.key)
                span.flags.append("surname")
            return None
    # A small place's name before a capitalised word the gazetteer does not join to it
    # begins a longer proper name: "Abe Oudshoorn", "Falcon Street".
    if (
        single
        and style == "prose"
        and nxt
        and nxt[0].isupper()
        and nxt_joined
        and best.population < 100_000
        and not best.curated
        and best.kind not in ("country", "continent", "region")
        and name_key(nxt) not in index.names
        and name_key(nxt) not in rules.org_heads
        and name_key(nxt) not in index.demonyms
        and nxt.lower() not in rules.tails
        and nxt not in rules.heads
        and norm[span.end : tokens[i + length].start()] == " "
    ):
        return None
    # A town's name before a street word names the street, which lies elsewhere: "Dundas
    # Street", "London Road" (the pattern for streets offers it to the geocoder instead).
    if (
        single
        and nxt in rules.street_heads
        and nxt_joined
        and best.kind in ("city", "district")
        and norm[span.end : tokens[i + length].start()] == " "
    ):
        return None
    # Organisation: "Greater Manchester Police", "Sky News", "University of Kent".
    if (
        nxt
        and nxt[0].isupper()
        and nxt_joined
        and name_key(nxt) in rules.org_heads
        and style != "title"
    ):
        span.use = "organisation"
        return span
    if i > 1 and f"{prev2_key} {prev_key}" in rules.org_prefixes and joined[i - 1]:
        span.use = "organisation"
        return span
    # "A Ministry of Defence spokeswoman", "Downing Street sources": the institution speaks.
    if (
        nxt
        and nxt_joined
        and nxt.lower() in rules.institution_nouns
        and (span.key in rules.institutions or best.category in INSTITUTIONS)
    ):
        span.use = "metonymic"
        return span
    # A small town does not speak: "Palma said", "Slater told CTV" are people.
    if (
        single
        and nxt in _SPEECH
        and nxt_joined
        and not span.locative
        and all(
            r.population < 100_000 and not r.curated and r.kind in ("city", "district")
            for r in map(index.records.__getitem__, span.candidates[:8])
        )
    ):
        persons.add(span.key)
        return None
    # A place name as the subject of a verb of speech stands for an institution; after a
    # preposition it is no subject ("Police in London said").
    if not span.locative and (
        span.key in rules.institutions or best.kind == "country" or best.category in INSTITUTIONS
    ):
        j = i + length
        skipped = 0
        while j < n and words[j].lower() in rules.fillers and skipped < 2:
            j += 1
            skipped += 1
        if (
            j < n
            and words[j] in rules.verbs
            and "\n" not in norm[tokens[j - 1].end() : tokens[j].start()]
        ):
            if span.key in rules.institutions or words[j] not in ("will", "would"):
                span.use = "metonymic"
                return span
    # A common word that is also a small place needs a reader's reason to be a place.
    if (
        single
        and span.key in rules.common_words
        and best.kind not in ("country", "continent")
        and best.population < 1_000_000
        and not best.curated
    ):
        if style != "prose" or sentence_start:
            if not span.locative:
                return None
        elif not span.locative and best.population < 100_000:
            return None
    # Qualifier: "Paris, Texas" / "Birmingham, Alabama".
    after = norm[span.end : span.end + 40]
    m = re.match(r",\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})", after)
    if m:
        span.qualifier = name_key(m.group(1))
        abbr = rules.abbreviations.get(name_key(m.group(1).split(".")[0].split()[0]))
        if abbr is not None and re.match(r"[A-Z][\w.]*\.", m.group(1)):
            span.qualifier = abbr[1]  # "Glasgow, Ky." -> kentucky
    m = re.match(r"\s+in\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})", after)
    # "outside Parliament in March" is a date, not a town.
    if m and name_key(m.group(1)) not in rules.never:
        span.located_in = name_key(m.group(1))
    return span
