"""An alternation of many patterns scanned word by word: each word tries only the patterns
that can start with its first two letters.

The event words are some 200 patterns in one alternation. Sorted by first letter
(:mod:`geomap.events.alternation`), a word still tries every pattern of its letter, some
fifty for an "s". Here the patterns that can start with a word's first two letters, in
their order, form a small alternation of their own, compiled when a word first needs it.
At a position the first pattern listed that matches wins, as in the one alternation; the
patterns that cannot start there could not have matched, so the hits are the same.

Examples
--------
>>> sorted(prefixes(r"(air|drone) strikes?", 2))
['ai', 'dr']
>>> sorted(prefixes(r"s?hot", 2))
['ho', 'sh']
>>> prefixes(r"\\w+ fired", 2) is None
True
>>> scan = WordScanner([r"\\bshot\\b", r"\\bshelled\\b", r"\\b(air|drone) strikes?\\b"])
>>> scan.finditer("Drone strikes; they SHOT and shelled it")
[(0, 13, 2), (20, 24, 0), (29, 36, 1)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from geomap.events.alternation import Lazy, dispatched_source, starts, uncaptured

__all__ = ["WordScanner", "prefixes"]

# How many letters choose a word's patterns: two part the words far more than one, and
# a third would add many alternations for little.
WIDTH = 2
# How often a beginning is met before its patterns get an alternation of their own.
OFTEN = 16
_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}
# (text, complete): complete if the item's match may be exactly the text, so that what
# follows it continues the prefix; otherwise the text is all that is known of it.
Alts = set[tuple[str, bool]]


def prefixes(pattern: str, width: int = WIDTH) -> frozenset[str] | None:
    """The lower-cased beginnings of at most ``width`` characters that a match of
    ``pattern`` (ignoring case) can have; None if it may start with any character.

    A beginning shorter than ``width`` is one after which the match may go on with any
    character, or end.
    """
    try:
        alts = _seq(_parser.parse(pattern, re.I), width)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    if alts is None or any(not s for s, _ in alts):
        return None
    return frozenset(s for s, _ in alts)


def _concat(a: Alts, b: Alts, width: int) -> Alts:
    out: Alts = set()
    for s, complete in a:
        if not complete or len(s) >= width:
            out.add((s[:width], False))
            continue
        for t, more in b:
            u = s + t
            out.add((u[:width], more and len(u) < width))
    return out


def _seq(seq: Any, width: int) -> Alts | None:
    alts: Alts = {("", True)}
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing; a superset of beginnings is still right
        item = _item(op, av, width)
        if item is None:
            # Any character may follow what is known so far.
            return {(s, False) for s, _ in alts} if all(s for s, _ in alts) else None
        alts = _concat(alts, item, width)
        if not any(complete for _, complete in alts):
            break
    return alts


def _item(op: Any, av: Any, width: int) -> Alts | None:
    if op is c.LITERAL:
        ch = chr(av)
        # A letter whose case folding lower() does not tell (the long s matches "s").
        return {(ch.lower(), True)} if ch.isascii() else None
    if op is c.IN:
        chars = _charset(av)
        return None if chars is None else {(ch.lower(), True) for ch in chars}
    if op is c.SUBPATTERN:
        return _seq(av[-1], width)
    if op is c.BRANCH:
        out: Alts = set()
        for branch in av[1]:
            got = _seq(branch, width)
            if got is None:
                return None
            out |= got
        return out
    if op in _REPEATS:
        lo, hi, sub = av
        one = _seq(sub, width)
        if one is None:
            return None
        out = {("", True)} if lo == 0 else set()
        cur: Alts = {("", True)}
        for k in range(1, min(hi, width + 1) + 1):
            cur = _concat(cur, one, width)
            if k >= lo:
                out |= cur
        if hi > width + 1:
            out |= {(s, False) for s, _ in cur}
        return out
    return None


def _charset(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL and chr(av).isascii():
            out.add(chr(av))
        elif op is c.RANGE and av[1] < 128:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None  # a negation, a category (\w) or a letter beyond ASCII
    return out


class WordScanner:
    r"""``finditer`` of ``\b(?=[^\W\d_])(?:b1|b2|…)|o1|o2…``: the patterns that start at
    a word boundary (``\b…``) tried first, then the others; each hit with the index of
    the pattern that made it.

    Patterns whose beginnings cannot be told are tried at every word.
    """

    __slots__ = (
        "_index", "_bounded", "_pats", "_any", "_by", "_cands", "_subs", "_others", "_whole"
    )  # fmt: skip

    def __init__(self, patterns: list[str]) -> None:
        bounded = [i for i, p in enumerate(patterns) if p.startswith("\\b")]
        others = [i for i, p in enumerate(patterns) if not p.startswith("\\b")]
        self._index = bounded + others  # a pattern's place in ``patterns``
        self._bounded = len(bounded)
        body = [uncaptured(patterns[i][2:]) for i in bounded]
        self._pats = Lazy(body + [uncaptured(patterns[i]) for i in others])
        self._any: set[int] = set()
        # For each beginning of one or two letters, the patterns that may start with it.
        self._by: dict[str, set[int]] = {}
        for i, b in enumerate(body):
            found = prefixes(b)
            if found is None:
                self._any.add(i)
            for key in found or ():
                self._by.setdefault(key, set()).add(i)
        # A word's patterns by its first letters, in their order: told when first needed.
        self._cands: dict[str, tuple[int, ...]] = {}
        # A beginning met often, with several patterns, gets their alternation: one call
        # tells whether any matches. Met rarely, its patterns are tried one by one, and
        # a short run compiles each pattern once at most.
        self._subs: dict[str, re.Pattern[str] | int] = {}
        tail = dispatched_source([patterns[i] for i in others]) if others else "(?!)"
        self._others = starts([patterns[i] for i in others]) if others else None
        head = dispatched_source([patterns[i][2:] for i in bounded]) if bounded else "(?!)"
        head = rf"\b(?=[^\W\d_])(?:{head})"
        self._whole = Lazy([f"{head}|{tail}", head])

    def finditer(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, pattern) of every hit, as the one alternation finds them; the
        pattern is the first listed that matches where the hit starts (the alternation's
        may be a later one: it tries the words at a boundary first)."""
        words = [m.start() for m in _WORD_START.finditer(text)]
        others = set() if self._others is None else {m.start() for m in self._others.finditer(text)}
        starts = sorted({*words, *others}) if others else words
        pos, out = 0, []
        for p in starts:
            if p < pos:
                continue
            hit = self._word_at(text, p) if not others or _WORD_START.match(text, p) else None
            if hit is None and p in others:
                hit = self._first(text, p, range(self._bounded, len(self._index)))
            if hit is not None:
                if hit[0] == p:  # an empty hit: the one alternation goes on by its own rules
                    return self._slow(text)
                pos = hit[0]
                out.append((p, pos, self._listed(text, p, hit[1], p in others)))
        return out

    def _listed(self, text: str, p: int, i: int, others: bool) -> int:
        """The first pattern listed that matches at ``p``, where pattern ``i`` hit."""
        first, index, pats = self._index[i], self._index, self._pats
        if others:
            for j in range(self._bounded, len(index)):
                if index[j] >= first:
                    break
                if pats[j].match(text, p):
                    return index[j]
        if i >= self._bounded and _BOUNDARY_NOT_LETTER.match(text, p):
            # A word at a boundary but not at a letter ("9mm"), where the scan tries none.
            for k in range(self._bounded):
                if index[k] >= first:
                    break
                if pats[k].match(text, p):
                    return index[k]
        return first

    def _word_at(self, text: str, p: int) -> tuple[int, int] | None:
        key = text[p : p + WIDTH].lower()
        if not key.isascii():
            # A letter beyond ASCII, whose case folding lower() need not tell: every
            # pattern, if the one alternation says any matches.
            if self._whole[1].match(text, p) is None:
                return None
            return self._first(text, p, range(self._bounded))
        cands = self._cands.get(key)
        if cands is None:
            members = self._any | self._by.get(key[0], set())
            if len(key) == WIDTH:
                members = members | self._by.get(key, set())
            cands = self._cands[key] = tuple(sorted(members))
        if len(cands) > 1:
            sub = self._subs.get(key, 0)
            if isinstance(sub, int):
                self._subs[key] = sub = sub + 1 if sub < OFTEN else self._sub(cands)
            if not isinstance(sub, int) and sub.match(text, p) is None:
                return None
        return self._first(text, p, cands)

    def _sub(self, cands: tuple[int, ...]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{self._pats.sources[i]})" for i in cands), re.I)

    def _first(self, text: str, p: int, cands: Iterable[int]) -> tuple[int, int] | None:
        """(end, pattern) of the first of ``cands`` that matches at ``p``."""
        pats = self._pats
        for i in cands:
            m = pats[i].match(text, p)
            if m is not None:
                return m.end(), i
        return None

    def _slow(self, text: str) -> list[tuple[int, int, int]]:
        others = self._others
        out = []
        for m in self._whole[0].finditer(text):
            p = m.start()
            word = range(self._bounded) if _WORD_START.match(text, p) else range(0)
            hit = self._first(text, p, word) or self._first(
                text, p, range(self._bounded, len(self._index))
            )
            near = others is not None and others.match(text, p) is not None
            out.append((p, m.end(), self._listed(text, p, hit[1], near) if hit else -1))
        return out


_WORD_START = re.compile(r"\b[^\W\d_]")
_BOUNDARY_NOT_LETTER = re.compile(r"\b(?![^\W\d_])")
