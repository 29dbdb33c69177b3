"""Cues from news batch 5's misses, as table tests of how news is written in general.

Where words were spoken, released or an office sits is context, not where anything
happened; the same place with an event in its own clause keeps its role.
"""

from __future__ import annotations

import pytest

from geomap.events.roles import role_of
from geomap.events.rules import load_role_rules

RULES = load_role_rules()


@pytest.mark.parametrize(
    ("sentence", "place", "role"),
    [
        # Where someone said it.
        (
            "Federal prosecutors said in Karlsruhe that four men had been arrested.",
            "Karlsruhe",
            "context",
        ),
        ("The minister said in Berlin the raids showed the state would act.", "Berlin", "context"),
        ("The chief told reporters in Lagos that the gunmen had fled.", "Lagos", "context"),
        ("Police said on Monday in Nairobi that the attack was planned.", "Nairobi", "context"),
        (
            "The chief said at a news conference in downtown Denver that the shooting was random.",
            "Denver",
            "context",
        ),
        (
            "The army said in a statement issued in Karachi that troops were deployed.",
            "Karachi",
            "context",
        ),
        # Where an office sits.
        ("The foreign ministry in Riyadh condemned the attack.", "Riyadh", "context"),
        ("The interior minister in Islamabad condemned the bombing.", "Islamabad", "context"),
        ("The defence ministry in Bogota said 600 troops were sent.", "Bogota", "context"),
        ("The council, which is based in Brussels, condemned the attack.", "Brussels", "context"),
        # Counter-examples: the event in its own clause.
        ("Gunmen attacked a police post in Karachi on Friday.", "Karachi", "incident"),
        ("A bomb exploded in Berlin on Monday, police said.", "Berlin", "incident"),
        ("Troops were deployed in Bogota after the attack.", "Bogota", "deployment"),
        # An embassy is a building, where the guard stands.
        ("Police were posted outside the embassy in Paris after the threats.", "Paris", "guard"),
        # An office is where it speaks from only when it opens its clause.
        (
            "Two car bombs exploded near the education ministry in Mogadishu.",
            "Mogadishu",
            "incident",
        ),
        (
            "Security forces killed 2 demonstrators protesting against the government in Omdurman.",
            "Omdurman",
            "incident",
        ),
        (
            "A gunman shot at a rally led by a former prime minister in Wazirabad.",
            "Wazirabad",
            "incident",
        ),
    ],
)
def test_where_words_were_spoken_is_context(sentence: str, place: str, role: str) -> None:
    i = sentence.index(place)
    got, _actor, _neg = role_of(sentence, i, i + len(place), "city", RULES, locative=True)
    assert got == role
