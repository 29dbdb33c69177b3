"""Resolution: qualifiers, document focus, one sense per document."""

from __future__ import annotations

import pytest

from geomap.gazetteer.index import Index, build_index
from geomap.recognize.scan import find_spans
from geomap.resolve.resolution import resolve_spans

try:
    from records import record as _rec
except ImportError:  # tests/ became a package
    from tests.records import record as _rec


RECORDS = (
    _rec("c:fr", "France", "country", 46.0, 2.0, "FR", 67_000_000),
    _rec("c:us", "United States", "country", 39.76, -98.5, "US", 327_000_000),
    _rec("c:gb", "United Kingdom", "country", 54.76, -2.7, "GB", 66_000_000),
    _rec("a:tx", "Texas", "region", 31.0, -99.0, "US", 28_000_000, admin1="TX", category="admin1"),
    _rec("a:al", "Alabama", "region", 32.8, -86.8, "US", 4_900_000, admin1="AL", category="admin1"),
    _rec(
        "a:ky", "Kentucky", "region", 37.5, -85.3, "US", 4_400_000, admin1="KY", category="admin1"
    ),
    _rec("p:paris", "Paris", "city", 48.85, 2.35, "FR", 2_138_551, admin1="11"),
    _rec("p:paris-tx", "Paris", "city", 33.66, -95.56, "US", 24_782, admin1="TX"),
    _rec("p:bham", "Birmingham", "city", 52.48, -1.9, "GB", 984_333, admin1="ENG"),
    _rec("p:bham-al", "Birmingham", "city", 33.52, -86.8, "US", 212_237, admin1="AL"),
    _rec("p:glasgow", "Glasgow", "city", 55.86, -4.25, "GB", 591_620, admin1="SCT"),
    _rec("p:glasgow-ky", "Glasgow", "city", 36.99, -85.91, "US", 14_200, admin1="KY"),
    # GeoNames lists "White House" among Casablanca's names, a translation.
    _rec("p:casa", "Casablanca", "city", 33.59, -7.62, "MA", 3_665_954, "White House"),
    _rec("p:wh-tn", "White House", "city", 36.47, -86.65, "US", 11_226, admin1="TN"),
    _rec("s:wh", "White House", "site", 38.8977, -77.0365, "US", 0, curated=True),
    _rec("p:ncl", "Newcastle upon Tyne", "city", 54.97, -1.61, "GB", 300_125, "Newcastle"),
    _rec("p:ncl-ni", "Newcastle", "city", 54.22, -5.89, "GB", 7_672),
    # Two Hugos of a size: one by Paris, Texas, one in Minnesota.
    _rec("p:hugo-ok", "Hugo", "city", 34.01, -95.51, "US", 5_000, admin1="OK"),
    _rec("p:hugo-mn", "Hugo", "city", 45.16, -93.0, "US", 8_000, admin1="MN"),
    # A city, a small capital and a division of one name.
    _rec("p:sj-ca", "San Jose", "city", 37.34, -121.89, "US", 1_026_908, admin1="CA"),
    _rec("p:sj-cr", "San José", "city", 9.93, -84.08, "CR", 335_007, category="capital"),
    _rec("a:uy16", "San José", "region", -34.3, -56.7, "UY", 71_976, category="admin1"),
    # A big capital and a bigger namesake abroad.
    _rec("p:tripoli-ly", "Tripoli", "city", 32.89, 13.19, "LY", 1_150_989, category="capital"),
    _rec("p:tripoli-x", "Tripoli", "city", 34.44, 35.85, "LB", 2_000_000),
    # Antlers, Oklahoma lies 25 km from Hugo, Oklahoma; the Michigan one is a bit bigger.
    _rec("p:antlers-ok", "Antlers", "city", 34.23, -95.62, "US", 2_400, admin1="OK"),
    _rec("p:antlers-mi", "Antlers", "city", 44.3, -85.0, "US", 3_000, admin1="MI"),
)
INDEX: Index = build_index(RECORDS)


