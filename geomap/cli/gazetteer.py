"""``geomap gazetteer``: list, search, add, import, remove and validate gazetteer entries.

A thin shell over :mod:`geomap.gazetteer.entries`. Data problems print one line each on stderr
and exit 1; bad flags exit 2 naming the flag.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import click
from pydantic import ValidationError

from geomap.cli.common import cli_errors, format_option, gazetteer_option
from geomap.errors import GazetteerError
from geomap.gazetteer.edit import add_entry, import_entries, remove_entry
from geomap.gazetteer.entries import (
    ID_PATTERN,
    WORLD_PREFIXES,
    Gazetteer,
    GazetteerEntry,
    load_gazetteer,
    read_entries,
    slugify,
    user_dir,
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


def _load(folder: Path | None, everything: bool = False) -> Gazetteer:
    try:
        return load_gazetteer(folder, world=everything)
    except ImportError as exc:
        raise GazetteerError(f"the world layer is not available: {exc}") from None


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


def _where(gaz: Gazetteer, id: str) -> str:
    """The file and feature an entry was read from, or its layer."""
    return gaz.origins.get(id, gaz.layers.get(id, "")).removesuffix(".properties")


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
    gaz = _load(gazetteer_dir, everything)
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
    gaz = _load(gazetteer_dir)
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
    data["file"] = _where(gaz, entry.id)
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

    found = search_index(load_index(gazetteer_dir), text, limit=limit, kind=kind, country=country)
    if not found:
        click.echo(f"no entry matches {text!r}", err=True)
    _emit_records(found, fmt)


def _check_names(gaz: Gazetteer, entry: GazetteerEntry) -> None:
    """Refuse names that would make an alias of one entry the name of another."""
    for other in gaz.curated():
        if other.id == entry.id:
            continue
        for alias in entry.aliases:
            if alias.casefold() == other.name.casefold():
                raise click.BadParameter(
                    f"{alias!r} is the name of {other.id}", param_hint="'--alias'"
                )
        if entry.name.casefold() in (a.casefold() for a in other.aliases):
            raise click.BadParameter(
                f"{entry.name!r} is an alias of {other.id}; add an alias to it instead",
                param_hint="'NAME'",
            )


def _geocode(name: str) -> dict[str, Any]:
    from geomap.geocode.geocoder import Geocoder, GeocoderConfig

    # --geocode asks for it: enabled whatever the settings say; the rest from env/config.
    place = Geocoder(GeocoderConfig.from_env(enabled=True)).geocode(name)
    if place is None:
        raise GazetteerError(f"no geocoder match for {name!r}; give --lat and --lon instead")
    click.echo(
        f"Found: {place.name} ({place.kind}) at {place.lat:.5f}, {place.lon:.5f} "
        f"[{place.source or 'geocoder'}]",
        err=True,
    )
    source = f"geocoder: {place.source or 'unknown'}"
    osm = any(s in source.lower() for s in ("nominatim", "openstreetmap", "osm"))
    return {
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "country": place.country,
        "category": place.category,
        "source": source,
        "note": f"geocoded as {place.name}",
        "licence": "ODbL-1.0 (© OpenStreetMap contributors)" if osm else None,
    }


def _checked_flags(
    name: str,
    lat: float | None,
    lon: float | None,
    geocode: bool,
    country: str | None,
    entry_id: str | None,
) -> str:
    """Refuse contradictory or malformed ``add`` flags (exit 2); the entry id to use."""
    if not name:
        raise click.BadParameter("must not be empty", param_hint="'NAME'")
    if geocode and (lat is not None or lon is not None):
        raise click.BadParameter("cannot be combined with --lat/--lon", param_hint="'--geocode'")
    if not geocode:
        if lat is None:
            raise click.MissingParameter(param_hint="'--lat'", param_type="option")
        if lon is None:
            raise click.MissingParameter(param_hint="'--lon'", param_type="option")
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise click.BadParameter(
            f"{country!r} is not a two-letter code such as GB", param_hint="'--country'"
        )
    if entry_id is None:
        entry_id = slugify(name)
        if not entry_id:
            raise click.BadParameter("cannot make an id from it; give --id", param_hint="'NAME'")
    elif not re.match(ID_PATTERN, entry_id):
        raise click.BadParameter(
            f"{entry_id!r} must be letters, digits and - _ . : (starting with a letter or digit)",
            param_hint="'--id'",
        )
    return entry_id


@gazetteer.command("add")
@click.argument("name")
@click.option("--lat", type=click.FloatRange(-90, 90), help="Latitude in degrees.")
@click.option("--lon", type=click.FloatRange(-180, 180), help="Longitude in degrees.")
@click.option("--geocode", is_flag=True, help="Look the name up with the online geocoder.")
@click.option("--yes", is_flag=True, help="With --geocode: save the match without asking.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), help="Kind of place [default: site].")
@click.option("--category", help="Category, e.g. stadium, embassy, police.")
@click.option("--parent", help="Id of the enclosing entry, e.g. geonames:2643743 (London).")
@click.option("--country", help="ISO 3166 two-letter country code, e.g. GB.")
@click.option("--event", "events", multiple=True, help="A named event held there (repeatable).")
@click.option("--note", help="Free text kept with the entry.")
@click.option("--id", "entry_id", help="Entry id [default: made from NAME].")
@click.option("--replace", is_flag=True, help="Replace an entry with the same id.")
@gazetteer_option
@cli_errors(prefix="")
def add_cmd(
    name: str,
    lat: float | None,
    lon: float | None,
    geocode: bool,
    yes: bool,
    aliases: tuple[str, ...],
    kind: str | None,
    category: str | None,
    parent: str | None,
    country: str | None,
    events: tuple[str, ...],
    note: str | None,
    entry_id: str | None,
    replace: bool,
    gazetteer_dir: Path | None,
) -> None:
    """Add a place to your own gazetteer.

    \b
    Example:
        geomap gazetteer add "Clapham Common" --lat 51.4618 --lon -0.1384 --kind district
    """
    name = name.strip()
    entry_id = _checked_flags(name, lat, lon, geocode, country, entry_id)
    gaz = _load(gazetteer_dir)
    if parent and parent not in gaz and not parent.startswith(WORLD_PREFIXES):
        raise click.BadParameter(f"no entry with id {parent!r}", param_hint="'--parent'")
    fields: dict[str, Any] = {"lat": lat, "lon": lon, "source": "user"}
    if geocode:
        fields = _geocode(name)
        if not yes:
            click.echo("Not saved: run again with --yes to save it.", err=True)
            return
    fields |= {"id": entry_id, "name": name, "aliases": list(aliases), "events": list(events)}
    fields |= {
        k: v
        for k, v in (
            ("kind", kind),
            ("category", category),
            ("parent", parent),
            ("country", country and country.upper()),
            ("note", note),
        )
        if v is not None
    }
    fields.setdefault("kind", "site")
    if isinstance(fields.get("country"), str):
        fields["country"] = fields["country"].upper()
    try:
        entry = GazetteerEntry.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise GazetteerError(
            "\n".join(f"{name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        ) from None
    _check_names(gaz, entry)
    if gaz.layers.get(entry.id) == "bundled" and not replace:
        raise GazetteerError(
            f"{entry.id!r} is a bundled entry ({_where(gaz, entry.id)}); "
            "override it with --replace or choose another --id"
        )
    path = add_entry(entry, user_dir(gazetteer_dir), replace=replace)
    click.echo(f"Added {entry.id} to {path}", err=True)


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace user entries with the same ids.")
@click.option(
    "--feature-class",
    "feature_classes",
    metavar="CLASSES",
    help="GeoNames dumps: only these feature classes, comma-separated (e.g. P,A).",
)
@gazetteer_option
@cli_errors(prefix="")
def import_cmd(
    file: Path, replace: bool, feature_classes: str | None, gazetteer_dir: Path | None
) -> None:
    """Import every entry of a GeoJSON, CSV or GeoNames dump file into your own gazetteer.

    GeoNames' own files (UA.txt, UA.zip, cities500.zip: 19 tab-separated columns, no
    header) are read as they come from download.geonames.org/export/dump/.

    \b
    Example:
        geomap gazetteer import UA.zip --feature-class P
    """
    from geomap.gazetteer.geonames import is_geonames_file, read_geonames

    geonames = file.suffix.lower() in (".txt", ".zip")
    if file.suffix.lower() not in (".geojson", ".json", ".csv") and not geonames:
        raise click.BadParameter(
            "must be a .geojson, .json or .csv file, or a GeoNames .txt or .zip",
            param_hint="'FILE'",
        )
    if geonames and not is_geonames_file(file):
        raise click.BadParameter(
            "a .txt file must have GeoNames' 19 tab-separated columns", param_hint="'FILE'"
        )
    gaz = _load(gazetteer_dir)
    if geonames:
        wanted = {c.strip().upper() for c in (feature_classes or "").split(",") if c.strip()}
        entries = read_geonames(file, feature_classes=wanted or None)
    else:
        problems = validate_file(file, gaz)
        if problems:
            raise GazetteerError("\n".join(problems))
        entries = read_entries(file)
    bundled = [e.id for e in entries if gaz.layers.get(e.id) == "bundled"]
    if bundled and not replace:
        raise GazetteerError(
            f"{file}: {', '.join(map(repr, bundled))} would override bundled "
            "entries; pass --replace to do so"
        )
    path = import_entries(entries, user_dir(gazetteer_dir), replace=replace)
    click.echo(f"Imported {len(entries)} entries into {path}", err=True)


@gazetteer.command("remove")
@click.argument("entry_id", metavar="ID")
@gazetteer_option
@cli_errors(prefix="")
def remove_cmd(entry_id: str, gazetteer_dir: Path | None) -> None:
    """Remove one of your own entries.

    \b
    Example:
        geomap gazetteer remove clapham-common
    """
    gaz = _load(gazetteer_dir)
    if gaz.layers.get(entry_id) == "bundled":
        raise GazetteerError(
            f"{entry_id!r} is a bundled entry ({_where(gaz, entry_id)}); "
            "only your own entries can be removed"
        )
    if gaz.layers.get(entry_id) != "user":
        raise click.BadParameter(f"no user entry with id {entry_id!r}", param_hint="'ID'")
    remove_entry(entry_id, user_dir(gazetteer_dir))
    click.echo(f"Removed {entry_id}", err=True)


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
    gaz = _load(gazetteer_dir, everything)
    if file is None:
        problems = gaz.problems
        what = f"{len(gaz.curated())} curated and user entries"
    else:
        problems = validate_file(file, gaz, world=everything)
        what = str(file)
    if problems:
        raise GazetteerError("\n".join(problems))
    click.echo(f"OK: {what}", err=True)
