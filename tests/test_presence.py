"""Who is at a place: an actor the text puts there, not one who speaks, is hit or comes from it."""

from __future__ import annotations

import pytest

from geomap.pipeline import extract_document


def _said(text: str, place: str) -> tuple[str | None, str | None, str | None]:
    [m] = [m for m in extract_document(text, "d").mentions if m.text == place]
    return m.role, m.actor, m.sub_event_type


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # Present: the actor is at the place, with no other word of what happens there.
        ("Armed police were at Wembley Stadium on Saturday.", "Wembley Stadium",
         ("deployment", "police", None)),
        ("Soldiers stood outside Buckingham Palace all night.", "Buckingham Palace",
         ("deployment", "military", None)),
        ("Officers were seen at Trafalgar Square.", "Trafalgar Square",
         ("deployment", "police", None)),
        ("Police officers were on duty at Heathrow Airport.", "Heathrow Airport",
         ("deployment", "police", None)),
        # A speaker or a source is not there.
        ("Police said there was no threat to Heathrow Airport.", "Heathrow Airport",
         ("context", "police", None)),
        ("Police say the man was seen at Heathrow Airport.", "Heathrow Airport",
         ("context", "police", None)),
        ("According to police, a man was seen at Trafalgar Square.", "Trafalgar Square",
         ("context", "police", None)),
        ("A spokesman for the Metropolitan Police said the match at Wembley Stadium would go "
         "ahead.", "Wembley Stadium", ("context", "police", None)),
        ("Officer Jane Doe told reporters the crowd at Trafalgar Square was calm.",
         "Trafalgar Square", ("context", "police", None)),
        ("Police have released footage of a fight in Trafalgar Square.", "Trafalgar Square",
         ("context", "police", None)),
        # Nor is a target deployed where it is hit.
        ("A police officer was punched at Wembley Stadium.", "Wembley Stadium",
         ("context", "police", None)),
        # A building or a vehicle named for the police holds no one.
        ("A police car was parked at Trafalgar Square.", "Trafalgar Square",
         ("context", None, None)),
        ("An army base near Salisbury was open to visitors.", "Salisbury",
         ("context", None, None)),
        # Where they come from is not where they are.
        ("Two officers from the town of Lewisburg pulled over a car.", "Lewisburg",
         ("context", None, None)),
        ("Soldiers from Catterick joined the parade.", "Catterick", ("context", None, None)),
    ],
)  # fmt: skip
def test_an_actor_is_deployed_only_where_the_text_puts_them(
    text: str, place: str, expected: tuple
) -> None:
    assert _said(text, place) == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # The looters and burners are the actors, not the police the building is named for;
        # a crowd's looting and burning is a riot (ACLED), so an incident on the map.
        ("Protesters set fire to a police station in Minneapolis.", "Minneapolis",
         ("incident", "protesters", "Violent demonstration")),
        ("Rioters looted shops in Tottenham.", "Tottenham",
         ("incident", "protesters", "Violent demonstration")),
        ("Gunmen torched a school in Maiduguri.", "Maiduguri",
         ("deployment", "armed_group", "Looting/property destruction")),
        # No one named: no actor, though the police investigate.
        ("Shops were looted in Tottenham overnight, police said.", "Tottenham",
         ("deployment", None, "Looting/property destruction")),
    ],
)  # fmt: skip
def test_looting_and_burning_are_by_whom_the_text_says(
    text: str, place: str, expected: tuple
) -> None:
    assert _said(text, place) == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        # A speaker is no one at the place, but the event told may be theirs.
        ("Scotland Yard said 12 people had been arrested in Barking.", "Barking",
         ("deployment", "police", "Arrests")),
        ("Police said two men were detained in Luton on Sunday.", "Luton",
         ("deployment", "police", "Arrests")),
        # A target is not: the bombers are who the text does not name.
        ("Two bombs killed six police officers in Kabul's diplomatic quarter.", "Kabul",
         ("incident", None, "Remote explosive/landmine/IED")),
        # Counter-example: a speaker and nothing done at the place.
        ("Police said the match in Luton would go ahead.", "Luton", ("context", None, None)),
    ],
)  # fmt: skip
def test_a_speaker_may_be_the_actor_of_the_event_they_tell(
    text: str, place: str, expected: tuple
) -> None:
    assert _said(text, place) == expected
