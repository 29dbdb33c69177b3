"""Tests of geomap.cli.common: one error handler, one overwrite rule for every command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geomap.cli.common import cli_errors, refuse_overwrite, write_output
from geomap.errors import GazetteerError, GeomapError, OutputError

HANDLED = [
    # decorator, error, exit code, stderr lines
    (cli_errors, GeomapError("a.txt: empty"), 1, ["error: a.txt: empty"]),
    (cli_errors, GazetteerError("x: one\ny: two"), 1, ["error: x: one", "error: y: two"]),
    (cli_errors(prefix=""), GazetteerError("x: one\ny: two"), 1, ["x: one", "y: two"]),
    (cli_errors, OutputError(""), 1, ["error: OutputError"]),
    (cli_errors(prefix=""), None, 0, []),
]


@pytest.mark.parametrize("decorate, error, code, lines", HANDLED)
def test_errors_are_one_line_each(decorate, error, code, lines) -> None:
    @click.command()
    @decorate
    def cmd() -> None:
        if error is not None:
            raise error

    result = CliRunner().invoke(cmd, [])
    assert (result.exit_code, result.stderr.splitlines()) == (code, lines)


def test_other_errors_are_not_swallowed() -> None:
    @click.command()
    @cli_errors
    def cmd() -> None:
        raise KeyError("bug")

    result = CliRunner().invoke(cmd, [])
    assert isinstance(result.exception, KeyError)


@pytest.mark.parametrize(
    "exists, overwrite, raises",
    [(False, False, False), (True, True, False), (True, False, True)],
)
def test_refuse_overwrite(tmp_path: Path, exists: bool, overwrite: bool, raises: bool) -> None:
    out = tmp_path / "map.html"
    if exists:
        out.write_text("old", encoding="utf-8")
    if raises:
        with pytest.raises(OutputError, match="already exists; pass --overwrite"):
            refuse_overwrite(None, str(out), overwrite=overwrite)
        assert out.read_text(encoding="utf-8") == "old"
    else:
        refuse_overwrite(None, str(out), overwrite=overwrite)
        write_output(out, "new", overwrite=overwrite)
        assert out.read_text(encoding="utf-8") == "new"
