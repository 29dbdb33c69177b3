"""The CLI run as a user runs it, failing a test on any traceback."""

from __future__ import annotations

from click.testing import CliRunner, Result

from geomap.cli.commands import main

__all__ = ["run"]


def run(runner: CliRunner, *args: str, stdin: bytes | None = None) -> Result:
    """``geomap ARGS``: an error is a message and an exit code, never a traceback."""
    res = runner.invoke(main, list(args), input=stdin)
    assert "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res
