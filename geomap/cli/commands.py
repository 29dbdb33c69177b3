"""The ``geomap`` command: a thin shell over the Python API.

Exit codes: 0 success; 1 bad data or input (one line per problem on stderr); 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from pydantic import Field

from geomap.cli.common import (
    atomic_writer,
    cli_errors,
    echo_lines,
    gazetteer_option,
    output_option,
    overwrite_option,
    refuse_overwrite,
    set_verbose,
    verbose_option,
    write_output,
)
from geomap.errors import GeomapError
from geomap.models import Strict
from geomap.sources.dates import checked_date
from geomap.sources.inputs import MAX_BYTES
from geomap.text import printable

__all__ = ["main", "RunOptions"]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2017-05-24", param_hint="'--date'"
        ) from None
    try:
        return checked_date(day)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--date'") from None


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from geomap.sources.inputs import check_encoding

    try:
        return None if value is None else check_encoding(value)
    except GeomapError as exc:
        why = str(exc).split(": ", 1)[1]
        raise click.BadParameter(f"{value}: {why}", param_hint="'--encoding'") from None


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
        gazetteer_dir: Path | None,
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
            gazetteer=None if gazetteer_dir is None else str(gazetteer_dir),
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
        gazetteer_option,
        click.option(
            "--date",
            "published",
            callback=_date,
            metavar="YYYY-MM-DD",
            help="Publication date for every input, e.g. 2017-05-24.",
        ),
        click.option(
            "--encoding",
            default=None,
            callback=_encoding,
            help="Decode inputs with this encoding instead of UTF-8.",
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
            help="Refuse input files larger than N bytes (default: 10 MiB, about a minute"
            " of work).",
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
            if not getattr(exc, "repeat", False):  # one warning per failure, not per name
                click.echo(f"warning: {printable(str(exc))}", err=True)
            return None

    return look_up


def _stream_jsonl(opts: RunOptions, output: str | None, overwrite: bool) -> None:
    """One JSON line per document as it is extracted: memory stays flat however many."""
    from geomap.batch import files_year, iter_json_lines
    from geomap.cli.progress import progress
    from geomap.gazetteer.index import load_index
    from geomap.sources.inputs import Source, expand, iter_inputs

    files = [p for _, p in expand(opts.inputs) if p is not None]
    year = files_year(files, published=opts.published)
    echo_lines(load_index(opts.gazetteer).problems, prefix="warning: ")
    problems: list[str] = []

    def sources() -> Any:
        for item in iter_inputs(opts.inputs, encoding=opts.encoding, max_bytes=opts.max_bytes):
            if isinstance(item, Source):
                yield item
            else:
                problems.append(item)
                click.echo(f"error: {printable(item)}", err=True)

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


def _run(opts: RunOptions) -> Any:
    """Read, extract and merge: the work behind map, extract and report."""
    from geomap.api import Extraction, extract_sources
    from geomap.gazetteer.index import load_index
    from geomap.merge import merge_documents
    from geomap.sources.inputs import read_inputs

    sources, problems = read_inputs(opts.inputs, encoding=opts.encoding, max_bytes=opts.max_bytes)
    echo_lines(problems, prefix="error: ")
    echo_lines(load_index(opts.gazetteer).problems, prefix="warning: ")
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
@verbose_option
@click.version_option(package_name="geomap")
def main(verbose: bool) -> None:
    """Turn news reports about security incidents into layered maps.

    \b
    Example:
        geomap map seeds/ -o maps/seeds.html --overwrite
    """
    set_verbose(verbose)
    _log_to_stderr(verbose)


class _WarningLines(logging.Handler):
    """Library warnings (a geocoder retrying) as ``warning: …`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {printable(record.getMessage())}", err=True)


def _log_to_stderr(verbose: bool) -> None:
    log = logging.getLogger("geomap")
    if not any(isinstance(h, _WarningLines) for h in log.handlers):
        log.addHandler(_WarningLines())
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    log.propagate = False


def default_title(inputs: list[str]) -> str:
    """A title from what was read: the folder's or file's name, not the path as typed.

    >>> default_title(["../articles/"]), default_title(["a/b.txt", "c.txt"]), default_title(["-"])
    ('articles', 'b and 1 more', 'geomap')
    """
    names = [Path(i).resolve().name for i in inputs if i not in ("-", "")]
    names = [n.rsplit(".", 1)[0] if n.lower().endswith((".txt", ".md")) else n for n in names]
    if not names:
        return "geomap"
    return names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else "")


def _tiles(tiles: str | None, no_tiles: bool, output: str) -> Any:
    """What ``--tiles``/``--no-tiles`` ask for, as ``build_map``'s ``tiles``."""
    from geomap.output.tiles import unpack_mbtiles

    if tiles and no_tiles:
        raise click.BadParameter("give --tiles or --no-tiles, not both", param_hint="'--tiles'")
    if no_tiles:
        return False
    if not tiles:
        return True
    if tiles.lower().endswith(".mbtiles") and Path(tiles).is_file():
        # A page opened from disk cannot read SQLite: the tiles go into a folder beside it.
        folder = Path(output).with_name(Path(output).stem + "_tiles")
        return str(unpack_mbtiles(tiles, folder))
    return tiles


@main.command("map")
@_common
@output_option("map.html", what="HTML file to write")
@overwrite_option
@click.option("--title", default=None, help="Map title (default: the input folder's name).")
@click.option("--cdn", is_flag=True, help="Load Leaflet from a CDN: a small, online-only file.")
@click.option(
    "--tiles",
    default=None,
    metavar="SOURCE",
    help="Tiles: a URL template (https://…/{z}/{x}/{y}.png), a folder of z/x/y tiles or an "
    ".mbtiles file (default: OpenStreetMap).",
)
@click.option("--no-tiles", is_flag=True, help="Bundled basemap only: the map requests nothing.")
@click.option(
    "--png",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also render a PNG with headless Chromium.",
)
@cli_errors
def map_cmd(
    opts: RunOptions,
    output: str,
    overwrite: bool,
    title: str | None,
    cdn: bool,
    tiles: str | None,
    no_tiles: bool,
    png: str | None,
) -> None:
    """Draw an interactive HTML map of the places in INPUTS (files, folders or -).

    \b
    Example:
        geomap map seeds/ -o maps/seeds.html --overwrite
    """
    from geomap.gazetteer.index import load_index
    from geomap.output.render import build_map, map_html

    refuse_overwrite(output, png, overwrite=overwrite)
    source = _tiles(tiles, no_tiles, output)
    ex = _run(opts)
    m = build_map(ex.sites, documents=ex.documents, title=title or default_title(opts.inputs),
                  cdn=cdn, tiles=source, places=load_index(opts.gazetteer),
                  base=Path(output).parent)  # fmt: skip
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
@output_option()
@overwrite_option
@cli_errors
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
    refuse_overwrite(output, overwrite=overwrite)
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
@output_option("report.html", what="HTML file to write")
@overwrite_option
@click.option("--title", default=None, help="Report title (default: the input folder's name).")
@cli_errors
def report_cmd(
    opts: RunOptions,
    output: str,
    overwrite: bool,
    title: str | None,
) -> None:
    """Write one self-contained HTML report: map, summary, timeline and evidence table.

    \b
    Example:
        geomap report seeds/ -o report.html
    """
    from geomap.gazetteer.index import load_index
    from geomap.output.report import build_report

    refuse_overwrite(output, overwrite=overwrite)
    ex = _run(opts)
    name = title or default_title(opts.inputs) + " report"
    html = build_report(ex.sites, ex.documents, title=name, places=load_index(opts.gazetteer),
                        base=Path(output).parent)  # fmt: skip
    click.echo(str(write_output(output, html, overwrite=overwrite)))
    _finish(ex)
