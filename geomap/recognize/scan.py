"""Find place mentions in text: gazetteer names, read with the case and context a reader uses.

A capitalised run of words is looked up in the name index, longest first. A match is then
kept, dropped or marked non-literal by the cue lists of ``rules/recognize.toml``: a word
("Nice weather", "in May"), a person ("Theresa May", "Paris Hilton"), an organisation
("Greater Manchester Police", "Sky News"), an institution ("Scotland Yard announced") or a
demonym ("British").

Examples
--------
>>> from geomap.gazetteer.index import build_index
>>> from geomap.gazetteer.world import Record
>>> rec = Record("x:nice", "Nice", "city", None, 43.7, 7.27, "FR", None, 340000, None,
...              "test", False, ("Nice",))
>>> idx = build_index([rec])
>>> [(s.text, s.use) for s in find_spans("Attacks in Nice. Nice weather today.", idx)]
[('Nice', 'literal')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from geomap.gazetteer.index import Index, name_key
from geomap.recognize.cues import Cues, Rules, load_rules
from geomap.recognize.judge import judge
from geomap.text import NEWLINE, TOKEN, Joined, line_style, normalise, sentences

__all__ = ["Rules", "Span", "find_spans", "load_rules", "normalise", "sentences"]

Use = Literal["literal", "metonymic", "demonym", "organisation", "candidate", "event"]


@dataclass
class Span:
    """A recognised name before resolution."""

    start: int
    end: int
    text: str
    key: str
    use: Use = "literal"
    candidates: tuple[int, ...] = ()
    sentence: int = 0
    locative: bool = False
    # A name right after the match that qualifies it ("Paris, Texas" -> "texas").
    qualifier: str | None = None
    # The place a site is said to be in ("the Turkish Embassy in Moscow" -> "moscow").
    located_in: str | None = None
    flags: list[str] = field(default_factory=list)


def find_spans(
    text: str,
    index: Index,
    rules: Cues | None = None,
    *,
    norm: str | None = None,
    sent: list[tuple[int, int]] | None = None,
) -> list[Span]:
    """Find every place-name span in ``text`` (already or not yet normalised).

    ``norm`` and ``sent`` may pass ``normalise(text)`` and its ``sentences`` when the
    caller has them already.
    """
    rules = rules or load_rules()
    norm = normalise(text) if norm is None else norm
    tokens = list(TOKEN.finditer(norm))
    if not tokens:
        return []
    words = [m.group() for m in tokens]
    newlines = [m.start() for m in NEWLINE.finditer(norm)]
    styles: dict[int, str] = {}
    sent = sentences(norm) if sent is None else sent
    sent_starts = [a for a, _ in sent]
    keys = [name_key(w) for w in words]
    joined = Joined(norm, tokens)

    def style_at(pos: int) -> str:
        n = bisect_right(newlines, pos)
        style = styles.get(n)
        if style is None:
            start = newlines[n - 1] + 1 if n else 0
            end = newlines[n] if n < len(newlines) else len(norm)
            style = styles[n] = line_style(norm[start:end])
        return style

    def sentence_of(pos: int) -> int:
        lo, hi = 0, len(sent_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if sent_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def starts_sentence(i: int) -> bool:
        if i == 0:
            return True
        gap = norm[tokens[i - 1].end() : tokens[i].start()]
        return bool(re.search(r"[.!?:\n\"]\s*$|^\s*[\"(]", gap)) or "\n" in gap

    spans: list[Span] = []
    persons: set[str] = set()
    n = len(tokens)
    i = 0
    while i < n:
        w = words[i]
        if not (w[0].isupper() or w[0].isdigit()):
            i += 1
            continue
        abbr = _abbreviation(i, keys, tokens, norm, index, rules)
        if abbr is not None:
            a, b = tokens[i].start(), tokens[i].end() + 1
            spans.append(
                Span(
                    a,
                    b,
                    text[a:b],
                    keys[i],
                    candidates=abbr,
                    sentence=sentence_of(a),
                    flags=["abbreviation"],
                )
            )
            i += 1
            continue
        key0 = keys[i]
        most = index.first_max.get(key0, 0)
        if key0.endswith("'s") or key0.endswith("'"):
            most = max(most, index.first_max.get(key0.rstrip("s").rstrip("'"), 0))
        limit = min(most, 1)
        while limit < most and i + limit < n and joined[i + limit - 1]:
            limit += 1
        found: tuple[int, str] | None = None
        for length in range(limit, 0, -1):
            last = words[i + length - 1]
            if length > 1 and not (
                last[0].isupper() or last[0].isdigit() or last.lower() in rules.tails
            ):
                continue
            key = " ".join(keys[i : i + length])
            if key in index.names or key in index.events:
                found = (length, key)
                break
            if key.endswith("'s") or key.endswith("'"):
                bare = key[:-2] if key.endswith("'s") else key[:-1]
                if bare in index.names:
                    found = (length, bare)
                    break
        # "Canadian" is a demonym before it is Canadian, Texas.
        if found is not None and found[0] == 1 and found[1] in index.demonyms:
            top = index.records[index.names[found[1]][0]] if found[1] in index.names else None
            if top is None or (
                top.population < 1_000_000
                and not top.curated
                and top.kind not in ("country", "continent")
            ):
                found = None
        if found is None:
            bare = keys[i].removesuffix("'s")
            if bare in index.demonyms and keys[i] not in rules.never:
                t = tokens[i]
                spans.append(
                    Span(
                        t.start(),
                        t.start() + len(bare),
                        norm[t.start() : t.start() + len(bare)],
                        bare,
                        "demonym",
                        (index.demonyms[bare],),
                        sentence_of(t.start()),
                    )
                )
            i += 1
            continue
        length, key = found
        start = tokens[i].start()
        end = tokens[i + length - 1].end()
        if key != " ".join(keys[i : i + length]):  # possessive trimmed
            end -= 2 if norm[end - 2 : end].lower() == "'s" else 1
        span = Span(start, end, text[start:end], key, sentence=sentence_of(start))
        if key in index.events and key not in index.names:
            span.candidates = (index.events[key],)
            span.flags.append("event")
        else:
            span.candidates = index.names[key]
        verdict = judge(
            span,
            i,
            length,
            words,
            keys,
            joined,
            norm,
            tokens,
            index,
            rules,
            style_at(start),
            starts_sentence(i),
            persons,
        )
        if (
            verdict is None
            and "surname" in span.flags
            and spans
            and spans[-1].end == tokens[i - 1].end()
            and norm[tokens[i - 1].end() : tokens[i].start()] == " "
            and spans[-1].use == "literal"
            and " " not in spans[-1].key
            and index.records[spans[-1].candidates[0]].kind not in ("country", "continent")
        ):
            spans.pop()  # the person's first name is a place too: "Geneva Morgan"
        if verdict is not None and "event" in verdict.flags and verdict.use == "literal":
            # "the Changing of the Guard" is an event held at a place, not a place name.
            verdict.use = "event"
        if verdict is not None:
            spans.append(verdict)
        i += length
    if persons:
        # One sense per document: a name read as a person's once ("Christopher Steele")
        # is that person when it stands alone ("Steele said"), unless a preposition of
        # place stands before it.
        # A country named like a person ("Georgia Stevens") stays a country only where
        # another place of it is named too ("Irbid, Jordan").
        named = {
            index.records[s.candidates[0]].country
            for s in spans
            if s.key not in persons and s.candidates
        }

        def person(s: Span) -> bool:
            if s.key not in persons or s.use != "literal" or s.locative:
                return False
            top = index.records[s.candidates[0]]
            if top.kind == "continent":
                return False
            return top.kind != "country" or top.country not in named

        spans = [s for s in spans if not person(s)]
    _add_candidates(norm, text, spans, rules, sentence_of)
    return spans


_SPATIAL_PREPOSITIONS = frozenset(
    {"in", "across", "throughout", "from", "to", "into", "near", "outside", "around"}
)


def _abbreviation(
    i: int, keys: list[str], tokens: list[re.Match[str]], norm: str, index: Index, rules: Cues
) -> tuple[int, ...] | None:
    """The division an abbreviation stands for, after "Town, " or a preposition of place.

    "Columbia, Ky.", "wildfires in B.C." and "the B.C. government" name divisions; a bare
    "Ky." does not.
    """
    target = rules.abbreviations.get(keys[i])
    if target is None or i == 0 or norm[tokens[i].end() : tokens[i].end() + 1] != ".":
        return None
    gap = norm[tokens[i - 1].end() : tokens[i].start()]
    after_town = re.fullmatch(r",\s+", gap) and tokens[i - 1].group()[0].isupper()
    before = tokens[i - 1].group().lower()
    after_preposition = gap == " " and before in _SPATIAL_PREPOSITIONS
    # "the B.C. government": an article before a dotted abbreviation.
    after_article = gap == " " and before == "the"
    if not (after_town or after_preposition or after_article):
        return None
    cc, key = target
    found = tuple(
        c
        for c in index.names.get(key, ())
        if index.records[c].country == cc and index.records[c].kind == "region"
    )
    return found or None


def _add_candidates(
    norm: str, text: str, spans: list[Span], rules: Cues, sentence_of: Callable[[int], int]
) -> None:
    """Add names the gazetteer lacks that a pattern marks as places ("outside X Street")."""
    taken = [(s.start, s.end) for s in spans]
    for m in rules.candidate.finditer(norm):
        a, b = m.span(1)
        if any(a < e and s < b for s, e in taken):
            continue
        spans.append(
            Span(a, b, text[a:b], name_key(text[a:b]), "candidate", sentence=sentence_of(a))
        )
    spans.sort(key=lambda s: s.start)
