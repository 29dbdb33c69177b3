"""The name index: every name and alias of every place, compiled once and cached on disk.

Keys are normalised names (see :func:`name_key`); each maps to the places it may mean,
most likely first. The cache is keyed by the content of every gazetteer file, so editing
or adding an entry rebuilds it on the next run.

Examples
--------
>>> name_key("St. Stephen’s  Entrance")
"st stephen's entrance"
>>> name_key("Stratford-upon-Avon")
'stratford upon avon'
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import math
import mmap
import os
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer.compact import MAGIC, CompactView, check_file, replace_quietly, write_compact
from geomap.gazetteer.entries import Gazetteer, read_entries
from geomap.gazetteer.layered import LazyRows
from geomap.gazetteer.overlay import apply_delta, delta_fields, overlay_key, user_records
from geomap.gazetteer.record import Record, entry_record, fits_record, name_key
from geomap.gazetteer.world import DATA_DIR, world_fingerprint, world_records
from geomap.paths import bundled_dir, user_dir

__all__ = [
    "Index",
    "build_index",
    "cache_dir",
    "kind_rank",
    "load_index",
    "name_key",
    "overlay_index",
    "haversine_km",
]

INDEX_VERSION = "12"

# How specific each kind is: a reader prefers the most specific reading of a name.
KIND_RANK = {
    "site": 6,
    "district": 5,
    "city": 4,
    "region": 3,
    "country": 2,
    "water": 2,
    "continent": 1,
}


def kind_rank(kind: str) -> int:
    return KIND_RANK.get(kind, 0)


def _prior(r: Record) -> float:
    """How likely a name means this place before any context is read."""
    score = math.log10(r.population + 10)
    if r.kind == "country":
        score += 6
    elif r.kind == "continent":
        score += 5
    elif r.kind == "region":
        score += 1.5 if r.category == "admin1" else 0.5
    if r.curated:
        score += 2
    return score


_new_record = tuple.__new__


class _Records:
    """Records kept as plain tuples; rows read from the cache file are ``None`` until used.

    A document reads a few hundred of the index's records: decoding each on first use,
    in place, spares every command the decoding of all of them.
    """

    __slots__ = ("rows",)

    def __init__(self, rows: list[tuple[Any, ...] | None] | None = None) -> None:
        self.rows: list[tuple[Any, ...] | None] = rows if rows is not None else []

    def _row(self, i: int) -> tuple[Any, ...]:
        row = self.rows[i]
        if row is None:
            row = self.rows.row(i)  # type: ignore[attr-defined]
        return row

    def __getitem__(self, i: int) -> Record:
        row = self.rows[i]  # _row, inlined: this is the index's hottest call
        if row is None:
            row = self.rows.row(i)  # type: ignore[attr-defined]
        return _new_record(Record, row)

    def __setitem__(self, i: int, r: Record) -> None:
        self.rows[i] = tuple(r)

    def append(self, r: Record) -> None:
        self.rows.append(tuple(r))

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Record]:
        return (Record._make(self._row(i)) for i in range(len(self.rows)))


@dataclass
class Index:
    """Records and the names that point at them."""

    # Plain dicts when built; read-only mappings over the cache file when loaded from it
    # (see geomap.gazetteer.compact), whose ``copy()`` lays changes over them.
    records: _Records = field(default_factory=_Records)
    names: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    demonyms: Mapping[str, int] = field(default_factory=dict)
    events: Mapping[str, int] = field(default_factory=dict)
    by_id: Mapping[str, int] = field(default_factory=dict)
    # For a district or town, the curated venues named after it ("Wembley" -> the stadium).
    venues: dict[int, tuple[int, ...]] = field(default_factory=dict)
    max_words: int = 1
    # For each first word of a name, the most words a name starting with it has: most
    # capitalised words start no name at all, and need no longer look-up.
    first_max: Mapping[str, int] = field(default_factory=dict)
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)

    def lookup(self, key: str) -> list[Record]:
        return [self.records[i] for i in self.names.get(key, ())]

    def get(self, id: str) -> Record | None:
        i = self.by_id.get(id)
        return None if i is None else self.records[i]


def _note_first(first_max: MutableMapping[str, int], key: str) -> None:
    first, _, rest = key.partition(" ")
    words = 1 + rest.count(" ") + (1 if rest else 0)
    if first_max.get(first, 0) < words:
        first_max[first] = words


def _place(
    records: _Records, by_id: MutableMapping[str, int], r: Record
) -> tuple[int, Record | None]:
    """Put a record in the index: a later entry with the same id replaces the earlier one.

    Returns its position and the record it replaced, if any.
    """
    i = by_id.get(r.id)
    if i is not None:
        replaced = records[i]
        records[i] = r
        return i, replaced
    by_id[r.id] = len(records)
    records.append(r)
    return len(records) - 1, None


def build_index(records: Iterable[Record]) -> Index:
    """Compile records into an :class:`Index` (seconds for the world; cached by callers)."""
    by_id: dict[str, int] = {}
    demonyms: dict[str, int] = {}
    events: dict[str, int] = {}
    first_max: dict[str, int] = {}
    idx = Index(by_id=by_id, demonyms=demonyms, events=events, first_max=first_max)
    names: dict[str, list[int]] = defaultdict(list)
    for r in records:
        i, _ = _place(idx.records, by_id, r)
        for n in r.names:
            k = name_key(n)
            if k and i not in names[k]:
                names[k].append(i)
        for d in r.demonyms:
            # "American" is shared by the US and American Samoa: the bigger place wins.
            k = name_key(d)
            held = demonyms.get(k)
            if held is None or idx.records[held].population < r.population:
                demonyms[k] = i
        for ev in r.events:
            events[name_key(ev)] = i
    # Overridden records may still be listed under names they no longer carry.
    live = {
        k: [i for i in v if k in {name_key(n) for n in idx.records[i].names}]
        for k, v in names.items()
    }
    idx.names = {
        k: tuple(sorted(v, key=lambda i: -_prior(idx.records[i]))) for k, v in live.items() if v
    }
    idx.max_words = min(8, max((k.count(" ") + 1 for k in idx.names), default=1))
    for k in (*idx.names, *events):
        _note_first(first_max, k)
    venue_cats = {"stadium", "arena", "racecourse", "venue", "concert_hall", "exhibition_centre"}
    for i, r in enumerate(idx.records):
        if not r.curated or r.category not in venue_cats:
            continue
        first = name_key(r.name).split(" stadium")[0].split(" arena")[0]
        for j in idx.names.get(first, ()):
            t = idx.records[j]
            near = haversine_km(t.lat, t.lon, r.lat, r.lon) < 8
            if near and (t.kind == "district" or t.population < 100_000):
                idx.venues[j] = (*idx.venues.get(j, ()), i)
    return idx


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(51.5, -0.12, 48.85, 2.35))
    343
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


def cache_dir() -> Path:
    env = os.environ.get("GEOMAP_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("geomap"))


_LOADED: dict[str, Index] = {}


def load_index(user: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Index:
    """Load the index for the world, bundled and user gazetteers.

    The world and bundled part is cached on disk, keyed by the bytes of its files, so a
    warm load parses no entry; the user's entries (a few, usually) are read and laid over
    it each time, so adding one never rebuilds the world.
    """
    stamp = _stamp(user)
    if stamp in _LOADED:
        return _LOADED[stamp]
    idx = _base_index(use_cache)
    files = _gazetteer_files(user_dir(user))
    if files:
        idx = _user_index(idx, files, use_cache)
    _LOADED[stamp] = idx
    # The index lives as long as the process: keep the collector from rescanning it, and
    # forked workers from copying its pages when the collector touches them.
    gc.freeze()
    return idx


def _base_index(use_cache: bool) -> Index:
    """World places and the bundled gazetteer, from the on-disk cache when it is fresh."""
    digest = hashlib.sha256()
    for p in _gazetteer_files(bundled_dir()):
        digest.update(p.name.encode())
        digest.update(p.read_bytes())
    fp = hashlib.sha256(
        f"{INDEX_VERSION}:{world_fingerprint()}:{digest.hexdigest()}".encode()
    ).hexdigest()[:20]
    if fp in _LOADED:
        return _LOADED[fp]
    path = cache_dir() / f"index-{fp}.cache"
    idx = read_cache(path, own_rows=True) if use_cache else None
    if idx is None:
        gaz = Gazetteer()
        for p in _gazetteer_files(bundled_dir()):
            try:
                gaz.add(read_entries(p))
            except GazetteerError as exc:
                gaz.problems.extend(str(exc).splitlines())
        idx = build_index([*world_records(), *map(entry_record, gaz.entries.values())])
        idx.fingerprint = fp
        idx.problems = list(gaz.problems)
        if use_cache:
            write_cache(path, idx)
    _LOADED[fp] = idx
    return idx


def _user_index(base: Index, files: list[Path], use_cache: bool) -> Index:
    """``base`` with the user's files laid over it, from the cached delta when it is fresh."""
    try:
        key = overlay_key(base.fingerprint, files)
    except OSError:
        key, use_cache = "", False  # a file unreadable now is named by the read below
    path = cache_dir() / "overlay" / f"user-{key}.cache"
    delta = read_cache(path) if use_cache else None
    if delta is not None and delta.fingerprint == key:
        try:
            laid = apply_delta(base, delta)
            with suppress(OSError):
                os.utime(path)  # used: the last to be pruned
            return laid
        except (ValueError, TypeError, AttributeError) as exc:
            _log.warning(f"{path}: the overlay cache does not fit ({exc}); rebuilt")
    records, problems = user_records(files)
    idx = overlay_index(base, records)
    idx.problems = [*idx.problems, *problems]
    if use_cache:
        fields = delta_fields(base, idx, [r.id for r in records])
        rows = fields.pop("rows")
        write_cache(
            path, Index(records=_Records(rows), **fields, fingerprint=key, problems=problems)
        )
        _prune(path)
    return idx


