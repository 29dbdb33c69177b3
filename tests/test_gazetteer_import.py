"""``gazetteer import`` of files as spreadsheets, QGIS and geojson.io write them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geomap.cli.gazetteer import gazetteer
from geomap.gazetteer.borders import border_problems
from geomap.gazetteer.entries import USER_FILE, read_entries
from geomap.gazetteer.imports import read_import


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    folder = tmp_path / "gaz"

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(gazetteer, [*args, "--gazetteer", str(folder)])

    return invoke


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# What other tools write, and the (line, id, kind, country) of each entry an import makes.
GOOD = [
    (  # a spreadsheet: no id or kind, a lower-case country, a trailing blank line
        "sites.csv",
        "name,lat,lon,country\nOld Trafford,53.4631,-2.2913,gb\nHampden Park,55.8258,-4.2519,GB\n\n",
        [(2, "old-trafford", "site", "GB"), (3, "hampden-park", "site", "GB")],
    ),
    (  # QGIS: an fid column first, capitalised headers, a note over two lines
        "layer.csv",
        'fid,Name,Kind,lat,lon,Note\n1,Leeds Station,site,53.7950,-1.5476,"north\nentrance"\n'
        "2,Headingley,district,53.8194,-1.5800,\n",
        [(2, "leeds-station", "site", None), (4, "headingley", "district", None)],
    ),
    (  # ids given, kinds mixed, an empty cell where a value is optional
        "ids.csv",
        "id,name,kind,lat,lon,category\nmy-hq,Our HQ,site,51.5,-0.1,\nsouth,South Yard,site,50.8,"
        "-1.1,depot\n",
        [(2, "my-hq", "site", None), (3, "south", "site", None)],
    ),
]


@pytest.mark.parametrize("name, text, expected", GOOD, ids=[g[0] for g in GOOD])
def test_rows_that_other_tools_write_go_in(tmp_path: Path, name: str, text: str, expected) -> None:
    found = read_import(_file(tmp_path, name, text))
    assert found.problems() == []
    made = [(r.line, r.entry.id, r.entry.kind, r.entry.country) for r in found.rows if r.entry]
    assert made == expected


@pytest.mark.parametrize(
    "header, warned",
    [
        ("name,lat,lon", None),
        ("name,lat,lon,fid", "column 'fid' is not a gazetteer field and is ignored"),
        ("fid,name,lat,lon,colour,wkt", "columns 'colour', 'fid', 'wkt' are not gazetteer fields"),
        ("NAME,Lat,LON", None),  # a header's case is the tool's, not a new field
    ],
)
def test_extra_columns_are_ignored_with_one_warning(
    tmp_path: Path, header: str, warned: str | None
) -> None:
    cells = {"name": "Somewhere", "lat": "51.5", "lon": "-0.1"}
    row = ",".join(cells.get(c.lower(), "x") for c in header.split(","))
    found = read_import(_file(tmp_path, "x.csv", f"{header}\n{row}\n{row.replace('So', 'A')}\n"))
    assert found.problems() == []
    assert len(found.good()) == 2
    if warned is None:
        assert found.warnings == []
    else:
        [warning] = found.warnings
        assert warning.startswith(f"{tmp_path / 'x.csv'}: line 1: {warned}")


# A CSV and the problems of its rows, named by the line an editor shows (header = 1).
BAD = [
    ("name,lat,lon\nA,95,0\n", ["line 2: lat: Input should be less than or equal to 90"]),
    ("name,lat,lon\n\nA,1,2\nB,x,2\n", ["line 4: lat: Input should be a valid number, unable to "
                                         "parse string as a number"]),
    ('name,lat,lon,note\nA,1,2,"one\ntwo"\nB,1,2,3,4\n', ["line 4: 5 cells but 4 columns"]),
    ("name,lat,lon,country\nA,1,2,XX\n", ["line 2: country: unknown country code 'XX'; use ISO "
                                          "3166 alpha-2, e.g. GB"]),
    ("name,lat,lon,country\nA,1,2,GBR\n", ["line 2: country: String should match pattern "
                                           "'^[A-Z]{2}$'"]),
    ("name,lat,lon,kind\nA,1,2,town\n", ["line 2: kind: Input should be 'site', 'district', "
                                         "'city', 'region', 'country', 'continent' or 'water'"]),
    ("name,lat,lon\nCentral Station,1,2\nCentral Station,3,4\n",
     ["line 3: id: duplicate id 'central-station' (first at line 2); give each row its own id"]),
    ("lat,lon\n1,2\n", ["line 2: id: Field required", "line 2: name: Field required"]),
]  # fmt: skip


@pytest.mark.parametrize("text, problems", BAD)
def test_problems_name_the_editor_line(tmp_path: Path, text: str, problems: list[str]) -> None:
    path = _file(tmp_path, "bad.csv", text)
    assert read_import(path).problems() == [f"{path}: {p}" for p in problems]


def test_geojson_features_are_named_by_the_line_they_start_on(tmp_path: Path) -> None:
    feats = [
        {"type": "Feature", "id": 0, "geometry": {"type": "Point", "coordinates": [-0.1, 51.5]},
         "properties": {"name": "Drawn Site", "marker-color": "#f00"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.1, 95]},
         "properties": {"name": "Off The Map"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.1, 51.6]},
         "properties": {"name": "Bad Kind", "kind": "town", "stroke": 2}},
    ]  # fmt: skip
    text = json.dumps({"type": "FeatureCollection", "features": feats}, indent=2)
    path = _file(tmp_path, "drawn.geojson", text)
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, 1) if line == "    {"]
    found = read_import(path)
    assert [(r.line, r.entry.id if r.entry else None) for r in found.rows] == [
        (starts[0], "0"),
        (starts[1], None),
        (starts[2], None),
    ]
    assert found.problems() == [
        f"{path}: line {starts[1]}: features[1].geometry.coordinates: latitude 95 is outside "
        "-90..90",
        f"{path}: line {starts[2]}: features[2].properties.kind: Input should be 'site', "
        "'district', 'city', 'region', 'country', 'continent' or 'water'",
    ]
    [warning] = found.warnings
    assert warning.startswith(
        f"{path}: features: properties 'marker-color', 'stroke' are not gazetteer fields"
    )


# (lat, lon, country) and the start of the warning, or None: a point is checked against
# the outline of the country it claims, with room for the basemap's coarse coasts.
POINTS = [
    (51.5007, -0.1246, "GB", None),
    (55.9533, -3.1883, "GB", None),
    (50.4501, 30.5234, "UA", None),
    (2.0469, 45.3182, "SO", None),
    (21.3069, -157.8583, "US", None),  # Honolulu, far from the mainland
    (51.1279, 1.3134, "GB", None),  # Dover, on the coast
    (43.7384, 7.4246, "MC", None),  # Monaco: too small for the basemap, not checked
    (-0.1246, 51.5007, None, None),  # no country stated: nothing to check against
    (-0.1246, 51.5007, "GB", "-0.1246, 51.5007 is outside GB, and 51.5007, -0.1246 inside it"),
    (30.5234, 50.4501, "UA", "30.5234, 50.4501 is outside UA, and 50.4501, 30.5234 inside it"),
    (48.8566, 2.3522, "GB", "48.8566, 2.3522 is 2"),
    (40.4168, -3.7038, "FR", "40.4168, -3.7038 is 3"),
    (10.0, 120.0, "GB", "10, 120 is 11,"),
]


@pytest.mark.parametrize("lat, lon, country, warning", POINTS)
def test_points_outside_their_country(
    lat: float, lon: float, country: str | None, warning: str | None
) -> None:
    [found] = border_problems([(lat, lon, country)])
    if warning is None:
        assert found == ""
    else:
        assert found.startswith(warning)


def test_without_skip_invalid_nothing_is_imported(run, tmp_path: Path) -> None:
    path = _file(tmp_path, "mixed.csv", "name,lat,lon,country\nA,1,2,\nB,95,2,\nC,3,4,XX\nD,5,6,\n")
    result = run("import", str(path))
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"error: {path}: line 3: lat: Input should be less than or equal to 90",
            f"error: {path}: line 4: country: unknown country code 'XX'; use ISO 3166 alpha-2, "
            "e.g. GB",
            f"error: {path}: nothing imported: 2 of 4 rows have problems; fix them, or pass "
            "--skip-invalid to import the other 2",
        ],
    )
    assert not (tmp_path / "gaz" / USER_FILE).exists()
    skipped = run("import", str(path), "--skip-invalid")
    assert (skipped.exit_code, skipped.stderr.splitlines()) == (
        0,
        [
            f"warning: {path}: line 3: lat: Input should be less than or equal to 90",
            f"warning: {path}: line 4: country: unknown country code 'XX'; use ISO 3166 alpha-2, "
            "e.g. GB",
            f"Imported 2 entries into {tmp_path / 'gaz' / USER_FILE}; skipped 2 rows with "
            "problems (listed above)",
        ],
    )
    assert [e.id for e in read_entries(tmp_path / "gaz" / USER_FILE)] == ["a", "d"]


def test_a_swapped_point_is_a_warning_and_goes_in(run, tmp_path: Path) -> None:
    path = _file(tmp_path, "s.csv", "name,lat,lon,country\nOur Office,-0.1246,51.5007,GB\n")
    result = run("import", str(path))
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"warning: {path}: line 2: -0.1246, 51.5007 is outside GB, and 51.5007, -0.1246 "
            "inside it: latitude and longitude look swapped",
            f"Imported 1 entries into {tmp_path / 'gaz' / USER_FILE}",
        ],
    )


@pytest.mark.parametrize(
    "country, code, line",
    [
        ("GB", 0, None),
        ("gb", 0, None),
        ("XX", 2, "Error: Invalid value for '--country': unknown country code 'XX'; use ISO 3166 "
                  "alpha-2, e.g. GB"),
        ("FR", 0, "warning: x: 51.5, -0.1 is 1"),
    ],
)  # fmt: skip
def test_add_refuses_unknown_countries_and_warns_of_far_points(
    run, country: str, code: int, line: str | None
) -> None:
    result = run("add", "X", "--lat", "51.5", "--lon", "-0.1", "--country", country)
    assert result.exit_code == code
    if line is None:
        assert "warning" not in result.stderr
    else:
        assert any(out.startswith(line) for out in result.stderr.splitlines()), result.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask, expected", [(0o002, 0o664), (0o022, 0o644)])
def test_an_import_writes_with_the_folders_usual_mode(
    run, tmp_path: Path, umask: int, expected: int
) -> None:
    path = _file(tmp_path, "a.csv", "name,lat,lon\nA,1,2\n")
    old = os.umask(umask)
    try:
        assert run("import", str(path)).exit_code == 0
        assert run("import", str(_file(tmp_path, "b.csv", "name,lat,lon\nB,1,2\n"))).exit_code == 0
    finally:
        os.umask(old)
    for name in (USER_FILE, USER_FILE + ".bak"):
        assert stat.S_IMODE((tmp_path / "gaz" / name).stat().st_mode) == expected


# Headers as other tools write them, and the fields an import reads them as ("" ignored).
HEADERS = [
    ("name,lat,lon", ["name", "lat", "lon"]),
    ("Name,Latitude,Longitude", ["name", "lat", "lon"]),
    ("title,y,x", ["name", "lat", "lon"]),  # QGIS "geometry as XY"
    ("Place Name,LAT,LNG,Country Code", ["name", "lat", "lon", "country"]),
    ("site-name,lat_dd,lon_dd,Description", ["name", "lat", "lon", "note"]),
    ("name,lat,lon,latitude", ["name", "lat", "lon", ""]),  # the field itself wins
    ("name,latitude,lat,lon", ["name", "", "lat", "lon"]),
    ("name,latitude,y,lon", ["name", "lat", "", "lon"]),  # of two other names, the first
    ("name,lat,lon,fid,colour", ["name", "lat", "lon", "fid", "colour"]),  # unknown: as given
    ("name,lat,lon,population,pop", ["name", "lat", "lon", "population", ""]),
]


@pytest.mark.parametrize("header, fields", HEADERS)
def test_other_names_of_the_fields(header: str, fields: list[str]) -> None:
    from geomap.gazetteer.imports import ImportRules, field_names
    from geomap.rulefiles import read_rules

    assert field_names(header.split(","), read_rules(ImportRules, "import.toml"))[0] == fields


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name,lat,lon\nA,51.5,-0.1\n", (51.5, -0.1, None)),
        ("name;lat;lon;note\nA;51,5;-0,1;one, two\n", (51.5, -0.1, "one, two")),  # Excel, FR/DE
        ("name\tlat\tlon\nA\t51.5\t-0.1\n", (51.5, -0.1, None)),
        ('name;lat;lon\n"A; B";51.5;-0.1\n', (51.5, -0.1, None)),
        ("name,lat,lon,aliases\nA,51.5,-0.1,B|C\n", (51.5, -0.1, None)),  # | joins aliases
    ],
    ids=["comma", "semicolon, decimal comma", "tab", "quoted semicolon", "aliases"],
)
def test_the_separator_is_read_from_the_header(tmp_path: Path, text: str, expected) -> None:
    found = read_import(_file(tmp_path, "x.csv", text))
    assert found.problems() == [] and found.warnings == []
    [entry] = found.good()
    assert (entry.lat, entry.lon, entry.note) == expected


def test_a_comma_decimal_in_a_comma_file_is_no_number(tmp_path: Path) -> None:
    path = _file(tmp_path, "x.csv", 'name,lat,lon\nA,"51,5",-0.1\n')
    assert read_import(path).problems() == [
        f"{path}: line 2: lat: Input should be a valid number, unable to parse string as a number"
    ]


def test_a_geojson_latitude_property_never_moves_the_point(tmp_path: Path) -> None:
    feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.1, 51.5]},
            "properties": {"Title": "A", "latitude": 10, "Lat": 11, "Description": "d"}}  # fmt: skip
    path = _file(
        tmp_path, "a.geojson", json.dumps({"type": "FeatureCollection", "features": [feat]})
    )
    found = read_import(path)
    [entry] = found.good()
    assert (entry.name, entry.lat, entry.note) == ("A", 51.5, "d")
    [warning] = found.warnings
    assert warning.startswith(
        f"{path}: features: properties 'Lat', 'latitude' are not gazetteer fields"
    )


def test_users_add_names_in_their_rules_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "import.toml").write_text('[columns]\nname = ["ortsname"]\nlat = ["breite"]\n')
    monkeypatch.setenv("GEOMAP_RULES", str(rules))
    found = read_import(_file(tmp_path, "x.csv", "Ortsname;Breite;Longitude\nA;51,5;-0,1\n"))
    assert [(e.name, e.lat, e.lon) for e in found.good()] == [("A", 51.5, -0.1)]


@pytest.mark.parametrize(
    "toml, line",
    [
        ('[columns]\nlatt = ["breite"]\n', "import.toml: columns: 'latt' is not a "
                                           "gazetteer field"),
        ('[csv]\ndelimiters = ["|"]\n', "import.toml: csv.delimiters: '|': a "
                                        "separator is one character"),
        ("[colums]\n", "import.toml: colums: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_bad_rules_file_is_one_error_naming_it(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, line: str
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "import.toml").write_text(toml)
    monkeypatch.setenv("GEOMAP_RULES", str(rules))
    result = run("import", str(_file(tmp_path, "x.csv", "name,lat,lon\nA,1,2\n")))
    assert result.exit_code == 1
    [error] = result.stderr.splitlines()
    assert error.startswith(f"error: {rules}/" + line), error


def test_many_warnings_show_the_first_fifty(run, tmp_path: Path) -> None:
    rows = "".join(f"Site {i},-0.1,51.5,GB\n" for i in range(60))  # every point swapped
    result = run("import", str(_file(tmp_path, "s.csv", "name,lat,lon,country\n" + rows)))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 52
    assert lines[0].endswith("line 2: -0.1, 51.5 is outside GB, and 51.5, -0.1 inside it: "
                             "latitude and longitude look swapped")  # fmt: skip
    assert lines[50] == f"warning: {tmp_path / 's.csv'}: … and 10 more"
    assert lines[51].startswith("Imported 60 entries into ")


def test_a_geonames_dump_with_skip_invalid(run, tmp_path: Path) -> None:
    from tests.test_gazetteer_geonames import ROWS, row, write

    bad = [row(7, "Bad", "P", "PPL", 95, 30), row(8, "Nowhere", "P", "PPL", 50, 30, cc="QQ")]
    dump = write(tmp_path, "UA.txt", [ROWS[0], *bad, ROWS[1]])
    result = run("import", str(dump), "--skip-invalid")
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"warning: {dump}: line 2: latitude 95 or longitude 30 out of range",
            f"warning: {dump}: line 3: unknown country code 'QQ'",
            f"Imported 2 entries into {tmp_path / 'gaz' / USER_FILE}; skipped 2 rows with "
            "problems (listed above)",
        ],
    )
    everything_bad = write(tmp_path, "XX.txt", bad)
    result = run("import", str(everything_bad), "--skip-invalid")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"error: {everything_bad}: nothing imported: 2 of 2 rows have problems; fix them and "
        "import again",
    )
