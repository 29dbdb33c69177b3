"""Choose the place each recognised name means, with the evidence a reader uses.

The score of a candidate adds its prior (population, kind, curated or not) to what the
document says: its country focus, the places near the other names it resolves, an explicit
qualifier ("Paris, Texas"), and, in a security story, the venue named after a district
("troops at Wembley" -> Wembley Stadium). A name keeps one sense through a document.

Examples
--------
>>> from geomap.gazetteer.index import build_index
>>> from geomap.gazetteer.world import Record
>>> recs = [Record("c:fr", "France", "country", None, 46, 2, "FR", None, 6e7, None, "t",
...                False, ("France",)),
...         Record("c:us", "United States", "country", None, 38, -97, "US", None, 3e8, None,
...                "t", False, ("United States",)),
...         Record("a:tx", "Texas", "region", "admin1", 31, -99, "US", "TX", 2e7, None, "t",
...                False, ("Texas",)),
...         Record("p:fr", "Paris", "city", None, 48.85, 2.35, "FR", "11", 2138551, None,
...                "t", False, ("Paris",)),
...         Record("p:tx", "Paris", "city", None, 33.66, -95.56, "US", "TX", 24782, None,
...                "t", False, ("Paris",))]
>>> idx = build_index(recs)
>>> from geomap.recognize.scan import find_spans
>>> text = "A storm hit Paris, Texas on Monday."
>>> [(s.text, p.id) for s, p, _, _ in resolve_spans(find_spans(text, idx), idx)]
[('Paris', 'p:tx'), ('Texas', 'a:tx')]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from geomap.gazetteer.index import Index, haversine_km, name_key
from geomap.gazetteer.world import Record
from geomap.recognize.span import Span

__all__ = ["document_focus", "resolve_spans"]

_SECURITY_WORDS = (
    "troop",
    "soldier",
    "military",
    "armed",
    "police",
    "officer",
    "deploy",
    "guard",
    "security",
    "patrol",
    "attack",
    "bomb",
    "terror",
    "evacuat",
    "cordon",
    "lockdown",
    "match",
    "concert",
    "fans",
    "game",
    "final",
)


def _unique_enough(idx: Index, span: Span) -> Record | None:
    """The span's reading when it hardly needs context (one candidate, or a dominant one)."""
    # "Paris, Texas" is not Paris: a qualified name is read with its qualifier, later.
    if not span.candidates or (span.qualifier and span.qualifier in idx.names):
        return None
    first = idx.records[span.candidates[0]]
    # Every capital has a German embassy: the curated one in London says nothing of where
    # the story is.
    if first.category in _EVERY_CAPITAL:
        return None
    if len(span.candidates) == 1:
        return first
    second = idx.records[span.candidates[1]]
    if first.kind in ("country", "continent"):
        return first
    # A big place named so only in translation is no anchor: "White House" is a name of
    # Casablanca, but the White House's own.
    if not _short_form(span.key, first) and any(
        name_key(idx.records[c].name) == span.key for c in span.candidates[1:16]
    ):
        return None
    # Sites carry no population: a town is no surer than a site of its name ("Heathrow").
    if any(idx.records[c].kind == "site" for c in span.candidates[1:16]):
        return None
    if first.population > 20 * max(second.population, 1):
        return first
    return None


def _short_form(key: str, r: Record) -> bool:
    """``key`` is ``r``'s own name or the start of it ("newcastle" of Newcastle upon Tyne)."""
    own = name_key(r.name)
    return own == key or own.startswith(key + " ")


def _fits(q: Record, r: Record) -> bool:
    """``r`` lies in ``q``, a country or a first-level division."""
    return r.country == q.country and (q.kind == "country" or q.admin1 in (None, r.admin1))


def _qualifiers(idx: Index, span: Span, follower: Span | None = None) -> list[Record]:
    """The countries and divisions the span's qualifier may name ("Georgia": two).

    ``follower`` is the qualifier's own span when recognition found one: its candidates
    hold what a bare lookup does not ("B.C." for British Columbia).
    """
    if not span.qualifier:
        return []
    found = follower.candidates if follower is not None else idx.names.get(span.qualifier, ())
    return [idx.records[c] for c in found if idx.records[c].kind in ("country", "region")]


def _qualifier_of(idx: Index, span: Span, follower: Span | None = None) -> Record | None:
    """The qualifier's reading that holds one of the span's places: "Atlanta, Georgia"
    names the US state, not the country."""
    quals = _qualifiers(idx, span, follower)
    for q in quals:
        if any(_fits(q, idx.records[c]) for c in span.candidates):
            return q
    return quals[0] if quals else None


