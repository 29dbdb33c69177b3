"""How news writes the cases batch 4 (and batch 3) of the news fixtures missed, in general.

Each table holds paraphrases of one way of writing, with counter-examples that must keep
their role. They are written for these tests, not taken from the fixtures or any corpus.
"""

from __future__ import annotations

import pytest

from geomap.models import layer_of

try:
    from news_helpers import layer
except ImportError:  # tests/ became a package
    from tests.news_helpers import layer


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A force told to watch out is on standby.
        ("Police in Leeds were alerted.", "Leeds", "standby"),
        ("Forces in Peshawar have been alerted.", "Peshawar", "standby"),
        ("Units in Manchester had been alerted as a precaution.", "Manchester", "standby"),
        ("Border posts near Quetta were also alerted on Monday.", "Quetta", "standby"),
        # Told of an event, they go to it: no standby.
        ("Police were alerted to a disturbance in Leeds.", "Leeds", "deployment"),
        ("Residents alerted police to a fight in Bristol.", "Bristol", "deployment"),
    ],
)
def test_a_force_alerted_stands_by(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A dispersal zone or order is policed on foot.
        ("Police have put a dispersal zone in place in Leeds city centre.", "Leeds", "patrol"),
        ("A dispersal order is in force in Sheffield tonight.", "Sheffield", "patrol"),
        ("Officers imposed a dispersal order across Cardiff on Friday.", "Cardiff", "patrol"),
        ("Extra officers will be on the streets of Bristol tonight.", "Bristol", "patrol"),
        # A shop's order, or none at all, is no patrol.
        ("The council placed an order for new buses in Leeds.", "Leeds", "context"),
        ("Fans travelled to Cardiff for the final.", "Cardiff", "context"),
    ],
)
def test_a_dispersal_zone_is_patrolled(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Emergency services called to a place include the police who answer.
        ("Emergency services were called to a house in Blacktown after a stabbing.", "Blacktown",
         "deployment"),
        # (The shooting they were called to is placed there first.)
        ("Emergency services were called to a shooting in Leeds at 9pm.", "Leeds", "incident"),
        ("Police were called to a flat in Bristol after reports of a fight.", "Bristol",
         "deployment"),
        # A patient under guard is watched, not a post guarded.
        ("He was taken to Westmead Hospital under police guard.", "Westmead", "context"),
        ("She is being treated at the Royal London Hospital under armed guard.",
         "Royal London Hospital", "context"),
    ],
)  # fmt: skip
def test_emergency_services_called_out(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Where officials sit and speak is no place of the event they speak of.
        ("Officials in Bogotá said the attack would not derail talks.", "Bogotá", "context"),
        ("A minister in London said the bombing was cowardly.", "London", "context"),
        ("Government officials in Kabul condemned the bombing.", "Kabul", "context"),
        ("Diplomats in Nairobi said the shooting was a tragedy.", "Nairobi", "context"),
        # People in a place at whom the event is aimed are there.
        ("A bomb exploded near government offices in Kabul.", "Kabul", "incident"),
        ("Gunmen shot two officials in Peshawar.", "Peshawar", "incident"),
    ],
)
def test_where_officials_speak_is_context(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A tally of earlier events of a kind places none of them.
        ("A man was shot dead in Quezon City, the third such killing in Metro Manila this "
         "year.", "Metro Manila", "context"),
        ("It was the latest such attack in Kabul.", "Kabul", "context"),
        ("Two such bombings in Quetta have been reported since May.", "Quetta", "context"),
        # The event of the tally's sentence keeps its place.
        ("A man was shot dead in Quezon City, the third such killing in Metro Manila this "
         "year.", "Quezon City", "incident"),
        ("A bomb exploded in Kabul on Monday.", "Kabul", "incident"),
        # "Such as" gives examples, no tally.
        ("Soldiers are stationed at sites such as at Parliament.", "Parliament", "guard"),
    ],
)  # fmt: skip
def test_a_tally_is_context(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Where attackers ran towards is not where they attacked.
        ("The attackers escaped towards Caloocan.", "Caloocan", "context"),
        ("The gunmen fled in the direction of Peshawar after the shooting.", "Peshawar",
         "context"),
        ("The robbers sped off towards Leeds.", "Leeds", "context"),
        # Fire aimed towards a place is at it.
        ("Gunmen opened fire towards Kabul airport.", "Kabul airport", "incident"),
    ],
)  # fmt: skip
def test_the_direction_of_escape_is_context(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A ram-raid is a robbery by car, not a police raid.
        ("Thieves carried out a ram-raid on a jewellery shop in Hamilton.", "Hamilton",
         "incident"),
        ("A dairy in Christchurch was ram raided early on Sunday.", "Christchurch", "incident"),
        ("Retailers said ram-raids in Auckland remained far too common.", "Auckland", "incident"),
        # The police's raids stay theirs.
        ("Police raided a house in Leeds on Monday.", "Leeds", "deployment"),
        ("Officers carried out raids in Bradford and seized drugs.", "Bradford", "deployment"),
    ],
)  # fmt: skip
def test_a_ram_raid_is_a_robbery(text: str, name: str, role: str) -> None:
    assert layer(text, name) == layer_of(role)
