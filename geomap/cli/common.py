"""What every ``geomap`` command shares: the error handler, the options, the file writer.

Examples
--------
>>> from click.testing import CliRunner
>>> @click.command()
... @cli_errors
... def broken() -> None:
...     raise GeomapError("seeds/x.txt: not UTF-8\\nseeds/y.txt: empty")
>>> result = CliRunner().invoke(broken, [])
>>> result.exit_code, result.stderr.splitlines()
(1, ['error: seeds/x.txt: not UTF-8', 'error: seeds/y.txt: empty'])
>>> @click.command()
... @cli_errors(prefix="")
... def bare() -> None:
...     raise GeomapError("")  # no message: the error's name stands in for it
>>> CliRunner().invoke(bare, []).stderr
'GeomapError\\n'
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

import click

from geomap.errors import GeomapError, OutputError
from geomap.paths import NAME_MAX, long_part, shown
from geomap.text import printable

__all__ = [
    "atomic_writer",
    "cli_errors",
    "echo_lines",
    "format_option",
    "gazetteer_option",
    "output_option",
    "overwrite_option",
    "refuse_overwrite",
    "set_verbose",
    "verbose_option",
    "write_output",
]

F = TypeVar("F", bound=Callable[..., Any])
_VERBOSE = {"on": False}

gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_dir",
    envvar="GEOMAP_GAZETTEER",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of your own gazetteer entries [env GEOMAP_GAZETTEER; default: user data dir].",
)
overwrite_option = click.option(
    "--overwrite", is_flag=True, help="Replace the output file if it exists."
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")


def output_option(default: str | None = None, *, what: str = "File to write") -> Any:
    """``-o/--output``: the file a command writes (``None``: standard output)."""
    if default is None:
        return click.option("-o", "--output", default=None, help=f"{what} (default: stdout).")
    return click.option("-o", "--output", default=default, show_default=True, help=f"{what}.")


def set_verbose(on: bool) -> None:
    """With ``-v``, :func:`cli_errors` prints the traceback of an error too."""
    _VERBOSE["on"] = on


def echo_lines(lines: Iterable[str], *, prefix: str) -> None:
    """Each line on standard error after ``prefix`` (``"warning: "``, ``"error: "``)."""
    for line in lines:
        click.echo(f"{prefix}{printable(shown(line))}", err=True)


@overload
def cli_errors(func: F, *, prefix: str = ...) -> F: ...
@overload
def cli_errors(func: None = ..., *, prefix: str = ...) -> Callable[[F], F]: ...
def cli_errors(func: F | None = None, *, prefix: str = "error: ") -> F | Callable[[F], F]:
    """Turn geomap errors into one stderr line each and exit 1 (a traceback only with -v).

    ``prefix`` starts every line: ``error:`` for the extracting commands, nothing for
    ``geomap gazetteer``, whose lines already say which file and entry is wrong.
    """

    def decorate(f: F) -> F:
        @wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return f(*args, **kwargs)
            except GeomapError as exc:
                if _VERBOSE["on"]:
                    traceback.print_exc()
                echo_lines(str(exc).splitlines() or [type(exc).__name__], prefix=prefix)
                sys.exit(1)

        return wrapper  # type: ignore[return-value]

    return decorate if func is None else decorate(func)


def refuse_overwrite(*paths: str | None, overwrite: bool) -> None:
    """Fail before any work when an output cannot be written or exists and ``--overwrite``
    was not given. A device or a FIFO (``-o /dev/null``) is no file to replace: it is
    written in place, with or without ``--overwrite``.
    """
    for target in paths:
        if target:
            _check_target(Path(target), overwrite=overwrite)


def _check_target(out: Path, *, overwrite: bool) -> None:
    _check_name(out)
    if out.is_symlink() and not out.exists():
        raise OutputError(f"{out}: a dangling symbolic link; remove it or write elsewhere")
    if out.is_dir():
        raise OutputError(f"{out}: cannot write: Is a directory")
    if out.is_file() and not overwrite:
        raise OutputError(f"{out}: already exists; pass --overwrite to replace it")
    parent = out.parent
    if not out.exists() and not parent.is_dir():
        raise OutputError(f"{out}: folder {parent} does not exist")


@contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` only when complete (temp file + rename).

    A device or a FIFO there (``-o /dev/null``) is written in place, never replaced, and
    needs no ``overwrite``; a link is followed to its file; a dangling link is refused.
    Without ``overwrite`` the file is created exclusively: one that appears while geomap
    works is not replaced.
    """
    out = Path(path)
    _check_target(out, overwrite=overwrite)
    if out.exists() and not out.is_file():
        with _in_place(out) as fh:
            yield fh
        return
    target = out.resolve() if out.is_symlink() else out
    with _replacing(out, target, overwrite=overwrite) as fh:
        yield fh


def _check_name(out: Path) -> None:
    """A name no file system takes is one line, not an OSError from deep inside."""
    part = long_part(out)
    if part is not None:
        raise OutputError(
            f"{printable(shown(out))}: file name too long ({len(os.fsencode(part))} bytes; "
            f"at most {NAME_MAX}); choose a shorter name"
        )


def _temp_prefix(name: str) -> str:
    """``.NAME.`` cut to leave room for mkstemp's 8 random characters and ``.tmp``."""
    # A cut inside a UTF-8 character leaves bytes a file name may hold all the same.
    return "." + os.fsdecode(os.fsencode(name)[: NAME_MAX - 14]) + "."


@contextmanager
def _in_place(out: Path) -> Iterator[BinaryIO]:
    try:
        with out.open("wb") as fh:
            yield fh
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None


@contextmanager
def _replacing(out: Path, target: Path, *, overwrite: bool) -> Iterator[BinaryIO]:
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{out}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=_temp_prefix(target.name), suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    try:
        # mkstemp makes the file private; an output file gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _publish(tmp, target, out, overwrite=overwrite)
    except OutputError:
        raise  # itself an OSError: already one line that says what went wrong
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _publish(tmp: str, target: Path, out: Path, *, overwrite: bool) -> None:
    """Move the finished file into place; without ``overwrite``, only if still absent."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if a file appeared meanwhile: exclusive create
    except FileExistsError:
        raise OutputError(f"{out}: appeared while geomap worked; pass --overwrite") from None


def write_output(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool) -> Path:
    """Write a file atomically (temp file + rename); refuse to replace one silently."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, overwrite=overwrite) as fh:
        fh.write(raw)
    return Path(path)
