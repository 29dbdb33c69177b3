"""Articles beyond the seeds: other attacks, other countries, other styles of writing.

The texts in ``fixtures/beyond/`` were written for these tests in the manner of wire copy,
Markdown with front matter, shouted headlines and datelines; ``expected.json`` lists what
a careful reader says of their mentions. They guard the rules against fitting the seeds
alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.api import extract

BEYOND = Path(__file__).parent / "fixtures" / "beyond"
EXPECTED = json.loads((BEYOND / "expected.json").read_text(encoding="utf-8"))["expected"]


@pytest.fixture(scope="module")
def mentions() -> dict[str, list[tuple[str, str | None, str, str | None]]]:
    ex = extract([BEYOND])
    return {
        d.id: [(m.text, m.place.id if m.place else None, m.role, m.actor) for m in d.mentions]
        for d in ex.documents
    }


@pytest.mark.parametrize(
    "case", EXPECTED, ids=[f"{c['doc']}:{c['text']}:{c['role']}" for c in EXPECTED]
)
def test_place_and_role_as_a_reader_gives_them(case: dict, mentions: dict) -> None:
    said = mentions[case["doc"]]
    assert (case["text"], case["place"], case["role"], case["actor"]) in said, [
        m for m in said if m[0] == case["text"]
    ]


def test_every_article_is_read(mentions: dict) -> None:
    assert set(mentions) == {p.stem for p in BEYOND.iterdir() if p.suffix in (".txt", ".md")}


ATTRIBUTES = json.loads((BEYOND / "expected.json").read_text(encoding="utf-8"))["attributes"]


@pytest.fixture(scope="module")
def documents() -> dict:
    return {d.id: d for d in extract([BEYOND]).documents}


@pytest.mark.parametrize("case", ATTRIBUTES, ids=[f"{c['doc']}:{c['text']}" for c in ATTRIBUTES])
def test_dates_numbers_and_events_as_a_reader_gives_them(case: dict, documents: dict) -> None:
    fields = {"date": "date", "killed": "killed", "injured": "injured",
              "personnel": "personnel", "event": "event_id"}  # fmt: skip
    told = [
        {
            k: (str(v) if (v := getattr(m, f)) is not None and k == "date" else v)
            for k, f in fields.items()
            if k in case
        }  # fmt: skip
        for m in documents[case["doc"]].mentions
        if m.text == case["text"]
    ]
    want = {k: v for k, v in case.items() if k in fields}
    assert want in told, told


def test_the_embassy_in_a_foreign_story_is_not_the_one_in_london(mentions: dict) -> None:
    # "close to the German embassy" in Kabul: the curated embassy in London is no reading.
    assert [m for m in mentions["kabul"] if m[1] == "embassy-germany"] == []
    assert not [m for m in mentions["kabul"] if m[0] == "German embassy" and m[1]]