def _resolved(text: str) -> list[tuple[str, str]]:
    return [
        (s.text, r.id)
        for s, r, _, _ in resolve_spans(find_spans(text, INDEX), idx=INDEX, text=text)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A qualifier names the division or country meant.
        ("A storm hit Paris, Texas on Monday.", [("Paris", "p:paris-tx"), ("Texas", "a:tx")]),
        (
            "Police in Birmingham, Alabama said so.",
            [("Birmingham", "p:bham-al"), ("Alabama", "a:al")],
        ),
        # A newspaper abbreviation of a state qualifies too, and is a place itself.
        ("A crash in Glasgow, Ky. killed one.", [("Glasgow", "p:glasgow-ky"), ("Ky.", "a:ky")]),
        # Without context the bigger place wins.
        ("Riots in Paris and Birmingham.", [("Paris", "p:paris"), ("Birmingham", "p:bham")]),
        # One sense per document: the qualified reading carries to every occurrence.
        (
            "GLASGOW, Ky. - A woman died. Glasgow police said the Glasgow road was shut.",
            [
                ("GLASGOW", "p:glasgow-ky"),
                ("Ky.", "a:ky"),
                ("Glasgow", "p:glasgow-ky"),
                ("Glasgow", "p:glasgow-ky"),
            ],
        ),
    ],
)
def test_resolve_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert _resolved(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Another place's own name beats a big city's translation of it; "the" and an
        # institution's spokesman point at the building rather than the small town.
        ("The attack was condemned by the White House.", [("White House", "s:wh")]),
        ("White House officials said so.", [("White House", "s:wh")]),
        ("He moved to White House, Tennessee.", [("White House", "p:wh-tn")]),
        # A short form of a city's name is no translation: Newcastle upon Tyne wins.
        ("Doctors in Newcastle said so.", [("Newcastle", "p:ncl")]),
    ],
)
def test_own_names_and_translations(text: str, expected: list[tuple[str, str]]) -> None:
    assert _resolved(text) == expected


def test_a_site_said_to_be_in_another_country_is_not_the_curated_one() -> None:
    from geomap.gazetteer.index import build_index
    from geomap.gazetteer.world import Record
    from geomap.recognize.scan import find_spans
    from geomap.resolve.resolution import resolve_spans

    recs = [
        Record(
            "turkish-embassy-london",
            "Embassy of Turkey, London",
            "site",
            "embassy",
            51.5,
            -0.15,
            "GB",
            None,
            0,
            None,
            "t",
            True,
            ("Turkish Embassy",),
        ),
        Record(
            "geonames:524901",
            "Moscow",
            "city",
            None,
            55.75,
            37.62,
            "RU",
            None,
            10_000_000,
            None,
            "t",
            False,
            ("Moscow",),
        ),
    ]
    idx = build_index(recs)
    for text, expected in [
        ("Shots were fired at the Turkish Embassy in Moscow.", ["geonames:524901"]),
        ("Shots were fired at the Turkish Embassy yesterday.", ["turkish-embassy-london"]),
    ]:
        got = [r.id for _, r, _, _ in resolve_spans(find_spans(text, idx), idx=idx, text=text)]
        assert got == expected, text


