"""Stable element ids: geomap.output.ids, through branca's ``_generate_id`` hook."""

from __future__ import annotations

import re
import threading

import pytest
from branca.element import Element, MacroElement

from geomap.output.ids import IdSequence, StableId, stable_ids


class Box(StableId, MacroElement):
    pass


def names(seed: str, n: int = 3) -> list[str]:
    with stable_ids(seed):
        return [Box().get_name() for _ in range(n)]


@pytest.mark.parametrize("seed", ["geomap", "", "Operation Temperer", "<script>{{7*7}}</script>"])
def test_the_same_seed_gives_the_same_ids(seed):
    first = names(seed)
    assert first == names(seed)
    assert len(set(first)) == 3
    assert all(re.fullmatch(r"macro_element_[0-9a-f]{32}", name) for name in first)


@pytest.mark.parametrize("a, b", [("geomap", "Geomap"), ("a", "b"), ("", " ")])
def test_other_seeds_give_other_ids(a, b):
    assert not set(names(a)) & set(names(b))


@pytest.mark.parametrize(
    "seed, count, expected",
    [("x", 1, "11f6ad8ec52a2984abaafd7c00000001"), ("x", 255, "11f6ad8ec52a2984abaafd7c000000ff")],
)
def test_id_sequence(seed, count, expected):
    ids = IdSequence(seed)
    assert [next(ids) for _ in range(count)][-1] == expected


def test_ids_stay_random_outside_a_block_and_for_plain_elements():
    with stable_ids("seed"):
        plain = Element().get_name()
        stable = Box().get_name()
    assert plain not in names("seed")  # branca's own classes keep random ids
    assert stable == names("seed", 1)[0]
    assert Box().get_name() != Box().get_name()


def test_a_nested_block_gives_back_the_outer_sequence():
    with stable_ids("outer"):
        first = Box().get_name()
        with stable_ids("inner"):
            inner = Box().get_name()
        second = Box().get_name()
    assert [first, second] == names("outer", 2)
    assert inner == names("inner", 1)[0]


def test_threads_keep_their_own_sequence():
    out: dict[str, list[str]] = {}

    def build(seed: str) -> None:
        out[seed] = names(seed, 50)

    threads = [threading.Thread(target=build, args=(s,)) for s in ("t1", "t2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {"t1": names("t1", 50), "t2": names("t2", 50)}
