"""Publication dates and relative dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.sources.dates import front_matter_date, publication_date, resolve_when, sidecar_date

PUB = dt.date(2017, 5, 24)  # a Wednesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("News   •   May 24, 2017 20:15 BST\n\nBody", dt.date(2017, 5, 24)),
        ("Published 24 May 2017\nBody", dt.date(2017, 5, 24)),
        ("2017-05-24T20:15:00Z\nBody", dt.date(2017, 5, 24)),
        ("No date at the top.", None),
    ],
)
def test_publication_date(text: str, expected: dt.date | None) -> None:
    assert publication_date(text) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("on Monday night (May 22)", (dt.date(2017, 5, 22), 1)),
        ("Operation Temperer was activated on Tuesday night", (dt.date(2017, 5, 23), 1)),
        ("The palace is closed today", (PUB, 1)),
        ("The attack happened yesterday", (dt.date(2017, 5, 23), 1)),
        ("murdered outside Parliament in March", (dt.date(2017, 3, 1), 3)),
        ("a shooting in December", (dt.date(2016, 12, 1), 3)),
        ("an attack last week", (dt.date(2017, 5, 17), 2)),
        ("on 14 July 2016 a truck", (dt.date(2016, 7, 14), 1)),
        ("nothing dated here", (None, None)),
    ],
)
def test_resolve_when(sentence: str, expected: tuple[dt.date | None, int | None]) -> None:
    assert resolve_when(sentence, PUB) == expected


def test_weekday_pins_the_year_without_a_publication_date() -> None:
    assert resolve_when("on Monday night (May 22)", None, 2016) == (dt.date(2017, 5, 22), 1)
    assert resolve_when("on Monday night", None, 2017) == (None, None)


def test_front_matter_and_sidecar(tmp_path: Path) -> None:
    assert front_matter_date("---\ntitle: x\ndate: 2017-05-24\n---\nBody") == PUB
    art = tmp_path / "a.txt"
    art.write_text("Body", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2017-05-24T10:00:00Z"}', encoding="utf-8")
    assert sidecar_date(art) == PUB
