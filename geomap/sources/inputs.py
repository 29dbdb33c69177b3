"""Read input documents: files, folders and standard input, each decoded or refused.

A bad input never stops the others: :func:`read_inputs` returns the documents it could
read and one problem line for each it could not.

Examples
--------
>>> decode(b"\\xef\\xbb\\xbfHello", "a.txt")
'Hello'
>>> decode(b"\\xff\\xfeL\\x00", "u16.txt")
'L'
>>> decode(b"caf\\xe9", "b.txt")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geomap.errors.InputError: b.txt: not valid UTF-8 (byte 0xe9 at offset 3); ... --encoding latin-1
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import InputError
from geomap.paths import long_part, shown
from geomap.sources.dates import front_matter_date
from geomap.text import printable

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Source",
    "check_encoding",
    "decode",
    "expand",
    "iter_inputs",
    "read_inputs",
]

# What the tool reads in well under a minute: news text at about 0.3 MB of CPU time a
# second (9.2 MB of TR-News and generated articles as one file: 33 s, 590 MB of memory,
# on the 2-core machine of the hardening work). A larger file is refused, not ground at.
MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    """One readable document."""

    id: str
    path: str | None
    text: str


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode bytes as UTF-8; a BOM tells UTF-16 and UTF-32, and is dropped.

    >>> decode("Zürich".encode("utf-32"), "a.txt")
    'Zürich'
    >>> decode("Zürich".encode("utf-16-le"), "a.txt")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: a.txt: looks like UTF-16-LE without a byte-order mark; pass ...
    """
    if encoding:
        return _decode_as(data, where, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{where}: not valid {codec[:6].upper()}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: {_nul_kind(data[:8192])}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}); "
            "convert it or pass --encoding latin-1"
        ) from None


