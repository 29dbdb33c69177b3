"""Where the gazetteer folders are: the bundled one and the user's.

Kept apart from :mod:`geomap.gazetteer.entries` so that finding them imports nothing heavy: every
command looks here before it knows whether any entry needs reading.

Examples
--------
>>> user_dir("team-gazetteer").name
'team-gazetteer'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled_dir", "user_dir"]


def bundled_dir() -> Path:
    """The bundled ``gazetteer/`` folder: inside the wheel, or the repository's."""
    inside = Path(__file__).parent / "_bundled_gazetteer"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "gazetteer"


def user_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where user entries live: ``--gazetteer``, ``GEOMAP_GAZETTEER`` or the user-data dir."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("GEOMAP_GAZETTEER")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("geomap")) / "gazetteer"