def _qualifying(spans: Sequence[Span]) -> dict[int, int]:
    """For each span that qualifies the one before it ("Texas" of "Paris, Texas"), that
    span's position."""
    return {
        n + 1: n
        for n, s in enumerate(spans[:-1])
        if s.qualifier and spans[n + 1].key == s.qualifier and spans[n + 1].start >= s.end
    }


def document_focus(
    idx: Index,
    spans: Sequence[Span],
    skip: frozenset[int] = frozenset(),
    countries: Sequence[str] = (),
) -> dict[str, float]:
    """Weight of each country in a document, from its names that need no context.

    ``skip`` holds the positions of spans read only through another (qualifiers);
    ``countries`` are where the corpus comes from, worth a qualifier each.
    """
    focus: dict[str, float] = defaultdict(float)
    for cc in countries:
        focus[cc.upper()] += 2.0
    seen: set[str] = set()
    for n, s in enumerate(spans):
        if n in skip:
            continue
        follower = spans[n + 1] if n + 1 in skip else None
        # A name counts once however often it recurs ("Glasgow" x4 is one piece of evidence);
        # a name qualified by a division or country ("Glasgow, Ky.") is strong evidence.
        if s.key in seen:
            continue
        seen.add(s.key)
        q = _qualifier_of(idx, s, follower)
        if q is not None and q.country:
            focus[q.country] += 2.0
        r = _unique_enough(idx, s)
        if r is None or not r.country:
            continue
        focus[r.country] += 2.0 if r.kind == "country" else 1.0
    return dict(focus)


# Sites every capital has one of: the curated ones in London are no evidence abroad.
_EVERY_CAPITAL = frozenset({"embassy", "high_commission"})
# A site said to be "in" a town farther than this is another site of the same name.
_ELSEWHERE_KM = 50
# A reading this far ahead of the next is sure enough to anchor the others' doubtful ones.
_SURE = 2.0
# At most this many names anchor the others: a long document stays linear.
_MAX_PICKS = 40


class _Nearest:
    """Distance from a place to the nearest anchor, worked out once per place."""

    def __init__(self, anchors: list[Record]) -> None:
        self.anchors = anchors
        self.memo: dict[str, float] = {}

    def __bool__(self) -> bool:
        return bool(self.anchors)

    def distance(self, r: Record) -> float:
        d = self.memo.get(r.id)
        if d is None:
            d = self.memo[r.id] = min(
                haversine_km(r.lat, r.lon, a.lat, a.lon) for a in self.anchors
            )
        return d


def _score(
    r: Record,
    span: Span,
    ev: _Evidence,
    anchors: _Nearest,
    qualifier: Record | None,
    big_city_countries: frozenset[str] = frozenset(),
    own_name: bool = False,
) -> float:
    """The candidate's prior (population, kind, own name) plus the document's evidence."""
    focus, top_country, security, states = ev.focus, ev.top_country, ev.security, ev.states
    s = math.log10(r.population + 10)
    # A place's own name is better evidence than one of its alternate names (translations,
    # old names), though a big place may still win on population ...
    # A short form of the own name ("Newcastle" of Newcastle upon Tyne, "Enfield" of Enfield
    # Town) is nearly as good as the name itself.
    if r.kind in ("city", "district") and name_key(r.name) != span.key:
        if _short_form(span.key, r):
            s -= 0.5
        else:
            s -= 1.5
            # ... and another place bearing the name as its own beats a translation: "White
            # House" is Casablanca only in Arabic.
            if own_name:
                s -= 3
    # A division named after its main city ("Manchester", "Paris") means the city in news.
    if r.kind == "region" and r.country in big_city_countries:
        s -= 3
    # A big national capital is named far more often than its namesakes ("Paris" in a US
    # story); a small one is not ("San Jose" is California's before Costa Rica's).
    if r.category == "capital" and r.population >= 1_000_000:
        s += 1
    if r.kind == "country":
        s += 6
    elif r.kind == "continent":
        s += 5
    elif r.kind == "region" and not big_city_countries:
        # Divisions are named often, but not over a big city of the name anywhere ("San
        # Jose" is the city in California, not the department of Uruguay).
        s += 1.5 if r.category == "admin1" else 0.5
    # A curated site has no population: it weighs like a town of some thousands, so
    # "Heathrow" is the airport before the hamlet in Florida.
    if r.curated:
        s += 3
        if r.kind == "site" and security:
            s += 1
    # "the White House", and "White House officials": the building, not the town.
    if r.kind == "site" and ("the" in span.flags or span.use == "metonymic"):
        s += 2
    if r.country and focus:
        total = sum(focus.values())
        s += 4.0 * focus.get(r.country, 0) / total
        if r.country == top_country:
            s += 1.5
    if qualifier is not None:
        if qualifier.kind == "country" and r.country == qualifier.country:
            s += 10
        elif (
            qualifier.kind == "region"
            and r.country == qualifier.country
            and (qualifier.admin1 is None or r.admin1 == qualifier.admin1)
        ):
            s += 12
    # A state the document names or places its towns in: "Dallas County" beside Iowa.
    if r.admin1 and (r.country, r.admin1) in states:
        s += 1.5
    if anchors and r.kind not in ("country", "continent", "water"):
        near = anchors.distance(r)
        if near < 50:
            s += 2.5
        elif near < 300:
            s += 1.5
        elif near < 1500:
            s += 0.5
    return s


