"""One pattern of many words that the regex engine can scan fast: branches sorted by their
first letter.

Python's ``re`` tries every branch of an alternation at every position. With several
hundred event words that is most of the scan's cost. Grouping the branches by the letters
they can start with, behind a look-ahead for that letter, lets a position try only the
branches that could match there. At any position one group at most applies, and within
it the branches keep their order, so the match is the one the plain alternation finds.

Examples
--------
>>> sorted(first_letters(r"(gas|boiler) explosions?\\b"))
['b', 'g']
>>> sorted(first_letters(r"(un)?armed men"))
['a', 'u']
>>> first_letters(r"\\w+ fired") is None
True
>>> p = dispatched(["shot", "shelled", "(air|drone) strikes?", "set fire to"], re.I)
>>> [m.group() for m in p.finditer("Drone strikes and Shelling; they SHOT and set fire to it")]
['Drone strikes', 'SHOT', 'set fire to']
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["Lazy", "dispatched", "dispatched_source", "first_letters", "starts", "uncaptured"]

_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}


@lru_cache(maxsize=4096)  # the rule lists and their prefilter ask for the same patterns
def first_letters(pattern: str, fold: bool = True) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with (lower-cased when ``fold``,
    for a pattern matched ignoring case); None if any."""
    try:
        chars, empty = _first(_parser.parse(pattern, re.I if fold else 0))
    except (re.error, TypeError, ValueError):
        return None
    if chars is None or empty:
        return None
    return frozenset(ch.lower() for ch in chars) if fold else frozenset(chars)


def dispatched(branches: list[str], flags: int = re.I) -> re.Pattern[str]:
    """``(?:b1)|(?:b2)|…`` with the same matches, each position trying only its letter's."""
    return re.compile(dispatched_source(branches, flags), flags)


def dispatched_source(branches: list[str], flags: int = re.I) -> str:
    """The source of :func:`dispatched`, for a caller that puts it in a larger pattern:
    compiling it on its own too would double the cost of loading the rules.

    >>> dispatched_source(["shot", "stabbed", "bombed"])
    '(?=[b])(?:(?:bombed))|(?=[s])(?:(?:shot)|(?:stabbed))'
    """
    found = [first_letters(b, fold=bool(flags & re.I)) for b in branches]
    firsts = [f for f in found if f is not None]
    if len(firsts) < len(found):
        return "|".join(f"(?:{b})" for b in branches) or "(?!)"
    groups: dict[tuple[int, ...], list[str]] = {}
    for ch in sorted(set[str]().union(*firsts)):
        members = tuple(i for i, f in enumerate(firsts) if ch in f)
        groups.setdefault(members, []).append(ch)
    # Copies of a branch in several groups would multiply its capturing groups, which the
    # engine pays for in compiling and matching; a hit's span is all a scan needs.
    plain = [uncaptured(b) for b in branches]
    parts = [
        f"(?=[{''.join(re.escape(ch) for ch in chars)}])"
        + "(?:"
        + "|".join(f"(?:{plain[i]})" for i in members)
        + ")"
        for members, chars in groups.items()
    ]
    return "|".join(parts) or "(?!)"


class Lazy:
    """Patterns compiled when first asked for: most documents' hits need a few groups only,
    and compiling every group again at start-up cost as much as the alternation of all.

    >>> groups = Lazy(["shot|stabbed", "bomb"])
    >>> len(groups), groups[1].match("Bombs").group()
    (2, 'Bomb')
    """

    __slots__ = ("sources", "_done")

    def __init__(self, sources: list[str]) -> None:
        self.sources = sources
        self._done: list[re.Pattern[str] | None] = [None] * len(sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, i: int) -> re.Pattern[str]:
        done = self._done[i]
        if done is None:
            done = self._done[i] = re.compile(self.sources[i], re.I)
        return done


def starts(branches: list[str]) -> re.Pattern[str]:
    """A pattern whose matches start exactly where one of ``branches`` matches (ignoring
    case), however the branches' matches overlap.

    A look-ahead at every position would do; one character of those the branches start
    with, looked back upon, lets the engine skip to those characters first (when none is
    a letter, whose case the engine's skip does not fold).

    >>> [m.start() for m in starts([";", " and (?=the)", " - "]).finditer("a; b - and the")]
    [1, 4, 6]
    """
    body = dispatched_source(branches, re.I)
    firsts = [first_letters(b) for b in branches]
    chars = sorted(set[str]().union(*(f for f in firsts if f is not None)))
    if not branches or None in firsts:
        return re.compile(f"(?=(?:{body}))", re.I)
    cls = "".join(re.escape(ch) for ch in chars)
    return re.compile(f"[{cls}](?<=(?=(?:{body})).)", re.I)


def uncaptured(pattern: str) -> str:
    """``pattern`` with its capturing groups made non-capturing (unless it refers to one).

    >>> uncaptured(r"(gas|boiler) [(]x\\(y(?=z)")
    '(?:gas|boiler) [(]x\\\\(y(?=z)'
    """
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        return pattern
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or pattern[i - 1] == "["
        elif ch == "[":
            in_class = True
        elif ch == "(" and not pattern.startswith("?", i + 1):
            ch = "(?:"
        out.append(ch)
        i += 1
    return "".join(out)


def _first(seq: Any) -> tuple[set[str] | None, bool]:
    """(the characters a match can start with or None for any, whether it can be empty)."""
    out: set[str] = set()
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # a look-around or \b consumes nothing: the next item starts the match
        chars, empty = _item(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        return _charset(av), False
    if op is c.SUBPATTERN:
        return _first(av[-1])
    if op is c.BRANCH:
        found = [_first(b) for b in av[1]]
        sets = [chars for chars, _ in found if chars is not None]
        if len(sets) < len(found):
            return None, False
        return set[str]().union(*sets), any(e for _, e in found)
    if op in _REPEATS:
        chars, empty = _first(av[2])
        return chars, empty or av[0] == 0
    return None, False


def _charset(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 256:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None  # a negation or a category (\w): any letter may start it
    return out
