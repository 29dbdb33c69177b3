"""Writing the user gazetteer fails whole: one ``error:`` line, the old file intact.

A broken ``user.geojson`` is named once and every other command still answers from the
world and bundled places.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.commands import main as geomap_main
from geomap.cli.gazetteer import gazetteer
from geomap.gazetteer.entries import USER_FILE

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OLD = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-0.1, 51.5]},
                "properties": {"id": "old", "name": "Old Site", "kind": "site"},
            }
        ],
    }
)


def _fail(err: int):
    def raiser(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err))

    return raiser


def _write_csv(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("id,name,lat,lon\nnew,New Site,51.6,-0.2\n", encoding="utf-8")
    return path


# (what breaks, the patched call, errno, the expected error line after the file's path)
FAILURES = [
    ("read-only folder", "tempfile.mkstemp", errno.EACCES, "cannot write (Permission denied)"),
    ("full disk", "os.fsync", errno.ENOSPC, "cannot write (No space left on device)"),
    ("read-only file system", "os.replace", errno.EROFS, "cannot write (Read-only file system)"),
]


@pytest.mark.parametrize("command", ["add", "import"])
@pytest.mark.parametrize("what, target, err, message", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_write_is_one_error_line_and_loses_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    what: str,
    target: str,
    err: int,
    message: str,
) -> None:
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / USER_FILE).write_text(OLD, encoding="utf-8")
    source = _write_csv(tmp_path)
    args = (
        ["add", "New Site", "--lat", "51.6", "--lon", "-0.2"]
        if command == "add"
        else ["import", str(source)]
    )
    module, name = target.split(".")
    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, _fail(err))
    result = CliRunner().invoke(gazetteer, [*args, "--gazetteer", str(folder)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [f"error: {folder / USER_FILE}: {message}; the file is unchanged"],
    )
    assert (folder / USER_FILE).read_text(encoding="utf-8") == OLD
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: p.parent.write_text("a file, not a folder"), "Not a directory"),
        (lambda p: None, None),  # a missing folder is made
    ],
    ids=["a file in the way", "missing"],
)
def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path, make, reason: str | None) -> None:
    folder = tmp_path / "shared" / "team"
    make(folder)
    result = CliRunner().invoke(
        gazetteer, ["add", "X", "--lat", "1", "--lon", "2", "--gazetteer", str(folder)]
    )
    if reason is None:
        assert result.exit_code == 0, result.stderr
        assert (folder / USER_FILE).is_file()
    else:
        assert (result.exit_code, result.stderr.splitlines()) == (
            1,
            [f"error: {folder}: cannot create the gazetteer folder ({reason})"],
        )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / USER_FILE).write_text(OLD, encoding="utf-8")
    (folder / (USER_FILE + ".lock")).touch()
    folder.chmod(0o555)
    try:
        result = CliRunner().invoke(
            gazetteer, ["add", "X", "--lat", "1", "--lon", "2", "--gazetteer", str(folder)]
        )
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert (folder / USER_FILE).read_text(encoding="utf-8") == OLD


BROKEN = [
    ("deeply nested", "[" * 100_000 + "]" * 100_000, "nested too deeply to be a gazetteer file"),
    ("not JSON", '{"type": "FeatureCollection", "features": [', "Expecting value"),
    ("a huge number", '{"type": "FeatureCollection", "features": [' + "1" * 5000 + "]}",
     "Exceeds the limit"),
    ("not a collection", '"just a string"', "expected a GeoJSON FeatureCollection"),
]  # fmt: skip


@pytest.fixture(params=BROKEN, ids=[b[0] for b in BROKEN])
def broken(request, tmp_path: Path) -> tuple[Path, str]:
    _, text, fragment = request.param
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / USER_FILE).write_text(text, encoding="utf-8")
    return folder, fragment


def test_a_broken_user_file_is_named_and_search_still_answers(broken) -> None:
    folder, fragment = broken
    result = CliRunner().invoke(
        gazetteer, ["search", "Buckingham Palace", "--gazetteer", str(folder)]
    )
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(f"warning: {folder / USER_FILE}: ") and fragment in warning
    assert result.stdout.startswith("buckingham-palace ")


def test_a_broken_user_file_leaves_extract_working(broken) -> None:
    folder, fragment = broken
    result = CliRunner().invoke(
        geomap_main, ["extract", str(SEEDS), "--format", "csv", "--gazetteer", str(folder)]
    )
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: ")] == [
        line for line in result.stderr.splitlines() if str(folder / USER_FILE) in line
    ]
    assert "Manchester Arena" in result.stdout


def test_a_broken_user_file_is_never_overwritten(broken) -> None:
    folder, fragment = broken
    before = (folder / USER_FILE).read_bytes()
    result = CliRunner().invoke(
        gazetteer, ["add", "X", "--lat", "1", "--lon", "2", "--gazetteer", str(folder)]
    )
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {folder / USER_FILE}: ") and fragment in line
    assert (folder / USER_FILE).read_bytes() == before
