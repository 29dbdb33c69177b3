"""Find place mentions in text: gazetteer names, read with the case and context a reader uses.

A capitalised run of words is looked up in the name index, longest first. A match is then
kept, dropped or marked non-literal by the rules of :mod:`geomap.recognize.judge`: a word
("Nice weather", "in May"), a person ("Theresa May", "Paris Hilton"), an organisation
("Greater Manchester Police", "Sky News"), an institution ("Scotland Yard announced") or a
demonym ("British").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from geomap.gazetteer.index import Index, name_key
from geomap.recognize.candidate import changed
from geomap.recognize.context import Context
from geomap.recognize.cues import Cues, Rules, load_rules
from geomap.recognize.judge import judge
from geomap.recognize.span import Span
from geomap.text import normalise, sentences

__all__ = ["Rules", "Span", "find_spans", "load_rules", "normalise", "sentences"]


def find_spans(
    text: str,
    index: Index,
    *,
    rules: Cues | None = None,
    norm: str | None = None,
    sent: list[tuple[int, int]] | None = None,
) -> list[Span]:
    """Find every place-name span in ``text`` (already or not yet normalised).

    Parameters
    ----------
    text : str
        The article; spans quote it.
    index : Index
        The gazetteer's name index.
    rules : Cues, optional
        The cue lists; by default the bundled ones with the user's additions.
    norm, sent : optional
        ``normalise(text)`` and its ``sentences``, when the caller has them already.

    Returns
    -------
    list of Span
        In the order of the text: places, demonyms, organisations, institutions, events
        and candidates the gazetteer lacks ("outside X Street").

    Examples
    --------
    An organisation named after a place is no place, and a word is no town:

    >>> from geomap.gazetteer.index import build_index
    >>> from geomap.gazetteer.world import Record
    >>> def rec(name, pop):
    ...     return Record(f"x:{name}", name, "city", None, 0.0, 0.0, "GB", None, pop, None,
    ...                   "test", False, (name,))
    >>> idx = build_index([rec("Nice", 340000), rec("Greater Manchester", 2800000)])
    >>> text = "Greater Manchester Police said attacks in Nice rose. Nice weather today."
    >>> [(s.text, s.use) for s in find_spans(text, idx)]
    [('Greater Manchester', 'organisation'), ('Nice', 'literal')]
    """
    ctx = Context.build(text, index=index, cues=rules, norm=norm, sent=sent)
    if not ctx.tokens:
        return []
    spans, persons = _scan(ctx)
    if persons:
        spans = _drop_persons(ctx, spans, persons)
    return _add_candidates(ctx, spans)


def _scan(ctx: Context) -> tuple[list[Span], set[str]]:
    """Every match of the index, left to right, judged; and the names read as persons'."""
    spans: list[Span] = []
    persons: set[str] = set()
    # Only a capitalised word or a number starts a name: the others are never visited.
    keys, starts = ctx.keys, ctx.index.first_max
    abbreviations, demonyms = ctx.cues.abbreviations, ctx.index.demonyms
    after = 0  # the first token past the last match
    for i in ctx.capitalised:
        if i < after:
            continue
        key = keys[i]
        if (
            key not in starts
            and key not in abbreviations
            and key not in demonyms
            and not key.endswith(("'s", "'"))  # a possessive may start a name
        ):
            continue  # most capitalised words start no name: "The", "He", "Monday"
        abbr = _abbreviation(ctx, i)
        if abbr is not None:
            spans.append(_abbreviation_span(ctx, i, abbr))
            continue
        found = _longest_match(ctx, i)
        if found is None:
            demonym = _demonym_span(ctx, i)
            if demonym is not None:
                spans.append(demonym)
            continue
        length, key = found
        kept, verdict = judge(ctx, span=_match_span(ctx, i, length, key), i=i, length=length)
        if verdict is not None:
            persons.update(verdict.persons)
            if verdict.surname and _first_name_matched(ctx, spans, i):
                spans.pop()  # the person's first name is a place too: "Geneva Morgan"
        if kept is not None:
            if "event" in kept.flags and kept.use == "literal":
                # "the Changing of the Guard" is an event held at a place, not a place name.
                kept = changed(kept, use="event")
            spans.append(kept)
        after = i + length
    return spans, persons


