"""Scaling out gives the same answer: process pools, dask, streamed JSON Lines, progress."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.api import extract_sources
from geomap.cli.progress import progress
from geomap.gazetteer.index import load_index
from geomap.models import Document, Place
from geomap.sources.inputs import read_inputs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _dump(docs: list[Document]) -> list[dict]:
    return [d.model_dump(mode="json") for d in docs]


@pytest.fixture(scope="module")
def single() -> list[Document]:
    sources, problems = read_inputs([str(SEEDS)])
    assert problems == []
    return extract_sources(sources, jobs=1)


@pytest.mark.slow
def test_jobs_2_equals_jobs_1(single: list[Document]) -> None:
    sources, _ = read_inputs([str(SEEDS)])
    assert _dump(extract_sources(sources, jobs=2)) == _dump(single)


@pytest.mark.slow
def test_jsonl_streams_one_document_per_line(single: list[Document]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "geomap", "extract", str(SEEDS), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = out.stdout.splitlines()
    assert len(lines) == len(single) == 5
    assert [json.loads(line)["id"] for line in lines] == [d.id for d in single]
    assert [Document.model_validate_json(line) for line in lines] == single


def test_dask_sync_equals_single(single: list[Document]) -> None:
    pytest.importorskip("dask.bag")
    from geomap.dask import extract_with_dask

    assert _dump(extract_with_dask([SEEDS], scheduler="sync")) == _dump(single)


@pytest.mark.slow
def test_dask_local_cluster_equals_single(single: list[Document]) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from geomap.dask import extract_bag

    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        bag = extract_bag([SEEDS], npartitions=3)
        got = [Document.model_validate(d) for d in client.compute(bag).result()]
    assert _dump(got) == _dump(single)


@pytest.mark.slow
def test_dask_scheduler_address(single: list[Document]) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from geomap.dask import extract_with_dask

    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        got = extract_with_dask([SEEDS], cluster.scheduler_address, npartitions=2)
    assert _dump(got) == _dump(single)


def test_dask_missing_file_is_one_error(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    from geomap.dask import extract_with_dask
    from geomap.errors import GeomapError

    with pytest.raises(GeomapError, match="nope.txt"):
        extract_with_dask([tmp_path / "nope.txt"], scheduler="sync")


def _horseferry(name: str) -> Place | None:
    """A geocoder that knows one street, for runs that must not touch the network."""
    if name != "Horseferry Road":
        return None
    return Place(id="geocoded:test:1", name=name, kind="site", lat=51.495, lon=-0.1297)


DASK_OPTIONS = [
    # text, options, (mention text, place id prefix or None, country)
    ("Police were seen in London today.", {}, ("London", "geonames:", "GB")),
    ("Police were seen in London today.", {"countries": ("CA",)}, ("London", "geonames:", "CA")),
    ("Soldiers were posted outside Horseferry Road on Monday.", {}, None),
    (
        "Soldiers were posted outside Horseferry Road on Monday.",
        {"geocode": _horseferry},
        ("Horseferry Road", "geocoded:test:1", None),
    ),
]


@pytest.mark.parametrize("text, options, first", DASK_OPTIONS)
def test_dask_takes_the_api_options(
    tmp_path: Path, text: str, options: dict, first: tuple | None
) -> None:
    pytest.importorskip("dask.bag")
    from geomap.dask import extract_with_dask

    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    [doc] = extract_with_dask([tmp_path], scheduler="sync", **options)
    sources, _ = read_inputs([str(tmp_path)])
    assert _dump([doc]) == _dump(extract_sources(sources, **options))
    placed = [m for m in doc.mentions if m.place]
    if first is None:
        assert placed == []
        return
    m = placed[0]
    assert m.place is not None
    assert (m.text, m.place.id.startswith(first[1]), m.place.country) == (first[0], True, first[2])


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream, enabled, drawn", [
    (_TTY(), True, True),
    (_TTY(), False, False),
    (io.StringIO(), True, False),  # not a terminal: a log file or a pipe
])  # fmt: skip
def test_progress_draws_only_on_a_tty(stream: io.StringIO, enabled: bool, drawn: bool) -> None:
    assert list(progress(iter(range(5)), total=5, enabled=enabled, stream=stream)) == list(range(5))
    assert ("5/5 100%" in stream.getvalue()) is drawn


def test_progress_without_total_counts() -> None:
    tty = _TTY()
    assert list(progress(iter("abc"), total=None, stream=tty, label="docs")) == ["a", "b", "c"]
    assert tty.getvalue().split("\r")[-1].strip() == "docs 3"


# Hostile texts, each built at two sizes: the work must grow with the text, not its square.
def _london(n: int) -> str:
    return "London " * n


def _towns_and_streets(n: int) -> str:
    """``n`` distinct towns, each beside a street the gazetteer lacks."""
    idx = load_index()
    towns = sorted(
        {
            r.name
            for r in (idx.records[i] for i in range(len(idx.records)))
            if r.kind == "city" and r.name.isalpha() and r.name[0].isupper()
        }
    )[:n]
    assert len(towns) == n
    return " ".join(f"Police in {t} closed {t[::-1].title()} Street." for t in towns)


def _newlines(n: int) -> str:
    return "Troops in London" + "\n" * n + "guard Paris"


def _no_spaces(n: int) -> str:
    return "a," * n


def _one_word(n: int) -> str:
    return "Ab." * n


def _news(n: int) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return (text * (n // len(text) + 1))[:n]


def _work(text: str) -> int:
    """Function calls (Python and builtin) made while extracting ``text``: counted, not timed."""
    from geomap.pipeline import extract_document

    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        extract_document(text, "x", index=load_index())
    finally:
        sys.setprofile(None)
    return calls


HOSTILE = [
    # make, size (the text doubles)
    (_london, 1_000),
    (_towns_and_streets, 300),
    (_newlines, 20_000),
    (_no_spaces, 20_000),
    (_one_word, 20_000),
    (_news, 50_000),
]


@pytest.mark.slow  # seconds each: CI runs them, the fast set skips them
@pytest.mark.parametrize("make, n", HOSTILE, ids=[m.__name__ for m, _ in HOSTILE])
def test_work_is_linear_in_the_text(make, n: int) -> None:
    _work(make(n))  # rules, patterns and records loaded once
    small, big = _work(make(n)), _work(make(2 * n))
    assert big <= 2.3 * small + 1_000, (small, big)


def _distances(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Great-circle distances worked out while resolving ``text``."""
    import geomap.resolve.evidence as evidence
    import geomap.resolve.resolution as resolution
    from geomap.pipeline import extract_document

    calls = 0
    real = evidence.haversine_km

    def counted(*a: float) -> float:
        nonlocal calls
        calls += 1
        return real(*a)

    monkeypatch.setattr(evidence, "haversine_km", counted)
    monkeypatch.setattr(resolution, "haversine_km", counted)
    extract_document(text, "x", index=load_index())
    return calls