def _prune(path: Path, keep: int = 4) -> None:
    """Keep the overlays of the user folders used last; older ones only take space."""
    with suppress(OSError):
        old = sorted(path.parent.glob("user-*.cache"), key=lambda p: p.stat().st_mtime)
        for p in old[:-keep]:
            p.unlink(missing_ok=True)


def overlay_index(base: Index, records: Iterable[Record]) -> Index:
    """A copy of ``base`` with ``records`` added, or replacing those with the same id.

    Only the names the new records touch are re-ranked, so this costs milliseconds where
    building the whole index costs seconds.
    """
    # copy(): a dict's copy, or a few changes laid over a cached mapping (compact.Layered).
    names: MutableMapping[str, tuple[int, ...]] = base.names.copy()  # type: ignore[attr-defined]
    events: MutableMapping[str, int] = base.events.copy()  # type: ignore[attr-defined]
    by_id: MutableMapping[str, int] = base.by_id.copy()  # type: ignore[attr-defined]
    first_max: MutableMapping[str, int] = base.first_max.copy()  # type: ignore[attr-defined]
    idx = Index(
        records=_Records(base.records.rows.copy()),
        names=names,
        demonyms=base.demonyms.copy(),  # type: ignore[attr-defined]
        events=events,
        by_id=by_id,
        venues=dict(base.venues),
        max_words=base.max_words,
        first_max=first_max,
        fingerprint=base.fingerprint,
        problems=list(base.problems),
    )
    touched: set[str] = set()
    for r in records:
        i, replaced = _place(idx.records, by_id, r)
        if replaced is not None:
            for n in replaced.names:
                k = name_key(n)
                names[k] = tuple(j for j in names.get(k, ()) if j != i)
                touched.add(k)
        for n in r.names:
            k = name_key(n)
            if k:
                names[k] = (*names.get(k, ()), i)
                touched.add(k)
                _note_first(first_max, k)
                idx.max_words = min(8, max(idx.max_words, k.count(" ") + 1))
        for ev in r.events:
            events[name_key(ev)] = i
            _note_first(first_max, name_key(ev))
    for k in touched:
        # Ties keep index order, as in a full build, so an overlay ranks as a rebuild would.
        ranked = sorted(set(names[k]), key=lambda j: (-_prior(idx.records[j]), j))
        if ranked:
            names[k] = tuple(ranked)
        else:
            del names[k]
    return idx


