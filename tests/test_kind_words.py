"""A kind word after a name ("Kherson oblast") gives the name its sense in the document,
but not to the same name written bare beside it ("Kherson (Kherson oblast)"): the bare
name is the town, the bracket says where it is (``resolve/evidence.py``).
"""

from __future__ import annotations

import pytest

import geomap
from geomap.recognize.scan import Span
from geomap.resolve.evidence import _kinds


def _span(name: str, kind: str | None = None, start: int = 0) -> Span:
    key = name.split()[0].lower()
    return Span(start, start + len(name), name, key, flags=(kind,) if kind else ())


@pytest.mark.parametrize(
    "spans, expected",
    [
        # Qualified by its own division: the name is the town, and so is the qualifier.
        ([_span("Ica"), _span("Ica region", "division", 5)], {}),
        ([_span("Van"), _span("Van province", "division", 5)], {}),
        # Written apart, the division word is the document's sense of the name: "Idlib
        # province ... advancing on Idlib".
        ([_span("Van region", "division"), _span("Van", start=40)], {"van": "division"}),
        ([_span("Ica"), _span("Ica region", "division", 30)], {"ica": "division"}),
        # Only with the word: the name is the division everywhere it is written so.
        ([_span("Donetsk oblast", "division")], {"donetsk": "division"}),
        (
            [_span("Hays district", "division"), _span("Hays district", "division")],
            {"hays": "division"},
        ),
        # A town word is not undone by a bare name: both say the town.
        ([_span("Kabul city", "settlement"), _span("Kabul")], {"kabul": "settlement"}),
        # Another name written bare changes nothing.
        ([_span("Ica region", "division"), _span("Lima")], {"ica": "division"}),
    ],
)
def test_a_division_word_holds_only_where_the_name_is_not_also_bare(
    spans: list[Span], expected: dict[str, str]
) -> None:
    assert _kinds(spans) == expected


# (sentence, the first mention's text, the kind it resolves to)
RESOLVED = [
    ("Farmers blocked the Pan-American highway in Ica (Ica region).", "Ica", "city"),
    ("Shelling hit Kherson (Kherson oblast), killing 2 civilians.", "Kherson", "city"),
    ("Police clashed with protesters in Van (Van province).", "Van", "city"),
    ("Two people were shot in Donetsk (Donetsk region) on Monday.", "Donetsk", "city"),
    # The division word alone still makes the name a division.
    ("Troops clashed with rebels across Donetsk oblast.", "Donetsk", "region"),
    ("Gunmen attacked a bus in Hays district.", "Hays", "region"),
]


@pytest.mark.parametrize("sentence, name, kind", RESOLVED)
def test_a_name_qualified_by_its_own_division_is_the_town(
    sentence: str, name: str, kind: str
) -> None:
    mentions = geomap.extract_texts([sentence]).documents[0].mentions
    first = next(m for m in mentions if m.text == name and m.place is not None)
    assert first.place is not None and first.place.kind == kind
