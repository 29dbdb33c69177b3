"""Work counted, not timed: what the hot paths compute once per document, name or place."""

from __future__ import annotations

import pytest

import geomap.resolve.evidence as evidence
from geomap.gazetteer.index import haversine_km
from geomap.gazetteer.world import Record


def town(n: int, lat: float, lon: float) -> Record:
    return Record(f"p:{n}", f"T{n}", "city", None, lat, lon, "GB", None, 1000, None, "t",
                  False, (f"T{n}",))  # fmt: skip


@pytest.mark.parametrize("first, added, places", [(1, 1, 1), (5, 2, 3), (40, 3, 10), (0, 4, 2)])
def test_a_second_look_measures_only_the_anchors_it_adds(
    monkeypatch: pytest.MonkeyPatch, first: int, added: int, places: int
) -> None:
    calls: list[tuple[float, ...]] = []
    monkeypatch.setattr(evidence, "haversine_km", lambda *a: calls.append(a) or haversine_km(*a))
    anchors = [town(k, 50 + k / 10, -1 + k / 7) for k in range(first)]
    extra = [town(100 + k, 52 - k / 9, 1 - k / 5) for k in range(added)]
    targets = [town(200 + k, 51 + k / 3, k / 4) for k in range(places)]
    base = evidence._Nearest(anchors)
    for t in targets:
        if base:
            base.distance(t)
    calls.clear()
    second = evidence._Nearest(extra, base=base)
    got = [second.distance(t) for t in targets * 2]  # each place measured once
    assert len(calls) == added * places
    want = [min(haversine_km(t.lat, t.lon, a.lat, a.lon) for a in anchors + extra) for t in targets]
    assert got == want * 2
    assert bool(second) and len(second.anchors) == first + added


def _place(name: str, pop: int = 500_000) -> Record:
    return Record(f"p:{name}", name, "city", None, 50.0, 1.0, "NL", None, pop, None, "t",
                  False, (name,))  # fmt: skip


@pytest.mark.parametrize(
    "text, found, most_joins",
    [
        # A capitalised word that starts a long name, then plain words: no join is looked at.
        ("The officers said the rest of it was quiet. " * 40, [], 0),
        ("New cars and new rules came in. " * 40, [], 0),
        # The run is followed to its last capitalised word only, and the name is found;
        # the rules then read a few joins around each (the word before and after).
        ("Talks at The Hague went on late. " * 40, ["The Hague"] * 40, 3 * 40),
        ("Rain fell on New York City all day. " * 40, ["New York City"] * 40, 3 * 40),
    ],
)
def test_the_longest_match_reads_no_join_past_the_last_word_that_may_end_a_name(
    monkeypatch: pytest.MonkeyPatch, text: str, found: list[str], most_joins: int
) -> None:
    import geomap.text
    from geomap.gazetteer.index import build_index
    from geomap.recognize.scan import find_spans

    idx = build_index([_place("The Hague"), _place("New York City"), _place("Utrecht")])
    calls: list[int] = []
    real = geomap.text.Joined.__missing__

    def counted(self: geomap.text.Joined, i: int) -> bool:
        calls.append(i)
        return real(self, i)

    monkeypatch.setattr(geomap.text.Joined, "__missing__", counted)
    spans = find_spans(text, idx)
    assert [s.text for s in spans] == found
    assert len(calls) <= most_joins


@pytest.mark.parametrize(
    "population, kept",
    [(500_000, ["Vodyane"]), (150, []), (500_000, ["Vodyane"]), (150, [])],
)
def test_a_memo_of_the_index_is_never_read_with_another_index(population, kept) -> None:
    """Each row builds its own index, so the memo of the row before must not answer."""
    from geomap.gazetteer.index import build_index
    from geomap.recognize.scan import find_spans

    # A village needs a reason to be read as a place ("after a word that places it"); a
    # city does not. The same name, read with alternating indexes.
    village = Record("p:v", "Vodyane", "city", None, 48.0, 37.0, "UA", None, population,
                     None, "t", False, ("Vodyane",))  # fmt: skip
    idx = build_index([village])
    text = "Talks ended and Vodyane was quiet again."
    assert [s.text for s in find_spans(text, idx)] == kept