def _longest_match(ctx: Context, i: int) -> tuple[int, str] | None:
    """The longest name of the index from token ``i``: its length in tokens and its key.

    A possessive is trimmed ("Toronto's") and a demonym that is also a small town
    ("Canadian", Texas) is left to be read as a demonym.
    """
    index, keys, words = ctx.index, ctx.keys, ctx.words
    key0 = keys[i]
    most = index.first_max.get(key0, 0)
    if key0.endswith("'s") or key0.endswith("'"):
        most = max(most, index.first_max.get(key0.rstrip("s").rstrip("'"), 0))
    if not most:  # most capitalised words start no name
        return None
    tails = ctx.cues.tails
    # A name ends on a capitalised word, a number or a tail ("Gare du Nord", "Bosnia and
    # Herzegovina"): the run of joined words is followed no further than the last of them.
    reach = 1
    for k in range(min(most, len(words) - i) - 1, 0, -1):
        last = words[i + k]
        if last[0].isupper() or last[0].isdigit() or last.lower() in tails:
            reach = k + 1
            break
    limit = 1
    while limit < reach and ctx.joined[i + limit - 1]:
        limit += 1
    found: tuple[int, str] | None = None
    for length in range(limit, 0, -1):
        last = words[i + length - 1]
        if length > 1 and not (last[0].isupper() or last[0].isdigit() or last.lower() in tails):
            continue
        # Keys are joined only for a length that may end a name: most words after a
        # capitalised one end none ("The police said"), and their keys are never read.
        key = " ".join([keys[j] for j in range(i, i + length)]) if length > 1 else key0
        if key in index.names or key in index.events:
            found = (length, key)
            break
        if key.endswith("'s") or key.endswith("'"):
            bare = key[:-2] if key.endswith("'s") else key[:-1]
            if bare in index.names:
                found = (length, bare)
                break
    if found is not None:
        found = _qualified_site(ctx, i, found)
    if found is not None and found[0] == 1 and found[1] in index.demonyms:
        top = index.records[index.names[found[1]][0]] if found[1] in index.names else None
        if top is None or (
            top.population < ctx.cues.big
            and not top.curated
            and top.kind not in ("country", "continent")
        ):
            return None
    return found


def _qualified_site(ctx: Context, i: int, found: tuple[int, str]) -> tuple[int, str]:
    """``found`` widened over a qualifier and a site's head the index names without it.

    "Abha International Airport" is the index's "Abha Airport": the qualifier is read
    only between the name and the head, joined, and only where "<name> <head>" is indexed.
    """
    length, key = found
    j = i + length
    keys = ctx.keys
    if j + 1 >= len(keys):
        return found
    # Keys first: the joins are read only where a qualifier and a head stand.
    qualifiers = ctx.cues.qualifiers.get(keys[j + 1])
    if not qualifiers or keys[j] not in qualifiers or not (ctx.joined[j - 1] and ctx.joined[j]):
        return found
    site = f"{key} {keys[j + 1]}"
    return (length + 2, site) if site in ctx.index.names else found


def _match_span(ctx: Context, i: int, length: int, key: str) -> Span:
    """The span of a match of ``length`` tokens from ``i``, before it is judged."""
    start = ctx.tokens.starts[i]
    end = ctx.tokens.ends[i + length - 1]
    last = ctx.keys[i + length - 1]
    joined = " ".join([ctx.keys[j] for j in range(i, i + length)])
    if last.endswith(("'s", "'")) and key != joined:  # possessive trimmed
        end -= 2 if ctx.norm[end - 2 : end].lower() == "'s" else 1
    index = ctx.index
    candidates: tuple[int, ...]
    flags: tuple[str, ...]
    if key in index.events and key not in index.names:
        candidates, flags = (index.events[key],), ("event",)
    else:
        candidates, flags = index.names[key], ()
    return Span(
        start,
        end,
        ctx.text[start:end],
        key,
        candidates=candidates,
        sentence=ctx.sentence_of(start),
        flags=flags,
    )


