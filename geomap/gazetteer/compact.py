"""The name index on disk: one memory-mapped file, read only where a look-up lands.

A document looks up a few thousand of the index's 370,000 name keys and reads a few
hundred of its 276,000 records. Unpickling every dict of the index took most of a
second and a third of the process's memory; here a key is found by a hash probe into
arrays laid out in the file, and only the record ids of that key, and only the records
asked for, are decoded. The operating system pages in what is read, and shares those
pages between processes (forked ``--jobs`` workers, two commands at once).

The file holds data only: a small JSON header, UTF-8 key blobs, arrays of unsigned
integers and one JSON list per record. Nothing in it names a class or a function, so a
planted file can run nothing; a SHA-256 of everything past it is checked on open (tens
of milliseconds, read in chunks so the pages are not mapped twice), so a damaged file is
refused and rebuilt before any look-up reads it.

Examples
--------
>>> import io
>>> buf = io.BytesIO()
>>> rows = [("a", "Alpha"), ("b", "Beta")]
>>> write_compact(buf, {"names": {"alpha": (0,), "beta": (1, 0)}}, {"n": 2}, rows)
>>> view = read_compact(buf.getvalue(), "test")
>>> names = view.table("names")
>>> names["beta"], names.get("gamma", ()), "alpha" in names, list(names)
((1, 0), (), True, ['alpha', 'beta'])
>>> view.scalars["n"], view.row(1)
(2, ('b', 'Beta'))
>>> laid = names.copy()
>>> laid["gamma"] = (2,); del laid["alpha"]
>>> dict(laid), len(laid), names.get("gamma")
({'beta': (1, 0), 'gamma': (2,)}, 2, None)
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from pathlib import Path
from typing import IO, Any
from zlib import crc32

from geomap.errors import GazetteerError
from geomap.gazetteer.layered import Layered

__all__ = [
    "MAGIC",
    "CompactView",
    "Table",
    "check_file",
    "read_compact",
    "replace_quietly",
    "write_compact",
]

MAGIC = b"geomap-index-cache 2\n"
_HEAD = len(MAGIC) + 32  # the magic line, then the SHA-256 of the rest
_MISSING: Any = object()
_ALIGN = 8


def _encode(key: str) -> bytes:
    return key.encode("utf-8", "surrogatepass")


class Table(Mapping[str, Any]):
    """A read-only mapping of name keys to ints or tuples of ints, over the file's arrays.

    Keys iterate in the order they were written, as the dict they were written from did.
    Each key looked up is remembered (hits and misses): a corpus repeats its names.
    """

    __slots__ = ("_keys", "_koff", "_slots", "_vals", "_voff", "_memo", "_where", "_limit", "_all")

    def __init__(
        self,
        keys: memoryview,
        koff: memoryview,
        slots: memoryview,
        vals: memoryview,
        voff: memoryview | None,
        where: str,
        limit: int | None = None,
    ) -> None:
        self._keys, self._koff, self._slots = keys, koff, slots
        self._vals, self._voff, self._where = vals, voff, where
        self._limit = limit  # values are positions below it (records), checked as read
        self._all: tuple[list[str], list[Any]] | None = None
        self._memo: dict[str, Any] = {}

    def _find(self, key: str) -> Any:
        b = _encode(key)
        keys, koff, slots = self._keys, self._koff, self._slots
        mask = len(slots) - 1
        h = crc32(b) & mask
        try:
            for _ in range(len(slots)):  # bounded: a full table must not spin
                s = slots[h]
                if not s:
                    return _MISSING
                s -= 1
                if keys[koff[s] : koff[s + 1] - 1] == b:
                    return self._value(s)
                h = (h + 1) & mask
        except (IndexError, ValueError) as exc:
            raise self._damaged(exc) from None
        return _MISSING

    def _value(self, s: int) -> Any:
        if self._voff is None:
            v = self._vals[s]
            if self._limit is not None and v >= self._limit:
                raise ValueError(f"value {v} past {self._limit}")
            return v
        t = tuple(self._vals[self._voff[s] : self._voff[s + 1]])
        if self._limit is not None and t and max(t) >= self._limit:
            raise ValueError(f"value {max(t)} past {self._limit}")
        return t

    def _damaged(self, exc: Exception) -> GazetteerError:
        return GazetteerError(
            f"{self._where}: the index cache is damaged ({exc}); delete it and run again"
        )

    def _lookup(self, key: str) -> Any:
        try:
            return self._memo[key]
        except KeyError:
            v = self._memo[key] = self._find(key) if type(key) is str else _MISSING
            return v

    def __getitem__(self, key: str) -> Any:
        v = self._lookup(key)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def get(self, key: str, default: Any = None) -> Any:
        v = self._lookup(key)
        return default if v is _MISSING else v

    def __contains__(self, key: object) -> bool:
        return self._lookup(key) is not _MISSING  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._koff) - 1

    def _key(self, i: int) -> str:
        return bytes(self._keys[self._koff[i] : self._koff[i + 1] - 1]).decode(
            "utf-8", "surrogatepass"
        )

    def _all_keys(self) -> list[str]:
        """Every key in order: one decode of the blob, split at the NULs that end them."""
        keys = bytes(self._keys).decode("utf-8", "surrogatepass").split("\0")[:-1]
        if len(keys) != len(self):  # a key holding a NUL: read one by one
            keys = [self._key(i) for i in range(len(self))]
        return keys

    def _all_values(self) -> list[Any]:
        vals = self._vals.tolist()
        if self._limit is not None and vals and max(vals) >= self._limit:
            raise ValueError(f"value {max(vals)} past {self._limit}")
        if self._voff is None:
            return vals
        voff, every = self._voff.tolist(), tuple(vals)  # a tuple's slice is a tuple
        return [every[a:b] for a, b in itertools.pairwise(voff)]

    def _bulk(self) -> tuple[list[str], list[Any]]:
        """Every key and value, decoded in bulk (a key at a time costs ten times more).

        Kept once made: a command that reads the whole table (``gazetteer search`` runs
        a scan per query) reads it often; one that looks names up never makes it.
        """
        if self._all is None:
            try:
                self._all = (self._all_keys(), self._all_values())
            except (IndexError, ValueError) as exc:
                raise self._damaged(exc) from None
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._bulk()[0])

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return zip(*self._bulk(), strict=True)

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return iter(self._bulk()[1])

    def copy(self) -> Layered:
        """A mutable mapping laid over this one: changing it leaves this one as it is."""
        return Layered(self)

    def __or__(self, other: Mapping[str, Any]) -> Layered:
        laid = Layered(self)
        laid.update(other)
        return laid

    def __ror__(self, other: Mapping[str, Any]) -> dict[str, Any]:
        return {**other, **dict(self.items())}


class _Descriptor:
    """An open file descriptor, closed when the last view reading through it goes."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __del__(self) -> None:
        os.close(self.fd)


