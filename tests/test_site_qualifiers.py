"""News names an airport with a qualifier the gazetteer's name lacks ("Abha International
Airport" for OpenFlights' "Abha Regional Airport", indexed as "Abha Airport"): the
qualifier between a name and a site's head is read over (``recognize/scan.py``), and the
city stays the city where no airport of that name is indexed.
"""

from __future__ import annotations

import pytest

import geomap


def _mentions(sentence: str) -> list[tuple[str, str | None, str | None]]:
    doc = geomap.extract_texts([sentence]).documents[0]
    return [
        (m.text, m.place.kind if m.place else None, m.place.name if m.place else None)
        for m in doc.mentions
    ]


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("A drone struck Abha International Airport on Tuesday.", "Abha International Airport"),
        (
            "Flights were cancelled at Culiacán international airport.",
            "Culiacán international airport",
        ),
        (
            "Soldiers guarded Culiacan International Airport overnight.",
            "Culiacan International Airport",
        ),
        (
            "Passengers were evacuated from Heathrow International Airport.",
            "Heathrow International Airport",
        ),
        ("Police closed Abha Airport after the attack.", "Abha Airport"),
        ("Protesters blocked Abha Regional Airport.", "Abha Regional Airport"),
    ],
)
def test_a_qualified_airport_is_the_airport(sentence: str, text: str) -> None:
    found = [m for m in _mentions(sentence) if m[0] == text]
    assert found and found[0][1] == "site", _mentions(sentence)


@pytest.mark.parametrize(
    "sentence, text",
    [
        # No qualifier before the head, or no head after the qualifier: the city.
        ("Abha International said the talks would resume.", "Abha"),
        ("Gunmen attacked a market in Abha on Monday.", "Abha"),
        # A qualifier before a head that takes none ("Stadium") changes nothing.
        ("Fans gathered outside Abha International Stadium.", "Abha"),
        # Punctuation between the words: two phrases, not one name.
        ("He flew out of Culiacán, international airport officials said.", "Culiacán"),
    ],
)
def test_the_city_without_an_airport_reading(sentence: str, text: str) -> None:
    found = [m for m in _mentions(sentence) if m[0] == text]
    assert found and found[0][1] == "city", _mentions(sentence)
