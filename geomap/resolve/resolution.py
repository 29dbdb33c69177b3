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
>>> [(s.text, p.id) for s, p, _, _ in resolve_spans(find_spans(text, idx), idx=idx)]
[('Paris', 'p:tx'), ('Texas', 'a:tx')]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from geomap.gazetteer.index import Index, haversine_km, name_key
from geomap.gazetteer.world import Record
from geomap.recognize.span import Span
from geomap.resolve.evidence import (
    _EVERY_CAPITAL,
    _Evidence,
    _evidence,
    _fits,
    _Nearest,
    _qualifiers,
    _qualifying,
    document_focus,
)
from geomap.resolve.score import _score

__all__ = ["document_focus", "resolve_spans"]


Ranking = list[tuple[float, int]]
# Occurrences of a name read alike unless a qualifier, an article or their use differ.
Signature = tuple[str, str | None, bool, str]
# The places a name is measured against: the first distinct ones of the document. A text
# naming thousands of towns (a list, a hostile input) must not cost the square of its
# length; news names a few dozen at most.
MAX_ANCHORS = 200


def _signature(span: Span) -> Signature:
    return span.key, span.qualifier, "the" in span.flags, span.use


def _rank(span: Span, idx: Index, ev: _Evidence, near: _Nearest) -> Ranking:
    """The span's candidates, best first, with their scores."""
    quals = _qualifiers(idx, span, ev.followers.get(id(span)))
    # Each record built once: the index makes a new one on every read.
    recs = [idx.records[c] for c in span.candidates]
    big = frozenset(
        r.country
        for r in recs
        if r.kind in ("city", "district")
        and r.population >= ev.weights.prior.big_city_population
        and r.country
    )
    # A division or a village bearing the name is no sign the city's name is a translation:
    # divisions take their main town's name, and villages bear every name ("Zaporizhzhia").
    own = any(name_key(r.name) == span.key and r.kind != "region" and not _village(r) for r in recs)
    # Provinces holding a town of the name: "Idlib", "Tillaberi" is the town, bare.
    seats = frozenset(
        (r.country, r.admin1)
        for r in recs
        if r.kind in ("city", "district") and not _village(r) and name_key(r.name) == span.key
    )
    scored = []
    for c, r in zip(span.candidates, recs, strict=True):
        qual = next((q for q in quals if _fits(q, r)), None) if quals else None
        scored.append((_score(r, span, ev, near, qual, big, own, seats), c))
    return sorted(scored, reverse=True)


def _village(r: Record) -> bool:
    return r.kind == "city" and not r.curated and r.population < 1000


def _doubtful(ranked: Ranking, sure: float) -> bool:
    return len(ranked) > 1 and ranked[0][0] - ranked[1][0] < sure


def _second_look(
    spans: Sequence[Span], idx: Index, ev: _Evidence, first: dict[Signature, Ranking]
) -> None:
    """Re-rank doubtful readings with what the document's other names say, in place.

    Towns named together lie together: the sure reading of each name anchors the doubtful
    readings of the others ("Edmonton" beside Hertford and Enfield is in London); and a
    reading still in doubt leans towards readings still in the running for another name
    ("St. Thomas" beside "London" is the Ontario town by London, Ontario).
    """
    w = ev.weights.ranking
    best_of: dict[str, Ranking] = {}
    for sig, ranked in first.items():
        if sig[0] not in best_of or ranked[0] > best_of[sig[0]][0]:
            best_of[sig[0]] = ranked
    picks = [
        (key, idx.records[ranked[0][1]])
        for key, ranked in best_of.items()
        if not _doubtful(ranked, w.sure)
        and idx.records[ranked[0][1]].kind in ("city", "district", "site")
    ][: w.max_picks]
    known = {a.id for a in ev.anchors}
    # The readings still in the running, in the order of the names: each doubtful name
    # takes the first of them that are not its own, so the list is built once.
    running = [
        (k, idx.records[c])
        for k, top in best_of.items()
        for s, c in top[:3]
        if s > top[0][0] - w.sure
    ][: w.max_picks * 3 + 3]
    looked: set[Signature] = set()
    # Names that leave out the same readings measure against the same places: one memo.
    nearest: dict[tuple[str, ...], _Nearest] = {}
    for span in spans:
        sig = _signature(span)
        ranked = first.get(sig, [])
        if sig in looked or not _doubtful(ranked, w.sure):
            continue
        looked.add(sig)
        others = [r for k, r in picks if k != span.key and r.id not in known]
        if others:
            key = ("+", *(r.id for r in others))
            if key not in nearest:
                nearest[key] = _Nearest(others, base=ev.nearest)
            ranked = first[sig] = _rank(span, idx, ev, nearest[key])
        if not _doubtful(ranked, w.sure):
            continue
        pool = [r for k, r in running if k != span.key][: w.max_picks * 3]
        if pool:
            key = tuple(r.id for r in pool)
            near = nearest[key] = nearest.get(key) or _Nearest(pool)
            first[sig] = sorted(
                (
                    (s + (w.running if near.distance(idx.records[c]) < w.running_km else 0.0), c)
                    for s, c in ranked
                ),
                reverse=True,
            )