class CompactView:
    """The sections of one cache file, checked and ready to be read lazily.

    With ``fd`` (a descriptor of the same file, which the view then owns) records are read
    with ``pread`` rather than through the mapping: the kernel maps 64 KiB around every
    page a process touches, so a few thousand records scattered over the 55 MB of them
    would make most of it count as this process's memory.
    """

    def __init__(self, data: Any, where: str, fd: int | None = None) -> None:
        self.where = where
        self._fd = None if fd is None else _Descriptor(fd)
        self._data = memoryview(data)
        self._at: dict[str, int] = {}
        head, body = self._parse()
        self.scalars: dict[str, Any] = head["scalars"]
        self._sections: dict[str, memoryview] = body
        self._kinds: dict[str, bool] = head["tables"]
        self.rows = int(head["rows"])
        if len(self._sections.get("rows.off", b"")) != self.rows + 1:
            raise TypeError("unexpected contents (record offsets)")

    def _parse(self) -> tuple[dict[str, Any], dict[str, memoryview]]:
        data = self._data
        size = int.from_bytes(data[_HEAD : _HEAD + 8], "little")
        start = _HEAD + 8
        if size > len(data) - start:
            raise TypeError("unexpected contents (header length)")
        head = json.loads(bytes(data[start : start + size]))
        if not isinstance(head, dict) or set(head) != {
            "byteorder",
            "scalars",
            "tables",
            "rows",
            "sections",
        }:
            raise TypeError("unexpected contents")
        if head["byteorder"] != sys.byteorder:
            raise TypeError("unexpected contents (written on another machine)")
        base = start + size
        base += -base % _ALIGN
        out: dict[str, memoryview] = {}
        for name, (off, length, code) in head["sections"].items():
            if (
                code not in ("B", "I", "Q")
                or off < 0
                or length < 0
                or base + off + length > len(data)
            ):
                raise TypeError(f"unexpected contents (section {name})")
            if length % array(code).itemsize or (code != "B" and (base + off) % _ALIGN):
                raise TypeError(f"unexpected contents (section {name})")
            out[name] = data[base + off : base + off + length].cast(code)
            self._at[name] = base + off
        return head, out

    def table(self, name: str, limit: int | None = None) -> Table:
        """The mapping written under ``name``; ``TypeError`` if its arrays do not agree.

        With ``limit``, a value at or past it is damage (raised when it is read).
        """
        s = self._sections
        try:
            keys, koff, slots = s[f"{name}.keys"], s[f"{name}.koff"], s[f"{name}.slots"]
            vals, voff = s[f"{name}.vals"], s.get(f"{name}.voff")
            tuples = self._kinds[name]
        except KeyError as exc:
            raise TypeError(f"unexpected contents (no {exc})") from None
        n = len(koff) - 1
        slots_ok = len(slots) > n and not len(slots) & (len(slots) - 1)
        vals_ok = (voff is not None and len(voff) == n + 1) if tuples else len(vals) == n
        if n < 0 or not slots_ok or not vals_ok or koff[n] != len(keys):
            raise TypeError(f"unexpected contents ({name})")
        return Table(keys, koff, slots, vals, voff if tuples else None, self.where, limit)

    def row(self, i: int) -> tuple[Any, ...]:
        off = self._sections["rows.off"]
        try:
            a, b = off[i], off[i + 1]
            if self._fd is None:
                blob = bytes(self._sections["rows.blob"][a:b])
            elif b < a or b > len(self._sections["rows.blob"]):
                raise IndexError(f"record {i} out of bounds")
            else:
                blob = os.pread(self._fd.fd, b - a, self._at["rows.blob"] + a)
            raw = json.loads(blob)
        except (IndexError, ValueError, OSError) as exc:
            raise GazetteerError(
                f"{self.where}: the index cache is damaged ({exc}); delete it and run again"
            ) from None
        if type(raw) is not list:
            raise GazetteerError(f"{self.where}: the index cache is damaged (record {i})")
        # JSON has no tuples: the record's name lists come back as lists.
        return tuple(tuple(v) if type(v) is list else v for v in raw)


