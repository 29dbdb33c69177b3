"""The resolution weights live in rules/resolve.toml, and a user's file changes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import RulesError
from geomap.gazetteer.index import build_index
from geomap.gazetteer.world import Record
from geomap.recognize.scan import find_spans
from geomap.resolve.resolution import resolve_spans
from geomap.resolve.weights import load_weights

INDEX = build_index(
    [
        Record(
            "p:uk", "London", "city", None, 51.5, -0.13, "GB", "ENG", 8961989, None, "t",
            False, ("London",),
        ),
        Record(
            "p:on", "London", "city", None, 42.98, -81.25, "CA", "08", 383822, None, "t",
            False, ("London",),
        ),
    ]
)  # fmt: skip
TEXT = "Flooding closed roads in London."


def _london(countries: tuple[str, ...] = ("CA",)) -> str:
    got = resolve_spans(find_spans(TEXT, INDEX), idx=INDEX, text=TEXT, countries=countries)
    return got[0][1].id


@pytest.mark.parametrize(
    "section, key, value",
    [
        ("prior", "country", 6.0),
        ("prior", "alternate_name", 1.5),
        ("prior", "big_capital_population", 1_000_000),
        ("context", "focus", 4.0),
        ("context", "region_qualifier", 12.0),
        ("context", "far_km", 1500.0),
        ("ranking", "sure", 2.0),
        ("ranking", "max_picks", 40),
        ("ranking", "elsewhere_km", 50.0),
    ],
)
def test_the_bundled_weights_are_the_former_constants(section: str, key: str, value: float):
    assert getattr(getattr(load_weights(), section), key) == value


@pytest.mark.parametrize(
    "user_file, expected",
    [
        ("", "p:on"),  # no user weights: a Canadian paper's London is in Ontario
        ("[context]\nfocus = 0\ntop_country = 0\n", "p:uk"),
        ("[context]\nfocus = 0\n", "p:on"),  # the top-country bonus alone still tips it
        ("[prior]\ncountry = 7\n", "p:on"),  # a weight that has no say here
    ],
)
def test_a_user_file_changes_a_weight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_file: str, expected: str
) -> None:
    if user_file:
        (tmp_path / "resolve.toml").write_text(user_file, encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    assert _london() == expected


@pytest.mark.parametrize(
    "user_file, message",
    [
        (
            "[context]\nfocuss = 1\n",
            "resolve.toml: context.focuss: Extra inputs are not permitted",
        ),
        (
            "[prior]\ncountry = 'six'\n",
            "resolve.toml: prior.country: Input should be a valid number",
        ),
        ("[priors]\ncountry = 1\n", "resolve.toml: priors: Extra inputs are not permitted"),
    ],
)
def test_a_misspelt_key_is_an_error_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_file: str, message: str
) -> None:
    (tmp_path / "resolve.toml").write_text(user_file, encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    with pytest.raises(RulesError) as err:
        load_weights()
    assert str(err.value).startswith(str(tmp_path / "resolve.toml") + ":")
    assert message in str(err.value)
