"""User entries are laid over the bundled gazetteer: they add names, never hide the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import geomap
from geomap.cli.commands import main as geomap_main
from geomap.gazetteer.index import _prior, build_index, name_key, overlay_index
from geomap.gazetteer.world import Record
from tests.records import record

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BASE = [
    record("london", "London", "city", 51.5, -0.12, "GB", 8_000_000),
    record("london-on", "London", "city", 42.98, -81.25, "CA", 400_000),
    record("westminster", "Westminster", "district", 51.5, -0.13, "GB", 200_000),
    record(
        "pow", "Palace of Westminster", "site", 51.4995, -0.1248, "GB", 0, "Houses of Parliament"
    ),
    record("new-york", "New York", "city", 40.7, -74.0, "US", 8_000_000, "New York City"),
    record("paris", "Paris", "city", 48.85, 2.35, "FR", 2_000_000),
]
WORDS = ["London", "Palace", "of", "Westminster", "New", "York", "Camp", "Bastion", "Gate"]


def _user(id: str, words: list[str], lat: float, lon: float) -> Record:
    return record(id, " ".join(words), "site", lat, lon, "GB", 0, curated=True)


users = st.lists(
    st.builds(
        _user,
        st.sampled_from(["london", "pow", "paris", "u1", "u2", "u3", "u4"]),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
        st.floats(-90, 90),
        st.floats(-180, 180),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(users)
def test_an_overlay_finds_every_name_a_full_build_finds(extra: list[Record]) -> None:
    """Laying entries over an index equals building the index with them, name for name."""
    base = build_index(BASE)
    laid = overlay_index(base, extra)
    full = build_index([*BASE, *extra])
    assert {k: set(v) for k, v in laid.names.items()} == {k: set(v) for k, v in full.names.items()}
    assert laid.events == full.events
    for key in (*full.names, *full.events):
        first, *rest = key.split(" ")
        # The scanner stops at a first word the table does not list: every name must be in it.
        assert laid.first_max.get(first, 0) >= len(rest) + 1, key
        assert laid.max_words >= min(8, len(rest) + 1)
    for ids in laid.names.values():
        priors = [_prior(laid.records[i]) for i in ids]
        assert priors == sorted(priors, reverse=True)


def test_an_overlay_keeps_the_base_index_untouched() -> None:
    base = build_index(BASE)
    before = (dict(base.names), dict(base.first_max), len(base.records))
    overlay_index(base, [_user("u1", ["Camp", "Bastion"], 31.86, 64.22)])
    assert (base.names, base.first_max, len(base.records)) == before
    assert name_key("Camp Bastion") not in base.names


def _sites(folder: Path) -> str:
    ex = geomap.extract([SEEDS], gazetteer=folder)
    return json.dumps(json.loads(ex.to_json())["sites"], sort_keys=True)


def _add(folder: Path, name: str, lat: float, lon: float, *extra: str) -> None:
    args = ["gazetteer", "add", name, "--lat", str(lat), "--lon", str(lon), *extra]
    result = CliRunner().invoke(geomap_main, [*args, "--gazetteer", str(folder)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seeds_sites(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _sites(tmp_path_factory.mktemp("empty"))


def test_the_seeds_sites_are_identical_with_one_user_entry(
    tmp_path: Path, seeds_sites: str
) -> None:
    """README's own example entry, which no seed names, changes nothing in the seeds' map."""
    _add(tmp_path, "Camp Bastion", 31.86, 64.22, "--kind", "site", "--category", "military")
    assert json.loads(seeds_sites), "the seeds give sites"
    assert _sites(tmp_path) == seeds_sites


def test_the_seeds_sites_are_identical_with_many_user_entries(
    tmp_path: Path, seeds_sites: str
) -> None:
    rows = ["name,lat,lon,kind,category"] + [
        f"Forward Operating Base {i},{30 + i / 10},{60 + i / 10},site,military" for i in range(60)
    ]
    (tmp_path / "bases.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert _sites(tmp_path) == seeds_sites


def test_a_user_entry_is_found_beside_the_bundled_names(tmp_path: Path) -> None:
    _add(tmp_path, "Camp Bastion", 31.86, 64.22, "--kind", "site", "--category", "military")
    text = "Troops left Camp Bastion for London, where police guarded Downing Street."
    ex = geomap.extract_texts({"a": text}, gazetteer=tmp_path)
    found = {m.text: m.place.id for m in ex.documents[0].mentions if m.place}
    assert found == {
        "Camp Bastion": "camp-bastion",
        "London": found["London"],
        "Downing Street": "downing-street",
    }
    assert ex.documents[0].mentions[1].place.country == "GB"


def test_the_csv_of_the_seeds_keeps_its_rows_after_an_add(tmp_path: Path) -> None:
    runner = CliRunner()
    csv_args = ["extract", str(SEEDS), "--format", "csv", "--gazetteer", str(tmp_path)]
    before = runner.invoke(geomap_main, csv_args)
    _add(tmp_path, "Camp Bastion", 31.86, 64.22, "--category", "military")
    after = runner.invoke(geomap_main, csv_args)
    assert before.exit_code == after.exit_code == 0
    assert len(before.stdout.splitlines()) > 20
    assert after.stdout == before.stdout
