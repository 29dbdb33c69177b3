"""GeoNames lists short forms of names as other languages' ("Mobil" for Mobile, "Riyad"
for Riyadh); after an article or before a capitalised word it is a company's or a person's
word, elsewhere the place (``recognize/name_rules.py``: ``truncated_alias``).
"""

from __future__ import annotations

import pytest

import geomap


def _places(sentence: str) -> list[tuple[str, str]]:
    doc = geomap.extract_texts([sentence]).documents[0]
    return [(m.text, m.place.name) for m in doc.mentions if m.place is not None]


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("Officers were sent to the Mobil station on the main road after shots were fired.",
         "Mobil"),
        ("A Mobil spokesman said the refinery would stay shut for a week.", "Mobil"),
        ("Riyad Mansour told reporters that the vote would pass.", "Riyad"),
        ("Officials said the Lahor Development Authority had been warned.", "Lahor"),
    ],
)  # fmt: skip
def test_a_short_form_is_no_place_on_its_own(sentence: str, word: str) -> None:
    assert word not in [t for t, _ in _places(sentence)]


@pytest.mark.parametrize(
    "sentence, word, place",
    [
        # After a preposition of place the short form is the place.
        ("Flights to Jedda resumed on Monday after the storm.", "Jedda", "Jeddah"),
        ("Two people were killed in Lahor on Sunday, police said.", "Lahor", "Lahore"),
        # Or where no article and no other name stands beside it.
        ("A cargo of weapons was intercepted off Misrata on Monday.", "Misrata", "Misratah"),
        # The names themselves are untouched.
        ("Officers were sent to a petrol station in Mobile after shots were fired.", "Mobile",
         "Mobile"),
        ("Protests spread to Riyadh and Jeddah on Friday.", "Riyadh", "Riyadh"),
    ],
)  # fmt: skip
def test_the_place_after_a_preposition_or_by_its_name(sentence: str, word: str, place: str) -> None:
    assert (word, place) in _places(sentence), _places(sentence)
