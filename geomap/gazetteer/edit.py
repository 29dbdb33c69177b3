"""Writes to the user gazetteer: atomic, backed up, and locked against concurrent writers.

User entries live in ``<user dir>/user.geojson``. Every write goes to a temporary file in
the same folder and replaces the old one with ``os.replace``, after copying it to
``user.geojson.bak``; a file lock serialises writers, so two concurrent ``add``s lose
nothing and a writer killed mid-write leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, Self

from geomap.errors import GazetteerError
from geomap.gazetteer.entries import USER_FILE, GazetteerEntry, read_entries

__all__ = [
    "add_entry",
    "import_entries",
    "import_file",
    "remove_entry",
    "to_feature",
    "write_entries",
]


def to_feature(entry: GazetteerEntry) -> dict[str, Any]:
    """A GeoJSON Feature for an entry: a Point geometry, every other set field a property."""
    props = {
        k: v for k, v in entry.model_dump(exclude={"lat", "lon"}).items() if v not in (None, [], {})
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [entry.lon, entry.lat]},
        "properties": props,
    }


def _mode(path: Path) -> int:
    """The file's own mode, or what a new file of the folder gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomic(path: Path, data: bytes) -> None:
    mode = _mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600: a shared gazetteer folder must stay readable.
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    with suppress(OSError):  # make the rename itself durable (not possible on Windows)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_entries(
    path: str | os.PathLike[str], entries: Iterable[GazetteerEntry], *, backup: bool = False
) -> Path:
    """Write entries as a GeoJSON FeatureCollection, atomically; keep ``<file>.bak`` if asked."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if backup and path.exists():
        _write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
    collection = {"type": "FeatureCollection", "features": [to_feature(e) for e in entries]}
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    _write_atomic(path, text.encode("utf-8"))
    return path


class _UserFile:
    """The user's ``user.geojson``, read and rewritten under a lock across processes."""

    def __init__(self, folder: str | os.PathLike[str], timeout: float = 30) -> None:
        from filelock import FileLock

        self.path = Path(folder) / USER_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GazetteerError(f"{folder}: cannot create the folder: {exc.strerror}") from None
        self.lock = FileLock(str(self.path) + ".lock", timeout=timeout)
        self.entries: dict[str, GazetteerEntry] = {}

    def __enter__(self) -> Self:
        from filelock import Timeout

        try:
            self.lock.acquire()
        except Timeout:
            raise GazetteerError(f"{self.path}: locked by another process; try again") from None
        except OSError as exc:  # a read-only folder: not even the lock file can be made
            raise GazetteerError(f"{self.path}: cannot write: {exc.strerror}") from None
        if self.path.exists():
            try:
                self.entries = {e.id: e for e in read_entries(self.path)}
            except GazetteerError:
                self.lock.release()
                raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()

    def save(self) -> Path:
        try:
            return write_entries(self.path, self.entries.values(), backup=True)
        except OSError as exc:  # a full disk: the old file and its backup are untouched
            raise GazetteerError(f"{self.path}: cannot write: {exc.strerror}") from None


def add_entry(
    entry: GazetteerEntry, user_dir: str | os.PathLike[str], *, replace: bool = False
) -> Path:
    """Add one entry to ``<user_dir>/user.geojson`` and return the file's path.

    The write is atomic, the previous file is kept as ``user.geojson.bak``, and a file
    lock serialises concurrent writers. An existing id is an error unless ``replace``.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> e = GazetteerEntry(id="x", name="X", kind="site", lat=51.5, lon=-0.1)
    >>> add_entry(e, folder).name
    'user.geojson'
    >>> add_entry(e, folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap.errors.GazetteerError: .../user.geojson: id 'x' already exists; replace it with --replace
    >>> remove_entry("x", folder).name
    'X'
    """
    return import_entries([entry], user_dir, replace=replace)


def import_entries(
    entries: list[GazetteerEntry], user_dir: str | os.PathLike[str], *, replace: bool = False
) -> Path:
    """Add several entries to the user gazetteer in one locked, atomic write."""
    with _UserFile(user_dir) as f:
        taken = [e.id for e in entries if e.id in f.entries]
        if taken and not replace:
            raise GazetteerError(
                f"{f.path}: id {', '.join(map(repr, taken))} already exists; "
                "replace it with --replace"
            )
        f.entries.update((e.id, e) for e in entries)
        return f.save()


def import_file(
    path: str | os.PathLike[str], user_dir: str | os.PathLike[str], *, replace: bool = False
) -> list[GazetteerEntry]:
    """Validate a GeoJSON or CSV file and add all its entries to the user gazetteer."""
    entries = read_entries(path)
    import_entries(entries, user_dir, replace=replace)
    return entries


def remove_entry(id: str, user_dir: str | os.PathLike[str]) -> GazetteerEntry:
    """Remove one entry from ``<user_dir>/user.geojson`` and return it."""
    with _UserFile(user_dir) as f:
        if id not in f.entries:
            raise GazetteerError(f"{f.path}: no user entry with id {id!r}")
        entry = f.entries.pop(id)
        f.save()
        return entry


# --------------------------------------------------------------------------- searching
