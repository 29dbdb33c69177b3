"""The event-description fixture, scored as a floor: a change that loses events fails here.

The figures are in-sample (the fixture was written beside the rules); the issue's bar for
held-out descriptions is lower: 0.90 get an event, 0.85 placed within 25 km where a mention
is, 0.70 of event types agree. See ``scripts/eval_descriptions.py``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

# What the fixture scored when these floors were set, less a little room.
FLOORS = {
    "event": 0.97,
    "placed": 0.93,
    "every": 0.86,
    "type": 0.92,
    "sub_type": 0.90,
    "actor": 0.85,
    "quiet": 0.95,
}


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module("eval_descriptions")
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def figures(scorer: ModuleType) -> dict[str, float]:
    return scorer.score()[0]


def test_the_fixture_is_wide_enough(scorer: ModuleType) -> None:
    lines = scorer.load_fixture()
    told = [g for g in lines if g["event_type"]]
    assert len(told) >= 150 and len(lines) - len(told) >= 10
    assert len({g["country"] for g in told}) >= 25
    assert len({g["sub_event_type"] for g in told}) >= 18


@pytest.mark.parametrize("key, floor", FLOORS.items())
def test_event_descriptions_score_at_least_their_floor(
    figures: dict[str, float], key: str, floor: float
) -> None:
    assert figures[key] >= floor, f"{key} {figures[key]:.3f} < {floor}"
