"""One look at a sentence that tells which of many pattern lists can match it at all.

A sentence's role cues, actors, breaks and negations are each a list of patterns, and each
list used to be scanned on its own: sixteen passes over the sentence, though most find
nothing. One zero-width pass with every pattern of every list finds the positions where
any pattern starts; a list whose patterns cannot start with the letters found there
cannot match, and is not scanned. The lists that may match are scanned as before, so
what they find is unchanged.

Examples
--------
>>> shots = Branches([r"\\bshot\\b", r"\\bfired\\b"])
>>> police = Branches([r"\\bpolice\\b", r"\\bSAS\\b"], sensitive=lambda p: "SAS" in p)
>>> pre = Prefilter([shots, police])
>>> letters = pre.letters("Police said shots rang out.")
>>> sorted(letters)
['p']
>>> shots.may_match(letters), police.may_match(letters)
(False, True)
>>> sorted(pre.letters("the sas was there"))  # "SAS" is written in capitals only
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from geomap.events.alternation import dispatched_source, first_letters, starts

__all__ = ["Branches", "Prefilter"]


class Branches:
    """A list of patterns as a prefilter sees it: each with its case rule, and the letters
    (lower-cased) that a match of any can start with; None if any character."""

    __slots__ = ("bounded", "others", "firsts")

    def __init__(
        self, patterns: Sequence[str], sensitive: Callable[[str], bool] = lambda p: False
    ) -> None:
        self.bounded: list[str] = []
        self.others: list[str] = []
        firsts: set[str] = set()
        any_first = False
        for p in patterns:
            bounded = p.startswith("\\b")
            body = p[2:] if bounded else p
            got = first_letters(body)
            if got is None:
                any_first = True
            else:
                firsts |= got
            # A case-sensitive pattern keeps its case inside the joint, case-blind pattern.
            body = f"(?-i:{body})" if sensitive(p) else body
            (self.bounded if bounded else self.others).append(body)
        self.firsts: frozenset[str] | None = None if any_first else frozenset(firsts)

    def may_match(self, letters: frozenset[str] | None) -> bool:
        """Whether a match may start at one of ``letters`` (None: at any character)."""
        if letters is None or self.firsts is None:
            return True
        return not self.firsts.isdisjoint(letters)


class Prefilter:
    """Where in a text any pattern of several lists starts, in one pass."""

    __slots__ = ("patterns",)

    def __init__(self, lists: Sequence[Branches]) -> None:
        bounded = [b for x in lists for b in x.bounded]
        others = [b for x in lists for b in x.others]
        # The same shape as each list's own pattern (rules.Patterns), zero-width so that a
        # match hides no other that starts inside it. The two kinds are passes of their
        # own: the engine skips to the few characters the others start with (";", a
        # quotation mark) only in a pattern that holds nothing else.
        passes = []
        if bounded:
            body = dispatched_source(bounded, re.I)
            passes.append(re.compile(rf"(?=\b(?=\w)(?:{body}))", re.I))
        if others:
            passes.append(starts(others))
        self.patterns = tuple(passes)

    def letters(self, text: str) -> frozenset[str] | None:
        """The lower-cased characters at which some pattern matches in ``text``; None when
        one is not ASCII, whose case folding a lower-cased letter need not capture."""
        found = {text[m.start()] for p in self.patterns for m in p.finditer(text)}
        if not all(ch.isascii() for ch in found):
            return None
        return frozenset(ch.lower() for ch in found)
