"""Where the gazetteer folders are: the bundled one and the user's.

Kept apart from :mod:`geomap.gazetteer.entries` so that finding them imports nothing heavy: every
command looks here before it knows whether any entry needs reading.

Examples
--------
>>> user_dir("team-gazetteer").name
'team-gazetteer'
>>> shown(os.fsdecode(b"caf\\xe9.txt"))  # a Latin-1 name on a UTF-8 system
'caf\\\\xe9.txt'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["NAME_MAX", "bundled_dir", "long_part", "shown", "user_dir"]

NAME_MAX = 255  # bytes in one file name, on every common file system


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text any output can hold: bytes that are not UTF-8 written ``\\xNN``.

    Python keeps such bytes as lone surrogates, which no UTF-8 file, JSON or terminal
    takes; the name is shown as ``ls -b`` would, and stays readable.
    """
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate no file name can hold: write it out
        return os.fspath(path).encode("utf-8", "backslashreplace").decode("ascii")
    return raw.decode("utf-8", "backslashreplace")


def long_part(path: str | os.PathLike[str]) -> str | None:
    """The first part of ``path`` longer than :data:`NAME_MAX` bytes, if any.

    >>> long_part("out/" + "é" * 128 + ".json")[:3], long_part("out/" + "é" * 125 + ".json")
    ('ééé', None)
    """
    for part in Path(path).parts:
        if len(os.fsencode(part)) > NAME_MAX:
            return part
    return None


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
