"""The document's evidence of where its names lie: country focus, qualifiers, anchors.

Examples
--------
>>> from geomap.gazetteer.index import build_index
>>> from geomap.gazetteer.world import Record
>>> from geomap.recognize.scan import find_spans
>>> recs = [Record("p:on", "London", "city", None, 42.98, -81.25, "CA", "08", 383822, None,
...                "t", False, ("London",))]
>>> idx = build_index(recs)
>>> document_focus(idx, find_spans("Rain in London.", idx), countries=["ca"])
{'CA': 3.0}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from geomap.gazetteer.index import Index, haversine_km, name_key
from geomap.gazetteer.world import Record
from geomap.recognize.scan import Span
from geomap.resolve.weights import Weights, load_weights

__all__ = ["KIND_NOUNS", "document_focus", "kind_noun", "sentence_places"]

# A country or division named in a sentence: start, end, country, admin1 ("" for a country).
Named = tuple[int, int, str, str]
# The flags recognition sets for a kind word after a name ("Hays district").
KIND_NOUNS = ("division", "settlement", "quarter")

# Sites every capital has one of: the curated ones in London are no evidence abroad.
_EVERY_CAPITAL = frozenset({"embassy", "high_commission"})

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
    # "Hays district" is read with its kind word, later: the biggest Hays is no anchor.
    if len(span.candidates) > 1 and kind_noun(span) is not None:
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
    # A district of the world layer has no population: a town of its name dominates it
    # only if big ("Kabul" over Kabul district, not "Hays" over Hays district, Yemen).
    if (
        second.kind == "region"
        and not second.population
        and first.population < load_weights().prior.big_city_population
    ):
        return None
    if first.population > 20 * max(second.population, 1):
        return first
    return None


def kind_noun(span: Span) -> str | None:
    """The kind a word after the name says it is: ``division``, ``settlement`` or ``quarter``.

    >>> kind_noun(Span(0, 13, "Hays district", "hays", flags=("division",)))
    'division'
    """
    return next((f for f in span.flags if f in KIND_NOUNS), None)


def _kinds(spans: Sequence[Span]) -> dict[str, str]:
    """The kind word each name is written with, one sense per name; but a name qualified
    by its own division names the town: "Ica (Ica region)", "Van, Van province".

    >>> spans = [Span(0, 3, "Ica", "ica"), Span(5, 15, "Ica region", "ica", flags=("division",))]
    >>> _kinds(spans), _kinds(spans[1:])
    ({}, {'ica': 'division'})
    """
    told = {s.key: k for s in spans if (k := kind_noun(s)) is not None}
    own = {
        a.key
        for a, b in zip(spans, spans[1:], strict=False)
        if a.key == b.key
        and kind_noun(a) is None
        and kind_noun(b) == "division"
        and b.start - a.end <= QUALIFIER_GAP
    }
    return {key: k for key, k in told.items() if not (k == "division" and key in own)}


# " (" or ", " between a name and its qualifier.
QUALIFIER_GAP = 3


def sentence_places(idx: Index, spans: Sequence[Span]) -> dict[int, tuple[Named, ...]]:
    """Where each sentence names a country or a first-level division, by sentence.

    Each is ``(start, end, cc, "")`` for a country, ``(start, end, cc, admin1)`` for a
    division; a demonym names its country ("Yemeni forces"). Only a name's likeliest
    reading counts.
    """
    out: dict[int, list[Named]] = defaultdict(list)
    for s in spans:
        if not s.candidates or s.use not in ("literal", "demonym"):
            continue
        r = idx.records[s.candidates[0]]
        if not r.country:
            continue
        if r.kind == "country":
            out[s.sentence].append((s.start, s.end, r.country, ""))
        elif r.kind == "region" and r.category == "admin1" and r.admin1:
            out[s.sentence].append((s.start, s.end, r.country, r.admin1))
    return {k: tuple(v) for k, v in out.items()}


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
    # A district of the world layer qualifies only when called one ("Sangin, Sangin
    # district"): "Edmonton" in "Calgary, Edmonton" is the city, not the census division.
    district = follower is not None and kind_noun(follower) == "division"
    return [
        r
        for r in map(idx.records.__getitem__, found)
        if r.kind == "country" or (r.kind == "region" and (district or not _world_district(r)))
    ]


def _world_district(r: Record) -> bool:
    """A second-level division of the world layer: no population, its province known."""
    return r.category == "admin2" and not r.population and r.admin1 is not None


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


class _Nearest:
    """Distance from a place to the nearest anchor, worked out once per place.

    ``base`` holds anchors measured already: the distance is the nearer of its memo and
    the new anchors', so a second look that adds a few anchors measures only those.

    >>> a = Record("a", "A", "city", None, 51.5, -0.12, "GB", None, 1, None, "t", False, ())
    >>> b = Record("b", "B", "city", None, 48.85, 2.35, "FR", None, 1, None, "t", False, ())
    >>> round(_Nearest([a]).distance(b)), round(_Nearest([b], base=_Nearest([a])).distance(b))
    (343, 0)
    """

    def __init__(self, anchors: list[Record], base: _Nearest | None = None) -> None:
        self.base = base if base else None
        self.anchors: list[Record] = base.anchors + anchors if base else anchors
        self.memo: dict[str, float] = {}
        self._own = anchors

    def __bool__(self) -> bool:
        return bool(self.anchors)

    def distance(self, r: Record) -> float:
        d = self.memo.get(r.id)
        if d is None:
            d = self.memo[r.id] = self._measure(r)
        return d

    def _measure(self, r: Record) -> float:
        d = min(haversine_km(r.lat, r.lon, a.lat, a.lon) for a in self._own)
        return d if self.base is None else min(self.base.distance(r), d)


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
    weights: Weights
    # The countries and divisions each sentence names, and the text they are named in.
    sentences: dict[int, tuple[Named, ...]]
    text: str
    # The kind word written after a name anywhere in the document: one sense per name.
    kinds: dict[str, str]
    # Names a country bears: a town named "Russia" gains nothing from "U.S." beside it.
    country_names: frozenset[str]
    # The sum of ``focus``, which every candidate's score divides by.
    focus_total: float = 0.0
    # The countries and divisions named beside each span, by its id (see score._beside).
    beside: dict[int, set[tuple[str, str]]] = field(default_factory=dict)


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
        weights=load_weights(),
        sentences=sentence_places(idx, spans),
        text=text,
        kinds=_kinds(spans),
        country_names=_country_names(idx, spans),
        focus_total=sum(focus.values()),
    )


def _country_names(idx: Index, spans: Sequence[Span]) -> frozenset[str]:
    """Names a country bears; a name's readings are read once however often it recurs."""
    # Spans of one name share the index's tuple of readings: its id stands for it.
    country: dict[int, bool] = {}
    out = set()
    for s in spans:
        seen = country.get(id(s.candidates))
        if seen is None:
            seen = country[id(s.candidates)] = any(
                idx.records[c].kind == "country" for c in s.candidates
            )
        if seen:
            out.add(s.key)
    return frozenset(out)
