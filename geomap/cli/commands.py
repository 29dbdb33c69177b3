"""The ``geomap`` command: a thin shell over the Python API.

Exit codes: 0 success; 1 bad data or input (one line per problem on stderr); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, BinaryIO

import click
from pydantic import Field

from geomap.errors import GeomapError, OutputError
from geomap.models import Strict
from geomap.sources.inputs import MAX_BYTES

__all__ = ["main", "write_output", "atomic_writer"]

_VERBOSE = {"on": False}


@contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` only when complete (temp file + rename)."""
    out = Path(path)
    if out.exists() and not overwrite:
        raise OutputError(f"{out}: already exists; pass --overwrite to replace it")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{out}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{out.name}.", suffix=".tmp")
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
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool) -> Path:
    """Write a file atomically (temp file + rename); refuse to replace one silently."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, overwrite=overwrite) as fh:
        fh.write(raw)
    return Path(path)


def _errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn geomap errors into one-line messages and exit 1 (a traceback only with -v)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeomapError as exc:
            if _VERBOSE["on"]:
                traceback.print_exc()
            for line in str(exc).splitlines() or [type(exc).__name__]:
                click.echo(f"error: {line}", err=True)
            sys.exit(1)

    return wrapper


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2017-05-24", param_hint="'--date'"
        ) from None


def _countries(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    from geomap.gazetteer.world import country_codes

    known = country_codes()
    for cc in value:
        if cc.upper() not in known:
            raise click.BadParameter(
                f"{cc!r} is not an ISO 3166 country code such as GB or CA",
                param_hint="'--country'",
            )
    return tuple(cc.upper() for cc in value)


class RunOptions(Strict):
    """The options every extracting command shares, checked once at the boundary."""

    inputs: list[str]
    gazetteer: str | None = None
    published: dt.date | None = None
    encoding: str | None = None
    geocode: bool = False
    jobs: int = Field(default=1, ge=1, le=64)
    max_bytes: int = Field(default=MAX_BYTES, ge=1)
    countries: tuple[str, ...] = ()


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared options; the command receives them as one :class:`RunOptions`."""

    @wraps(func)
    def wrapper(
        *args: Any,
        inputs: tuple[str, ...],
        gazetteer_dir: str | None,
        published: dt.date | None,
        encoding: str | None,
        geocode: bool,
        jobs: int,
        max_bytes: int | None,
        countries: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        opts = RunOptions(
            inputs=list(inputs),
            gazetteer=gazetteer_dir,
            published=published,
            encoding=encoding,
            geocode=geocode,
            jobs=jobs,
            max_bytes=max_bytes or MAX_BYTES,
            countries=countries,
        )
        return func(*args, opts=opts, **kwargs)

    shared = [
        click.argument("inputs", nargs=-1, required=True),
        click.option(
            "--gazetteer",
            "gazetteer_dir",
            envvar="GEOMAP_GAZETTEER",
            type=click.Path(file_okay=False),
            help="Folder of user gazetteer entries (default: the user-data dir).",
        ),
        click.option(
            "--date",
            "published",
            callback=_date,
            metavar="YYYY-MM-DD",
            help="Publication date for every input, e.g. 2017-05-24.",
        ),
        click.option(
            "--encoding", default=None, help="Decode inputs with this encoding instead of UTF-8."
        ),
        click.option(
            "--geocode", is_flag=True, help="Look up names the gazetteer lacks online (see README)."
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 64),
            default=1,
            help="Worker processes for large corpora.",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            callback=_countries,
            metavar="CC",
            help="Where the articles come from (ISO code, repeatable): 'London' in a Canadian"
            " paper is London, Ontario.",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(1),
            default=None,
            metavar="N",
            help="Refuse input files larger than N bytes (default: 50 MB).",
        ),
    ]
    for opt in reversed(shared):
        wrapper = opt(wrapper)
    return wrapper


