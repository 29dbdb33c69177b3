"""Read input documents: files, folders and standard input, each decoded or refused.

A bad input never stops the others: :func:`read_inputs` returns the documents it could
read and one problem line for each it could not.

Examples
--------
>>> decode(b"\\xef\\xbb\\xbfHello", "a.txt")
'Hello'
>>> decode(b"caf\\xe9", "b.txt")
Traceback (most recent call last):
...
geomap.errors.InputError: b.txt: not valid UTF-8 (byte 0xe9 at offset 3); convert it or pass --encoding latin-1
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["Source", "read_inputs", "decode", "expand", "MAX_BYTES", "SUFFIXES"]

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    """One readable document."""

    id: str
    path: str | None
    text: str


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode bytes as UTF-8 (a BOM is dropped; UTF-16 with a BOM is accepted)."""
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{where}: cannot decode as {encoding}: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{where}: not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}); "
            "convert it or pass --encoding latin-1"
        ) from None


def expand(inputs: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """Yield (label, path) per input file; folders are walked for *.txt and *.md."""
    for item in inputs:
        if item == "-":
            yield "-", None
            continue
        p = Path(item)
        if p.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(SUFFIXES) and not f.startswith("."):
                        yield str(Path(root) / f), Path(root) / f
        else:
            yield item, p


def _doc_id(path: Path, used: set[str]) -> str:
    base = path.stem
    doc_id, n = base, 2
    while doc_id in used:
        doc_id, n = f"{base}-{n}", n + 1
    used.add(doc_id)
    return doc_id


def read_inputs(inputs: Sequence[str], *, encoding: str | None = None,
                max_bytes: int = MAX_BYTES) -> tuple[list[Source], list[str]]:
    """Read every input; return the sources and one problem line per unreadable input."""
    sources: list[Source] = []
    problems: list[str] = []
    used: set[str] = set()
    for label, path in expand(inputs):
        try:
            if path is None:
                data = sys.stdin.buffer.read(max_bytes + 1)
                where, doc_id = "<stdin>", "stdin"
            else:
                if not path.exists():
                    raise InputError(f"{label}: no such file or directory")
                if not path.is_file():
                    raise InputError(f"{label}: not a regular file")
                if path.stat().st_size > max_bytes:
                    raise InputError(
                        f"{label}: too large ({path.stat().st_size:,} bytes > "
                        f"{max_bytes:,}); split it or raise --max-bytes")
                data = path.read_bytes()
                where, doc_id = label, _doc_id(path, used)
            if len(data) > max_bytes:
                raise InputError(f"{where}: too large (> {max_bytes:,} bytes)")
            text = decode(data, where, encoding)
            if not text.strip():
                raise InputError(f"{where}: empty document")
            sources.append(Source(doc_id, None if path is None else str(path), text))
        except InputError as exc:
            problems.append(str(exc))
        except PermissionError:
            problems.append(f"{label}: permission denied")
        except OSError as exc:
            problems.append(f"{label}: cannot read: {exc.strerror or exc}")
    return sources, problems
