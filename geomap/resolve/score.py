"""The score of one candidate reading: its prior plus what the document says of it."""

from __future__ import annotations

import math
import re

from geomap.gazetteer.index import name_key
from geomap.gazetteer.world import Record
from geomap.recognize.scan import Span
from geomap.resolve.evidence import _Evidence, _Nearest, _short_form
from geomap.resolve.weights import _Context, _Prior

__all__: list[str] = []

_WORD = re.compile(r"[\w'’-]+")


def _score(
    r: Record,
    span: Span,
    ev: _Evidence,
    anchors: _Nearest,
    qualifier: Record | None,
    big_city_countries: frozenset[str] = frozenset(),
    own_name: bool = False,
    seats: frozenset[tuple[str | None, str | None]] = frozenset(),
) -> float:
    """The candidate's prior (population, kind, own name) plus the document's evidence.

    ``seats`` are the (country, admin1) of the towns that bear the name as their own.
    """
    # The score is summed in one fixed order, prior first: reordering the float sum would
    # change ties and confidences in the last digit.
    s = _prior(r, span, ev.security, big_city_countries, own_name, ev.weights.prior)
    w = ev.weights.prior
    # A province named like a town in it ("Idlib", "Tillaberi") means the town, bare;
    # a big city's province is penalised already.
    seat = (
        r.kind == "region"
        and r.category == "admin1"
        and r.country not in big_city_countries
        and (r.country, r.admin1) in seats
    )
    if seat:
        s -= w.division_of_town
    big = r.kind == "region" and r.country in big_city_countries
    penalty = w.division_of_big_city if big else (w.division_of_town if seat else 0.0)
    s += _kind_word(r, ev.kinds.get(span.key), penalty, w)
    s = _context(s, r, ev, anchors, qualifier)
    if span.key in ev.country_names:
        return s
    return _beside(s, r, span, ev, ev.weights.context)


def _kind_word(r: Record, kind: str | None, penalty: float, w: _Prior) -> float:
    """What a kind word after the name adds: "Hays district" is a division, "Kabul city"
    a town, "the Abu Salim area" a part of a town.

    "Donetsk oblast" says the division outright: the ``penalty`` of a division named
    after a city (the reading of a bare "Donetsk") is given back.
    """
    if kind == "division" and r.kind == "region":
        return w.division_noun + penalty
    if kind == "settlement" and r.kind in ("city", "district"):
        return w.settlement_noun
    # "the Edmonton area" is the city and round it, not the census division of its name.
    if kind == "quarter" and r.kind == "district":
        return w.quarter_noun
    return 0.0


def _beside(s: float, r: Record, span: Span, ev: _Evidence, w: _Context) -> float:
    """``s`` plus the weight of a country or division named right beside the name: "Hays
    district in western Yemen", "Tripoli, Lebanon", "Lebanon's Tripoli". A few words may
    stand between; more, and the country may be another ("The Innisfail skater recently
    returned from Australia"): the document's focus weighs it then."""
    named = ev.sentences.get(span.sentence)
    if not named or not r.country or r.kind in ("country", "continent"):
        return s
    # What stands beside the name is the same for each of its readings: read once a span.
    near = ev.beside.get(id(span))
    if near is None:
        near = ev.beside[id(span)] = set()
        for start, end, cc, a1 in named:
            gap = ev.text[span.end : start] if start >= span.end else ev.text[end : span.start]
            if len(_WORD.findall(gap)) <= w.beside_words:
                near.add((cc, a1))
    if (r.country, "") in near:
        s += w.beside_country
    if r.admin1 and (r.country, r.admin1) in near:
        s += w.beside_state
    return s


def _prior(
    r: Record,
    span: Span,
    security: bool,
    big_city_countries: frozenset[str],
    own_name: bool,
    w: _Prior,
) -> float:
    """What the candidate is worth before the document's places are weighed."""
    s = math.log10(r.population + 10)
    # A place's own name is better evidence than one of its alternate names (translations,
    # old names), though a big place may still win on population ...
    # A short form of the own name ("Newcastle" of Newcastle upon Tyne, "Enfield" of Enfield
    # Town) is nearly as good as the name itself.
    if r.kind in ("city", "district") and name_key(r.name) != span.key:
        if _short_form(span.key, r):
            s -= w.short_form
        else:
            s -= w.alternate_name
            # ... and another place bearing the name as its own beats a translation: "White
            # House" is Casablanca only in Arabic.
            if own_name:
                s -= w.translation
    # A division named after its main city ("Manchester", "Paris") means the city in news.
    if r.kind == "region" and r.country in big_city_countries:
        s -= w.division_of_big_city
    # A big national capital is named far more often than its namesakes ("Paris" in a US
    # story); a small one is not ("San Jose" is California's before Costa Rica's).
    if r.category == "capital" and r.population >= w.big_capital_population:
        s += w.big_capital
    if r.kind == "country":
        s += w.country
    elif r.kind == "continent":
        s += w.continent
    elif r.kind == "region" and not big_city_countries:
        # Divisions are named often, but not over a big city of the name anywhere ("San
        # Jose" is the city in California, not the department of Uruguay).
        s += w.admin1 if r.category == "admin1" else w.other_division
    # A curated site has no population: it weighs like a town of some thousands, so
    # "Heathrow" is the airport before the hamlet in Florida.
    if r.curated:
        s += w.curated
        if r.kind == "site" and security:
            s += w.curated_site_in_security_story
    # "the White House", and "White House officials": the building, not the town.
    if r.kind == "site" and ("the" in span.flags or span.use == "metonymic"):
        s += w.named_site
    return s


def _context(
    s: float, r: Record, ev: _Evidence, anchors: _Nearest, qualifier: Record | None
) -> float:
    """``s`` plus what the document says: country focus, qualifier, states, anchors."""
    focus, top_country, states, w = ev.focus, ev.top_country, ev.states, ev.weights.context
    if r.country and focus:
        s += w.focus * focus.get(r.country, 0) / ev.focus_total
        if r.country == top_country:
            s += w.top_country
    if qualifier is not None:
        if qualifier.kind == "country" and r.country == qualifier.country:
            s += w.country_qualifier
        elif (
            qualifier.kind == "region"
            and r.country == qualifier.country
            and (qualifier.admin1 is None or r.admin1 == qualifier.admin1)
        ):
            s += w.region_qualifier
    # A state the document names or places its towns in: "Dallas County" beside Iowa.
    if r.admin1 and (r.country, r.admin1) in states:
        s += w.named_state
    if anchors and r.kind not in ("country", "continent", "water"):
        near = anchors.distance(r)
        if near < w.close_km:
            s += w.close
        elif near < w.near_km:
            s += w.near
        elif near < w.far_km:
            s += w.far
    return s
