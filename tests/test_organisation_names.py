"""A small place's name a word or two before a head only a body takes is a word of the
body's name ("Gulf Cooperation Council"); a known place, a place before a court or a team's
word, or one written as a possessive is still the place (``recognize/name_rules.py``: ``organisation_head_after``).
"""

from __future__ import annotations

import pytest

import geomap


def _texts(sentence: str) -> list[str]:
    doc = geomap.extract_texts([sentence]).documents[0]
    return [m.text for m in doc.mentions if m.place is not None and m.use == "literal"]


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The attack was condemned by the Gulf Cooperation Council in a statement.", "Gulf"),
        ("A report by the Gulf Research Council said that shipping had been hit.", "Gulf"),
        ("In a statement, the Gulf Petrochemicals Association said that output fell.", "Gulf"),
        ("Members of the Hope Valley Rural Council said that the road would close.", "Hope"),
        ("A spokesman for the Research Funding Agency said that grants were frozen.", "Research"),
    ],
)
def test_a_name_inside_a_body_is_no_place(sentence: str, name: str) -> None:
    assert name not in _texts(sentence)


@pytest.mark.parametrize(
    "sentence, name",
    [
        # A court building and a town's neighbourhood are places.
        ("He appeared at Leeds Crown Court on Friday.", "Leeds"),
        ("Gunmen attacked a checkpoint in Karachi's Orangi Town.", "Karachi"),
        # A comma or a lowercase word ends the run.
        ("Protests spread across Nairobi, Council officials said.", "Nairobi"),
        ("Troops were sent to Gulf states and the council met.", "Gulf"),
        # A known place keeps its sense inside a body's name.
        ("A spokesman for the Texas Public Utility Commission said on Monday.", "Texas"),
        ("The Alberta Liquor Store Association said that sales would rise.", "Alberta"),
        ("A Lagos Waste Management Authority spokesman said the drains were blocked.", "Lagos"),
        # No body's head at all.
        ("Fighting spread to Kharkiv Oblast Tuesday.", "Kharkiv"),
    ],
)
def test_a_place_before_other_words_stays_a_place(sentence: str, name: str) -> None:
    assert any(t.startswith(name) for t in _texts(sentence)), _texts(sentence)
