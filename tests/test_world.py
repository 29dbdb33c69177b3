"""The world layer: US counties, hand-placed landmarks, and how resolution uses them."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.gazetteer.index import Index, haversine_km
from geomap.gazetteer.world import world_records
from geomap.recognize.scan import find_spans
from geomap.resolve.resolution import resolve_spans

# Points GeoNames gives these counties (its ADM2 features), to check the derived ones.
COUNTIES = {
    "admin2:US.CA.037": ("Los Angeles County", 34.3667, -118.2009),
    "admin2:US.KY.169": ("Metcalfe County", 36.9906, -85.6294),
    "admin2:US.IA.013": ("Black Hawk County", 42.4703, -92.3088),
    "admin2:US.TX.113": ("Dallas County", 32.7666, -96.7778),
}


@pytest.fixture(scope="module")
def records() -> dict[str, object]:
    return {r.id: r for r in world_records()}


def test_us_counties_lie_near_their_centres(records: dict) -> None:
    for id, (name, lat, lon) in COUNTIES.items():
        r = records[id]
        assert r.name == name and r.kind == "region" and r.category == "admin2"
        # A county's ZIP codes surround its centre: 40 km covers even Los Angeles County.
        assert haversine_km(r.lat, r.lon, lat, lon) < 40, name


def test_every_county_hangs_off_a_state_of_the_world_layer(records: dict) -> None:
    counties = [r for r in records.values() if r.id.startswith("admin2:US.")]
    assert len(counties) > 3_000
    for r in counties:
        assert r.parent in records, r.id
        assert records[r.parent].admin1 == r.admin1 and r.country == "US"
        # Inside the bounding box of the US with Alaska, Hawaii and Puerto Rico.
        assert 17 < r.lat < 72 and (-180 < r.lon < -64 or r.lon > 172), r.id


def _resolved(text: str, index: Index) -> list[tuple[str, str]]:
    spans = find_spans(text, index)
    return [(s.text, r.id) for s, r, _, _ in resolve_spans(spans, idx=index, text=text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # The state named beside a county picks the county among its namesakes.
        (
            "Deputies in Dallas County, Iowa arrested two men.",
            [("Dallas County", "admin2:US.IA.049"), ("Iowa", "admin1:US.IA")],
        ),
        (
            "A storm hit Iowa City. Dallas County schools closed.",
            [("Iowa City", "geonames:4862034"), ("Dallas County", "admin2:US.IA.049")],
        ),
        (
            "A storm hit Houston. Dallas County schools closed.",
            [("Houston", "geonames:4699066"), ("Dallas County", "admin2:US.TX.113")],
        ),
        # Newspapers write "Co." for County.
        (
            "LE MARS, Iowa - PLYMOUTH CO. deputies said so.",
            [
                ("LE MARS", "geonames:4864337"),
                ("Iowa", "admin1:US.IA"),
                ("PLYMOUTH CO", "admin2:US.IA.149"),
            ],
        ),
        # The landmark, not Casablanca (whose names include "White House" in translation).
        ("It was condemned by the White House.", [("White House", "site:us-white-house")]),
        # Landmarks of past attacks, a generic word after the name included.
        ("Attacks at the Stade de France.", [("Stade de France", "site:fr-stade-de-france")]),
        (
            "Pulse rates rose. The Pulse nightclub shooting.",
            [("Pulse nightclub", "site:us-pulse-orlando")],
        ),
        (
            "Gunfire on the Champs-Elysees boulevard.",
            [("Champs-Elysees", "site:fr-champs-elysees")],
        ),
        # A dotted abbreviation after a preposition, a town or an article; not alone.
        ("In B.C., up to 20 cm of snow fell.", [("B.C.", "admin1:CA.02")]),
        ("Signed by the B.C. government.", [("B.C.", "admin1:CA.02")]),
        (
            "A strip in Surrey, B.C. was shut.",
            [("Surrey", "geonames:6159905"), ("B.C.", "admin1:CA.02")],
        ),
        ("He wrote Ky. on the form.", []),
        # A qualifier is read as the division that holds its town: the US state here.
        (
            "No troops were sent to Atlanta, Georgia officials said.",
            [("Atlanta", "geonames:4180439"), ("Georgia", "admin1:US.GA")],
        ),
        # "The Capitol" is the US Capitol, but not the state Capitol in Lansing.
        ("Fencing went up around the Capitol.", [("Capitol", "site:us-capitol")]),
        (
            "Troopers will patrol the state Capitol in Lansing.",
            [("Lansing", "geonames:4998830")],
        ),
        # A dateline and a qualifier agree on the US.
        (
            "NEWARK, N.J. - She was to fly from Newark to Paris, Texas officials said nothing.",
            [
                ("NEWARK", "geonames:5101798"),
                ("N.J.", "admin1:US.NJ"),
                ("Newark", "geonames:5101798"),
                ("Paris", "geonames:4717560"),
                ("Texas", "admin1:US.TX"),
            ],
        ),
        # Manchester's neighbourhoods, where the raids of May 2017 took place.
        (
            "Residents of Elsmore Road in Moss Side were evacuated.",
            [("Moss Side", "moss-side")],
        ),
        # The world's airports, by their names in news.
        ("Two blasts hit Zaventem airport.", [("Zaventem airport", "airport-bru")]),
        ("Flights from Schiphol were cancelled.", [("Schiphol", "airport-ams")]),
        ("He landed at Charles de Gaulle airport.", [("Charles de Gaulle airport", "airport-cdg")]),
        # A possessive before a name does not make the two one name.
        (
            "Flights were cancelled at Toronto's Pearson International Airport.",
            [("Toronto", "geonames:6167865"), ("Pearson International Airport", "airport-yyz")],
        ),
        # A small town is no surer than a curated site of its name: troops at the airport.
        ("Troops were sent to Heathrow.", [("Heathrow", "heathrow-airport")]),
        ("Flights at Heathrow were cancelled.", [("Heathrow", "heathrow-airport")]),
        # ... while "in March" is a month, not the town of March 120 km away.
        (
            "He was murdered outside Parliament in March.",
            [("Parliament", "palace-of-westminster")],
        ),
    ],
)
def test_counties_and_landmarks_resolve(
    text: str, expected: list[tuple[str, str]], world_index: Index
) -> None:
    assert _resolved(text, world_index) == expected


def test_every_known_incident_lies_at_places_of_the_index(world_index: Index) -> None:
    from geomap.events.incidents import known_incidents

    for inc in known_incidents():
        for place in inc.places:
            assert place in world_index.by_id, (inc.id, place)


def test_an_attack_told_at_each_of_its_places_is_one_event() -> None:
    from geomap.pipeline import extract_document

    doc = extract_document(
        "Gunmen attacked the Bataclan, and bombs went off at the Stade de France.",
        "d",
        published=dt.date(2015, 11, 14),
    )
    assert {m.text: m.event_id for m in doc.mentions} == {
        "Bataclan": "paris-2015",
        "Stade de France": "paris-2015",
    }


def test_the_corpus_country_weighs_like_a_named_country(world_index: Index) -> None:
    from geomap.pipeline import extract_document

    text = "Police in London said a man was hurt."
    [plain] = extract_document(text, "d", index=world_index).mentions
    [local] = extract_document(text, "d", index=world_index, countries=["CA"]).mentions
    assert (plain.place.country, local.place.country) == ("GB", "CA")


def test_an_attack_at_a_site_is_told_at_its_parts_too() -> None:
    from geomap.pipeline import extract_document

    doc = extract_document(
        "A police officer was stabbed to death in New Palace Yard.",
        "d",
        published=dt.date(2017, 3, 23),
    )
    assert [(m.text, m.event_id) for m in doc.mentions] == [("New Palace Yard", "westminster-2017")]


# Districts of the world layer and where they lie (district seats, from public maps).
WORLD_DISTRICTS = {
    "admin2:IN.12.012": ("Pulwama", 33.87, 74.90),
    "admin2:SY.09.167355": ("Manbij", 36.53, 37.95),
    "admin2:YE.08.1819": ("Hays", 13.93, 43.48),
    "admin2:IN.12.001": ("Kupwara", 34.53, 74.26),
}


def test_world_districts_lie_at_their_towns(records: dict) -> None:
    for id, (name, lat, lon) in WORLD_DISTRICTS.items():
        r = records[id]
        assert r.kind == "region" and r.category == "admin2" and name in r.names, id
        assert haversine_km(r.lat, r.lon, lat, lon) < 40, id


def test_world_districts_are_named_as_the_news_names_them(records: dict) -> None:
    # "Karak District" is indexed as Karak: "Karak district" reads the word as its kind.
    karak = records["admin2:PK.03.7419047"]
    assert karak.name == "Karak District" and karak.names == ("Karak",)
    # No population: a district's towns' total would outweigh the town a bare name means.
    assert karak.population == 0 and karak.admin1 == "03"


def test_world_districts_lie_in_their_provinces(records: dict) -> None:
    world = [
        r
        for r in records.values()
        if r.category == "admin2" and r.admin1 is not None and not r.id.startswith("admin2:US.")
    ]
    assert len(world) > 20_000
    far = [
        r.id
        for r in world
        if (p := records.get(f"admin1:{r.country}.{r.admin1}")) is None
        or haversine_km(r.lat, r.lon, p.lat, p.lon) > 1500
    ]
    # GeoNames renumbered a few provinces (Chile's) in one table and not the other.
    assert len(far) < len(world) / 1000, far


@pytest.mark.parametrize(
    "gid, parent",
    [
        (2813472, "geonames:2950159"),  # Wedding, a quarter of Berlin
        (2808473, "geonames:2950159"),  # Wilmersdorf
        (2633583, "geonames:2643743"),  # a London place
    ],
)
def test_city_quarters_hang_off_their_city(records: dict, gid: int, parent: str) -> None:
    r = records[f"geonames:{gid}"]
    assert r.kind == "district" and r.parent == parent


def test_villages_of_500_are_places_everywhere(records: dict) -> None:
    villages = [r for r in records.values() if r.kind == "city" and r.population < 1000]
    assert len({r.country for r in villages}) > 150
