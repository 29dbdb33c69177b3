"""Changes laid over the large read-only mappings of the cached index, without copying them.

A user's gazetteer changes a few of the index's 370,000 name keys: copying every key of
the memory-mapped tables (:mod:`geomap.gazetteer.compact`) to change those would read
the whole file. :class:`Layered` holds only the changes and reads through to the rest.

Examples
--------
>>> base = {"alpha": (0,), "beta": (1,)}
>>> laid = Layered(base)
>>> laid["gamma"] = (2,); del laid["alpha"]
>>> dict(laid), base["alpha"], changes(base, laid)
({'beta': (1,), 'gamma': (2,)}, (0,), ({'gamma': (2,)}, ['alpha']))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

__all__ = ["Layered", "LazyRows", "changes"]

_MISSING: Any = object()


class Layered(MutableMapping[str, Any]):
    """A few changes laid over a large read-only mapping, iterating as a changed dict copy would.

    Keys of the base keep their place when reassigned; removed ones are skipped; new ones
    (and removed ones set again) follow, in the order they were set.
    """

    __slots__ = ("_base", "_over", "_gone", "_added")

    def __init__(self, base: Mapping[str, Any]) -> None:
        self._base = base
        self._over: dict[str, Any] = {}
        self._gone: set[str] = set()
        self._added: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._added:
            return self._added[key]
        if key in self._gone:
            raise KeyError(key)
        if key in self._over:
            return self._over[key]
        return self._base[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        if key in self._added:
            return True
        return key not in self._gone and key in self._base

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self._added or key in self._gone or key not in self._base:
            self._added[key] = value
        else:
            self._over[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self._added:
            del self._added[key]
        elif key not in self._gone and key in self._base:
            self._gone.add(key)
            self._over.pop(key, None)
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        gone = self._gone
        yield from (k for k in self._base if k not in gone)
        yield from self._added

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        gone, over = self._gone, self._over
        for k, v in self._base.items():
            if k not in gone:
                yield k, over.get(k, v)
        yield from self._added.items()

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (v for _, v in self.items())

    def __len__(self) -> int:
        return len(self._base) - len(self._gone) + len(self._added)

    def copy(self) -> Layered:
        laid = Layered(self._base)
        laid._over, laid._gone = dict(self._over), set(self._gone)
        laid._added = dict(self._added)
        return laid

    def __or__(self, other: Mapping[str, Any]) -> Layered:
        laid = self.copy()
        laid.update(other)
        return laid


def changes(base: Mapping[str, Any], merged: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """What ``merged`` sets differently from ``base``, and the keys of ``base`` it lacks.

    When ``merged`` is laid over ``base`` only its changes are read, not every key.

    >>> base = {"a": 1, "b": 2}
    >>> changes(base, {"a": 1, "c": 3})
    ({'c': 3}, ['b'])
    """
    if isinstance(merged, Layered) and merged._base is base:
        moved = {**{k: merged._over[k] for k in merged._over}, **merged._added}
        diff = {k: v for k, v in moved.items() if base.get(k, _MISSING) != v}
        return diff, [k for k in merged._gone if k not in merged._added]
    diff = {k: v for k, v in merged.items() if base.get(k, _MISSING) != v}
    return diff, [k for k in base if k not in merged]


class LazyRows(list):  # type: ignore[type-arg]
    """The index's record rows: ``None`` until first read, then the decoded tuple, in place.

    Iterating (or ``list()``) yields every row decoded; ``copy()`` keeps the loader, so
    an overlay's copy still reads the rows it did not change from the file.
    """

    __slots__ = ("load",)

    def __init__(self, rows: Iterable[Any], load: Callable[[int], tuple[Any, ...]]) -> None:
        super().__init__(rows)
        self.load = load

    def row(self, i: int) -> tuple[Any, ...]:
        r = self[i]
        if r is None:
            r = self[i] = self.load(i if i >= 0 else i + len(self))
        return r  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return (self.row(i) for i in range(len(self)))

    def copy(self) -> LazyRows:  # type: ignore[override]
        return LazyRows(list.__iter__(self), self.load)