def _gazetteer_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in (".geojson", ".csv")
    )


def _stamp(user: str | os.PathLike[str] | None) -> str:
    """A cheap in-process key: the folders' files with their sizes and modification times."""
    parts = [str(user)]
    for folder in (bundled_dir(), user_dir(user), DATA_DIR):
        try:
            for p in sorted(folder.iterdir()):
                st = p.stat()
                parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{folder}:missing")
    return "stamp:" + ":".join(parts)


# The cache is data, not code: arrays, key blobs and JSON (geomap.gazetteer.compact), behind a
# magic line and a SHA-256 of the rest, so a planted file can run nothing.
_MAGIC = MAGIC
_log = logging.getLogger("geomap")
_TABLES = ("names", "demonyms", "events", "by_id", "first_max")
_SCALARS = ("max_words", "fingerprint", "problems")


def read_cache(path: Path, *, own_rows: bool = False) -> Index | None:
    """The index cached at ``path``, or ``None`` (with one warning) if it is unusable.

    ``own_rows``: its names point at its own records, and one pointing past them is
    damage (a user delta's point into the index it is laid over, checked when laid);
    such a base index, once checked, is sealed and not hashed again until it changes.

    Only a regular file is read: a FIFO or a device at the path would hang or mislead.
    The file is memory-mapped; its mappings decode what a look-up reaches.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            _log.warning(f"{path}: not a regular file; the index cache is not used")
            return None
        with path.open("rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise OSError("not a regular file")
            try:
                check_file(fh, path.with_suffix(".seal") if own_rows else None)
            except ValueError as exc:
                _log.warning(f"{path}: the index cache is damaged ({exc}); rebuilt")
                return None
            # The mapping outlives the file object: closing the descriptor keeps it.
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            # Records are read with pread where there is one (see CompactView).
            fd = os.dup(fh.fileno()) if hasattr(os, "pread") else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        _log.warning(f"{path}: cannot read the index cache ({exc}); rebuilt")
        return None
    try:
        return _decode(CompactView(data, str(path), fd), own_rows)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        _log.warning(f"{path}: the index cache is damaged ({exc}); rebuilt")
        return None


def _decode(view: CompactView, own_rows: bool) -> Index:
    sc = view.scalars
    if set(sc) != {*_SCALARS, "venues"}:
        raise TypeError("unexpected contents")
    max_words, fingerprint, problems = (sc[k] for k in _SCALARS)
    venues = {int(k): tuple(map(int, v)) for k, v in sc["venues"]}
    if type(max_words) is not int or type(fingerprint) is not str or type(problems) is not list:
        raise TypeError("unexpected contents")
    # Every table but first_max (word counts) holds record positions.
    bound = view.rows if own_rows else None
    fields = {k: view.table(k, None if k == "first_max" else bound) for k in _TABLES}

    def load(i: int) -> tuple[Any, ...]:
        row = view.row(i)
        if not fits_record(row):  # a planted record must not fail later, far from here
            raise GazetteerError(f"{view.where}: the index cache is damaged (record {i})")
        return row

    rows = LazyRows(itertools.repeat(None, view.rows), load)
    return Index(
        records=_Records(rows),  # type: ignore[arg-type]
        venues=venues,
        max_words=max_words,
        fingerprint=fingerprint,
        problems=[str(p) for p in problems],
        **fields,  # type: ignore[arg-type]
    )


def write_cache(path: Path, idx: Index) -> None:
    """Write ``idx`` to ``path`` atomically; a failed write leaves no temporary file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            return  # never replace a FIFO, a device or a folder someone put there
    except OSError:
        return  # an unwritable cache only costs speed
    tables = {k: getattr(idx, k) for k in _TABLES}
    scalars = {k: getattr(idx, k) for k in _SCALARS} | {"venues": list(idx.venues.items())}
    rows = map(tuple, idx.records)
    if not replace_quietly(path, lambda fh: write_compact(fh, tables, scalars, rows), ".index-"):
        return
    with suppress(OSError):
        path.with_suffix(".seal").unlink(missing_ok=True)
        for old in path.parent.glob("index-*.*"):
            if old.stem != path.stem:
                old.unlink(missing_ok=True)
