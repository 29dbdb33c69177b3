"""A progress bar on standard error, drawn only for a person watching a terminal.

Output that other tools read goes to stdout, so the bar never mixes with it; and when
stderr is a file or a pipe (CI logs, ``2> log``) nothing is drawn at all.

Examples
--------
>>> import io
>>> list(progress(range(3), total=3, enabled=True, stream=io.StringIO()))
[0, 1, 2]
>>> tty = _FakeTTY()
>>> _ = list(progress(["a", "b"], total=2, enabled=True, stream=tty, label="docs"))
>>> tty.getvalue().splitlines()[-1].split("\\r")[-1].strip()
'docs [##############################] 2/2 100%'
>>> list(progress([], total=0, enabled=True, stream=tty))
[]
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

__all__ = ["progress"]

T = TypeVar("T")
WIDTH = 30
INTERVAL = 0.1  # seconds between redraws


def progress(
    iterable: Iterable[T],
    *,
    total: int | None,
    enabled: bool = True,
    label: str = "",
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield every item of ``iterable``, drawing a bar on stderr when it is a terminal.

    Parameters
    ----------
    iterable : iterable
        The items, yielded unchanged and lazily.
    total : int or None
        How many items to expect; ``None`` shows a count without a bar.
    enabled : bool
        ``False`` (for ``-q``) draws nothing.
    label : str
        Written before the bar, e.g. ``"extract"``.
    stream : file, optional
        Where to draw (default ``sys.stderr``); nothing is drawn unless it is a TTY.
    """
    out = sys.stderr if stream is None else stream
    if not enabled or not _isatty(out):
        yield from iterable
        return
    start = last = time.monotonic()
    done = 0
    _draw(out, label, done, total, 0.0)
    try:
        for item in iterable:
            yield item
            done += 1
            now = time.monotonic()
            if now - last >= INTERVAL:
                _draw(out, label, done, total, now - start)
                last = now
    finally:
        _draw(out, label, done, total, time.monotonic() - start)
        out.write("\n")
        out.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _draw(out: TextIO, label: str, done: int, total: int | None, elapsed: float) -> None:
    head = f"{label} " if label else ""
    if total:
        frac = min(1.0, done / total)
        fill = int(WIDTH * frac)
        text = f"{head}[{'#' * fill}{'.' * (WIDTH - fill)}] {done}/{total} {frac:.0%}"
        if 0 < done < total and elapsed > 1:
            text += f" ~{elapsed * (total - done) / done:.0f}s left"
    else:
        text = f"{head}{done}"
    out.write("\r" + text.ljust(WIDTH + 40))
    out.flush()


class _FakeTTY(io.StringIO):
    """A StringIO that says it is a terminal, for the examples and tests."""

    def isatty(self) -> bool:
        return True