# UTF-32's marks first: UTF-32-LE's starts with UTF-16-LE's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _nul_kind(head: bytes) -> str:
    """What a text with NUL bytes and no byte-order mark is: UTF-16 or -32, or binary."""
    n = len(head) - len(head) % 4
    for codec, width, at in (("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0),
                             ("utf-16-be", 2, 1)):  # fmt: skip
        text_bytes = head[at:n:width]
        others = bytes(b for i, b in enumerate(head[:n]) if i % width != at)
        if text_bytes and not others.strip(b"\x00") and b"\x00" not in text_bytes:
            return f"looks like {codec.upper()} without a byte-order mark; pass --encoding {codec}"
    return "binary file (contains NUL bytes), not text"


# Text codecs that are not how a document is stored: they decode escapes or domain names,
# or refuse everything, so every file would fail or be misread the same way.
_NOT_FOR_FILES = {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}


def check_encoding(encoding: str) -> str:
    """``encoding`` if documents can be stored in it, else one :class:`InputError` line.

    >>> check_encoding("Latin-1")
    'Latin-1'
    >>> check_encoding("unicode_escape")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: --encoding unicode_escape: not an encoding of text files; ...
    """
    hint = "use one such as latin-1, cp1252, utf-16 or shift_jis"
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        raise InputError(f"--encoding {encoding}: unknown encoding; {hint}") from None
    if not info._is_text_encoding or info.name in _NOT_FOR_FILES:  # type: ignore[attr-defined]
        raise InputError(f"--encoding {encoding}: not an encoding of text files; {hint}")
    return encoding


def _decode_as(data: bytes, where: str, encoding: str) -> str:
    try:
        if not codecs.lookup(encoding)._is_text_encoding:
            raise LookupError(f"{encoding} is not a text encoding")
        return data.decode(encoding).removeprefix("\ufeff")
    except (UnicodeError, LookupError, ValueError) as exc:
        raise InputError(f"{where}: cannot decode as {encoding}: {exc}") from None


def expand(
    inputs: Sequence[str], problems: list[str] | None = None
) -> Iterator[tuple[str, Path | None]]:
    """Yield (label, path) per input file; folders are walked for *.txt and *.md.

    Symbolic links are followed, but a folder already walked (a symlink loop) is not
    walked again. A folder that cannot be listed, or holds no document, adds a line to
    ``problems`` when it is given.
    """

    def note(line: str) -> None:
        if problems is not None:
            problems.append(line)

    def walk_error(exc: OSError) -> None:
        where = printable(str(exc.filename or "?"))
        note(f"{where}: cannot list folder: {exc.strerror or exc}")

    for item in inputs:
        if item == "-":
            yield "-", None
            continue
        p = Path(item)
        if not long_part(p) and p.is_dir():  # is_dir raises for a name over 255 bytes
            seen: set[tuple[int, int]] = set()
            found = 0
            for root, dirs, files in os.walk(p, followlinks=True, onerror=walk_error):
                try:
                    st = os.stat(root)
                except OSError:
                    dirs[:] = []
                    continue
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(SUFFIXES) and not f.startswith("."):
                        found += 1
                        yield str(Path(root) / f), Path(root) / f
            if not found:
                note(f"{item}: no {' or '.join('*' + s for s in SUFFIXES)} files in this folder")
        else:
            yield item, p


def _doc_id(path: Path, used: set[str]) -> str:
    base = printable(shown(path.stem))  # an id, written in every format: one line of text
    doc_id, n = base, 2
    while doc_id in used:
        doc_id, n = f"{base}-{n}", n + 1
    used.add(doc_id)
    return doc_id


def _check_front_matter(text: str, where: str) -> None:
    """A front matter that states a date must state one: a typo is reported, not guessed."""
    try:
        front_matter_date(text)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _read(path: Path, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of a file, so a huge or growing file is never read whole."""
    with path.open("rb") as fh:
        return fh.read(limit + 1)


def _too_large(where: str, size: int | None, max_bytes: int) -> InputError:
    """The one line for a file over the limit; the default's says what it stands for.

    >>> str(_too_large("big.txt", 20_000_000, MAX_BYTES))  # doctest: +NORMALIZE_WHITESPACE
    'big.txt: too large (20,000,000 bytes > 10,485,760 bytes, the default: about a minute
    of work); split it or raise --max-bytes'
    """
    amount = f"{size:,} bytes" if size is not None else "more"
    limit = f"{max_bytes:,} bytes"
    if max_bytes == MAX_BYTES:
        limit += ", the default: about a minute of work"
    return InputError(f"{where}: too large ({amount} > {limit}); split it or raise --max-bytes")


def read_inputs(
    inputs: Sequence[str], *, encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[list[Source], list[str]]:
    """Read every input; return the sources and one problem line per unreadable input.

    A file reached twice (named twice, or through a symbolic link) is read once.
    """
    sources: list[Source] = []
    problems: list[str] = []
    for item in iter_inputs(inputs, encoding=encoding, max_bytes=max_bytes):
        if isinstance(item, Source):
            sources.append(item)
        else:
            problems.append(item)
    return sources, problems


def iter_inputs(
    inputs: Sequence[str], *, encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Source | str]:
    """Yield each readable input as a :class:`Source`, each unreadable one as a problem line.

    One file is in memory at a time, so a corpus of any size streams through. An
    ``encoding`` no document is stored in raises :class:`InputError` before any is read.
    """
    if encoding:
        check_encoding(encoding)
    problems: list[str] = []
    used: set[str] = set()
    files_seen: set[tuple[int, int]] = set()
    for label, path in expand(inputs, problems):
        yield from problems
        problems.clear()
        label = printable(shown(label))  # it reaches error lines
        try:
            if path is None:
                data = sys.stdin.buffer.read(max_bytes + 1)
                where, doc_id = "<stdin>", "stdin"
            else:
                where = label
                if long_part(path):
                    raise InputError(f"{label}: file name too long (over 255 bytes)")
                try:
                    st = path.stat()
                except FileNotFoundError:
                    if path.is_symlink():
                        raise InputError(f"{label}: broken symbolic link") from None
                    raise InputError(f"{label}: no such file or directory") from None
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        raise InputError(f"{label}: symbolic link loop") from None
                    raise
                if (st.st_dev, st.st_ino) in files_seen:
                    continue
                files_seen.add((st.st_dev, st.st_ino))
                if not stat.S_ISREG(st.st_mode):
                    raise InputError(f"{label}: not a regular file")
                if st.st_size > max_bytes:
                    raise _too_large(label, st.st_size, max_bytes)
                data = _read(path, max_bytes)
                doc_id = _doc_id(path, used)
            if len(data) > max_bytes:
                raise _too_large(where, None, max_bytes)
            text = decode(data, where, encoding)
            if not text.strip():
                raise InputError(f"{where}: empty document")
            _check_front_matter(text, where)
            # A name that is not UTF-8 is stored as shown(): JSON and CSV hold only UTF-8.
            yield Source(doc_id, None if path is None else shown(path), text)
        except InputError as exc:
            yield str(exc)
        except PermissionError:
            yield f"{label}: permission denied"
        except OSError as exc:
            yield f"{label}: cannot read: {exc.strerror or exc}"
    yield from problems
