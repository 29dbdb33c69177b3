"""Where a command writes: refused before any work when it cannot, a device written in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import geomap.pipeline
from geomap.cli.commands import main

GOOD = "Troops guard Buckingham Palace in London on 24 May 2017. Police patrol Manchester.\n"
COMMANDS = [
    ("extract", ["--format", "json"]),
    ("extract", ["--format", "geojson"]),
    ("extract", ["--format", "csv"]),
    ("extract", ["--format", "jsonl"]),
    ("map", ["--no-tiles"]),
    ("report", []),
]


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents extracted, counted: a refusal must come before the first."""
    calls: list[str] = []
    real = geomap.pipeline.extract_document

    def extract_document(text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "extract_document", extract_document)
    return calls


def run(*args: str) -> Result:
    res = CliRunner().invoke(main, list(args))
    assert "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def folder(tmp_path: Path, n: int = 3) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for k in range(n):
        (src / f"a{k}.txt").write_text(GOOD)
    return src


@pytest.mark.parametrize("command, extra", COMMANDS)
def test_an_existing_output_is_refused_before_any_document_is_read(
    tmp_path, counted, command, extra
) -> None:
    out = tmp_path / "existing.out"
    out.write_text("precious")
    res = run(command, str(folder(tmp_path)), "-o", str(out), *extra)
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {out}: already exists; pass --overwrite to replace it"
    ]
    assert counted == [] and out.read_text() == "precious"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.mkdir(), "{out}: cannot write: Is a directory"),
        (lambda p: p.symlink_to(p.parent / "gone" / "x"), "{out}: a dangling symbolic link; "
         "remove it or write elsewhere"),
        (lambda p: None, "{out}: folder {parent} does not exist"),
    ],
    ids=["directory", "dangling link", "no folder"],
)  # fmt: skip
@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
@pytest.mark.parametrize("command, extra", [COMMANDS[0], COMMANDS[3], COMMANDS[4]])
def test_an_output_that_cannot_be_written_is_refused_first(
    tmp_path, counted, command, extra, make, message, overwrite
) -> None:
    out = tmp_path / "target.out"
    if message.endswith("does not exist"):
        out = tmp_path / "missing" / "target.out"
    make(out)
    res = run(command, str(folder(tmp_path)), "-o", str(out), *extra, *overwrite)
    assert res.exit_code == 1
    assert res.stderr.splitlines() == ["error: " + message.format(out=out, parent=out.parent)]
    assert counted == []


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null")
@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
@pytest.mark.parametrize("command, extra", COMMANDS)
def test_a_character_device_is_written_without_overwrite(
    tmp_path, counted, command, extra, overwrite
) -> None:
    res = run(command, str(folder(tmp_path, 2)), "-o", os.devnull, *extra, *overwrite)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [os.devnull]
    assert len(counted) == 2
    assert Path(os.devnull).is_char_device()
