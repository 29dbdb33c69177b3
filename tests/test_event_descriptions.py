"""The event-description fixture, scored as a floor: a change that loses events fails here.

The figures are in-sample (the fixture was written beside the rules); the issue's bar for
held-out descriptions is lower: 0.90 get an event, 0.85 placed within 25 km where a mention
is, 0.70 of event types agree. See ``scripts/eval_descriptions.py``.

Six fresh batches stand beside it, each written in one go and scored once before any
rule was changed for it; the rules were then tuned on the misses of the first five, so only
the sixth is still held out:

- ``event_descriptions_fresh.jsonl``, first scored: event 0.872, placed 0.859, type 0.840;
- ``event_descriptions_fresh2.jsonl``, after tuning on batch 1: event 0.812, placed 0.773,
  type 0.923;
- ``event_descriptions_fresh3.jsonl``, after tuning on both: event 0.889, placed 0.844,
  type 0.875;
- ``event_descriptions_fresh4.jsonl`` (written before batch 3 was tuned on, scored after),
  after tuning on all three: event 0.966, placed 0.962, type 0.821, quiet 0.667;
- ``event_descriptions_fresh5.jsonl`` (Latin America, South and South-East Asia, the Sahel,
  the Caucasus, Europe), after tuning on four: event 0.875, placed 0.886, type 0.800,
  actor 0.800, quiet 0.500;
- ``event_descriptions_fresh6.jsonl`` (the same regions), written after tuning on batch 5
  and the misses of batch 4: event 0.906, placed 0.900, type 0.931, actor 0.897,
  quiet 0.625 (0.875 once non-events were made quiet from tables of their own);
- ``event_descriptions_fresh7.jsonl`` (20 events, 10 non-events), written before that work
  and scored once after it, held out: event 1.000, placed 1.000, type 0.900, quiet 0.800.

Their floors are what they scored when these floors were set.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

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


# The fresh batches, at what they scored: batches 1 to 5 after the rules were tuned on
# them (in-sample), batch 6 as first scored (held out).
FRESH_FLOORS = {
    "event_descriptions_fresh.jsonl": {
        "event": 0.976,
        "placed": 0.948,
        "every": 0.909,
        "type": 0.940,
        "sub_type": 0.892,
        "actor": 0.952,
        "quiet": 1.0,
    },
    "event_descriptions_fresh2.jsonl": {
        "event": 0.979,
        "placed": 0.931,
        "every": 0.909,
        "type": 0.957,
        "sub_type": 0.914,
        "actor": 0.893,
        "quiet": 1.0,
    },
    "event_descriptions_fresh3.jsonl": {
        "event": 0.972,
        "placed": 0.937,
        "every": 0.875,
        "type": 0.971,
        "sub_type": 0.942,
        "actor": 0.914,
        "quiet": 1.0,
    },
    "event_descriptions_fresh4.jsonl": {
        "event": 0.982,
        "placed": 0.981,
        "every": 0.924,
        "type": 0.964,
        "sub_type": 0.964,
        "actor": 0.964,
        "quiet": 1.0,
    },
    "event_descriptions_fresh5.jsonl": {
        "event": 0.925,
        "placed": 0.942,
        "every": 0.885,
        "type": 1.0,
        "sub_type": 0.972,
        "actor": 0.972,
        "quiet": 0.9,
    },
    "event_descriptions_fresh6.jsonl": {
        "event": 0.906,
        "placed": 0.9,
        "every": 0.8,
        "type": 0.931,
        "sub_type": 0.931,
        "actor": 0.896,
        "quiet": 0.875,
    },
    "event_descriptions_fresh7.jsonl": {
        "event": 1.0,
        "placed": 1.0,
        "every": 1.0,
        "type": 0.9,
        "sub_type": 0.9,
        "actor": 0.95,
        "quiet": 0.8,
    },
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


@pytest.fixture(scope="module")
def fresh_figures(scorer: ModuleType) -> dict[str, dict[str, float]]:
    return {name: scorer.score(FIXTURES / name)[0] for name in FRESH_FLOORS}


@pytest.mark.parametrize(
    "name, least, quiet",
    [
        ("event_descriptions_fresh.jsonl", 80, 5),
        ("event_descriptions_fresh2.jsonl", 40, 5),
        ("event_descriptions_fresh3.jsonl", 30, 4),
        ("event_descriptions_fresh4.jsonl", 50, 5),
        ("event_descriptions_fresh5.jsonl", 40, 10),
        ("event_descriptions_fresh6.jsonl", 32, 8),
    ],
)
def test_the_fresh_batches_are_wide_enough(
    scorer: ModuleType, name: str, least: int, quiet: int
) -> None:
    lines = scorer.load_fixture(FIXTURES / name)
    told = [g for g in lines if g["event_type"]]
    assert len(told) >= least and len(lines) - len(told) >= quiet
    assert len({g["country"] for g in told}) >= 25
    assert len({g["sub_event_type"] for g in told}) >= 12


@pytest.mark.parametrize(
    "name, key, floor",
    [(name, key, floor) for name, floors in FRESH_FLOORS.items() for key, floor in floors.items()],
)
def test_fresh_descriptions_score_at_least_their_floor(
    fresh_figures: dict[str, dict[str, float]], name: str, key: str, floor: float
) -> None:
    got = fresh_figures[name][key]
    assert got >= floor, f"{name}: {key} {got:.3f} < {floor}"