@dataclass
class _Evidence:
    """What the whole document says about where its names lie."""

    focus: dict[str, float]
    top_country: str | None
    # Places read with no doubt: towns, sites and counties near which the others lie.
    anchors: list[Record]
    nearest: _Nearest
    # (country, first-level division) pairs the document names or places its towns in.
    states: frozenset[tuple[str | None, str]]
    security: bool
    # For a name qualified by the next ("Paris, Texas"), that next span.
    followers: dict[int, Span]


def _evidence(
    spans: Sequence[Span],
    idx: Index,
    text: str,
    qualifying: dict[int, int],
    countries: Sequence[str] = (),
) -> _Evidence:
    skip = frozenset(qualifying)
    focus = document_focus(idx, spans, skip, countries)
    unique = [None if n in skip else _unique_enough(idx, s) for n, s in enumerate(spans)]
    if countries:
        # In a Canadian paper, "London" is in doubt however much bigger the English one is.
        home = {cc.upper() for cc in countries}
        unique = [
            None
            if r is not None
            and r.country not in home
            and any(idx.records[c].country in home for c in spans[n].candidates)
            else r
            for n, r in enumerate(unique)
        ]
    # Each anchor once, however often it recurs: a long document must not cost the square
    # of its length.
    anchors = list(
        {
            r.id: r
            for r in unique
            if r is not None
            and r.kind not in ("country", "continent", "water")
            # A county is as good an anchor as a town; a state or province is too big.
            and (r.kind != "region" or r.category == "admin2")
        }.values()
    )
    lower = text.lower()
    return _Evidence(
        focus=focus,
        top_country=max(focus, key=focus.__getitem__) if focus else None,
        anchors=anchors,
        nearest=_Nearest(anchors),
        states=frozenset(
            (r.country, r.admin1)
            for r in (*anchors, *filter(None, unique))
            if r.admin1 and (r.kind != "region" or r.category == "admin1")
        ),
        security=any(w in lower for w in _SECURITY_WORDS),
        followers={id(spans[head]): spans[n] for n, head in qualifying.items()},
    )


Ranking = list[tuple[float, int]]
# Occurrences of a name read alike unless a qualifier, an article or their use differ.
Signature = tuple[str, str | None, bool, str]


def _signature(span: Span) -> Signature:
    return span.key, span.qualifier, "the" in span.flags, span.use


def _rank(span: Span, idx: Index, ev: _Evidence, near: _Nearest) -> Ranking:
    """The span's candidates, best first, with their scores."""
    quals = _qualifiers(idx, span, ev.followers.get(id(span)))
    big = frozenset(
        r.country
        for r in (idx.records[c] for c in span.candidates)
        if r.kind in ("city", "district") and r.population >= 100_000 and r.country
    )
    own = any(name_key(idx.records[c].name) == span.key for c in span.candidates)
    scored = []
    for c in span.candidates:
        r = idx.records[c]
        qual = next((q for q in quals if _fits(q, r)), None)
        scored.append((_score(r, span, ev, near, qual, big, own), c))
    return sorted(scored, reverse=True)


def _doubtful(ranked: Ranking) -> bool:
    return len(ranked) > 1 and ranked[0][0] - ranked[1][0] < _SURE


def _second_look(
    spans: Sequence[Span], idx: Index, ev: _Evidence, first: dict[Signature, Ranking]
) -> None:
    """Re-rank doubtful readings with what the document's other names say, in place.

    Towns named together lie together: the sure reading of each name anchors the doubtful
    readings of the others ("Edmonton" beside Hertford and Enfield is in London); and a
    reading still in doubt leans towards readings still in the running for another name
    ("St. Thomas" beside "London" is the Ontario town by London, Ontario).
    """
    best_of: dict[str, Ranking] = {}
    for sig, ranked in first.items():
        if sig[0] not in best_of or ranked[0] > best_of[sig[0]][0]:
            best_of[sig[0]] = ranked
    picks = [
        (key, idx.records[ranked[0][1]])
        for key, ranked in best_of.items()
        if not _doubtful(ranked) and idx.records[ranked[0][1]].kind in ("city", "district", "site")
    ][:_MAX_PICKS]
    known = {a.id for a in ev.anchors}
    looked: set[Signature] = set()
    for span in spans:
        sig = _signature(span)
        ranked = first.get(sig, [])
        if sig in looked or not _doubtful(ranked):
            continue
        looked.add(sig)
        others = [r for k, r in picks if k != span.key and r.id not in known]
        if others:
            ranked = first[sig] = _rank(span, idx, ev, _Nearest(ev.anchors + others))
        if not _doubtful(ranked):
            continue
        pool = [
            idx.records[c]
            for k, top in best_of.items()
            if k != span.key
            for s, c in top[:3]
            if s > top[0][0] - _SURE  # readings still in the running
        ][: _MAX_PICKS * 3]
        if pool:
            near = _Nearest(pool)
            first[sig] = sorted(
                ((s + (1.5 if near.distance(idx.records[c]) < 50 else 0.0), c) for s, c in ranked),
                reverse=True,
            )


