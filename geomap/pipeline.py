"""One document from text to classified mentions: the pure core of geomap.

``extract_document`` is a pure function of its arguments (the index is read-only), so a
corpus can be processed in parallel by mapping it over documents.

Examples
--------
>>> doc = extract_document("Troops guard Buckingham Palace. The mayor of London spoke "
...                        "today.", "d1", published=dt.date(2017, 5, 24))
>>> [(m.text, m.role, m.actor) for m in doc.mentions]
[('Buckingham Palace', 'guard', 'military'), ('London', 'context', None)]
>>> str(doc.mentions[0].date)
'2017-05-24'
"""

from __future__ import annotations

import csv
import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache

from geomap.events.numbers import casualties, count_near
from geomap.events.roles import role_of, speaks_of_violence
from geomap.events.rules import load_role_rules
from geomap.events.threat import threat_levels
from geomap.gazetteer.index import Index, load_index
from geomap.gazetteer.world import DATA_DIR, Record
from geomap.models import Document, Mention, Place, ThreatLevel
from geomap.recognize.scan import Span, find_spans
from geomap.resolve.resolution import resolve_spans
from geomap.sources.dates import publication_date, resolve_when
from geomap.text import headline, normalise, sentences

__all__ = ["extract_document", "known_incidents", "KnownIncident", "record_place"]

Geocode = Callable[[str], Place | None]


class KnownIncident:
    """A well-known attack, so mentions of it across articles become one dated event."""

    def __init__(self, row: dict[str, str]) -> None:
        self.id = row["id"]
        self.name = row["name"]
        # Where it happened: one place, or several ('|'-joined) for an attack that moved.
        self.places = tuple(row["place"].split("|"))
        self.date = dt.date.fromisoformat(row["date"])
        self.killed = int(row["killed"]) if row["killed"] else None
        self.injured = int(row["injured"]) if row["injured"] else None


