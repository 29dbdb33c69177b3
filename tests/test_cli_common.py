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


def test_a_device_at_the_output_is_written_not_replaced(tmp_path) -> None:
    import os

    from geomap.cli.common import write_output

    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    dev = tmp_path / "null"
    os.mknod(dev, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    write_output(dev, "data", overwrite=True)
    assert dev.is_char_device()


def test_a_dangling_link_at_the_output_survives(tmp_path) -> None:
    from geomap.cli.common import write_output
    from geomap.errors import OutputError

    link = tmp_path / "out.html"
    link.symlink_to(tmp_path / "nowhere" / "x.html")
    for overwrite in (False, True):
        with pytest.raises(OutputError, match="a dangling symbolic link"):
            write_output(link, "data", overwrite=overwrite)
    assert link.is_symlink()


def test_a_link_is_followed_to_its_file(tmp_path) -> None:
    from geomap.cli.common import write_output

    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "out.html"
    link.symlink_to(real)
    write_output(link, "new", overwrite=True)
    assert link.is_symlink() and real.read_text() == "new"


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path) -> None:
    from geomap.cli.common import atomic_writer
    from geomap.errors import OutputError

    out = tmp_path / "out.jsonl"
    refused = pytest.raises(OutputError, match="appeared while geomap worked")
    with refused, atomic_writer(out, overwrite=False) as fh:
        fh.write(b"ours")
        out.write_text("theirs")  # another process creates it while we write
    assert out.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