def read_compact(data: Any, where: str) -> CompactView:
    """Check ``data`` (bytes, checksum included) and open its sections."""
    if bytes(data[: len(MAGIC)]) != MAGIC:
        raise ValueError("not a geomap index cache")
    if hashlib.sha256(memoryview(data)[_HEAD:]).digest() != bytes(data[len(MAGIC) : _HEAD]):
        raise ValueError("checksum mismatch")
    return CompactView(data, where)


def check_file(fh: IO[bytes], seal: Path | None = None) -> None:
    """Check the magic line and checksum of an open cache file; ``ValueError`` if either fails.

    The file is read in chunks, not through a mapping: hashing a mapped file would make
    every page of it resident in this process, the memory the mapping is there to spare.
    With ``seal``, a file checked once is remembered there by its identity, size and
    times (keyed with a secret of the cache folder), and is not hashed again until any of
    them changes: writing to a file, even keeping its modification time, changes its
    ctime. What is read past the check is bounds- and type-checked as it is read.
    """
    fh.seek(0)
    if fh.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a geomap index cache")
    digest = fh.read(32)
    expected = None if seal is None else _seal_of(seal.parent, os.fstat(fh.fileno()), digest)
    if expected is not None and seal is not None:
        with suppress(OSError, UnicodeDecodeError):
            if hmac.compare_digest(seal.read_text(encoding="ascii"), expected):
                return
    if hashlib.file_digest(fh, "sha256").digest() != digest:  # type: ignore[arg-type]
        raise ValueError("checksum mismatch")
    if expected is not None and seal is not None:
        replace_quietly(seal, lambda fh: fh.write(expected.encode()), ".seal-")