def _geocoder(geocode: bool) -> Any:
    """The --geocode look-up: a warning, never a failure, when the service is down."""
    if not geocode:
        return None
    from geomap.geocode.geocoder import Geocoder, GeocoderConfig

    g = Geocoder(GeocoderConfig.from_env(enabled=True))

    def look_up(name: str) -> Any:
        try:
            return g.geocode(name)
        except GeomapError as exc:
            click.echo(f"warning: {exc}", err=True)
            return None

    return look_up


def _stream_jsonl(opts: RunOptions, output: str | None, overwrite: bool) -> None:
    """One JSON line per document as it is extracted: memory stays flat however many."""
    from geomap.api import batch_year, iter_json_lines
    from geomap.cli.progress import progress
    from geomap.gazetteer.index import load_index
    from geomap.sources.dates import publication_date
    from geomap.sources.inputs import Source, expand, iter_inputs

    files = [p for _, p in expand(opts.inputs) if p is not None]
    # The batch's year dates "May 22" in undated articles; datelines sit in the first lines.
    year = (
        opts.published.year
        if opts.published
        else batch_year(publication_date(_head(p)) for p in files)
    )
    for p in load_index(opts.gazetteer).problems:
        click.echo(f"warning: {p}", err=True)
    problems: list[str] = []

    def sources() -> Any:
        for item in iter_inputs(opts.inputs, encoding=opts.encoding, max_bytes=opts.max_bytes):
            if isinstance(item, Source):
                yield item
            else:
                problems.append(item)
                click.echo(f"error: {item}", err=True)

    lines = iter_json_lines(
        sources(),
        published=opts.published,
        year=year,
        gazetteer=opts.gazetteer,
        geocode=_geocoder(opts.geocode),
        jobs=opts.jobs,
        countries=opts.countries,
    )
    lines = progress(lines, total=len(files) or None, label="documents")
    count = 0
    if output:
        with atomic_writer(output, overwrite=overwrite) as fh:
            for line in lines:
                fh.write((line + "\n").encode("utf-8"))
                count += 1
        click.echo(output)
    else:
        for line in lines:
            click.echo(line)
            count += 1
    if not count:
        raise GeomapError("no readable input documents")
    _finish(problems)


def _head(path: Path, size: int = 2048) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _run(opts: RunOptions) -> Any:
    """Read, extract and merge: the work behind map, extract and report."""
    from geomap.api import Extraction, extract_sources
    from geomap.gazetteer.index import load_index
    from geomap.merge import merge_documents
    from geomap.sources.inputs import read_inputs

    sources, problems = read_inputs(opts.inputs, encoding=opts.encoding, max_bytes=opts.max_bytes)
    for p in problems:
        click.echo(f"error: {p}", err=True)
    for p in load_index(opts.gazetteer).problems:
        click.echo(f"warning: {p}", err=True)
    docs = extract_sources(
        sources,
        published=opts.published,
        gazetteer=opts.gazetteer,
        geocode=_geocoder(opts.geocode),
        jobs=opts.jobs,
        countries=opts.countries,
    )
    if not sources:
        raise GeomapError("no readable input documents")
    return Extraction(documents=docs, sites=merge_documents(docs), problems=problems)


def _finish(ex: Any) -> None:
    problems = ex if isinstance(ex, list) else ex.problems
    if problems:
        click.echo(f"error: {len(problems)} input(s) could not be read", err=True)
        sys.exit(1)


# Commands kept in modules of their own, imported only when they are used.
_LAZY = {"gazetteer": ("gazetteer", "gazetteer"), "evaluate": ("evaluate", "evaluate")}


