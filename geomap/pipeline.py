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

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from geomap.events.frames import Compiled as EventRules
from geomap.events.frames import load_event_rules, names_a_part
from geomap.events.incidents import incidents_at, match_incident, named_in
from geomap.events.numbers import casualties, count_near
from geomap.events.placing import place_event
from geomap.events.roles import role_of, speaks_of_violence
from geomap.events.rules import Compiled as RoleRules
from geomap.events.rules import load_role_rules
from geomap.events.specific import keep_narrowest
from geomap.events.threat import threat_levels
from geomap.gazetteer.index import Index, load_index
from geomap.gazetteer.record import Record, record_place
from geomap.models import Document, Mention, Place, ThreatLevel
from geomap.recognize.scan import find_spans
from geomap.recognize.span import Span
from geomap.resolve.resolution import resolve_spans
from geomap.sources.dates import publication_date, resolve_when
from geomap.text import headline, normalise, sentences

__all__ = ["extract_document"]

Geocode = Callable[[str], Place | None]


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

    Parameters
    ----------
    text
        The article, as read from its file.
    doc_id
        The document's id in the output.
    path
        Where the text was read from, if anywhere.
    published
        The publication date; falls back to a dateline in the text.
    year
        Dates "May 22" when neither exists: the year of the batch's dated documents.
    index
        The name index; the bundled and user gazetteers when not given.
    geocode
        Looks up the street and venue names the gazetteer lacks (``None``: offline).
    countries
        ISO codes of where the corpus comes from, weighed as if the text named them.

    Returns
    -------
    Document
        Its mentions in text order, with places, roles and evidence, and threat levels.

    Examples
    --------
    A person and a month named like places are neither:

    >>> doc = extract_document("Theresa May said in May that troops would guard "
    ...                        "Downing Street.", "d2", published=dt.date(2017, 5, 24))
    >>> [(m.text, m.role, m.actor) for m in doc.mentions]
    [('Downing Street', 'guard', 'military')]
    """
    idx = index or load_index()
    norm = normalise(text)
    published = published or publication_date(norm)
    doc = _Doc(
        text, norm, sentences(norm), published, year, idx, load_role_rules(), load_event_rules()
    )
    spans = find_spans(text, idx, norm=norm, sent=doc.sent)
    resolved = {
        id(s): (r, c, h)
        for s, r, c, h in resolve_spans(spans, idx=idx, text=norm, countries=countries)
    }
    mentions = [m for span in spans if (m := _mention(doc, span, resolved.get(id(span)), geocode))]
    mentions = keep_narrowest(mentions, norm, doc.frames)
    return Document(
        id=doc_id,
        path=path,
        title=headline(text),
        published=published,
        mentions=mentions,
        threat_levels=_threat_levels(doc),
    )


@dataclass(frozen=True)
class _Doc:
    """What every mention of one document is read against."""

    text: str
    norm: str
    sent: list[tuple[int, int]]
    published: dt.date | None
    year: int | None
    idx: Index
    rules: RoleRules
    frames: EventRules
    # One place object per record: a name told twenty times is one place.
    places: dict[str, Place] = field(default_factory=dict)
    # A sentence's date and numbers, read once for all its mentions.
    dates: dict[str, tuple[dt.date | None, int | None]] = field(default_factory=dict)
    counts: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    staff: dict[str, int | None] = field(default_factory=dict)

    def place_of(self, rec: Record) -> Place:
        place = self.places.get(rec.id)
        if place is None:
            place = self.places[rec.id] = record_place(rec)
        return place

    def when(self, sentence: str) -> tuple[dt.date | None, int | None]:
        got = self.dates.get(sentence)
        if got is None:
            got = self.dates[sentence] = resolve_when(sentence, self.published, self.year)
        return got

    def casualties(self, sentence: str) -> tuple[int | None, int | None]:
        got = self.counts.get(sentence)
        if got is None:
            got = self.counts[sentence] = casualties(sentence, self.rules)
        return got

    def personnel(self, sentence: str) -> int | None:
        if sentence not in self.staff:
            self.staff[sentence] = count_near(sentence)
        return self.staff[sentence]

    @cached_property
    def named(self) -> frozenset[str]:
        """The known incidents the text names: one scan, for every mention."""
        return named_in(self.norm)

    @cached_property
    def violent(self) -> bool:
        return speaks_of_violence(self.norm, self.rules)


def _mention(
    doc: _Doc,
    span: Span,
    got: tuple[Record, float, str | None] | None,
    geocode: Geocode | None,
) -> Mention | None:
    """The mention a span makes: resolved, geocoded, or dropped for want of a place."""
    place: Place | None = None
    conf, how = 0.0, None
    if got is not None:
        rec, conf, how = got
        place = doc.place_of(rec)
    elif span.use == "candidate" and geocode is not None:
        place = geocode(span.text)
        conf, how = (0.6, "geocoder") if place else (0.0, None)
    if place is None and span.use != "candidate":
        return None
    norm, sent = doc.norm, doc.sent
    a, b = sent[min(span.sentence, len(sent) - 1)] if sent else (0, len(norm))
    a, b = _window(norm, a, b, span.start, span.end)
    sentence = norm[a:b]
    literal = span.use in ("literal", "candidate")
    # Validated, though its values are checked already: pydantic-core's validation is
    # three times quicker than model_construct's Python loop over the fields.
    m = Mention(
        start=span.start,
        end=span.end,
        text=doc.text[span.start : span.end],
        literal=literal,
        use=span.use,
        place=place,
        confidence=conf,
        resolved_by=how,
        sentence=sentence.strip(),
    )
    if (literal or span.use == "event") and place is not None:
        _classify(m, span, place, sentence, a, doc)
    elif span.use == "metonymic":
        m.actor = _institution_actor(place)  # type: ignore[assignment]
    return m


def _threat_levels(doc: _Doc) -> list[ThreatLevel]:
    """The national threat levels the text states, each dated and quoted."""
    norm, sent = doc.norm, doc.sent
    levels = []
    starts = [x for x, _ in sent]
    for level, changed, s, e in threat_levels(norm):
        k = bisect_right(starts, s) - 1
        a, b = sent[k] if k >= 0 and s < sent[k][1] else (s, e)
        a, b = _window(norm, a, b, s, e)
        when, _ = resolve_when(norm[a:b], doc.published, doc.year)
        levels.append(
            ThreatLevel(
                level=level,
                changed=changed,  # type: ignore[arg-type]
                date=when or doc.published,
                quote=norm[a:b].strip(),
                start=s,
                end=e,
            )
        )
    return levels


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


def _classify(m: Mention, span: Span, place: Place, sentence: str, offset: int, doc: _Doc) -> None:
    """Role, actor, numbers and date of one mention, read in its sentence."""
    idx, published = doc.idx, doc.published
    start, end = span.start - offset, span.end - offset
    rec = idx.get(place.id)
    # "Britain's worst atrocity" names whose event it is; "Sydney's west" a part of the place.
    own = sentence[end : end + 2] in ("'s", "'") and not names_a_part(sentence, end, doc.frames)
    known = (
        rec is not None and rec.kind in ("site", "district", "city") and rec.id in incidents_at(idx)
    )
    role, actor, negated = role_of(
        sentence,
        start,
        end,
        place.kind,
        doc.rules,
        locative=span.locative,
        possessive=own,
        known_incident=known,
        violent=doc.violent,
    )
    placed = place_event(
        sentence,
        start,
        end,
        doc.rules,
        doc.frames,
        role=role,
        actor=actor,
        negated=negated,
        kind=place.kind,
        own=own,
        violent=doc.violent,
    )
    role, actor, m.event_type, m.sub_event_type = placed
    m.role, m.actor, m.negated = role, actor, negated  # type: ignore[assignment]
    when, precision = doc.when(sentence)
    if role == "incident":
        m.killed, m.injured = doc.casualties(sentence)
        inc = None
        if rec is not None:
            inc = match_incident(idx, rec, named=doc.named, published=published, when=when)
        m.event_id = inc.id if inc else None
        if when is None and m.sub_event_type is not None and published is not None:
            # News of an event the text places here, with no day told: on or in the
            # days before the report.
            when, precision = published, 2
    elif role != "context":
        m.personnel = doc.personnel(sentence)
        if when is None and published:
            when, precision = published, 1
    m.date, m.time_precision = when, precision
