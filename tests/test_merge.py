"""Merging mentions of many documents into sites and events."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.merge import merge_documents
from geomap.models import Document, Mention, Place

ARENA = Place(id="manchester-arena", name="Manchester Arena", kind="site", lat=53.4885, lon=-2.2439)
CITY = Place(id="geonames:2643123", name="Manchester", kind="city", lat=53.48, lon=-2.24)
PALACE = Place(
    id="buckingham-palace", name="Buckingham Palace", kind="site", lat=51.5014, lon=-0.1419
)


def _m(place: Place, role: str, **kw: object) -> Mention:
    return Mention(
        start=0,
        end=len(place.name),
        text=place.name,
        place=place,
        role=role,
        sentence=f"Something at {place.name}.",
        **kw,
    )  # type: ignore[arg-type]


def test_one_incident_told_at_several_places_is_one_event() -> None:
    a = Document(
        id="a",
        mentions=[
            _m(
                ARENA,
                "incident",
                event_id="mcr",
                killed=22,
                injured=59,
                date=dt.date(2017, 5, 22),
                time_precision=1,
            )
        ],
    )
    b = Document(id="b", mentions=[_m(CITY, "incident", event_id="mcr")])
    sites = {s.id: s for s in merge_documents([a, b])}
    ev_arena = sites["manchester-arena"].events[0]
    ev_city = sites["geonames:2643123"].events[0]
    assert ev_arena is ev_city
    assert ev_arena.site == "manchester-arena"
    assert ev_arena.documents == ["a", "b"]
    assert (ev_arena.killed, ev_arena.injured, ev_arena.date) == (22, 59, dt.date(2017, 5, 22))
    assert len(ev_arena.evidence) == 2


def test_roles_and_actors_per_site_across_documents() -> None:
    a = Document(id="a", mentions=[_m(PALACE, "guard", actor="military", personnel=30)])
    b = Document(
        id="b",
        mentions=[
            _m(PALACE, "guard", actor="military", personnel=984),
            _m(PALACE, "deployment", actor="police"),
            _m(PALACE, "context"),
        ],
    )
    (site,) = merge_documents([a, b])
    assert site.roles == ["guard", "deployment"]
    assert site.actors == ["military", "police"]
    assert site.mentions == 4 and site.documents == ["a", "b"]
    guard = next(e for e in site.events if e.role == "guard")
    assert guard.personnel == 984 and guard.documents == ["a", "b"]


def test_context_only_site_and_nonliteral_mentions() -> None:
    a = Document(
        id="a",
        mentions=[
            _m(CITY, "context"),
            Mention(start=0, end=3, text="X", literal=False, place=PALACE),
        ],
    )
    sites = merge_documents([a])
    assert [(s.name, s.roles) for s in sites] == [("Manchester", ["context"])]


def test_dates_span_first_to_last() -> None:
    docs = [
        Document(
            id=str(i),
            mentions=[
                _m(PALACE, "guard", actor="military", date=dt.date(2017, 5, d), time_precision=1)
            ],
        )
        for i, d in enumerate((24, 23, 26))
    ]
    (site,) = merge_documents(docs)
    assert (site.first_date, site.last_date) == (dt.date(2017, 5, 23), dt.date(2017, 5, 26))


def _paris_event(**dates: object) -> str | None:
    from geomap.pipeline import extract_document

    doc = extract_document("A gunman opened fire in Paris, killing one officer.", "d", **dates)
    [paris] = [m for m in doc.mentions if m.text == "Paris"]
    assert paris.role == "incident"
    return paris.event_id


@pytest.mark.parametrize(
    "published, year, event",
    [
        # Undated, the shooting is no known incident: not the Paris attacks of 2015.
        (None, None, None),
        # Published on the day or in the days after 13 November 2015, it may be.
        (dt.date(2015, 11, 14), None, "paris-2015"),
        (dt.date(2015, 11, 16), None, "paris-2015"),
        # A week later the text must name the attack or state its date: a place and a
        # publication date are not enough, nor a batch's year.
        (dt.date(2015, 11, 20), None, None),
        (None, 2015, None),
        (dt.date(2020, 4, 1), None, None),
        (None, 2017, None),
    ],
)
def test_a_known_incident_needs_a_date_that_agrees(
    published: dt.date | None, year: int | None, event: str | None
) -> None:
    assert _paris_event(published=published, year=year) == event


def test_a_known_incident_the_text_names_is_joined_without_a_date() -> None:
    from geomap.pipeline import extract_document

    text = "Gunmen killed 90 people in Paris in the Bataclan attack."
    doc = extract_document(text, "d", published=dt.date(2016, 11, 13))
    [paris] = [m for m in doc.mentions if m.text == "Paris"]
    # Named, it is the known attack; the date stays the text's (none is stated).
    assert (paris.role, paris.event_id) == ("incident", "paris-2015")
    assert paris.date != dt.date(2015, 11, 13)