@pytest.mark.slow  # seconds each: CI runs them, the fast set skips them
@pytest.mark.parametrize("n", [400, 800])
def test_distances_are_not_quadratic_in_the_places(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _distances(_towns_and_streets(n), monkeypatch)
    big = _distances(_towns_and_streets(2 * n), monkeypatch)
    assert big <= 2.3 * small, (small, big)


@pytest.mark.slow  # seconds each: CI runs them, the fast set skips them
@pytest.mark.parametrize("make, n, most", [
    (_no_spaces, 100_000, 40),  # 200 KB of one-letter words
    # One token of 180 KB: its name key (60,000 dots dropped by one substitution) is the peak.
    (_one_word, 60_000, 30),
    (lambda n: "a" * n, 200_000, 5),
    (_newlines, 200_000, 12),  # every character a line: its offset is 8 bytes
    (_news, 300_000, 60),  # the mentions themselves, with their sentences
])  # fmt: skip
def test_memory_is_a_small_multiple_of_the_text(make, n: int, most: int) -> None:
    import tracemalloc

    from geomap.pipeline import extract_document

    text = make(n)
    extract_document(text[:1000], "x", index=load_index())
    tracemalloc.start()
    try:
        extract_document(text, "x", index=load_index())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= most * len(text), peak / len(text)
