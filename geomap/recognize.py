"""Find place mentions in text: gazetteer names, read with the case and context a reader uses.

A capitalised run of words is looked up in the name index, longest first. A match is then
kept, dropped or marked non-literal by the cue lists of ``rules/recognize.toml``: a word
("Nice weather", "in May"), a person ("Theresa May", "Paris Hilton"), an organisation
("Greater Manchester Police", "Sky News"), an institution ("Scotland Yard announced") or a
demonym ("British").

Examples
--------
>>> from geomap.index import build_index
>>> from geomap.world import Record
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
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .index import Index, name_key
from .rulefiles import read_rules, rules_key
from .world import DATA_DIR

# Curated categories of buildings that stand for the body housed in them.
_INSTITUTIONS = frozenset(
    {
        "government",
        "ministry",
        "police",
        "parliament",
        "police_hq",
        "head_of_government",
        "intelligence",
        "military",
        "court",
    }
)

__all__ = ["Rules", "Span", "find_spans", "load_rules", "normalise", "sentences"]

Use = Literal["literal", "metonymic", "demonym", "organisation", "candidate", "event"]

RULES_FILE = Path(__file__).parent / "rules" / "recognize.toml"

# One-for-one replacements, so offsets into the normalised text are offsets into the input.
_NORMALISE = str.maketrans(
    {"’": "'", "‘": "'", "\u00a0": " ", "‐": "-", "‑": "-", "“": '"', "”": '"', "\u2009": " "}
)
_NEWLINE = re.compile("\n")
_TOKEN = re.compile(r"[^\W_](?:[\w]|['.](?=[^\W_]))*", re.UNICODE)
_JOIN = re.compile(r"(?:\.? |-)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*")


class Rules(BaseModel):
    """The cue lists of ``rules/recognize.toml``; unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    never_places: list[str]
    organisation_heads: list[str]
    organisation_prefixes: list[str]
    person_titles: list[str]
    first_names: list[str]
    institution_verbs: list[str]
    institution_fillers: list[str]
    institution_names: list[str]
    institution_nouns: list[str]
    name_modifiers: list[str]
    locative_prepositions: list[str]
    generic_tails: list[str]
    candidate_heads: list[str]
    candidate_prepositions: list[str]
    division_abbreviations: dict[str, str] = {}


@dataclass(frozen=True)
class _Compiled:
    never: frozenset[str]
    org_heads: frozenset[str]
    org_prefixes: frozenset[str]
    titles: frozenset[str]
    first_names: frozenset[str]
    verbs: frozenset[str]
    fillers: frozenset[str]
    institutions: frozenset[str]
    institution_nouns: frozenset[str]
    modifiers: frozenset[str]
    locatives: frozenset[str]
    tails: frozenset[str]
    heads: frozenset[str]
    common_words: frozenset[str]
    candidate: re.Pattern[str]
    # "ky" -> ("US", "kentucky"): abbreviations of divisions, read after "Town, ".
    abbreviations: dict[str, tuple[str, str]] = field(default_factory=dict)


def load_rules(path: str | None = None) -> _Compiled:
    """The recognition cue lists: the bundled file (or ``path``) and the user's additions.

    Users add cues in ``$GEOMAP_RULES/recognize.toml`` (see :mod:`geomap.rulefiles`).
    """
    return _load_rules(*rules_key("recognize.toml", path))


@lru_cache(maxsize=4)
def _load_rules(path: str, _user_stamp: str) -> _Compiled:
    r = read_rules(Rules, "recognize.toml", path)
    common = DATA_DIR / "common_words.txt"
    words = (
        frozenset(w for w in common.read_text(encoding="utf-8").split() if not w.startswith("#"))
        if common.exists()
        else frozenset()
    )
    heads = "|".join(sorted(map(re.escape, r.candidate_heads), key=len, reverse=True))
    preps = "|".join(map(re.escape, r.candidate_prepositions))
    candidate = re.compile(rf"\b(?:{preps})\s+(?:the\s+)?((?:[A-Z][\w'-]*\s+){{1,4}}(?:{heads}))\b")
    return _Compiled(
        never=frozenset(map(name_key, r.never_places)),
        org_heads=frozenset(map(name_key, r.organisation_heads)),
        org_prefixes=frozenset(map(name_key, r.organisation_prefixes)),
        titles=frozenset(map(name_key, r.person_titles)),
        first_names=frozenset(map(name_key, r.first_names)),
        verbs=frozenset(r.institution_verbs),
        fillers=frozenset(f.lower() for f in r.institution_fillers),
        institutions=frozenset(map(name_key, r.institution_names)),
        institution_nouns=frozenset(w.lower() for w in r.institution_nouns),
        modifiers=frozenset(map(name_key, r.name_modifiers)),
        locatives=frozenset(r.locative_prepositions),
        tails=frozenset(r.generic_tails),
        heads=frozenset(r.candidate_heads),
        common_words=words,
        candidate=candidate,
        abbreviations={
            name_key(k): (v.split(":", 1)[0], name_key(v.split(":", 1)[1]))
            for k, v in r.division_abbreviations.items()
        },
    )


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


def normalise(text: str) -> str:
    """Fold typographic quotes and spaces one-for-one, keeping every offset.

    >>> normalise("St Stephen’s Entrance")
    "St Stephen's Entrance"
    """
    return text.translate(_NORMALISE)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans (start, end), headlines and captions included.

    >>> t = "Troops at Parliament. Police said so.\\nA caption"
    >>> [t[a:b] for a, b in sentences(t)]
    ['Troops at Parliament.', 'Police said so.', 'A caption']
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos and text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text.rstrip())))
    return out


