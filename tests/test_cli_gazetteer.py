"""Tests of ``geomap gazetteer``: exit codes and the exact lines a user reads."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from geomap.cli.gazetteer import gazetteer
from geomap.gazetteer.entries import USER_FILE, read_entries
from geomap.models import Place

USAGE_LINES = 3  # "Usage: …", "Try … for help.", ""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(gazetteer, [*args, "--gazetteer", str(tmp_path)])

    return invoke


def user_ids(folder: Path) -> list[str]:
    return [e.id for e in read_entries(folder / USER_FILE)]


@pytest.mark.parametrize("command", sorted(gazetteer.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    cmd = gazetteer.commands[command]
    lines = [line.strip() for line in (cmd.help or "").strip().splitlines()]
    assert lines and lines[0].endswith(".") and lines[0][0].isupper()
    assert lines[lines.index("Example:") - 1] == "\b"
    example = lines[lines.index("Example:") + 1]
    assert example.startswith(f"geomap gazetteer {command}")
    result = CliRunner().invoke(gazetteer, [command, "--help"])
    assert result.exit_code == 0 and example in result.output


BAD_FLAGS = [
    (
        ["add", "X", "--lat", "95", "--lon", "0"],
        "Error: Invalid value for '--lat': 95.0 is not in the range -90<=x<=90.",
    ),
    (["add", "X", "--lat", "1"], "Error: Missing option '--lon'."),
    (["add", "X"], "Error: Missing option '--lat'."),
    (
        ["add", " ", "--lat", "1", "--lon", "2"],
        "Error: Invalid value for 'NAME': must not be empty",
    ),
    (
        ["add", "X", "--geocode", "--lat", "1"],
        "Error: Invalid value for '--geocode': cannot be combined with --lat/--lon",
    ),
    (
        ["add", "X", "--lat", "1", "--lon", "2", "--country", "GBR"],
        "Error: Invalid value for '--country': 'GBR' is not a two-letter code such as GB",
    ),
    (
        ["add", "X", "--lat", "1", "--lon", "2", "--id", "bad id"],
        "Error: Invalid value for '--id': 'bad id' must be letters, digits and - _ . : "
        "(starting with a letter or digit)",
    ),
    (
        ["add", "!!!", "--lat", "1", "--lon", "2"],
        "Error: Invalid value for 'NAME': cannot make an id from it; give --id",
    ),
    (
        ["add", "X", "--lat", "1", "--lon", "2", "--parent", "nowhere"],
        "Error: Invalid value for '--parent': no entry with id 'nowhere'",
    ),
    (
        ["add", "X", "--lat", "1", "--lon", "2", "--kind", "town"],
        "Error: Invalid value for '--kind': 'town' is not one of 'site', 'district', 'city', "
        "'region', 'country', 'continent', 'water'.",
    ),
    (
        ["add", "Big Ben", "--lat", "1", "--lon", "2"],
        "Error: Invalid value for 'NAME': 'Big Ben' is an alias of elizabeth-tower; "
        "add an alias to it instead",
    ),
    (
        ["add", "Foo", "--lat", "1", "--lon", "2", "--alias", "Buckingham Palace"],
        "Error: Invalid value for '--alias': 'Buckingham Palace' is the name of buckingham-palace",
    ),
    (
        ["show", "buckingham-palce"],
        "Error: Invalid value for 'ID': no entry with id 'buckingham-palce'; "
        "did you mean buckingham-palace, buckingham-palace-road, kensington-palace?",
    ),
    (
        ["remove", "nothing-here"],
        "Error: Invalid value for 'ID': no user entry with id 'nothing-here'",
    ),
    (
        ["import", "no-such-file.csv"],
        "Error: Invalid value for 'FILE': File 'no-such-file.csv' does not exist.",
    ),
    (
        ["list", "--format", "xml"],
        "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'.",
    ),
    (
        ["search", "x", "--limit", "0"],
        "Error: Invalid value for '--limit': 0 is not in the range x>=1.",
    ),
]


@pytest.mark.parametrize("args, line", BAD_FLAGS, ids=[" ".join(a) for a, _ in BAD_FLAGS])
def test_bad_flags_exit_2_naming_the_flag(run, args: list[str], line: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[USAGE_LINES:] == [line]


def test_add_list_show_search_remove(run, tmp_path: Path) -> None:
    result = run(
        "add",
        "Clapham Common",
        "--lat",
        "51.4618",
        "--lon",
        "-0.1384",
        "--kind",
        "district",
        "--alias",
        "the Common",
        "--parent",
        "geonames:2643743",
        "--country",
        "gb",
        "--event",
        "Clapham Fair",
    )
    assert (result.exit_code, result.stderr) == (
        0,
        f"Added clapham-common to {tmp_path / USER_FILE}\n",
    )
    [entry] = read_entries(tmp_path / USER_FILE)
    assert (entry.name, entry.aliases, entry.kind, entry.country, entry.events, entry.source) == (
        "Clapham Common",
        ["the Common"],
        "district",
        "GB",
        ["Clapham Fair"],
        "user",
    )

    listed = json.loads(run("list", "--format", "json").stdout)
    assert {"id", "name", "kind", "category", "country", "lat", "lon", "source"} <= set(listed[0])
    assert "clapham-common" in [e["id"] for e in listed] and len(listed) >= 500

    shown = run("show", "clapham-common")
    assert shown.exit_code == 0
    assert "location:  51.4618, -0.1384" in shown.stdout.splitlines()
    assert f"file:      {tmp_path / USER_FILE}: features[0]" in shown.stdout.splitlines()
    assert json.loads(run("show", "clapham-common", "--format", "json").stdout)["lat"] == 51.4618

    found = json.loads(run("search", "the common", "--format", "json").stdout)
    assert found[0]["id"] == "clapham-common"

    assert run("remove", "clapham-common").exit_code == 0
    assert user_ids(tmp_path) == []


DATA_ERRORS = [
    (
        ["add", "Buckingham Palace", "--lat", "1", "--lon", "2"],
        [
            "error: 'buckingham-palace' is a bundled entry (gazetteer/uk_sites.geojson: "
            "features[0]); override it with --replace or choose another --id"
        ],
    ),
    (
        ["remove", "buckingham-palace"],
        [
            "error: 'buckingham-palace' is a bundled entry (gazetteer/uk_sites.geojson: "
            "features[0]); only your own entries can be removed"
        ],
    ),
]


@pytest.mark.parametrize("args, lines", DATA_ERRORS, ids=["add bundled", "remove bundled"])
def test_data_problems_exit_1_one_line_each(run, args: list[str], lines: list[str]) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr.splitlines()) == (1, lines)


def test_add_twice_needs_replace(run, tmp_path: Path) -> None:
    assert run("add", "Foo", "--lat", "1", "--lon", "2").exit_code == 0
    again = run("add", "Foo", "--lat", "3", "--lon", "4")
    assert (again.exit_code, again.stderr) == (
        1,
        f"error: {tmp_path / USER_FILE}: id 'foo' already exists; replace it with --replace\n",
    )
    assert run("add", "Foo", "--lat", "3", "--lon", "4", "--replace").exit_code == 0
    assert read_entries(tmp_path / USER_FILE)[0].lat == 3


def test_override_of_a_bundled_entry_with_replace(run, tmp_path: Path) -> None:
    result = run("add", "Buckingham Palace", "--lat", "51.5", "--lon", "-0.14", "--replace")
    assert result.exit_code == 0
    shown = json.loads(run("show", "buckingham-palace", "--format", "json").stdout)
    assert (shown["lat"], shown["source"]) == (51.5, "user")


FIELDS = (
    "fields: id, name, aliases, kind, category, lat, lon, parent, country, population, "
    "geonameid, events, footprint, source, licence, note"
)
# (file, text, exit code, what validate says, what import says): validate checks a file
# as a gazetteer folder reads it; import takes what other tools write, naming file lines.
IMPORTS = [
    ("ok.csv", "id,name,kind,lat,lon\na,A,site,1,2\nb,B,site,3,4\n", 0, [], []),
    (
        "bad.csv",
        "id,name,kind,lat,lon,colour\na,A,site,95,2,red\n",
        1,
        [
            "{path}: columns: 'colour' is not a gazetteer field (fields: id, name, aliases, kind, "
            "category, lat, lon, parent, country, population, geonameid, events, footprint, source, "
            "licence, note)",
            "{path}: rows[0].lat: Input should be less than or equal to 90",
        ],
        [
            f"warning: {{path}}: line 1: column 'colour' is not a gazetteer field and is ignored "
            f"({FIELDS})",
            "error: {path}: line 2: lat: Input should be less than or equal to 90",
            "error: {path}: nothing imported: 1 of 1 rows have problems; fix them and import again",
        ],
    ),
    (
        "bad.geojson",
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [0, 95]},
                        "properties": {"id": "a", "name": "A", "kind": "site"},
                    },
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [0, 1]},
                        "properties": {
                            "id": "b",
                            "name": "B",
                            "kind": "site",
                            "parent": "nowhere",
                            "aliases": ["Big Ben", "Elizabeth Tower"],
                        },
                    },
                ],
            }
        ),
        1,
        [
            "{path}: features[0].geometry.coordinates: latitude 95 is outside -90..90",
            "{path}: features[1].properties.parent: unknown parent 'nowhere'",
            "{path}: features[1].properties.aliases: 'Elizabeth Tower' is the name of elizabeth-tower",
        ],
        [
            "error: {path}: line 1: features[0].geometry.coordinates: latitude 95 is outside "
            "-90..90",
            "error: {path}: line 1: features[1].properties.parent: unknown parent 'nowhere'",
            "error: {path}: line 1: features[1].properties.aliases: 'Elizabeth Tower' is the name "
            "of elizabeth-tower",
            "error: {path}: nothing imported: 2 of 2 rows have problems; fix them and import again",
        ],
    ),
]


@pytest.mark.parametrize(
    "name, text, code, lines, import_lines", IMPORTS, ids=[i[0] for i in IMPORTS]
)
def test_import_and_validate(
    run,
    tmp_path: Path,
    name: str,
    text: str,
    code: int,
    lines: list[str],
    import_lines: list[str],
) -> None:
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    expected = [line.format(path=path) for line in lines]
    validated = run("validate", str(path))
    assert (validated.exit_code, validated.stderr.splitlines()) == (
        code,
        expected or [f"OK: {path}"],
    )
    imported = run("import", str(path))
    assert (imported.exit_code, imported.stderr.splitlines()) == (
        code,
        [line.format(path=path) for line in import_lines]
        or [f"Imported 2 entries into {tmp_path / USER_FILE}"],
    )
    assert (tmp_path / USER_FILE).exists() == (code == 0)


def test_import_over_bundled_entries_needs_replace(run, tmp_path: Path) -> None:
    path = tmp_path / "in" / "in.csv"  # not in the user folder itself, which is loaded
    path.parent.mkdir()
    path.write_text("id,name,kind,lat,lon\nbuckingham-palace,Buckingham Palace,site,51.5,-0.14\n")
    result = run("import", str(path))
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"error: {path}: 'buckingham-palace' would override bundled entries; "
            "pass --replace to do so"
        ],
    )
    assert run("import", str(path), "--replace").exit_code == 0
    assert user_ids(tmp_path) == ["buckingham-palace"]


def test_validate_reports_the_user_folder(run, tmp_path: Path) -> None:
    assert run("validate").exit_code == 0
    (tmp_path / "mine.csv").write_text("id,name,kind,lat,lon\nx,X,site,1,200\n")
    result = run("validate")
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [f"{tmp_path / 'mine.csv'}: rows[0].lon: Input should be less than or equal to 180"],
    )


def test_gazetteer_dir_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tmp_path))
    result = CliRunner().invoke(gazetteer, ["add", "Env Place", "--lat", "1", "--lon", "2"])
    assert result.exit_code == 0 and user_ids(tmp_path) == ["env-place"]


@pytest.mark.parametrize(
    "args, first",
    [
        (["search", "Scotland Yard"], "new-scotland-yard"),
        (["search", "Houses of Parliament"], "palace-of-westminster"),
        (["search", "MEN Arena"], "manchester-arena"),
        (["search", "Kings Cross"], "kings-cross-station"),
        (["list", "--category", "parliament_entrance"], "black-rods-garden-entrance"),
    ],
)
def test_text_output_puts_the_id_first(run, args: list[str], first: str) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout.split()[0] == first


class FakeGeocoder:
    """Stands in for geomap.geocode.geocoder.Geocoder: answers from a table, never the network."""

    answers = {
        "Clapham Common": Place(
            id="osm:1",
            name="Clapham Common, London",
            kind="district",
            lat=51.46,
            lon=-0.14,
            country="GB",
            source="nominatim",
        )
    }

    def __init__(self, config: object) -> None:
        self.config = config

    def geocode(self, name: str) -> Place | None:
        return self.answers.get(name)


class FakeConfig:
    @classmethod
    def from_env(cls, enabled: bool | None = None) -> FakeConfig:
        assert enabled is True
        return cls()


@pytest.fixture
def fake_geocode(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("geomap.geocode.geocoder")
    module.Geocoder, module.GeocoderConfig = FakeGeocoder, FakeConfig  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "geomap.geocode.geocoder", module)


@pytest.mark.usefixtures("fake_geocode")
@pytest.mark.parametrize(
    "args, code, stderr, saved",
    [
        (
            ["Clapham Common", "--geocode"],
            0,
            [
                "Found: Clapham Common, London (district) at 51.46000, -0.14000 [nominatim]",
                "Not saved: run again with --yes to save it.",
            ],
            False,
        ),
        (
            ["Clapham Common", "--geocode", "--yes"],
            0,
            [
                "Found: Clapham Common, London (district) at 51.46000, -0.14000 [nominatim]",
                "Added clapham-common to {user}",
            ],
            True,
        ),
        (
            ["Atlantis", "--geocode", "--yes"],
            1,
            ["error: no geocoder match for 'Atlantis'; give --lat and --lon instead"],
            False,
        ),
    ],
)
def test_add_with_geocode(
    run, tmp_path: Path, args: list[str], code: int, stderr: list[str], saved: bool
) -> None:
    result = run("add", *args)
    assert result.exit_code == code
    assert result.stderr.splitlines() == [s.format(user=tmp_path / USER_FILE) for s in stderr]
    assert (tmp_path / USER_FILE).exists() == saved
    if saved:
        [entry] = read_entries(tmp_path / USER_FILE)
        assert (entry.kind, entry.source, entry.licence) == (
            "district",
            "geocoder: nominatim",
            "ODbL-1.0 (© OpenStreetMap contributors)",
        )


def test_group_is_a_click_group() -> None:
    assert isinstance(gazetteer, click.Group) and gazetteer.name == "gazetteer"
    assert set(gazetteer.commands) == {
        "add",
        "import",
        "list",
        "show",
        "search",
        "remove",
        "validate",
    }


def test_a_site_added_is_found_by_the_next_extract(tmp_path: Path) -> None:
    """The user gazetteer feeds recognition: add a site, extract an article naming it."""
    from geomap.cli.commands import main as geomap_main

    runner = CliRunner()
    folder = tmp_path / "team-gazetteer"
    article = tmp_path / "a.txt"
    article.write_text("Soldiers were stationed at Camp Qwertyhold overnight.", encoding="utf-8")
    before = runner.invoke(geomap_main, ["extract", str(article), "--gazetteer", str(folder)])
    assert before.exit_code == 0
    assert "Camp Qwertyhold" not in [
        m["text"] for m in json.loads(before.stdout)["documents"][0]["mentions"]
    ]
    added = runner.invoke(
        geomap_main,
        [
            "gazetteer",
            "add",
            "Camp Qwertyhold",
            "--lat",
            "51.3",
            "--lon",
            "-0.7",
            "--category",
            "military",
            "--gazetteer",
            str(folder),
        ],
    )
    assert added.exit_code == 0, added.output
    after = runner.invoke(geomap_main, ["extract", str(article), "--gazetteer", str(folder)])
    (m,) = [
        m
        for m in json.loads(after.stdout)["documents"][0]["mentions"]
        if m["text"] == "Camp Qwertyhold"
    ]
    assert (m["place"]["lat"], m["place"]["lon"], m["role"]) == (51.3, -0.7, "guard")
