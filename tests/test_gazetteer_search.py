"""Search ranks like a person: the place a bare name most likely means comes first."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from geomap.gazetteer.index import build_index, load_index
from geomap.gazetteer.record import Record
from geomap.gazetteer.search import search_index

KEY_SITES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "key_sites.csv"


def rec(id: str, name: str, kind: str, pop: int, cc: str, *aliases: str, curated: bool = False):
    return Record(id, name, kind, None, 0.0, 0.0, cc, None, pop, None, "t", curated,
                  (name, *aliases))  # fmt: skip


SMALL = build_index(
    [
        rec("hunts", "Huntsville", "city", 215006, "US", "Twickenham"),
        rec("twick", "Twickenham", "district", 0, "GB"),
        rec("kx", "King's Cross", "city", 14082, "GB"),
        rec("kxs", "King's Cross station", "site", 0, "GB", "Kings Cross", curated=True),
        rec("sy", "New Scotland Yard", "site", 0, "GB", curated=True),
        rec("yv", "Yardville", "city", 7000, "US"),
    ]
)


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        ("Twickenham", {}, ["twick", "hunts"]),  # an old alias ranks after the name itself
        ("kings cross", {}, ["kxs", "kx"]),  # a curated alias is a name someone chose
        ("yard", {}, ["yv", "sy"]),  # name start, then a word start
        ("ard", {}, []),  # never inside a word
        ("kings cross", {"kind": "city"}, ["kx"]),
        ("twickenham", {"country": "us"}, ["hunts"]),
        ("  ", {}, []),
    ],
)
def test_search_tiers_and_filters(text: str, kwargs: dict, expected: list[str]) -> None:
    assert [r.id for r in search_index(SMALL, text, **kwargs)] == expected


WELL_KNOWN = [
    ("London", "geonames:2643743"),
    ("Paris", "geonames:2988507"),
    ("Manchester", "geonames:2643123"),
    ("Nice", "geonames:2990440"),
    ("Munich", "geonames:2867714"),
    ("Berlin", "geonames:2950159"),
    ("Brussels", "geonames:2800866"),
    # A person asking for Wembley means the place; the stadium is found by its name.
    ("Wembley", "geonames:2634549"),
    ("Westminster", "geonames:2634341"),  # the City of Westminster, not Westminster, CO
    ("Kings Cross", "kings-cross-station"),
]


@pytest.mark.parametrize("name, expected", WELL_KNOWN)
def test_well_known_names_rank_the_right_place_first(name: str, expected: str) -> None:
    assert search_index(load_index(), name, limit=1)[0].id == expected


def _right(hit: Record, row: dict[str, str]) -> bool:
    if hit.id == row["source_id"]:
        return True
    if row["kind"] == "country":  # the same country, whichever point stands for it
        return hit.kind == "country"
    return abs(hit.lat - float(row["lat"])) < 0.05 and abs(hit.lon - float(row["lon"])) < 0.05


@pytest.mark.slow
def test_key_sites_rank_first() -> None:
    if not KEY_SITES.exists():
        pytest.skip(f"{KEY_SITES} is not present (it lives in the shared folder)")
    idx = load_index()
    rows = list(csv.DictReader(KEY_SITES.open(encoding="utf-8")))
    # Whitehall (the street) is in no gazetteer layer yet: nothing can rank it first.
    missing = {"Whitehall"}
    misses = []
    start = time.perf_counter()
    for row in rows:
        hits = search_index(idx, row["name"], limit=1)
        if row["name"] not in missing and not (hits and _right(hits[0], row)):
            misses.append((row["name"], hits[0].id if hits else None))
    assert misses == []
    assert (time.perf_counter() - start) / len(rows) < 0.5


@pytest.mark.parametrize(
    "args, code, first_line",
    [
        (["Westminster", "--limit", "1"], 0,
         "geonames:2634341  district  ENG  GB  51.49750,-0.13570  City of Westminster"),
        (["Paris", "--country", "us", "--limit", "1"], 0,
         "geonames:4717560  city  TX  US  33.66094,-95.55551  Paris"),
        (["Munich", "--kind", "site", "--limit", "1"], 0,
         "airport-muc  site  -  DE  48.35380,11.78610  Munich Airport"),
    ],
)  # fmt: skip
def test_cli_search_shows_kind_region_country(
    tmp_path: Path, args: list[str], code: int, first_line: str
) -> None:
    from click.testing import CliRunner

    from geomap.cli.gazetteer import gazetteer

    result = CliRunner().invoke(gazetteer, ["search", *args, "--gazetteer", str(tmp_path)])
    assert result.exit_code == code
    assert result.stdout.splitlines()[0] == first_line


def test_cli_search_refuses_an_unknown_country(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli.gazetteer import gazetteer

    result = CliRunner().invoke(gazetteer, ["search", "Paris", "--country", "XX"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--country': unknown country code 'XX'; "
        "use ISO 3166 alpha-2, e.g. GB"
    )
