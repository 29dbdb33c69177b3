"""Gazetteer entries as the ``geomap gazetteer`` commands load and point at them."""

from __future__ import annotations

from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.entries import Gazetteer, load_gazetteer

__all__ = ["load", "where"]


def load(folder: Path | None, everything: bool = False) -> Gazetteer:
    try:
        return load_gazetteer(folder, world=everything)
    except ImportError as exc:
        raise GazetteerError(f"the world layer is not available: {exc}") from None


def where(gaz: Gazetteer, id: str) -> str:
    """The file and feature an entry was read from, or its layer."""
    return gaz.origins.get(id, gaz.layers.get(id, "")).removesuffix(".properties")