def resolve_spans(
    spans: Sequence[Span], *, idx: Index, text: str = "", countries: Sequence[str] = ()
) -> list[tuple[Span, Record, float, str]]:
    """Resolve each span to the place it means.

    Spans are resolved independently apart from shared document evidence, so one
    unresolvable name never changes the others; a name keeps one sense through the text.

    Parameters
    ----------
    spans : sequence of Span
        The recognised names, in text order (see :func:`geomap.recognize.scan.find_spans`).
    idx : Index
        The gazetteer index the spans' candidates point into.
    text : str
        The document, for its security words ("troops at Wembley" is the stadium).
    countries : sequence of str
        ISO codes of where the corpus comes from; they weigh as if the text named them.

    Returns
    -------
    list of (Span, Record, float, str)
        Span, chosen record, confidence in (0, 1) and how it was chosen; unresolvable
        spans are left out.

    Examples
    --------
    "London" alone is the big one; read in a Canadian paper it is London, Ontario.

    >>> from geomap.gazetteer.index import build_index
    >>> from geomap.gazetteer.world import Record
    >>> from geomap.recognize.scan import find_spans
    >>> idx = build_index([
    ...     Record("p:uk", "London", "city", None, 51.5, -0.13, "GB", "ENG", 8961989, None,
    ...            "t", False, ("London",)),
    ...     Record("p:on", "London", "city", None, 42.98, -81.25, "CA", "08", 383822, None,
    ...            "t", False, ("London",))])
    >>> text = "Flooding closed roads in London."
    >>> [r.id for _, r, _, _ in resolve_spans(find_spans(text, idx), idx=idx, text=text)]
    ['p:uk']
    >>> [r.id for _, r, _, _ in resolve_spans(find_spans(text, idx), idx=idx, text=text,
    ...                                        countries=["CA"])]
    ['p:on']
    """
    qualifying = _qualifying(spans)
    ev = _capped(_evidence(spans, idx, text, qualifying, countries))
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
        margin = best_score - scored[1][0] if len(scored) > 1 else ev.weights.ranking.sole_margin
        conf = round(1 / (1 + math.exp(-margin)), 3)
        picked = _checked(span, idx, ev, idx.records[best], best, scored)
        if picked is None:
            continue
        chosen[n] = (picked[0], conf, picked[1])
        by_key[span.key].append((best_score, best, conf))
    _one_sense(spans, idx, chosen, by_key)
    return [(spans[n], rec, conf, how) for n, (rec, conf, how) in sorted(chosen.items())]


def _capped(ev: _Evidence) -> _Evidence:
    """``ev`` with its first :data:`MAX_ANCHORS` anchors only."""
    if len(ev.anchors) > MAX_ANCHORS:
        ev.anchors = ev.anchors[:MAX_ANCHORS]
        ev.nearest = _Nearest(ev.anchors)
    return ev


def _one_sense(
    spans: Sequence[Span],
    idx: Index,
    chosen: dict[int, tuple[Record, float, str]],
    by_key: dict[str, list[tuple[float, int, float]]],
) -> None:
    """Every occurrence of a name takes the reading scored best anywhere, in place."""
    best = {key: max(scored) for key, scored in by_key.items()}
    for n, (record, _conf, how) in list(chosen.items()):
        top = best[spans[n].key]
        if idx.records[top[1]].id != record.id and how != "gazetteer:venue":
            chosen[n] = (idx.records[top[1]], top[2], "gazetteer:one-sense")


def _containers(idx: Index, key: str | None) -> list[Record]:
    """The readings of Y in "X in Y" worth checking X against (the likeliest few)."""
    return [idx.records[i] for i in idx.names.get(key, ())[:8]] if key else []


def _smaller(record: Record, readings: list[Record]) -> bool:
    """A site, or a town or district smaller than every place the text may put it in."""
    if not readings:
        return False
    if record.kind == "site":
        return True
    top = max(w.population or 0 for w in readings)
    return record.kind in ("city", "district") and (record.population or 0) < top


def _holds(where: Record, record: Record, km: float) -> bool:
    """Whether ``where`` may hold ``record``: its country, its province, or near its town."""
    if where.country and record.country and where.country != record.country:
        return False
    if where.kind in ("city", "district", "site"):
        return haversine_km(where.lat, where.lon, record.lat, record.lon) <= km
    province = where.admin1 or _province_of(where.id)
    if where.kind == "region" and province and record.admin1:
        return province == record.admin1
    return True


def _province_of(place_id: str) -> str | None:
    """The first-level code in a division's id: "admin2:FR.11.75" and "admin1:FR.11" → 11."""
    kind, _, code = place_id.partition(":")
    parts = code.split(".")
    return parts[1] if kind in ("admin1", "admin2") and len(parts) > 1 else None


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
    # in Lansing" the one in Washington, nor "Saint-Germain-des-Prés in Paris" a village
    # 100 km away: what the text puts in a town is near it.
    readings = _containers(idx, span.located_in)
    if _smaller(record, readings) and not any(
        _holds(where, record, ev.weights.ranking.elsewhere_km) for where in readings
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
