"""The user overlay is cached as the difference it makes, and read back only when it fits."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.gazetteer import index as index_module
from geomap.gazetteer import overlay
from geomap.gazetteer.edit import write_entries
from geomap.gazetteer.index import Index, _Records, _user_index, build_index, overlay_index
from geomap.gazetteer.overlay import apply_delta, delta_fields
from geomap.gazetteer.record import GazetteerEntry, Record
from geomap.gazetteer.search import search_index
from tests.records import record

BASE = [
    record("london", "London", "city", 51.5, -0.12, "GB", 8_000_000),
    record("london-on", "London", "city", 42.98, -81.25, "CA", 400_000),
    record("westminster", "Westminster", "district", 51.5, -0.13, "GB", 200_000),
    record("pow", "Palace of Westminster", "site", 51.4995, -0.1248, "GB", 0, "Parliament"),
    record("paris", "Paris", "city", 48.85, 2.35, "FR", 2_000_000),
]
WORDS = ["London", "Palace", "of", "Westminster", "Paris", "Camp", "Bastion", "Gate"]


def _user(id: str, words: list[str], lat: float, events: list[str]) -> Record:
    r = record(id, " ".join(words), "site", lat, 0.5, "GB", 0, curated=True)
    return r._replace(events=tuple(events))


users = st.lists(
    st.builds(
        _user,
        st.sampled_from(["london", "pow", "paris", "u1", "u2", "u3"]),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
        st.floats(-90, 90),
        st.lists(st.sampled_from(["the Fair", "Gate Day"]), max_size=1),
    ),
    max_size=8,
)


def _same(a: Index, b: Index) -> None:
    assert list(a.records) == list(b.records)
    assert (a.names, a.by_id, a.events, a.first_max, a.max_words) == (
        b.names,
        b.by_id,
        b.events,
        b.first_max,
        b.max_words,
    )


@settings(max_examples=150, deadline=None)
@given(users)
def test_a_delta_laid_over_the_base_is_the_overlay(extra: list[Record]) -> None:
    """Whatever the user's records add, replace or rename, the delta rebuilds it exactly."""
    base = build_index(BASE)
    laid = overlay_index(base, extra)
    fields = delta_fields(base, laid, [r.id for r in extra])
    delta = Index(records=_Records(fields.pop("rows")), **fields)
    _same(apply_delta(base, delta), laid)


def _folder(tmp_path: Path, entries: list[GazetteerEntry]) -> list[Path]:
    folder = tmp_path / "gaz"
    write_entries(folder / "user.geojson", entries)
    return [folder / "user.geojson"]


CAMP = GazetteerEntry(id="camp", name="Camp Bastion", kind="site", lat=31.86, lon=64.22)
GATE = GazetteerEntry(id="gate", name="Palace Gate", kind="site", lat=51.5, lon=-0.1)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "overlay"


def test_the_second_load_reads_no_entry(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = build_index(BASE)
    files = _folder(tmp_path, [CAMP, GATE])
    first = _user_index(base, files, True)
    assert len(list(cache.glob("user-*.cache"))) == 1

    def no_reading(files: object) -> None:
        raise AssertionError("the user's entries were read again")

    monkeypatch.setattr(index_module, "user_records", no_reading)
    _same(_user_index(base, files, True), first)
    assert [r.id for r in search_index(_user_index(base, files, True), "camp bastion")] == ["camp"]


@pytest.mark.parametrize(
    "change",
    [
        lambda files: write_entries(files[0], [CAMP]),  # an entry removed
        lambda files: write_entries(files[0], [CAMP, GATE.model_copy(update={"lat": 52.0})]),
        lambda files: files[0].write_bytes(files[0].read_bytes() + b" "),  # one byte more
    ],
    ids=["removed", "moved", "a byte"],
)
def test_any_change_to_the_user_file_is_read(tmp_path: Path, cache: Path, change) -> None:
    base = build_index(BASE)
    files = _folder(tmp_path, [CAMP, GATE])
    _user_index(base, files, True)
    change(files)
    fresh = _user_index(base, files, True)
    _same(fresh, _user_index(base, files, False))
    assert len(list(cache.glob("user-*.cache"))) == 2


def _planted(path: Path) -> None:
    class Boom:
        def __reduce__(self):
            return (Path("/tmp/planted-by-a-test").touch, ())

    payload = pickle.dumps({"rows": [], "x": Boom()})
    path.write_bytes(index_module._MAGIC + __import__("hashlib").sha256(payload).digest() + payload)


def _misfit(path: Path) -> None:
    idx = index_module.read_cache(path)
    assert idx is not None
    idx.by_id = {k: v + 5 for k, v in idx.by_id.items()}
    index_module.write_cache(path, idx)


@pytest.mark.parametrize(
    "damage, warned",
    [
        (lambda p: p.write_bytes(p.read_bytes()[:-3] + b"xyz"), "the index cache is damaged"),
        (_planted, "the index cache is damaged"),
        (_misfit, "the overlay cache does not fit"),
    ],
    ids=["a changed byte", "a planted pickle", "a delta for another index"],
)
def test_a_bad_overlay_cache_is_rebuilt_with_one_warning(
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage,
    warned: str,
) -> None:
    base = build_index(BASE)
    files = _folder(tmp_path, [CAMP, GATE])
    good = _user_index(base, files, True)
    [path] = cache.glob("user-*.cache")
    damage(path)
    # The index module's logger, replaced: the CLI tests configure the real one.
    warnings: list[str] = []
    monkeypatch.setattr(index_module, "_log", SimpleNamespace(warning=warnings.append))
    again = _user_index(base, files, True)
    _same(again, good)
    assert [warned in m for m in warnings] == [True]
    assert not Path("/tmp/planted-by-a-test").exists()


def test_a_broken_user_file_is_named_from_the_cache_too(tmp_path: Path, cache: Path) -> None:
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / "user.geojson").write_text(json.dumps({"type": "FeatureCollection"}))
    base = build_index(BASE)
    files = [folder / "user.geojson"]
    for _ in range(2):  # built, then read from the cache
        problems = _user_index(base, files, True).problems
        assert problems == [f"{files[0]}: expected a GeoJSON FeatureCollection"]


def test_the_key_follows_the_base_and_the_bytes(tmp_path: Path) -> None:
    files = _folder(tmp_path, [CAMP])
    key = overlay.overlay_key("base-a", files)
    assert overlay.overlay_key("base-b", files) != key
    files[0].write_bytes(files[0].read_bytes().replace(b"Camp", b"Kamp"))
    assert overlay.overlay_key("base-a", files) != key