def _demonym_span(ctx: Context, i: int) -> Span | None:
    """A demonym at token ``i`` ("British", "Canada's" is no demonym), or ``None``."""
    bare = ctx.keys[i].removesuffix("'s")
    if bare not in ctx.index.demonyms or ctx.keys[i] in ctx.cues.never:
        return None
    a = ctx.tokens.starts[i]
    return Span(
        a,
        a + len(bare),
        ctx.norm[a : a + len(bare)],
        bare,
        "demonym",
        (ctx.index.demonyms[bare],),
        ctx.sentence_of(a),
    )


def _first_name_matched(ctx: Context, spans: list[Span], i: int) -> bool:
    """Whether the last span is a one-word town right before token ``i`` ("Geneva Morgan")."""
    if not spans:
        return False
    last = spans[-1]
    return (
        last.end == ctx.tokens.ends[i - 1]
        and ctx.gap(i) == " "
        and last.use == "literal"
        and " " not in last.key
        and ctx.index.records[last.candidates[0]].kind not in ("country", "continent")
    )


def _drop_persons(ctx: Context, spans: list[Span], persons: set[str]) -> list[Span]:
    """One sense per document: a name read as a person's once is that person alone too.

    "Christopher Steele" makes "Steele said" a person, unless a preposition of place
    stands before it. A country named like a person ("Georgia Stevens") stays a country
    only where another place of it is named too ("Irbid, Jordan").
    """
    records = ctx.index.records
    named = {
        records[s.candidates[0]].country for s in spans if s.key not in persons and s.candidates
    }

    def person(s: Span) -> bool:
        if s.key not in persons or s.use != "literal" or s.locative:
            return False
        top = records[s.candidates[0]]
        if top.kind == "continent":
            return False
        return top.kind != "country" or top.country not in named

    return [s for s in spans if not person(s)]


def _abbreviation(ctx: Context, i: int) -> tuple[int, ...] | None:
    """The division an abbreviation stands for, after "Town, " or a preposition of place.

    "Columbia, Ky.", "wildfires in B.C." and "the B.C. government" name divisions; a bare
    "Ky." does not.
    """
    norm, tokens = ctx.norm, ctx.tokens
    target = ctx.cues.abbreviations.get(ctx.keys[i])
    if target is None or i == 0 or norm[tokens[i].end() : tokens[i].end() + 1] != ".":
        return None
    gap = ctx.gap(i)
    after_town = re.fullmatch(r",\s+", gap) and tokens[i - 1].group()[0].isupper()
    before = tokens[i - 1].group().lower()
    after_preposition = gap == " " and before in ctx.cues.abbreviation_prepositions
    # "the B.C. government": an article before a dotted abbreviation.
    after_article = gap == " " and before == "the"
    if not (after_town or after_preposition or after_article):
        return None
    cc, key = target
    records = ctx.index.records
    found = tuple(
        c
        for c in ctx.index.names.get(key, ())
        if records[c].country == cc and records[c].kind == "region"
    )
    return found or None


def _abbreviation_span(ctx: Context, i: int, candidates: tuple[int, ...]) -> Span:
    """The span of an abbreviation at token ``i``, its full stop included ("Ky.")."""
    a, b = ctx.tokens.starts[i], ctx.tokens.ends[i] + 1
    return Span(
        a,
        b,
        ctx.text[a:b],
        ctx.keys[i],
        candidates=candidates,
        sentence=ctx.sentence_of(a),
        flags=("abbreviation",),
    )


def _add_candidates(ctx: Context, spans: list[Span]) -> list[Span]:
    """Add names the gazetteer lacks that a pattern marks as places ("outside X Street")."""
    # A pattern's match is checked against the names before it only: the starts sorted,
    # and the furthest end of any name starting before each, so one bisection answers.
    taken = sorted((s.start, s.end) for s in spans)
    starts = [a for a, _ in taken]
    reach = list(accumulate((e for _, e in taken), max))
    text = ctx.text
    for m in ctx.cues.candidate.finditer(ctx.norm):
        a, b = m.span(1)
        k = bisect_left(starts, b)
        if k and reach[k - 1] > a:
            continue
        spans.append(
            Span(a, b, text[a:b], name_key(text[a:b]), "candidate", sentence=ctx.sentence_of(a))
        )
    spans.sort(key=lambda s: s.start)
    return spans
