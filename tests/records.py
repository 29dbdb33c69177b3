"""Tiny gazetteer records for tests that build their own index (no bundled data needed)."""

from __future__ import annotations

from geomap.gazetteer.world import Record


def record(
    id: str,
    name: str,
    kind: str,
    lat: float,
    lon: float,
    country: str,
    pop: int,
    *aliases: str,
    admin1: str | None = None,
    category: str | None = None,
    curated: bool = False,
    demonyms: tuple[str, ...] = (),
) -> Record:
    """A :class:`~geomap.gazetteer.world.Record` with the fields tests vary, the rest defaulted."""
    return Record(
        id, name, kind, category, lat, lon, country, admin1, pop, None, "test", curated,
        (name, *aliases), demonyms,
    )  # fmt: skip
