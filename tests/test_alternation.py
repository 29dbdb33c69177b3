"""The dispatched alternation finds exactly what the plain one finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.events.alternation import dispatched, first_letters, uncaptured
from geomap.events.frames import load_event_rules

WORDS = [w[2:] for g in load_event_rules().groups for w in g.words if w.startswith("\\b")]
PLAIN = re.compile("|".join(f"(?:{w})" for w in WORDS), re.I)
FAST = dispatched(WORDS, re.I)


@pytest.mark.parametrize(
    "pattern, letters",
    [
        ("shot", {"s"}),
        ("(air|drone) strikes?", {"a", "d"}),
        ("(un)?armed", {"u", "a"}),
        ("[Ss]helled", {"s"}),
        ("(?:a )?car bomb", {"a", "c"}),
        ("\\bclash", {"c"}),
        # Counter-examples: a class or a possibly empty pattern may start with anything.
        ("\\w+ fired", None),
        ("[^x]ed", None),
        ("(a)?", None),
    ],
)
def test_first_letters(pattern: str, letters: set[str] | None) -> None:
    found = first_letters(pattern)
    assert (None if found is None else set(found)) == letters


def _spans(p: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in p.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["shot", "Shelled", "air strike", "protesters", "set fire to", "x"])
        | st.text(alphabet="abcdefghilmnoprstuy ,.'-ÉéSK\u017f", max_size=12),
        max_size=12,
    )
)
def test_the_dispatched_alternation_matches_as_the_plain_one(parts: list[str]) -> None:
    text = " ".join(parts)
    assert _spans(FAST, text) == _spans(PLAIN, text)


def test_an_unanalysable_branch_falls_back_to_the_plain_alternation() -> None:
    p = dispatched(["\\w+ fired", "shot"])
    assert p.pattern == "(?:\\w+ fired)|(?:shot)"
    assert _spans(p, "he shot; they fired") == [(3, 7), (9, 19)]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("(gas|boiler) blast", "(?:gas|boiler) blast"),
        ("[(]x(?=y)(?<!z)", "[(]x(?=y)(?<!z)"),
        ("\\(a\\)", "\\(a\\)"),
        ("[]x(] (y)", "[]x(] (?:y)"),
        # A pattern that refers to a group keeps it.
        ("(a)\\1", "(a)\\1"),
    ],
)
def test_uncaptured(pattern: str, expected: str) -> None:
    assert uncaptured(pattern) == expected
    assert re.compile(uncaptured(pattern)).groups == (1 if "\\1" in pattern else 0)