def _line_style(line: str) -> str:
    """'caps', 'title' or 'prose', so headlines and shouted lines are read as such.

    >>> _line_style("ATTACK IN PARIS LEAVES MANY DEAD"), _line_style("Police at the scene")
    ('caps', 'prose')
    """
    words = _TOKEN.findall(line)
    letters = [w for w in words if w[0].isalpha()]
    long = [w for w in letters if len(w) > 3]
    if len(letters) >= 3 and sum(w.isupper() for w in letters) >= 0.8 * len(letters):
        return "caps"
    if len(long) >= 4 and sum(w[0].isupper() for w in long) >= 0.75 * len(long):
        return "title"
    return "prose"


class _Joined:
    """joined[i]: token i+1 follows token i inside one name (a space or a hyphen between)."""

    __slots__ = ("norm", "tokens", "memo")

    def __init__(self, norm: str, tokens: list[re.Match[str]]) -> None:
        self.norm, self.tokens = norm, tokens
        self.memo: dict[int, bool] = {}

    def __getitem__(self, i: int) -> bool:
        hit = self.memo.get(i)
        if hit is None:
            t = self.tokens
            hit = 0 <= i < len(t) - 1 and bool(
                _JOIN.fullmatch(self.norm, t[i].end(), t[i + 1].start())
            )
            # A full stop joins only after an abbreviation ("St. Stephen's"), not a sentence.
            if hit and self.norm[t[i].end()] == "." and len(t[i].group()) > 3:
                hit = False
            self.memo[i] = hit
        return hit


def find_spans(text: str, index: Index, rules: _Compiled | None = None) -> list[Span]:
    """Find every place-name span in ``text`` (already or not yet normalised)."""
    rules = rules or load_rules()
    norm = normalise(text)
    tokens = list(_TOKEN.finditer(norm))
    if not tokens:
        return []
    words = [m.group() for m in tokens]
    newlines = [m.start() for m in _NEWLINE.finditer(norm)]
    styles: dict[int, str] = {}
    sent = sentences(norm)
    sent_starts = [a for a, _ in sent]
    keys = [name_key(w) for w in words]
    joined = _Joined(norm, tokens)

    def style_at(pos: int) -> str:
        n = bisect_right(newlines, pos)
        style = styles.get(n)
        if style is None:
            start = newlines[n - 1] + 1 if n else 0
            end = newlines[n] if n < len(newlines) else len(norm)
            style = styles[n] = _line_style(norm[start:end])
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
        verdict = _judge(
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
        spans = [
            s
            for s in spans
            if not (
                s.key in persons
                and s.use == "literal"
                and not s.locative
                and index.records[s.candidates[0]].kind not in ("country", "continent")
            )
        ]
    _add_candidates(norm, text, spans, rules, sentence_of)
    return spans


def _abbreviation(
    i: int, keys: list[str], tokens: list[re.Match[str]], norm: str, index: Index, rules: _Compiled
) -> tuple[int, ...] | None:
    """The division an abbreviation after "Town, " stands for ("Columbia, Ky.")."""
    target = rules.abbreviations.get(keys[i])
    if target is None or i == 0 or norm[tokens[i].end() : tokens[i].end() + 1] != ".":
        return None
    if (
        not re.fullmatch(r",\s+", norm[tokens[i - 1].end() : tokens[i].start()])
        or not tokens[i - 1].group()[0].isupper()
    ):
        return None
    cc, key = target
    found = tuple(
        c
        for c in index.names.get(key, ())
        if index.records[c].country == cc and index.records[c].kind == "region"
    )
    return found or None


def _judge(
    span: Span,
    i: int,
    length: int,
    words: list[str],
    keys: list[str],
    joined: _Joined,
    norm: str,
    tokens: list[re.Match[str]],
    index: Index,
    rules: _Compiled,
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
        and not _line_initial(norm, tokens, i)
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
    # First name before, or the name is a first name followed by a surname.
    if single and prev_key in rules.first_names and i > 0 and joined[i - 1] and prev[0].isupper():
        persons.add(span.key)
        return None
    if (
        single
        and span.key in rules.first_names
        and nxt
        and nxt[0].isupper()
        and nxt_joined
        and name_key(nxt) not in rules.org_heads
        and style == "prose"
    ):
        persons.add(span.key)
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
        # Two place names side by side without a comma are rare in prose: a small place
        # after a capitalised word is a surname even when that word is a place too
        # ("Geneva Morgan", "Shannon Phillips").
        and (prev_key not in index.names or best.population < 100_000)
        and not (sentence_start and i == 0)
    ):
        if (
            not _is_sentence_initial(norm, tokens, i - 1)
            or prev_key in rules.first_names
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
        and (span.key in rules.institutions or best.category in _INSTITUTIONS)
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
    # A place name as the subject of a verb of speech stands for an institution.
    if span.key in rules.institutions or best.kind == "country" or best.category in _INSTITUTIONS:
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
    if m:
        span.located_in = name_key(m.group(1))
    return span


def _line_initial(norm: str, tokens: list[re.Match[str]], i: int) -> bool:
    return i == 0 or "\n" in norm[tokens[i - 1].end() : tokens[i].start()]


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


def _in_particle_name(words: list[str], joined: _Joined, i: int) -> bool:
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


def _is_sentence_initial(norm: str, tokens: list[re.Match[str]], i: int) -> bool:
    if i == 0:
        return True
    gap = norm[tokens[i - 1].end() : tokens[i].start()]
    return bool(re.search(r"[.!?:\n\"]\s*$|^\s*[\"(]", gap))


def _add_candidates(
    norm: str, text: str, spans: list[Span], rules: _Compiled, sentence_of: Callable[[int], int]
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