def _seal_of(folder: Path, st: os.stat_result, digest: bytes) -> str | None:
    """A keyed digest of a file's identity, size, times and checksum; None without a key."""
    key = _key(folder)
    if key is None:
        return None
    ident = f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:"
    return hmac.new(key, ident.encode() + digest, "sha256").hexdigest()


def _key(folder: Path) -> bytes | None:
    path = folder / ".seal-key"
    with suppress(FileNotFoundError):
        key = path.read_bytes()
        return key if len(key) == 32 else None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by another process just now
        with suppress(OSError):
            key = path.read_bytes()
            return key if len(key) == 32 else None
        return None
    except OSError:
        return None
    key = os.urandom(32)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def replace_quietly(path: Path, write: Callable[[IO[bytes]], object], prefix: str) -> bool:
    """Write a file through ``write`` and put it at ``path`` atomically; False, leaving no
    temporary file, if the folder refuses. For caches: one not written only costs speed.
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _uints(values: Iterable[int]) -> array[int]:
    a = array("I")
    try:
        a.extend(values)
    except OverflowError:
        a = array("Q", values)
    return a


def _table(mapping: Mapping[str, Any], tuples: bool) -> dict[str, array[int] | bytes]:
    """A mapping's keys (blob and offsets), open-addressing slots, and values."""
    encoded = [_encode(k) for k in mapping]
    koff = [0]
    for b in encoded:
        koff.append(koff[-1] + len(b) + 1)
    size = 8
    while size < 2 * len(encoded) + 1:
        size *= 2
    slots = array("I", bytes(4 * size))
    mask = size - 1
    for i, b in enumerate(encoded):
        h = crc32(b) & mask
        while slots[h]:
            h = (h + 1) & mask
        slots[h] = i + 1
    out: dict[str, array[int] | bytes] = {
        "keys": b"".join(b + b"\0" for b in encoded),  # NUL-ended: decoded in one go
        "koff": _uints(koff),
        "slots": slots,
    }
    if tuples:
        voff = [0]
        for v in mapping.values():
            voff.append(voff[-1] + len(v))
        out["voff"] = _uints(voff)
        out["vals"] = _uints(i for v in mapping.values() for i in v)
    else:
        out["vals"] = _uints(mapping.values())
    return out


def write_compact(
    fh: IO[bytes],
    tables: Mapping[str, Mapping[str, Any]],
    scalars: Mapping[str, Any],
    rows: Iterable[tuple[Any, ...]],
) -> None:
    """Write ``tables`` (values: ints or tuples of ints), JSON ``scalars`` and ``rows``.

    A table is of tuples when any of its values is one (an empty table is of ints).
    """
    sections: dict[str, array[int] | bytes] = {}
    kinds: dict[str, bool] = {}
    for name, mapping in tables.items():
        kinds[name] = any(type(v) is tuple for v in mapping.values())
        for part, blob in _table(mapping, kinds[name]).items():
            sections[f"{name}.{part}"] = blob
    encoded = [json.dumps(list(r), separators=(",", ":")).encode() for r in rows]
    roff = [0]
    for b in encoded:
        roff.append(roff[-1] + len(b))
    sections["rows.off"], sections["rows.blob"] = _uints(roff), b"".join(encoded)
    layout: dict[str, tuple[int, int, str]] = {}
    chunks: list[bytes] = []
    at = 0
    for name, blob in sections.items():
        raw = blob.tobytes() if isinstance(blob, array) else blob
        code = blob.typecode if isinstance(blob, array) else "B"
        pad = -at % _ALIGN
        chunks.append(b"\0" * pad)
        at += pad
        layout[name] = (at, len(raw), code)
        chunks.append(raw)
        at += len(raw)
    head = json.dumps(
        {
            "byteorder": sys.byteorder,
            "scalars": dict(scalars),
            "tables": kinds,
            "rows": len(encoded),
            "sections": layout,
        }
    ).encode()
    start = _HEAD + 8 + len(head)
    rest = [len(head).to_bytes(8, "little"), head, b"\0" * (-start % _ALIGN), *chunks]
    digest = hashlib.sha256()
    for chunk in rest:
        digest.update(chunk)
    fh.write(MAGIC + digest.digest())
    for chunk in rest:
        fh.write(chunk)
