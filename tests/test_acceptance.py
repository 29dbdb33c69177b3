"""The acceptance bars on the seeds' gold annotations (tests/fixtures/seeds.gold.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import geomap
from geomap.evaluate import evaluate_gold
from geomap.models import layer_of

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "seeds.gold.json"


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate_gold(GOLD, docs_dir=ROOT / "seeds")


@pytest.fixture(scope="module")
def extraction() -> geomap.Extraction:
    return geomap.extract([ROOT / "seeds"])


def test_detection_and_resolution_bars(scores: dict) -> None:
    assert scores["detection"]["f1"] >= 0.97, scores["misses"]
    assert scores["resolution_accuracy"] >= 0.98, scores["misses"]


def test_role_bars(scores: dict) -> None:
    assert scores["role_accuracy_layer"] >= 0.92, scores["misses"]
    assert scores["role_accuracy_strict"] >= 0.85, scores["misses"]


def _site(ex: geomap.Extraction, name: str) -> geomap.Site:
    return next(s for s in ex.sites if s.name == name)


def test_every_gold_place_layer_is_on_the_map(extraction: geomap.Extraction) -> None:
    """Each gold (place, layer) has a site within the place's tolerance on that layer."""
    from geomap.evaluate import haversine_km

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for d in gold["documents"]:
        for m in d["mentions"]:
            if m.get("place") and m.get("literal", True) and m["role"] != "context":
                gp = gold["places"][m["place"]]
                assert any(
                    layer_of(m["role"]) in {layer_of(r) for r in s.roles}
                    and haversine_km(s.lat, s.lon, gp["lat"], gp["lon"]) <= gp["tolerance_km"]
                    for s in extraction.sites
                ), (gp["name"], m["role"])


def test_manchester_arena_incident(extraction: geomap.Extraction) -> None:
    arena = _site(extraction, "Manchester Arena")
    inc = next(e for e in arena.events if e.role == "incident")
    assert inc.date == dt.date(2017, 5, 22)
    assert (inc.killed, inc.injured) == (22, 59)


@pytest.mark.parametrize(
    "name",
    ["Buckingham Palace", "Downing Street", "Palace of Westminster", "St Stephen's Entrance"],
)
def test_military_guards(extraction: geomap.Extraction, name: str) -> None:
    site = _site(extraction, name)
    assert any(e.role == "guard" and e.actor == "military" for e in site.events)


@pytest.mark.parametrize(
    "name, role",
    [
        ("Westminster", "cordon"),
        ("Palace of Westminster", "closure"),
        ("London", "patrol"),
        ("United Kingdom", "patrol"),
        ("Manchester", "deployment"),
        ("Nice", "incident"),
        ("Paris", "incident"),
        ("Munich", "incident"),
        ("Germany", "incident"),
        ("Belgium", "incident"),
        ("France", "incident"),
        ("Palace of Westminster", "incident"),
    ],
)
def test_roles_at_sites(extraction: geomap.Extraction, name: str, role: str) -> None:
    site = next(s for s in extraction.sites if s.name in (name, f"City of {name}"))
    assert role in site.roles


def test_standby_at_wembley_and_twickenham(extraction: geomap.Extraction) -> None:
    standby = {s.name for s in extraction.sites if "standby" in s.roles}
    assert any("Wembley" in n for n in standby) and any("Twickenham" in n for n in standby)


def test_special_forces_in_manchester(extraction: geomap.Extraction) -> None:
    assert any(e.actor == "special_forces" for e in _site(extraction, "Manchester").events)


def test_past_incident_at_parliament_in_march(extraction: geomap.Extraction) -> None:
    inc = [e for e in _site(extraction, "Palace of Westminster").events if e.role == "incident"]
    assert inc and inc[0].date is not None and inc[0].date.month == 3 and inc[0].date.year == 2017


def test_threat_level_raised_to_critical(extraction: geomap.Extraction) -> None:
    levels = [t for d in extraction.documents for t in d.threat_levels]
    assert any(
        t.level == "critical" and t.changed and t.date == dt.date(2017, 5, 23) for t in levels
    )


def test_no_context_only_place_is_an_event(extraction: geomap.Extraction) -> None:
    for s in extraction.sites:
        if s.roles == ["context"]:
            assert all(e.role == "context" for e in s.events)
