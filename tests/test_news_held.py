"""How news writes the cases batch 3 of the news fixtures missed, in general.

Each table holds paraphrases of one way of writing, with counter-examples that must keep
their role. They are written for these tests, not taken from the fixtures or any corpus.
"""

from __future__ import annotations

import pytest

from geomap.models import layer_of
from geomap.pipeline import extract_document


def _role(text: str, name: str) -> str:
    """The role of the first mention of ``name`` in ``text``."""
    doc = extract_document(text, "t")
    for m in doc.mentions:
        if m.text == name:
            return m.role
    raise AssertionError(f"{name!r} not found in {[m.text for m in doc.mentions]}")


def _layer(text: str, name: str) -> str:
    return layer_of(_role(text, name))


@pytest.mark.parametrize(
    "text, name, role",
    [
        # Something done at the court building happens there.
        (
            "Hundreds of farmers rallied in front of the Lahore High Court on Monday.",
            "Lahore",
            "protest",
        ),
        ("A bomb exploded outside the Quetta District Court, killing 12.", "Quetta", "incident"),
        ("A suicide bomber attacked the Quetta District Court, killing 12.", "Quetta", "incident"),
        ("Gunmen stormed the Peshawar District Court and opened fire.", "Peshawar", "incident"),
        (
            "Protesters gathered outside Manchester Crown Court to demand justice.",
            "Manchester",
            "protest",
        ),
        ("Dozens of lawyers marched on the Nairobi High Court.", "Nairobi", "protest"),
        # A hearing at a court, or its judge, places no crime there.
        ("He was jailed at Leeds Crown Court for the stabbing.", "Leeds", "context"),
        (
            "The man appeared at Brisbane Magistrates Court charged over the shooting.",
            "Brisbane",
            "context",
        ),
        ("Denver District Judge Ann Roe sentenced him for the shooting.", "Denver", "context"),
        ("The robbery was heard by Perth District Court last week.", "Perth", "context"),
    ],
)
def test_an_event_at_a_court_is_at_the_court(text: str, name: str, role: str) -> None:
    assert _layer(text, name) == layer_of(role)
