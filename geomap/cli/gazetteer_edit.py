"""``geomap gazetteer add|import|remove``: the commands that write your own gazetteer.

Registered on the ``gazetteer`` group by :mod:`geomap.cli.gazetteer`; each is a thin
shell over :mod:`geomap.gazetteer.edit`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from geomap.cli.common import cli_errors, echo_lines, gazetteer_option
from geomap.cli.listing import load, where
from geomap.errors import GazetteerError
from geomap.gazetteer.edit import add_entry, import_entries, remove_entry
from geomap.gazetteer.entries import (
    ID_PATTERN,
    WORLD_PREFIXES,
    Gazetteer,
    GazetteerEntry,
    slugify,
    user_dir,
)
from geomap.gazetteer.world import country_codes
from geomap.models import KINDS

__all__ = ["add_cmd", "import_cmd", "remove_cmd"]


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
    if country is not None and country.upper() not in country_codes():
        raise click.BadParameter(
            f"unknown country code {country!r}; use ISO 3166 alpha-2, e.g. GB",
            param_hint="'--country'",
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


@click.command("add")
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
@cli_errors()
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
    gaz = load(gazetteer_dir)
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
            f"{entry.id!r} is a bundled entry ({where(gaz, entry.id)}); "
            "override it with --replace or choose another --id"
        )
    from geomap.gazetteer.borders import border_problems

    echo_lines(
        (f"{entry.id}: {w}" for w in border_problems([(entry.lat, entry.lon, entry.country)]) if w),
        prefix="warning: ",
    )
    path = add_entry(entry, user_dir(gazetteer_dir), replace=replace)
    click.echo(f"Added {entry.id} to {path}", err=True)


# A file of thousands of rows may warn of hundreds: the first ones show what to fix.
WARNINGS_SHOWN = 50


def _read_file(
    file: Path, gaz: Gazetteer, feature_classes: str | None
) -> tuple[list[GazetteerEntry], list[str], int]:
    """The good entries of a file, one line per problem, and how many rows had one."""
    from geomap.gazetteer.geonames import is_geonames_file, scan_geonames
    from geomap.gazetteer.imports import read_import

    if file.suffix.lower() in (".txt", ".zip"):
        if not is_geonames_file(file):
            raise click.BadParameter(
                "a .txt file must have GeoNames' 19 tab-separated columns", param_hint="'FILE'"
            )
        wanted = {c.strip().upper() for c in (feature_classes or "").split(",") if c.strip()}
        entries, problems = scan_geonames(file, feature_classes=wanted or None)
        return entries, problems, len(problems)
    if file.suffix.lower() not in (".geojson", ".json", ".csv"):
        raise click.BadParameter(
            "must be a .geojson, .json or .csv file, or a GeoNames .txt or .zip",
            param_hint="'FILE'",
        )
    found = read_import(file, gaz)
    if found.fatal:
        raise GazetteerError("\n".join([*found.problems(), f"{file}: nothing imported"]))
    warnings = found.warnings
    echo_lines(warnings[:WARNINGS_SHOWN], prefix="warning: ")
    if len(warnings) > WARNINGS_SHOWN:
        click.echo(f"warning: {file}: … and {len(warnings) - WARNINGS_SHOWN} more", err=True)
    return found.good(), found.problems(), len(found.bad())


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace user entries with the same ids.")
@click.option("--skip-invalid", is_flag=True, help="Import the good rows and list the bad ones.")
@click.option(
    "--feature-class",
    "feature_classes",
    metavar="CLASSES",
    help="GeoNames dumps: only these feature classes, comma-separated (e.g. P,A).",
)
@gazetteer_option
@cli_errors()
def import_cmd(
    file: Path,
    replace: bool,
    skip_invalid: bool,
    feature_classes: str | None,
    gazetteer_dir: Path | None,
) -> None:
    """Import the entries of a GeoJSON, CSV or GeoNames dump file into your own gazetteer.

    Columns that are no gazetteer field are ignored with a warning; kind defaults to
    site and id to the name. A row with a problem stops the import, naming its line,
    unless --skip-invalid. GeoNames' own files (UA.txt, UA.zip, cities500.zip: 19
    tab-separated columns, no header) are read as download.geonames.org gives them.

    \b
    Example:
        geomap gazetteer import UA.zip --feature-class P
    """
    gaz = load(gazetteer_dir)
    entries, problems, bad = _read_file(file, gaz, feature_classes)
    total = len(entries) + bad
    if problems and (not skip_invalid or not entries):
        hint = (
            f"fix them, or pass --skip-invalid to import the other {total - bad}"
            if entries
            else "fix them and import again"
        )
        raise GazetteerError(
            "\n".join([*problems, f"{file}: nothing imported: {bad} of {total} rows have "
                       f"problems; {hint}"])
        )  # fmt: skip
    bundled = [e.id for e in entries if gaz.layers.get(e.id) == "bundled"]
    if bundled and not replace:
        raise GazetteerError(
            f"{file}: {', '.join(map(repr, bundled))} would override bundled "
            "entries; pass --replace to do so"
        )
    echo_lines(problems, prefix="warning: ")
    path = import_entries(entries, user_dir(gazetteer_dir), replace=replace)
    skipped = f"; skipped {bad} rows with problems (listed above)" if problems else ""
    click.echo(f"Imported {len(entries)} entries into {path}{skipped}", err=True)


@click.command("remove")
@click.argument("entry_id", metavar="ID")
@gazetteer_option
@cli_errors()
def remove_cmd(entry_id: str, gazetteer_dir: Path | None) -> None:
    """Remove one of your own entries.

    \b
    Example:
        geomap gazetteer remove clapham-common
    """
    gaz = load(gazetteer_dir)
    if gaz.layers.get(entry_id) == "bundled":
        raise GazetteerError(
            f"{entry_id!r} is a bundled entry ({where(gaz, entry_id)}); "
            "only your own entries can be removed"
        )
    if gaz.layers.get(entry_id) != "user":
        raise click.BadParameter(f"no user entry with id {entry_id!r}", param_hint="'ID'")
    remove_entry(entry_id, user_dir(gazetteer_dir))
    click.echo(f"Removed {entry_id}", err=True)
