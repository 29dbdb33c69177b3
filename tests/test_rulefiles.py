"""Users extend the cue words with their own rule files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.commands import main
from geomap.events.roles import role_of
from geomap.events.rules import load_role_rules

SENTENCE = "Protesters barricaded Trafalgar Square on Sunday."


def _role(sentence: str, name: str) -> str:
    start = sentence.index(name)
    return role_of(sentence, start, start + len(name), "site", load_role_rules())[0]


def test_a_user_cue_extends_the_bundled_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert _role(SENTENCE, "Trafalgar Square") == "context"
    (tmp_path / "roles.toml").write_text(
        "[cues]\nclosure = ['\\bbarricaded\\b']\n", encoding="utf-8"
    )
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    assert _role(SENTENCE, "Trafalgar Square") == "closure"
    # the bundled cues are still there
    assert _role("The palace was closed today at Clarence House.", "Clarence House") == "closure"


def test_a_misspelt_key_in_a_user_file_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roles.toml").write_text("[cues]\nclosures = ['shut']\n", encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    article = tmp_path / "a.txt"
    article.write_text("Troops guard Downing Street.", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(article)])
    assert res.exit_code == 1
    assert res.stderr.strip() == (
        f"error: {tmp_path / 'roles.toml'}: cues.closures: Extra inputs are not permitted"
    )


@pytest.mark.parametrize(
    "sentence, user_file, expected",
    [
        ("Troops patrolled London sites on Monday.", "", "context"),
        ("Troops patrolled London stations on Monday.", "", "patrol"),
        (
            "Troops patrolled London stations on Monday.",
            "[scope]\nsubplace_nouns = ['stations']\n",
            "context",
        ),
        # the user's noun is added to the bundled ones, not put in their place
        (
            "Troops patrolled London sites on Monday.",
            "[scope]\nsubplace_nouns = ['stations']\n",
            "context",
        ),
        # a preposition before the area makes it the place itself
        (
            "Troops patrolled in London stations on Monday.",
            "[scope]\nsubplace_nouns = ['stations']\n",
            "patrol",
        ),
    ],
)
def test_a_user_subplace_noun_makes_an_area_a_modifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentence: str, user_file: str, expected: str
) -> None:
    if user_file:
        (tmp_path / "roles.toml").write_text(user_file, encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    start = sentence.index("London")
    role = role_of(sentence, start, start + 6, "city", load_role_rules())[0]
    assert role == expected
