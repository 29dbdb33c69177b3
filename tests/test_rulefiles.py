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
        ("A sinkhole killed two people in Leeds.", "", "incident"),
        ("A sinkhole killed two people in Leeds.", "[scope]\nhazards = ['\\bsinkhole']\n", "context"),
        # the user's words are added to the bundled ones, not put in their place
        ("An earthquake killed two people in Leeds.", "[scope]\nhazards = ['\\bsinkhole']\n",
         "context"),
    ],
)  # fmt: skip
def test_a_user_hazard_is_added_to_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentence: str, user_file: str, expected: str
) -> None:
    if user_file:
        (tmp_path / "roles.toml").write_text(user_file, encoding="utf-8")
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    start = sentence.index("Leeds")
    role = role_of(sentence, start, start + 5, "city", load_role_rules())[0]
    assert role == expected
