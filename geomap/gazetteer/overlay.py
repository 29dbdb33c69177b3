"""The user's entries laid over the name index, kept on disk as the difference they make.

Reading and validating 100,000 user entries and re-ranking their names takes seconds;
what they change in the index (their records, the name keys whose places changed, the
first words and events they add) loads in a fraction of that. :mod:`geomap.gazetteer.index`
stores that difference in the same data-only, checksummed cache as the base index, keyed
by the base index and the bytes of every user file, so any edit of ``user.geojson`` (or a
new base) makes a new key and the old difference is never read again.

This module knows the index only by its fields, so the index can import it.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> base = NS(records=NS(rows=[("a",)]), by_id={"a": 0}, names={"alpha": (0,)},
...           events={}, first_max={"alpha": 1}, max_words=1, problems=[])
>>> merged = NS(records=NS(rows=[("a",), ("b",)]), by_id={"a": 0, "b": 1},
...             names={"alpha": (0, 1), "beta": (1,)}, events={}, first_max={"alpha": 1,
...             "beta": 1}, max_words=1)
>>> d = delta_fields(base, merged, ["b"])
>>> d["by_id"], d["names"], d["first_max"]
({'b': 1}, {'alpha': (0, 1), 'beta': (1,)}, {'beta': 1})
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer.entries import read_entries
from geomap.gazetteer.layered import changes
from geomap.gazetteer.record import Record, entry_record

__all__ = ["OVERLAY_VERSION", "apply_delta", "delta_fields", "overlay_key", "user_records"]

# Bump when what a delta holds, or how an overlay ranks, changes.
OVERLAY_VERSION = "1"


def overlay_key(base_fingerprint: str, files: Iterable[Path]) -> str:
    """A key that changes with the base index and with any byte of any user file."""
    h = hashlib.sha256(f"{OVERLAY_VERSION}:{base_fingerprint}".encode())
    for path in files:
        h.update(b"\0" + str(path).encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


def user_records(files: Iterable[Path]) -> tuple[list[Record], list[str]]:
    """The records of the user's files, and one line per problem (a bad file is skipped)."""
    records: list[Record] = []
    problems: list[str] = []
    for path in files:
        try:
            records.extend(map(entry_record, read_entries(path)))
        except GazetteerError as exc:
            problems.extend(str(exc).splitlines())
    return records, problems


def delta_fields(base: Any, merged: Any, ids: Iterable[str]) -> dict[str, Any]:
    """What laying the records with ``ids`` over ``base`` changed, to make ``merged``.

    ``by_id`` lists the records' positions, lowest first, with their rows in ``rows``; a
    name key that lost all its places maps to ``()``.
    """
    at = sorted({merged.by_id[i] for i in ids})
    rows = merged.records.rows
    names, gone = changes(base.names, merged.names)
    names.update((k, ()) for k in gone)
    return {
        "rows": [rows[p] for p in at],
        "by_id": {_id_of(rows[p]): p for p in at},
        "names": names,
        "events": changes(base.events, merged.events)[0],
        "first_max": changes(base.first_max, merged.first_max)[0],
        "max_words": merged.max_words,
    }


def _id_of(row: Sequence[Any] | bytes) -> str:
    fields = marshal.loads(row) if isinstance(row, bytes) else row
    return str(fields[0])


def apply_delta(base: Any, delta: Any) -> Any:
    """``base`` with a cached delta laid over it; ``ValueError`` if the two do not fit."""
    n = len(base.records.rows)
    # copy(): of a dict or list, or changes laid over the cache file's (compact.Layered).
    rows = base.records.rows.copy()
    by_id = base.by_id.copy()
    for (id, pos), row in zip(delta.by_id.items(), delta.records.rows, strict=True):
        if pos == len(rows) and id not in by_id:
            rows.append(row)
        elif not (pos < n and by_id.get(id) == pos):
            raise ValueError(f"record {id!r} at {pos} does not fit the index")
        rows[pos] = row
        by_id[id] = pos
    names = base.names.copy()
    for k, v in delta.names.items():
        if v:
            names[k] = v
        else:
            names.pop(k, None)
    if max(map(max, filter(None, delta.names.values())), default=-1) >= len(rows):
        raise ValueError("a name points past the index")
    return type(base)(
        records=type(base.records)(rows),
        names=names,
        demonyms=base.demonyms,
        events=base.events | delta.events,
        by_id=by_id,
        venues=base.venues,
        max_words=delta.max_words,
        first_max=base.first_max | delta.first_max,
        fingerprint=base.fingerprint,
        problems=[*base.problems, *delta.problems],
    )