def resolve_spans(
    spans: Sequence[Span], idx: Index, text: str = "", *, countries: Sequence[str] = ()
) -> list[tuple[Span, Record, float, str]]:
    """Resolve each span to (span, record, confidence, how); unresolvable spans are left out.

    Spans are resolved independently apart from shared document evidence, so one
    unresolvable name never changes the others. ``countries`` (ISO codes) weigh as if the
    text named them: where the corpus comes from.
    """
    qualifying = _qualifying(spans)
    ev = _evidence(spans, idx, text, qualifying, countries)
    first: dict[Signature, Ranking] = {}
    for span in spans:
        if span.candidates and _signature(span) not in first:
            first[_signature(span)] = _rank(span, idx, ev, ev.nearest)
    _second_look(spans, idx, ev, first)

    by_key: dict[str, list[tuple[float, int, float]]] = defaultdict(list)
    chosen: dict[int, tuple[Record, float, str]] = {}
    for n, span in enumerate(spans):
        if not span.candidates:
            continue
        head = qualifying.get(n)
        if head is not None and head in chosen:
            # "Georgia" of "Atlanta, Georgia" is the state that holds the Atlanta read.
            held = chosen[head][0]
            quals = _qualifiers(idx, spans[head], span)
            q = next((q for q in quals if _fits(q, held)), None)
            if q is not None:
                chosen[n] = (q, chosen[head][1], "gazetteer:qualifier")
                by_key[span.key].append((math.inf, idx.by_id[q.id], chosen[head][1]))
                continue
        scored = first[_signature(span)]
        best_score, best = scored[0]
        margin = best_score - scored[1][0] if len(scored) > 1 else 4.0
        conf = round(1 / (1 + math.exp(-margin)), 3)
        picked = _checked(span, idx, ev, idx.records[best], best, scored)
        if picked is None:
            continue
        chosen[n] = (picked[0], conf, picked[1])
        by_key[span.key].append((best_score, best, conf))
    # One sense per document: every occurrence takes the reading scored best anywhere.
    for n, (record, _conf, how) in list(chosen.items()):
        options = by_key[spans[n].key]
        top = max(options)
        if idx.records[top[1]].id != record.id and how != "gazetteer:venue":
            chosen[n] = (idx.records[top[1]], top[2], "gazetteer:one-sense")
    return [(spans[n], rec, conf, how) for n, (rec, conf, how) in sorted(chosen.items())]


def _checked(
    span: Span, idx: Index, ev: _Evidence, record: Record, best: int, scored: Ranking
) -> tuple[Record, str] | None:
    """The reading and how it was found, after what the words around it rule out."""
    if len(scored) == 1:
        how = "gazetteer:unique"
    elif span.qualifier and span.qualifier in idx.names:
        how = "gazetteer:qualifier"
    else:
        how = "gazetteer:context"
    # A security story at a district with a venue named after it means the venue.
    venues = idx.venues.get(best)
    if venues and ev.security and span.use == "literal":
        record = idx.records[venues[0]]
        how = "gazetteer:venue"
    # "The Turkish Embassy in Moscow" is not the one in London, nor "the state Capitol
    # in Lansing" the one in Washington.
    if record.kind == "site" and span.located_in and span.located_in in idx.names:
        where = idx.records[idx.names[span.located_in][0]]
        if where.country and record.country and where.country != record.country:
            return None
        if where.kind in ("city", "district", "site") and (
            haversine_km(where.lat, where.lon, record.lat, record.lon) > _ELSEWHERE_KM
        ):
            return None
    # A bare institution word of a British site means nothing in a foreign story, and
    # "the German embassy" in a story from Kabul is the one in Kabul.
    if (
        record.curated
        and record.country == "GB"
        and (" " not in span.key or record.category in _EVERY_CAPITAL)
        and ev.top_country
        and ev.top_country != "GB"
        and ev.focus.get("GB", 0) == 0
        and record.kind == "site"
    ):
        return None
    return record, how
