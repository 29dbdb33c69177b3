"""GeoNames dumps: streamed, filtered by feature class, found by the next extract."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.gazetteer import gazetteer
from geomap.gazetteer.entries import USER_FILE, read_entries


def row(gid: int, name: str, fclass: str, fcode: str, lat: float, lon: float, pop: int = 0,
        cc: str = "UA", alt: str = "") -> str:  # fmt: skip
    cols = [str(gid), name, name, alt, str(lat), str(lon), fclass, fcode, cc, "", "12", "",
            "", "", str(pop), "", "100", "Europe/Kyiv", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


ROWS = [
    row(90000001, "Zhovtnevkivka", "P", "PPL", 50.1, 30.9, 310),
    row(90000002, "Kyivska oblast", "A", "ADM1", 50.3, 30.6, 1_700_000),
    row(90000003, "Ozero Quux", "H", "LK", 50.2, 30.7),
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    text = "\n".join(lines) + "\n"
    path = tmp_path / name
    if name.endswith(".zip"):
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("UA.txt", text)
            zf.writestr("readme.txt", "not data")
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, classes, expected",
    [
        ("UA.txt", None, ["geonames:90000001", "geonames:90000002", "geonames:90000003"]),
        ("UA.zip", "P", ["geonames:90000001"]),
        ("UA.zip", "p,A", ["geonames:90000001", "geonames:90000002"]),
        ("UA.txt", "S", []),
    ],
)
def test_import_geonames_dump(tmp_path: Path, name: str, classes: str | None, expected) -> None:
    dump = write(tmp_path, name, ROWS)
    user = tmp_path / "gaz"
    args = ["import", str(dump), "--gazetteer", str(user)]
    result = CliRunner().invoke(
        gazetteer, [*args, *(["--feature-class", classes] if classes else [])]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Imported {len(expected)} entries into {user / USER_FILE}\n"
    entries = read_entries(user / USER_FILE) if expected else []
    assert sorted(e.id for e in entries) == expected
    if expected:
        assert {e.id: e.kind for e in entries}["geonames:90000001"] == "city"


def test_a_bad_line_is_named_and_nothing_imported(tmp_path: Path) -> None:
    dump = write(tmp_path, "UA.txt", [ROWS[0], ROWS[1], row(7, "Bad", "P", "PPL", 95, 30)])
    user = tmp_path / "gaz"
    result = CliRunner().invoke(gazetteer, ["import", str(dump), "--gazetteer", str(user)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {dump}: line 3: latitude 95 or longitude 30 out of range",
        f"error: {dump}: nothing imported: 1 of 3 rows have problems; fix them, or pass "
        "--skip-invalid to import the other 2",
    ]
    assert not (user / USER_FILE).exists()


def test_the_next_extract_finds_the_village(tmp_path: Path) -> None:
    from geomap.cli.commands import main as geomap_main

    user = tmp_path / "gaz"
    dump = write(tmp_path, "UA.zip", ROWS)
    assert (
        CliRunner().invoke(gazetteer, ["import", str(dump), "--gazetteer", str(user)]).exit_code
        == 0
    )
    article = tmp_path / "a.txt"
    article.write_text("Shelling hit Zhovtnevkivka overnight, officials said.", encoding="utf-8")
    result = CliRunner().invoke(geomap_main, ["extract", str(article), "--gazetteer", str(user)])
    assert result.exit_code == 0
    mentions = json.loads(result.stdout)["documents"][0]["mentions"]
    assert "Zhovtnevkivka" in [m["text"] for m in mentions]


@pytest.mark.slow
def test_100001_rows_import_in_under_a_minute_and_load_warm(tmp_path: Path) -> None:
    from geomap.cli.commands import main as geomap_main
    from geomap.gazetteer import index

    lines = [row(80_000_000 + i, f"Selo{i:06d}", "P", "PPL", 48 + i % 400 / 100, 30 + i % 500 / 100)
             for i in range(100_000)]  # fmt: skip
    lines.insert(56_789, ROWS[0])  # the village the article names, deep in the file
    dump = write(tmp_path, "UA.txt", lines)
    user = tmp_path / "g"
    start = time.perf_counter()
    result = CliRunner().invoke(gazetteer, ["import", str(dump), "--gazetteer", str(user)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Imported 100001 entries into {user / USER_FILE}\n"
    assert time.perf_counter() - start < 60

    article = tmp_path / "a.txt"
    article.write_text("Shelling hit Zhovtnevkivka overnight, officials said.", encoding="utf-8")
    found = CliRunner().invoke(geomap_main, ["extract", str(article), "--gazetteer", str(user)])
    assert found.exit_code == 0, found.stderr
    [mention] = json.loads(found.stdout)["documents"][0]["mentions"]
    assert (mention["text"], mention["place"]["id"]) == ("Zhovtnevkivka", "geonames:90000001")

    # The next command reads the user's layer from the overlay cache the extract wrote:
    # forget what this process holds of it and time that load.
    for key in [k for k in index._LOADED if k.startswith("stamp:")]:
        del index._LOADED[key]
    cpu = time.process_time()
    idx = index.load_index(user)
    assert time.process_time() - cpu < 2
    assert idx.get("geonames:80099999") is not None and idx.get("geonames:90000001") is not None
