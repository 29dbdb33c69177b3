"""Stable element ids for folium maps, through branca's own id hook.

branca names every element ``<kind>_<id>`` and draws the id from ``Element._generate_id``,
a class method meant to be overridden (branca 0.8.1, for tools such as streamlit-folium
that need ids they can predict). Elements of classes that mix in :class:`StableId` take
their ids from the :func:`stable_ids` block they are created in: a prefix hashed from a
seed (the map's title) and a counter. The same input then writes the same page, byte for
byte, so maps diff cleanly and cache well; outside such a block ids stay random.

Examples
--------
>>> from branca.element import Element
>>> class Box(StableId, Element):
...     pass
>>> with stable_ids("same"):
...     first = [Box().get_name(), Box().get_name()]
>>> with stable_ids("same"):
...     again = [Box().get_name(), Box().get_name()]
>>> first == again, first[0] != first[1]
(True, True)
>>> Box().get_name() == first[0]  # outside a block: a random id, as branca gives
False
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from branca.element import Element

__all__ = ["IdSequence", "StableId", "stable_ids"]


class IdSequence:
    """Ids of 32 hex digits, as branca's random ones: 24 from a seed, 8 from a counter."""

    def __init__(self, seed: str) -> None:
        self.prefix = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:24]
        self.count = 0

    def __next__(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count:08x}"


# A context variable, not a global: two maps built at once (threads, tasks) keep their own.
_CURRENT: ContextVar[IdSequence | None] = ContextVar("geomap_ids", default=None)


@contextmanager
def stable_ids(seed: str) -> Iterator[IdSequence]:
    """Give the :class:`StableId` elements created in this block ids derived from ``seed``."""
    token = _CURRENT.set(IdSequence(seed))
    try:
        yield _CURRENT.get()  # type: ignore[misc]
    finally:
        _CURRENT.reset(token)


class StableId(Element):
    """Mixin for branca elements: the next id of the current :func:`stable_ids` block."""

    @classmethod
    def _generate_id(cls) -> str:
        ids = _CURRENT.get()
        return next(ids) if ids is not None else super()._generate_id()
