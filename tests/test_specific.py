"""An event told at a town and the area that holds it is at the town (events/specific.py)."""

from __future__ import annotations

import pytest

from geomap.pipeline import extract_document


def _roles(text: str) -> dict[str, str]:
    return {m.text: m.role for m in extract_document(text, "d").mentions if m.place}


@pytest.mark.parametrize(
    "text, narrow, wide",
    [
        ("Gunmen attacked Tafas town in western Daraa countryside.", "Tafas", "Daraa"),
        ("A roadside bomb exploded in Zinjibar, Abyan governorate.", "Zinjibar", "Abyan"),
        ("A grenade was thrown at a shop in Chaman town (Balochistan).", "Chaman", "Balochistan"),
        ("Rockets struck Kharkiv, Ukraine, overnight.", "Kharkiv", "Ukraine"),
        ("Troops clashed with rebels near Bunia in Ituri province.", "Bunia", "Ituri"),
    ],
)
def test_the_area_that_holds_the_event_s_town_is_context(text: str, narrow: str, wide: str) -> None:
    roles = _roles(text)
    assert roles[narrow] != "context" and roles[wide] == "context"


@pytest.mark.parametrize(
    "text, narrow, wide",
    [
        # A country after the town is news's container: it shares the event (the roles
        # gold's convention), where a province or a district qualifier does not.
        ("Protesters marched in Kisumu, Kenya.", "Kisumu", "Kenya"),
        ("A bomb exploded in Irbid, Jordan, on Monday.", "Irbid", "Jordan"),
    ],
)
def test_a_country_after_the_town_shares_its_event(text: str, narrow: str, wide: str) -> None:
    roles = _roles(text)
    assert roles[narrow] != "context" and roles[wide] == roles[narrow]


@pytest.mark.parametrize(
    "text, places",
    [
        # A list, a road between two towns, two events: every place keeps its event.
        ("Protests were held in Leeds, Bradford and Hull.", ("Leeds", "Bradford")),
        ("An IED struck a convoy on the road between Tikrit and Samarra.", ("Tikrit", "Samarra")),
        ("Bombs went off in Paris and in Nice.", ("Paris", "Nice")),
        # Towns far apart are not one inside the other.
        ("Gunmen attacked a bus in Kano, Lagos and Abuja.", ("Kano", "Lagos")),
    ],
)
def test_places_of_equal_standing_keep_their_event(text: str, places: tuple[str, str]) -> None:
    roles = _roles(text)
    assert all(roles[p] != "context" for p in places)


@pytest.mark.parametrize(
    "text, narrow, wide",
    [
        (
            "Rebels clashed with troops near Jisr ash Shughur in western Idleb.",
            "Jisr ash Shughur",
            "Idleb",
        ),
        ("Shelling hit Irpin, west of Kyiv, overnight.", "Irpin", "Kyiv"),
        (
            "Forces clashed between Saraqib and Khan Shaykhun, in Idleb countryside.",
            "Khan Shaykhun",
            "Idleb",
        ),
    ],
)
def test_a_direction_or_a_landmark_makes_the_second_name_the_area(
    text: str, narrow: str, wide: str
) -> None:
    roles = _roles(text)
    assert roles[narrow] != "context" and roles[wide] == "context"