class _Commands(click.Group):
    """The top-level group; ``gazetteer`` and ``evaluate`` are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY and name not in self.commands:
            from importlib import import_module

            module, attr = _LAZY[name]
            self.add_command(getattr(import_module(f".{module}", __package__), attr))
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="geomap")
def main(verbose: bool) -> None:
    """Turn news reports about security incidents into layered maps.

    \b
    Example:
        geomap map seeds/ -o maps/seeds.html --overwrite
    """
    _VERBOSE["on"] = verbose
    _log_to_stderr(verbose)


class _WarningLines(logging.Handler):
    """Library warnings (a geocoder retrying) as ``warning: …`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


def _log_to_stderr(verbose: bool) -> None:
    log = logging.getLogger("geomap")
    if not any(isinstance(h, _WarningLines) for h in log.handlers):
        log.addHandler(_WarningLines())
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    log.propagate = False


@main.command("map")
@_common
@click.option("-o", "--output", default="map.html", show_default=True, help="HTML file to write.")
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
@click.option("--title", default=None, help="Map title (default: from the inputs).")
@click.option("--cdn", is_flag=True, help="Load Leaflet from a CDN: a small, online-only file.")
@click.option("--no-tiles", is_flag=True, help="Bundled basemap only, no OpenStreetMap tiles.")
@click.option(
    "--png",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also render a PNG with headless Chromium.",
)
@_errors
def map_cmd(
    opts: RunOptions,
    output: str,
    overwrite: bool,
    title: str | None,
    cdn: bool,
    no_tiles: bool,
    png: str | None,
) -> None:
    """Draw an interactive HTML map of the places in INPUTS (files, folders or -).

    \b
    Example:
        geomap map seeds/ -o maps/seeds.html --overwrite
    """
    from geomap.output.render import build_map, map_html

    ex = _run(opts)
    for target in (output, png):
        if target and Path(target).exists() and not overwrite:
            raise OutputError(f"{target}: already exists; pass --overwrite to replace it")
    name = title or ("geomap: " + ", ".join(opts.inputs))
    m = build_map(ex.sites, documents=ex.documents, title=name, cdn=cdn, tiles=not no_tiles)
    path = write_output(output, map_html(m), overwrite=overwrite)
    click.echo(str(path))
    if png:
        from geomap.output.render import render_png

        render_png(path, png)
        click.echo(png)
    _finish(ex)


@main.command("extract")
@_common
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "geojson", "csv", "jsonl"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
@_errors
def extract_cmd(
    opts: RunOptions,
    fmt: str,
    output: str | None,
    overwrite: bool,
) -> None:
    """Extract places, roles and sites from INPUTS as JSON, GeoJSON, CSV or JSON Lines.

    \b
    Example:
        geomap extract seeds/ --format geojson -o seeds.geojson
    """
    if fmt == "jsonl":
        _stream_jsonl(opts, output, overwrite)
        return
    ex = _run(opts)
    if fmt == "json":
        data = ex.to_json()
    elif fmt == "geojson":
        data = json.dumps(ex.to_geojson(), ensure_ascii=False, indent=2)
    else:
        data = ex.to_csv()
    if output:
        click.echo(str(write_output(output, data, overwrite=overwrite)))
    else:
        click.echo(data, nl=not data.endswith("\n"))
    _finish(ex)


@main.command("report")
@_common
@click.option(
    "-o", "--output", default="report.html", show_default=True, help="HTML file to write."
)
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
@click.option("--title", default="geomap report", show_default=True, help="Report title.")
@_errors
def report_cmd(
    opts: RunOptions,
    output: str,
    overwrite: bool,
    title: str,
) -> None:
    """Write one self-contained HTML report: map, summary, timeline and evidence table.

    \b
    Example:
        geomap report seeds/ -o report.html
    """
    from geomap.output.report import build_report

    ex = _run(opts)
    if Path(output).exists() and not overwrite:
        raise OutputError(f"{output}: already exists; pass --overwrite to replace it")
    html = build_report(ex.sites, ex.documents, title=title)
    click.echo(str(write_output(output, html, overwrite=overwrite)))
    _finish(ex)