@lru_cache(maxsize=1)
def known_incidents() -> tuple[KnownIncident, ...]:
    with (DATA_DIR / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(KnownIncident(r) for r in csv.DictReader(fh))


def record_place(r: Record) -> Place:
    return Place(
        id=r.id,
        name=r.name,
        kind=r.kind,
        lat=r.lat,
        lon=r.lon,  # type: ignore[arg-type]
        category=r.category,
        country=r.country,
        parent=r.parent,
        population=r.population or None,
        source=r.source,
    )


def _ancestors(idx: Index, rid: str) -> set[str]:
    out = set()
    cur = idx.get(rid)
    for _ in range(8):
        if cur is None or not cur.parent:
            break
        out.add(cur.parent)
        cur = idx.get(cur.parent)
    return out


@lru_cache(maxsize=1)
def _filed_at() -> dict[str, list[KnownIncident]]:
    """Known incidents by the places they are filed under, and those only."""
    table: dict[str, list[KnownIncident]] = {}
    for inc in known_incidents():
        for place in inc.places:
            table.setdefault(place, []).append(inc)
    return table


_INCIDENT_PLACES: dict[int, dict[str, list[KnownIncident]]] = {}


def _incidents_at(idx: Index) -> dict[str, list[KnownIncident]]:
    """Known incidents by every place that holds them: the site and each place around it."""
    table = _INCIDENT_PLACES.get(id(idx))
    if table is None:
        table = {}
        for inc in known_incidents():
            held = {p: None for place in inc.places for p in (place, *_ancestors(idx, place))}
            for pid in held:
                table.setdefault(pid, []).append(inc)
        _INCIDENT_PLACES[id(idx)] = table
    return table


def _match_incident(
    idx: Index,
    rec: Record,
    published: dt.date | None,
    when: dt.date | None,
    year: int | None = None,
) -> KnownIncident | None:
    """The known incident at this place, a place inside it or the site it is part of.

    Some date must agree: the publication date, the sentence's date or the batch's year.
    An undated "gunman opened fire in Paris" is not the Paris attacks of 2015.
    """
    best = None
    if rec.kind not in ("site", "district", "city"):
        return None  # "attacks in Germany" may be many attacks
    if published is None and when is None and year is None:
        return None
    told = list(_incidents_at(idx).get(rec.id, ()))
    # A part of the site an attack is filed under: New Palace Yard, of the Palace.
    if rec.kind == "site" and rec.parent:
        told += [i for i in _filed_at().get(rec.parent, ()) if i not in told]
    for inc in told:
        if published and not (inc.date <= published <= inc.date + dt.timedelta(days=730)):
            continue
        # Only a batch's year to go by: an undated article in a batch of 2017 is no report
        # of an attack of 2015.
        if not (published or when) and inc.date.year != year:
            continue
        if when and abs((when - inc.date).days) > 31:
            continue
        if best is None or inc.date > best.date:
            best = inc
    return best


def extract_document(
    text: str,
    doc_id: str,
    *,
    path: str | None = None,
    published: dt.date | None = None,
    year: int | None = None,
    index: Index | None = None,
    geocode: Geocode | None = None,
    countries: Sequence[str] = (),
) -> Document:
    """Find, resolve and classify every place mention of one document.

    ``published`` falls back to a dateline in the text; ``year`` dates "May 22" when
    neither exists (the year of the batch's dated documents). ``countries`` (ISO codes)
    are where the corpus comes from, weighed as if the text named them.
    """
    idx = index or load_index()
    rules = load_role_rules()
    norm = normalise(text)
    published = published or publication_date(norm)
    sent = sentences(norm)
    violent = speaks_of_violence(norm, rules)
    spans = find_spans(text, idx, norm=norm, sent=sent)
    resolved = {
        id(s): (r, c, h)
        for s, r, c, h in resolve_spans(spans, idx=idx, text=norm, countries=countries)
    }
    mentions: list[Mention] = []
    for span in spans:
        got = resolved.get(id(span))
        place: Place | None = None
        conf, how = 0.0, None
        if got is not None:
            rec, conf, how = got
            place = record_place(rec)
        elif span.use == "candidate" and geocode is not None:
            place = geocode(span.text)
            conf, how = (0.6, "geocoder") if place else (0.0, None)
        if place is None and span.use != "candidate":
            continue
        a, b = sent[min(span.sentence, len(sent) - 1)] if sent else (0, len(norm))
        a, b = _window(norm, a, b, span.start, span.end)
        sentence = norm[a:b]
        literal = span.use in ("literal", "candidate")
        classified = literal or span.use == "event"
        m = Mention(
            start=span.start,
            end=span.end,
            text=text[span.start : span.end],
            literal=literal,
            use=span.use,
            place=place,
            confidence=conf,
            resolved_by=how,
            sentence=sentence.strip(),
        )
        if classified and place is not None:
            _classify(m, span, place, sentence, a, published, year, idx, rules, violent)
        elif span.use == "metonymic":
            m.actor = _institution_actor(place)  # type: ignore[assignment]
        mentions.append(m)
    levels = []
    starts = [x for x, _ in sent]
    for level, changed, s, e in threat_levels(norm):
        k = bisect_right(starts, s) - 1
        a, b = sent[k] if k >= 0 and s < sent[k][1] else (s, e)
        a, b = _window(norm, a, b, s, e)
        when, _ = resolve_when(norm[a:b], published, year)
        levels.append(
            ThreatLevel(
                level=level,
                changed=changed,  # type: ignore[arg-type]
                date=when or published,
                quote=norm[a:b].strip(),
                start=s,
                end=e,
            )
        )
    return Document(
        id=doc_id,
        path=path,
        title=headline(text),
        published=published,
        mentions=mentions,
        threat_levels=levels,
    )


# A "sentence" longer than this (a text with no full stops) is read as a window around the
# mention: quotes stay readable and classification stays linear in the text's length.
MAX_SENTENCE = 1_000
_WINDOW = 400


def _window(text: str, a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """The sentence [a, b), or a window of it around [start, end) cut at spaces.

    >>> _window("x " * 2000, 0, 4000, 2000, 2001)
    (1602, 2399)
    """
    if b - a <= MAX_SENTENCE:
        return a, b
    lo, hi = max(a, start - _WINDOW), min(b, end + _WINDOW)
    cut = text.find(" ", lo, start)
    lo = cut + 1 if lo > a and cut >= 0 else lo
    cut = text.rfind(" ", end, hi)
    hi = cut if hi < b and cut >= 0 else hi
    return lo, hi


def _institution_actor(place: Place | None) -> str | None:
    if place and place.category in ("police", "police_hq"):
        return "police"
    if place and place.category in ("military", "defence"):
        return "military"
    return None


def _classify(
    m: Mention,
    span: Span,
    place: Place,
    sentence: str,
    offset: int,
    published: dt.date | None,
    year: int | None,
    idx: Index,
    rules: object,
    violent: bool = True,
) -> None:
    start, end = span.start - offset, span.end - offset
    rec = idx.get(place.id)
    possessive = sentence[end : end + 2] in ("'s", "'")
    known = (
        rec is not None
        and rec.kind in ("site", "district", "city")
        and rec.id in _incidents_at(idx)
    )
    role, actor, negated = role_of(
        sentence,
        start,
        end,
        place.kind,
        rules,  # type: ignore[arg-type]
        locative=span.locative,
        possessive=possessive,
        known_incident=known,
        violent=violent,
    )
    m.role, m.actor, m.negated = role, actor, negated  # type: ignore[assignment]
    when, precision = resolve_when(sentence, published, year)
    if role == "incident":
        m.killed, m.injured = casualties(sentence)
        inc = _match_incident(idx, rec, published, when, year) if rec else None
        if inc is not None:
            m.event_id = inc.id
            if when is None or abs((when - inc.date).days) <= 31:
                when, precision = inc.date, 1
        elif when is None:
            when, precision = None, None
    elif role != "context":
        m.personnel = count_near(sentence)
        if when is None and published:
            when, precision = published, 1
    m.date, m.time_precision = when, precision
