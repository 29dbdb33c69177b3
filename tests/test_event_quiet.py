"""Text that uses event words for no security event stays quiet (``rules/events.toml``).

Collapses, parades, drills, memorials of old attacks, hazard evacuations, sport, film and
blazes: each table holds paraphrases of how news writes them, and counter-examples where
the same words sit beside a real event, which keeps its place. The tables run the whole
pipeline, so a place must be found and resolved too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geomap
from geomap.models import Mention

QUIET = [
    # A structure gives way.
    "A five-storey building collapsed in Lagos, killing 12 people.",
    "A bridge collapsed over the river near Genoa, killing 43.",
    "The roof of a shopping mall caved in near Nairobi, killing 3 shoppers.",
    "Rescuers searched the rubble after the collapse of a residential block in Cairo.",
    "A mine shaft gave way near Kolwezi, killing 8 miners.",
    # Parades and march-pasts.
    "Troops paraded through Red Square in Moscow to mark Victory Day.",
    "The army held a military parade in Pyongyang, showing off new missiles.",
    "Thousands of soldiers marched past the president in New Delhi on Republic Day.",
    "North Korea staged a huge parade in Pyongyang with tanks and missiles.",
    # Drills and exercises.
    "Troops carried out live-fire exercises near Vladivostok.",
    "The navy conducted joint drills off Okinawa, firing missiles into the sea.",
    "Soldiers fired artillery rounds during annual military exercises near Rostov.",
    "Police staged a counter-terrorism drill at a shopping centre in Birmingham.",
    "Emergency services rehearsed their response to a mock hostage situation in Leeds.",
    "Firefighters and police simulated a bomb attack at the main station in Munich.",
    # Memorials and anniversaries of old attacks.
    "A memorial to the victims of the 2017 bombing was unveiled in Manchester.",
    "Crowds gathered in Oklahoma City to mark 30 years since the 1995 bombing.",
    "Families laid wreaths in Beslan on the anniversary of the school siege.",
    "A ceremony for the victims of the massacre was held in Srebrenica.",
    # Evacuations from a hazard.
    "Authorities evacuated villages near Wroclaw as floodwaters rose.",
    "Residents of coastal areas near Chittagong were evacuated ahead of Cyclone Mocha.",
    "Thousands were evacuated in Valencia after torrential rain and flooding.",
    "Hundreds of homes were evacuated near Athens as wildfires spread.",
    "Workers were evacuated from a plant near Houston after a chemical leak.",
    # Sport and film.
    "The striker shot wide in the first half at Wembley.",
    "Woods shot a 65 in the final round at Augusta.",
    "Argentina won the final on penalties after a shoot-out in Doha.",
    "Morocco beat Spain in a penalty shootout in Doha.",
    "Most of the film was shot in Marrakech.",
    # A blaze.
    "A fire at a hospital in Baghdad killed 82 people.",
    "A house fire in Detroit killed three children.",
    "A factory fire near Dhaka killed 17 workers.",
    "The blaze at a nightclub in Bucharest killed 64.",
]

# The same words beside a security event: the event keeps its place.
STILL_EVENTS = [
    ("A building collapsed after an air strike in Gaza City, killing 9.", "Gaza City"),
    ("A bomb exploded during a military parade in Ahvaz, killing 25.", "Ahvaz"),
    ("Gunmen attacked soldiers during a training exercise near Kunduz.", "Kunduz"),
    ("A bomb exploded in Paris on the anniversary of the attacks, injuring two.", "Paris"),
    ("Police evacuated a shopping centre in Leeds after a bomb threat.", "Leeds"),
    ("A station in London was evacuated after a suspicious package was found.", "London"),
    ("A footballer was shot dead outside a nightclub in Medellin.", "Medellin"),
    ("Protesters set fire to a police station in Minneapolis.", "Minneapolis"),
    ("A sniper shot a soldier near Avdiivka.", "Avdiivka"),
    ("Rebels fired mortar shells at an army base near Bunia.", "Bunia"),
    ("Militants blew up a bridge near Mosul.", "Mosul"),
]

# A strike by workers is a protest, not an air strike nor the closure it caused.
STRIKES = [
    ("A strike by rail workers shut down services in Paris.", "Paris"),
    ("Dockworkers went on strike in Antwerp over pay.", "Antwerp"),
    ("Teachers began a three-day strike in Nairobi.", "Nairobi"),
    ("A strike by bus drivers crippled transport in Lagos.", "Lagos"),
]


def _mentions(texts: list[str]) -> list[list[Mention]]:
    return [d.mentions for d in geomap.extract_texts(texts).documents]


@pytest.fixture(scope="module")
def found() -> dict[str, list[Mention]]:
    texts = QUIET + [s for s, _ in STILL_EVENTS + STRIKES]
    return dict(zip(texts, _mentions(texts), strict=True))


def _at(mentions: list[Mention], place: str) -> Mention:
    hits = [m for m in mentions if m.text == place and m.place is not None]
    assert hits, f"{place!r} not found: {[m.text for m in mentions]}"
    return hits[0]


@pytest.mark.parametrize("sentence", QUIET)
def test_event_words_that_tell_no_security_event_put_no_event_anywhere(
    found: dict[str, list[Mention]], sentence: str
) -> None:
    told = [(m.text, m.role) for m in found[sentence] if m.role != "context"]
    assert found[sentence] and not told


@pytest.mark.parametrize("sentence, place", STILL_EVENTS)
def test_a_real_event_beside_those_words_keeps_its_place(
    found: dict[str, list[Mention]], sentence: str, place: str
) -> None:
    assert _at(found[sentence], place).role != "context"


@pytest.mark.parametrize("sentence, place", STRIKES)
def test_a_workers_strike_is_a_protest(
    found: dict[str, list[Mention]], sentence: str, place: str
) -> None:
    m = _at(found[sentence], place)
    assert (m.role, m.event_type) == ("protest", "Protests")


# A visit to forces is no event, but it tells where they are: stationed in a town or along
# a border, present there (a deployment); at or outside a site, guarding it.
STATIONED = [
    ("The defence minister visited troops stationed in Kherson.", "Kherson", "deployment"),
    ("The prime minister met peacekeepers stationed in Goma.", "Goma", "deployment"),
    ("Some 3,000 soldiers are stationed near Rzeszow.", "Rzeszow", "deployment"),
    (
        "The president visited soldiers deployed along the border near Tawang.",
        "Tawang",
        "deployment",
    ),
    ("Soldiers were stationed at the embassy in Kabul.", "Kabul", "guard"),
    ("Police officers were stationed outside the synagogue in Manchester.", "Manchester", "guard"),
    ("Armed police were stationed in key locations across Birmingham.", "Birmingham", "guard"),
]


@pytest.mark.parametrize("sentence, place, role", STATIONED)
def test_forces_stationed_in_a_place_are_deployed_there_and_at_a_site_guard_it(
    sentence: str, place: str, role: str
) -> None:
    assert _at(_mentions([sentence])[0], place).role == role


def test_batch_7_of_event_descriptions_is_wide_enough() -> None:
    # 20 events of 20 countries and 10 non-events; the wider batches' check asks for 25.
    path = Path(__file__).resolve().parent / "fixtures" / "event_descriptions_fresh7.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    told = [g for g in lines if g["event_type"]]
    assert len(told) == 20 and len(lines) - len(told) == 10
    assert len({g["country"] for g in told}) == 20
    assert len({g["sub_event_type"] for g in told}) >= 12
