"""The span: one recognised name in a text, before resolution.

A span is frozen: a stage that changes it builds a new one with :func:`dataclasses.replace`.

Examples
--------
>>> from dataclasses import replace
>>> s = Span(0, 5, "Paris", "paris")
>>> replace(s, use="metonymic").use, s.use
('metonymic', 'literal')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Span", "Use"]

Use = Literal["literal", "metonymic", "demonym", "organisation", "candidate", "event"]


@dataclass(frozen=True)
class Span:
    """A recognised name before resolution."""

    start: int
    end: int
    text: str
    key: str
    use: Use = "literal"
    candidates: tuple[int, ...] = ()
    sentence: int = 0
    locative: bool = False
    # A name right after the match that qualifies it ("Paris, Texas" -> "texas").
    qualifier: str | None = None
    # The place a site is said to be in ("the Turkish Embassy in Moscow" -> "moscow").
    located_in: str | None = None
    flags: tuple[str, ...] = ()
