"""Property-based tests: no text crashes extraction and no file crashes the CLI."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geomap.gazetteer.index
import geomap.pipeline
from geomap.cli.commands import main
from geomap.gazetteer.index import load_index
from geomap.pipeline import extract_document

PLACES = [
    "London",
    "Buckingham Palace",
    "Downing Street",
    "Manchester Arena",
    "Westminster",
    "Paris",
    "Nice",
    "St Stephen's Entrance",
    "New York",
    "Palace of Westminster",
    "Manchester",
    "Wembley",
    "Europe",
    "UK",
    "U.S.",
    "St. Louis",
    "Washington, D.C.",
]
WORDS = [
    "Troops",
    "guard",
    "Police",
    "patrol",
    "armed",
    "cordon",
    "The",
    "Mr",
    "Dr.",
    "killed",
    "22",
    "injured",
    "59",
    "on",
    "Monday",
    "24 May 2017",
    "May",
    "critical",
    "severe",
    "at",
    "in",
    "near",
    "outside",
    "soldiers",
    "984",
    "closed",
    "attack",
    "bomb",
]
PUNCT = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "\u00a0", "’", "'", '"', "“", "”", "(", ")",
         "-", "—", ":", ";", "!", "?", "\t", "\r\n", "\u200b", "\ufeff", "é", "İ", "ß"]  # fmt: skip

FAST = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LONG = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))

article = st.lists(st.sampled_from(PLACES + WORDS + PUNCT) | st.text(max_size=3),
                   max_size=80).map("".join)  # fmt: skip
any_text = st.text(max_size=400) | article


@pytest.fixture(scope="module", autouse=True)
def index_once():
    """Load the index once, so each example costs only the extraction itself."""
    idx = load_index()
    with pytest.MonkeyPatch.context() as mp:
        for module in (geomap.gazetteer.index, geomap.pipeline):
            mp.setattr(
                module,
                "load_index",
                lambda user=None, **kw: idx if user is None else load_index(user, **kw),
            )
        yield idx


def check_document(text: str) -> None:
    doc = extract_document(text, "d")
    assert doc.id == "d"
    for m in doc.mentions:
        assert 0 <= m.start <= m.end <= len(text), (m.start, m.end)
        assert text[m.start : m.end] == m.text
    for t in doc.threat_levels:
        assert 0 <= t.start <= t.end <= len(text)


@FAST
@given(any_text)
def test_extract_document_never_crashes(text: str) -> None:
    check_document(text)


@pytest.mark.parametrize("text", [
    "", " ", "\x00", "\ufeff", "London", "london", "LONDON LONDON", "St", "St.", "U.S.",
    "Buckingham Palace" * 50, "\u0130stanbul", "ǅ", "ﬃ London", "Paris\u0301", "\ud7ff",
    "Manchester Arena <script>window.__pwned=1</script>", "A" * 5000, "London\r\nParis\rNice",
])  # fmt: skip
def test_extract_document_edge_cases(text: str) -> None:
    check_document(text)


@pytest.mark.slow
@LONG
@given(any_text)
def test_extract_document_never_crashes_long(text: str) -> None:
    check_document(text)


# ---- random files through the CLI ----

file_bytes = st.one_of(
    st.binary(max_size=600),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    any_text.map(lambda t: t.encode("utf-16")),
    st.tuples(article, st.binary(max_size=8)).map(lambda p: p[0].encode() + p[1]),
)


def run_cli(files: list[bytes], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(files):
            p = Path(tmp) / f"{i}.txt"
            p.write_bytes(data)
            paths.append(str(p))
        res = CliRunner().invoke(main, ["extract", *paths, "--format", fmt])
        assert "Traceback" not in res.output
        assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
        assert res.exit_code in (0, 1), res.output
        errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
        assert (res.exit_code == 1) == bool(errors), res.stderr
        assert all(ln.startswith(("error: ", "warning: ")) for ln in res.stderr.splitlines())


@settings(FAST, max_examples=60)
@given(st.lists(file_bytes, min_size=1, max_size=4),
       st.sampled_from(["json", "geojson", "csv", "jsonl"]))  # fmt: skip
def test_cli_never_crashes_on_random_files(files: list[bytes], fmt: str) -> None:
    run_cli(files, fmt)


@pytest.mark.slow
@settings(LONG, max_examples=800)
@given(st.lists(file_bytes, min_size=1, max_size=6),
       st.sampled_from(["json", "geojson", "csv", "jsonl"]))  # fmt: skip
def test_cli_never_crashes_on_random_files_long(files: list[bytes], fmt: str) -> None:
    run_cli(files, fmt)