def test_a_long_document_costs_no_more_distances_than_distinct_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Anchors and distances are worked out once per place, not once per mention."""
    import geomap.resolve.evidence as evidence
    import geomap.resolve.resolution as resolve
    from geomap.gazetteer.index import build_index
    from geomap.gazetteer.world import Record
    from geomap.recognize.scan import find_spans

    recs = [
        Record(
            "p:a",
            "Alpha",
            "city",
            None,
            50.0,
            1.0,
            "FR",
            None,
            500_000,
            None,
            "t",
            False,
            ("Alpha",),
        ),
        Record(
            "p:b1", "Beta", "city", None, 50.5, 1.5, "FR", None, 40_000, None, "t", False, ("Beta",)
        ),
        Record(
            "p:b2",
            "Beta",
            "city",
            None,
            10.0,
            10.0,
            "NG",
            None,
            30_000,
            None,
            "t",
            False,
            ("Beta",),
        ),
    ]
    idx = build_index(recs)
    text = "Troops arrived in Alpha and in Beta. " * 400
    calls = []
    real = evidence.haversine_km
    monkeypatch.setattr(evidence, "haversine_km", lambda *a: calls.append(a) or real(*a))
    got = resolve.resolve_spans(find_spans(text, idx), idx=idx, text=text)
    assert {r.id for _, r, _, _ in got} == {"p:a", "p:b1"}
    assert len(calls) <= 3  # 3 candidate places x 1 distinct anchor


def test_a_sure_reading_anchors_a_doubtful_one() -> None:
    # "Paris, Texas" is sure by its qualifier (and lends Paris, France no weight); "Hugo"
    # leans to the bigger one in Minnesota until the sure Paris places it in Oklahoma,
    # 30 km away.
    assert _resolved("Floods hit Paris, Texas and spread to Hugo.") == [
        ("Paris", "p:paris-tx"),
        ("Texas", "a:tx"),
        ("Hugo", "p:hugo-ok"),
    ]
    assert _resolved("Floods hit Paris and spread to Hugo.") == [
        ("Paris", "p:paris"),
        ("Hugo", "p:hugo-mn"),
    ]


def test_doubtful_names_lean_towards_each_others_readings() -> None:
    # Each name alone leans to the bigger namesake; together, the two Oklahoma towns 25 km
    # apart are the likelier reading of both.
    assert _resolved("Storms hit Hugo.") == [("Hugo", "p:hugo-mn")]
    assert _resolved("Floods in Antlers.") == [("Antlers", "p:antlers-mi")]
    assert _resolved("Storms hit Hugo and Antlers.") == [
        ("Hugo", "p:hugo-ok"),
        ("Antlers", "p:antlers-ok"),
    ]


def test_capitals_and_divisions_against_big_cities() -> None:
    # A division gets no bonus over a big city of its name, a small capital neither.
    assert _resolved("Police in San Jose said so.") == [("San Jose", "p:sj-ca")]
    # A capital of a million or more is named more often than a namesake twice its size.
    assert _resolved("Clashes in Tripoli.") == [("Tripoli", "p:tripoli-ly")]


# Namesakes of the world layer: a district and a Kansas town, two Tripolis, a governorate
# named like a Pakistani district, a city known by its division's name.
WORLD = build_index(
    (
        _rec("c:ye", "Yemen", "country", 15.5, 47.5, "YE", 28_000_000, demonyms=("Yemeni",)),
        _rec("c:us", "United States", "country", 39.76, -98.5, "US", 327_000_000),
        _rec("c:lb", "Lebanon", "country", 33.8, 35.8, "LB", 6_800_000),
        _rec("c:ly", "Libya", "country", 28.0, 17.0, "LY", 6_700_000),
        _rec("c:jo", "Jordan", "country", 31.0, 36.0, "JO", 10_000_000),
        _rec("c:sy", "Syria", "country", 35.0, 38.0, "SY", 22_000_000),
        _rec("c:af", "Afghanistan", "country", 33.0, 66.0, "AF", 37_000_000),
        _rec("a:ks", "Kansas", "region", 38.5, -98.0, "US", 2_900_000, admin1="KS",
             category="admin1"),
        _rec("p:hays", "Hays", "city", 38.88, -99.33, "US", 21_000, admin1="KS"),
        _rec("d:hays", "Hays", "region", 13.93, 43.48, "YE", 0, category="admin2"),
        _rec("p:tripoli-ly", "Tripoli", "city", 32.89, 13.19, "LY", 1_150_989,
             category="capital"),
        _rec("p:tripoli-lb", "Tripoli", "city", 34.44, 35.85, "LB", 229_398),
        _rec("a:karak", "Karak", "region", 31.2, 35.76, "JO", 250_000, admin1="09",
             category="admin1"),
        _rec("d:karak-pk", "Karak", "region", 33.12, 71.09, "PK", 0, category="admin2"),
        _rec("a:daraa", "Daraa", "region", 32.83, 36.2, "SY", 390_000, admin1="03",
             category="admin1"),
        _rec("p:daraa", "Dar'a", "city", 32.62, 36.1, "SY", 97_969, "Daraa", admin1="03"),
        _rec("a:faryab", "Faryab", "region", 36.0, 64.8, "AF", 900_000, admin1="07",
             category="admin1"),
        _rec("d:qaysar", "Qaysar", "region", 35.69, 64.28, "AF", 0, admin1="07",
             category="admin2"),
        _rec("p:qaysar-x", "Qaysar", "city", 36.2, 68.1, "AF", 3_000, admin1="05"),
        _rec("a:tillaberi", "Tillabéri", "region", 14.07, 2.08, "NE", 315_000, admin1="09",
             category="admin1"),
        _rec("p:tillaberi", "Tillabéri", "city", 14.21, 1.45, "NE", 30_822, admin1="09"),
        _rec("p:tillaberi-x", "Tillaberi", "city", 13.5, 2.5, "NE", 600, admin1="08"),
    )
)  # fmt: skip


def _world(text: str) -> dict[str, str]:
    spans = find_spans(text, WORLD)
    return {s.text: r.id for s, r, _, _ in resolve_spans(spans, idx=WORLD, text=text)}


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # A kind word after the name says which reading is meant ...
        ("Houthi forces shelled Hays district in western Yemen.", "Hays", "d:hays"),
        ("Shelling was reported in Hays District on Monday.", "Hays", "d:hays"),
        ("Clashes in Hays governorate left two dead.", "Hays", "d:hays"),
        ("Protesters gathered in Karak district, said a statement by Jordan.", "Karak", "a:karak"),
        ("Snow closed roads in Hays on Monday.", "Hays", "p:hays"),
        ("Hays city officials met in Kansas.", "Hays", "p:hays"),
        ("A gunman opened fire in Daraa city.", "Daraa", "p:daraa"),
        ("Shelling hit Daraa province overnight.", "Daraa", "a:daraa"),
        # A province named like a town in it is the town, bare; the province, so called.
        ("Armed men attacked a village near Tillaberi on Sunday.", "Tillaberi", "p:tillaberi"),
        ("Fighting spread across Tillaberi region.", "Tillaberi", "a:tillaberi"),
        ("Attacks rose in the Tillaberi province.", "Tillaberi", "a:tillaberi"),
        # ... with a qualifier read after the word.
        ("Taliban attacked a checkpoint in Qaysar district, Faryab.", "Qaysar", "d:qaysar"),
        # A country named in the same sentence outweighs a bigger namesake elsewhere.
        ("Clashes erupted in Tripoli, Lebanon, between rival gunmen.", "Tripoli", "p:tripoli-lb"),
        ("Gunmen clashed in Tripoli in northern Lebanon.", "Tripoli", "p:tripoli-lb"),
        ("Militias clashed in Tripoli, Libya.", "Tripoli", "p:tripoli-ly"),
        ("Militias clashed in Tripoli on Monday.", "Tripoli", "p:tripoli-ly"),
        ("Yemeni officials said shelling in Hays killed two.", "Hays", "d:hays"),
    ],
)
def test_kind_words_and_countries_named_beside(text: str, name: str, expected: str) -> None:
    assert _world(text)[name] == expected


def test_a_country_named_beside_weighs_more_than_one_elsewhere() -> None:
    text = (
        "Libya's rival governments met again. Talks were held in Geneva. "
        "Gunmen clashed in Tripoli in Lebanon's north on Sunday."
    )
    assert _world(text)["Tripoli"] == "p:tripoli-lb"


@pytest.mark.parametrize(
    "text, name, near",
    [
        # What the text puts in a town is near it, or it is not the place of that name:
        # no Loiret village for a Paris quarter, no Lower Saxony town for a station.
        ("Police sealed off Saint-Germain-des-Prés in Paris.", "Saint-Germain-des-Prés", None),
        ("A man was stabbed at the Hauptbahnhof in Zürich.", "Hauptbahnhof", None),
        # Counter-examples: a town in the province that bears the city's name, a district
        # in its city, a town in its country.
        ("Shelling hit Kupiansk in Kharkiv oblast.", "Kupiansk", (49.71, 37.62)),
        ("Fighting was reported near Manbij in Aleppo province.", "Manbij", (36.53, 37.95)),
        ("Police patrolled Brixton in London overnight.", "Brixton", (51.46, -0.11)),
        ("Protesters marched in Lyon in France.", "Lyon", (45.75, 4.85)),
    ],
)  # fmt: skip
def test_a_town_said_to_be_in_a_place_lies_in_it(
    text: str, name: str, near: tuple[float, float] | None
) -> None:
    from geomap.gazetteer.index import haversine_km
    from geomap.pipeline import extract_document

    found = [m.place for m in extract_document(text, "d").mentions if m.text == name]
    places = [p for p in found if p is not None]
    if near is None:
        assert places == []
    else:
        assert places and haversine_km(places[0].lat, places[0].lon, *near) < 25
