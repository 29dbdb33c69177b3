"""Recognition read as a reader reads: words, people, organisations, institutions."""

from __future__ import annotations

import pytest

from geomap.gazetteer.index import Index, build_index
from geomap.recognize.scan import find_spans

try:
    from records import record as _rec
except ImportError:  # tests/ became a package
    from tests.records import record as _rec


RECORDS = (
    _rec(
        "c:gb",
        "United Kingdom",
        "country",
        54.76,
        -2.7,
        "GB",
        66_000_000,
        "Britain",
        "UK",
        demonyms=("British",),
    ),
    _rec("c:fr", "France", "country", 46.0, 2.0, "FR", 67_000_000, demonyms=("French",)),
    _rec("p:nice", "Nice", "city", 43.7, 7.27, "FR", 340_000),
    _rec("p:paris", "Paris", "city", 48.85, 2.35, "FR", 2_138_551),
    _rec("p:may", "May", "city", 34.1, -99.0, "US", 2_000),
    _rec("p:man", "Manchester", "city", 53.48, -2.24, "GB", 400_000),
    _rec("a:gm", "Greater Manchester", "region", 53.5, -2.3, "GB", 2_800_000, category="admin2"),
    _rec(
        "s:yard", "Scotland Yard", "site", 51.5, -0.13, "GB", 0, category="police_hq", curated=True
    ),
    _rec("p:eu", "Eu", "city", 50.05, 1.42, "FR", 7_000),
    _rec("p:gare", "Gare", "city", 45.0, 1.0, "FR", 1_200),
    _rec("c:ca", "Canada", "country", 60.1, -113.6, "CA", 37_000_000, demonyms=("Canadian",)),
    _rec("p:canadian", "Canadian", "city", 35.9, -100.4, "US", 2_600),
    _rec("p:slater", "Slater", "city", 39.2, -93.1, "US", 1_800),
    _rec("p:abe", "Abe", "city", 5.6, -4.2, "CI", 3_000),
    _rec("p:geneva", "Geneva", "city", 46.2, 6.14, "CH", 183_000),
    _rec("c:ge", "Georgia", "country", 42.0, 43.5, "GE", 3_700_000),
    _rec("p:tbilisi", "Tbilisi", "city", 41.7, 44.8, "GE", 1_100_000),
    _rec("a:bc", "British Columbia", "region", 53.7, -127.6, "CA", 4_600_000, category="admin1"),
    _rec("p:morgan", "Morgan", "city", 31.5, -84.6, "US", 1_800),
    _rec("a:nord", "Nord", "region", 50.4, 3.2, "FR", 2_600_000, category="admin2"),
    _rec(
        "s:mod",
        "Ministry of Defence Main Building",
        "site",
        51.504,
        -0.124,
        "GB",
        0,
        "Ministry of Defence",
        category="ministry",
        curated=True,
    ),
)
INDEX: Index = build_index(RECORDS)


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.use) for s in find_spans(text, INDEX)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "Nice" the adjective and "Nice" the city.
        ("Attacks in Nice. Nice weather today.", [("Nice", "literal")]),
        ("The truck attack in Nice killed 86.", [("Nice", "literal")]),
        # "May" the month, "Theresa May" the person.
        ("It happened in May last year.", []),
        ("Theresa May visited Paris.", [("Paris", "literal")]),
        # "Paris Hilton" is a person; her surname alone stays a person later on.
        ("Paris Hilton arrived late.", []),
        # An all-caps headline: long names are names, short words are words.
        ("ATTACK IN PARIS LEAVES MANY DEAD\nPolice said more.", [("PARIS", "literal")]),
        # Possessive: the name without "'s".
        ("Britain's police were on alert.", [("Britain", "literal")]),
        ("Britain’s police were on alert.", [("Britain", "literal")]),
        # Organisation head after the name.
        (
            "Greater Manchester Police said the arena was evacuated last night.",
            [("Greater Manchester", "organisation")],
        ),
        # An institution as the subject of a verb of speech.
        ("Scotland Yard today announced an arrest.", [("Scotland Yard", "metonymic")]),
        ("Officers gathered at Scotland Yard on Friday.", [("Scotland Yard", "literal")]),
        # A small town's name that begins a longer proper name the gazetteer lacks...
        ("Said Abe Smith of the coalition.", []),
        # ... but not across a full stop, nor before a street-type word.
        ("He was arrested near Slater. Police said more.", [("Slater", "literal")]),
        # A division's abbreviation after a preposition of place or an article, as "the UK
        # government" names the UK; alone it is nothing.
        ("Wildfires spread in B.C. last week.", [("B.C.", "literal")]),
        ("The B.C. government spoke.", [("B.C.", "literal")]),
        ("B.C. was written on the box.", []),
        # A demonym before a small town of the same name.
        ("Canadian troops arrived.", [("Canadian", "demonym")]),
        # Demonyms are marked, not dropped.
        ("British troops were deployed.", [("British", "demonym")]),
        # An acronym is a place only where the place is written so.
        ("The EU said the UK would leave.", [("UK", "literal")]),
        # Parts of a longer name joined by a particle, which the gazetteer lacks.
        ("Police reinforced Gare du Nord in Paris.", [("Paris", "literal")]),
        # A ministry's building as the subject of "said", and with a spokesperson.
        (
            "Troops were not deployed, the Ministry of Defence said.",
            [("Ministry of Defence", "metonymic")],
        ),
        ("A Ministry of Defence spokeswoman said so.", [("Ministry of Defence", "metonymic")]),
        # A name the gazetteer lacks, marked by a pattern.
        ("Crowds gathered outside Downing Street today.", [("Downing Street", "candidate")]),
        # An address after "of" is a candidate for the geocoder too.
        ("Residents of Elsmore Road were evacuated.", [("Elsmore Road", "candidate")]),
    ],
)
def test_find_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A first name makes the name a person, and the person stays one through the text.
        ("Christopher Paris spoke first. Paris laughed.", []),
        # A surname after a first name the lists lack is still a person's.
        ("Detective Mirko Slater said. Slater added more.", []),
        # A small town does not speak; a surname after a first name that is a place.
        ("Slater told reporters it was a miracle.", []),
        ("Officers found Geneva Morgan in her car. Morgan was taken to hospital.", []),
        ("The train was stopped near Slater on Monday.", [("Slater", "literal")]),
        # A country named like a person stays the person, unless a place of it is named.
        ("Georgia Stevens is nine. Georgia skates daily.", []),
        (
            "Georgia Stevens is nine. Georgia and Tbilisi were in the news.",
            [("Georgia", "literal"), ("Tbilisi", "literal")],
        ),
        # ... unless a preposition of place says otherwise.
        ("Christopher Paris spoke. He lives in Paris.", [("Paris", "literal")]),
    ],
)
def test_person_one_sense(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A Census first name before a small place's name makes it a surname ...
        ("Tanya Campbell, the nurse, agreed. Campbell fears the worst.", []),
        ("It was a top golfer in Brooke Henderson this year.", []),
        # ... and the first name itself, when it is a small place too.
        ("The hockey player of his generation in Sidney Crosby.", []),
        # A city is not read as a surname: "Austin" is a first name too.
        ("Police in Dallas Texas said more.", [("Dallas", "literal"), ("Texas", "literal")]),
        # A family word and a comma: the name is a person's.
        ("He leaves his wife, Dora, and his daughters, Malia and Sasha.", []),
        (
            "Survivors include his wife, Tonya, of Paris, Texas.",
            [("Paris", "literal"), ("Texas", "literal")],
        ),
        # A street or an acronym after a first name that is a place: not a person.
        ("The 48-year-old, of Colton Way, was jailed.", [("Colton Way", "candidate")]),
        ("Brant OPP and firefighters responded.", [("Brant", "literal")]),
        # A middle initial makes the name before it a first name.
        ("Shots near the Franklin D. Roosevelt metro station.", []),
        (
            "President George W. Bush flew to Washington D.C. today.",
            [("Washington D.C", "literal")],
        ),
        # A town's name before a street word names the street, which the geocoder may
        # place; before a station it is the town the station serves.
        (
            "He lives on London Road in Brighton.",
            [("London Road", "candidate"), ("Brighton", "literal")],
        ),
        ("Fans at Wigan Station cheered.", [("Wigan", "literal")]),
        # After a preposition, a place that "said" is no speaker.
        ("Police in London said so.", [("London", "literal")]),
        # Without a first name, a small place stays a place.
        ("Flooding closed roads near Logan on Monday.", [("Logan", "literal")]),
    ],
)
def test_census_first_names(text: str, expected: list[tuple[str, str]], world_index: Index) -> None:
    # The bundled index: the rule turns on the real populations of Campbell, Logan, Dallas.
    assert [(s.text, s.use) for s in find_spans(text, world_index)] == expected


def test_census_names_skip_english_words() -> None:
    from geomap.recognize.cues import load_rules

    names = load_rules().given_names
    assert {"tonya", "brooke", "sidney"} <= names
    # "An Edmonton man", "Will Texas vote": words first, names rarely.
    assert not {"an", "will", "may", "grant"} & names
