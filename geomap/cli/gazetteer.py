"""``geomap gazetteer``: list, search, add, import, remove and validate gazetteer entries.

A thin shell over :mod:`geomap.gazetteer.entries`. Data problems print one line each on stderr
and exit 1; bad flags exit 2 naming the flag.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import click

from geomap.cli.common import cli_errors, echo_lines, format_option, gazetteer_option
from geomap.cli.gazetteer_edit import add_cmd, import_cmd, remove_cmd
from geomap.cli.listing import load, where
from geomap.errors import GazetteerError
from geomap.gazetteer.entries import (
    WORLD_PREFIXES,
    Gazetteer,
    GazetteerEntry,
    validate_file,
)
from geomap.gazetteer.record import Record
from geomap.gazetteer.search import search_index, search_key
from geomap.models import KINDS, Kind

__all__ = ["format_option", "gazetteer", "gazetteer_option"]

JSON_FIELDS = ("id", "name", "kind", "category", "country", "lat", "lon", "source")

all_option = click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Include the world layer (GeoNames countries and cities), not only curated sites.",
)


def _world(
    folder: Path | None,
    text: str | None = None,
    id: str | None = None,
) -> Gazetteer:
    """World entries matching ``text`` (or the one ``id``), read from the resolver's cached
    name index, which loads in about a second once built; empty if it is unavailable."""
    gaz = Gazetteer()
    try:
        from geomap.gazetteer.index import load_index

        records = load_index(folder).records
    except (ImportError, AttributeError):
        return gaz
    key = search_key(text or "")
    gaz.add(
        GazetteerEntry.model_construct(
            id=r.id,
            name=r.name,
            aliases=[n for n in r.names if n != r.name],
            kind=cast("Kind", r.kind),
            category=r.category,
            lat=r.lat,
            lon=r.lon,
            parent=r.parent,
            country=r.country,
            population=r.population or None,
            geonameid=None,
            events=list(r.events),
            footprint=None,
            source=r.source,
            licence=None,
            note=None,
        )
        for r in records
        if r.id == id or (key and any(key in search_key(n) for n in r.names))
    )
    return gaz


def _as_json(e: GazetteerEntry) -> dict[str, Any]:
    data = e.model_dump(mode="json")
    return {k: data[k] for k in JSON_FIELDS} | data


def _emit(entries: Iterable[GazetteerEntry], fmt: str) -> None:
    entries = list(entries)
    if fmt == "json":
        click.echo(json.dumps([_as_json(e) for e in entries], ensure_ascii=False, indent=1))
        return
    rows = [(e.id, e.kind, e.category or "-", f"{e.lat:.5f},{e.lon:.5f}", e.name) for e in entries]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(4)]
    for row in rows:
        click.echo("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[4]]))


@click.group("gazetteer")
def gazetteer() -> None:
    """Manage the gazetteer: the bundled UK sites and your own entries.

    \b
    Example:
        geomap gazetteer search "Scotland Yard"
    """


@gazetteer.command("list")
@gazetteer_option
@format_option
@all_option
@click.option("--kind", type=click.Choice(KINDS), help="Only entries of this kind.")
@click.option("--category", help="Only entries of this category (e.g. stadium, embassy).")
@cli_errors(prefix="")
def list_cmd(
    gazetteer_dir: Path | None, fmt: str, everything: bool, kind: str | None, category: str | None
) -> None:
    """List the curated and user entries (with --all, the world layer too).

    \b
    Example:
        geomap gazetteer list --category stadium
    """
    gaz = load(gazetteer_dir, everything)
    echo_lines(gaz.problems, prefix="warning: ")
    entries = gaz.entries.values() if everything else gaz.curated()
    _emit(
        sorted(
            (
                e
                for e in entries
                if (kind is None or e.kind == kind) and (category is None or e.category == category)
            ),
            key=lambda e: e.id,
        ),
        fmt,
    )


@gazetteer.command("show")
@click.argument("entry_id", metavar="ID")
@gazetteer_option
@format_option
@cli_errors(prefix="")
def show_cmd(entry_id: str, gazetteer_dir: Path | None, fmt: str) -> None:
    """Show every field of one entry.

    \b
    Example:
        geomap gazetteer show buckingham-palace
    """
    gaz = load(gazetteer_dir)
    echo_lines(gaz.problems, prefix="warning: ")
    if entry_id not in gaz and entry_id.startswith(WORLD_PREFIXES):
        gaz.add(_world(gazetteer_dir, id=entry_id).entries.values())
    entry = gaz.get(entry_id)
    if entry is None:
        near = ", ".join(difflib.get_close_matches(entry_id, list(gaz.entries), n=3))
        hint = f"; did you mean {near}?" if near else "; find ids with: geomap gazetteer search"
        raise click.BadParameter(f"no entry with id {entry_id!r}{hint}", param_hint="'ID'")
    if fmt == "json":
        click.echo(json.dumps(_as_json(entry), ensure_ascii=False, indent=1))
        return
    data = entry.model_dump()
    data["location"] = f"{entry.lat}, {entry.lon}"
    if len(entry.aliases) > 12:
        data["aliases"] = [*entry.aliases[:12], f"… {len(entry.aliases) - 12} more"]
    if entry.parent and entry.parent in gaz:
        data["parent"] = f"{entry.parent} ({gaz.entries[entry.parent].name})"
    data["file"] = where(gaz, entry.id)
    order = ["id", "name", "aliases", "kind", "category", "location", "parent", "country"]
    for key in order + [k for k in data if k not in order and k not in ("lat", "lon")]:
        value = data[key]
        if value not in (None, [], {}, ""):
            text = " | ".join(value) if isinstance(value, list) else value
            click.echo(f"{key + ':':<11}{text}")


def _emit_records(records: list[Record], fmt: str) -> None:
    """Search hits: id first, then kind, region (admin1), country, coordinates and name."""
    if fmt == "json":
        keys = ("id", "name", "kind", "category", "admin1", "country", "lat", "lon", "population")
        out = [{k: getattr(r, k) for k in keys} | {"aliases": list(r.names[1:])} for r in records]
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    rows = [
        (r.id, r.kind, r.admin1 or "-", r.country or "-", f"{r.lat:.5f},{r.lon:.5f}", r.name)
        for r in records
    ]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(5)]
    for row in rows:
        click.echo("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[5]]))


def _country_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from geomap.gazetteer.world import country_codes

    if value.upper() not in country_codes():
        raise click.BadParameter(f"unknown country code {value!r}; use ISO 3166 alpha-2, e.g. GB")
    return value.upper()


@gazetteer.command("search")
@click.argument("text")
@gazetteer_option
@format_option
@all_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Most results to show.",
)
@click.option("--kind", type=click.Choice(KINDS), help="Only places of this kind.")
@click.option(
    "--country", callback=_country_code, help="Only places in this country (ISO code, e.g. GB)."
)
@cli_errors(prefix="")
def search_cmd(
    text: str,
    gazetteer_dir: Path | None,
    fmt: str,
    everything: bool,
    limit: int,
    kind: str | None,
    country: str | None,
) -> None:
    """Find places by name or alias, the one a person most likely means first.

    An exact name or alias comes first, then names starting with TEXT, then names with a
    word starting with it; ties go to the more important place (curated, populous, a
    capital). World, bundled and user places are all searched (--all is kept for old
    scripts and changes nothing).

    \b
    Example:
        geomap gazetteer search "Kings Cross" --country GB
    """
    from geomap.gazetteer.index import load_index

    idx = load_index(gazetteer_dir)
    # A broken user file is named once; the world and bundled places still answer.
    echo_lines(idx.problems, prefix="warning: ")
    found = search_index(idx, text, limit=limit, kind=kind, country=country)
    if not found:
        click.echo(f"no entry matches {text!r}", err=True)
    _emit_records(found, fmt)


@gazetteer.command("validate")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@gazetteer_option
@all_option
@cli_errors(prefix="")
def validate_cmd(file: Path | None, gazetteer_dir: Path | None, everything: bool) -> None:
    """Check a gazetteer file, or all loaded ones, and list every problem.

    \b
    Example:
        geomap gazetteer validate gazetteer/uk_sites.geojson
    """
    gaz = load(gazetteer_dir, everything)
    if file is None:
        problems = gaz.problems
        what = f"{len(gaz.curated())} curated and user entries"
    else:
        problems = validate_file(file, gaz, world=everything)
        what = str(file)
    if problems:
        raise GazetteerError("\n".join(problems))
    click.echo(f"OK: {what}", err=True)


for _command in (add_cmd, import_cmd, remove_cmd):
    gazetteer.add_command(_command)
