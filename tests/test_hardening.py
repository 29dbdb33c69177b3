"""Bad input files, unwritable outputs and hostile article text, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import Result

import geomap.sources.inputs

try:
    from cli_helpers import run
except ImportError:  # tests/ became a package
    from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Troops guard Buckingham Palace in London on 24 May 2017. Police patrol Manchester.\n"
ERROR_LINE = re.compile(r"^error: \S")


def errors(res: Result) -> list[str]:
    lines = res.stderr.splitlines()
    assert all(ERROR_LINE.match(ln) or ln.startswith("warning: ") for ln in lines), lines
    return [ln for ln in lines if ln.startswith("error: ")]


# ---- bad input files ----

BAD_FILES = [
    ("empty.txt", b"", "error: {p}: empty document"),
    ("blank.txt", b" \n\t\r\n", "error: {p}: empty document"),
    ("binary.txt", bytes(range(256)) * 4, "error: {p}: binary file (contains NUL bytes), not text"),
    ("latin1.txt", "Café in Paris".encode("latin-1"),
     "error: {p}: not valid UTF-8 (byte 0xe9 at offset 3); convert it or pass --encoding latin-1"),
    ("cut.txt", "London €".encode()[:-1],
     "error: {p}: not valid UTF-8 (byte 0xe2 at offset 7); convert it or pass --encoding latin-1"),
    ("bad16.txt", b"\xff\xfeL\x00\x00\xd8", "error: {p}: not valid UTF-16"),
]  # fmt: skip


@pytest.mark.parametrize("name, data, expected", BAD_FILES)
def test_bad_file_is_one_error_line(runner, tmp_path, name, data, expected) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    res = run(runner, "extract", str(bad))
    assert res.exit_code == 1
    assert errors(res) == [expected.format(p=bad), "error: no readable input documents"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_with_bom_decodes(runner, tmp_path, encoding) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    f = tmp_path / "article.txt"
    f.write_bytes(bom + GOOD.encode(encoding))
    res = run(runner, "extract", str(f), "--format", "json")
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)["documents"][0]
    names = {m["text"] for m in doc["mentions"]}
    assert {"London", "Manchester"} <= names
    for m in doc["mentions"]:
        assert GOOD[m["start"] : m["end"]] == m["text"]  # no BOM shifts the offsets


def test_latin1_works_with_encoding_flag(runner, tmp_path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Troops guard the Café de Paris in London.".encode("latin-1"))
    res = run(runner, "extract", str(f), "--encoding", "latin-1", "--format", "json")
    assert res.exit_code == 0, res.stderr
    mentions = json.loads(res.stdout)["documents"][0]["mentions"]
    assert "London" in {m["text"] for m in mentions}
    assert "\ufffd" not in res.stdout


def test_huge_file_is_refused_by_size_without_reading(runner, tmp_path, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: no disk, and NUL bytes if it were read
    reads: list[Path] = []
    real = geomap.sources.inputs._read
    monkeypatch.setattr(geomap.sources.inputs, "_read", lambda p, n: reads.append(p) or real(p, n))
    t0 = time.perf_counter()
    res = run(runner, "extract", str(big))
    assert time.perf_counter() - t0 < 5
    assert res.exit_code == 1 and reads == []
    # The default limit was 50 MB, which took 20 minutes (issue 16): now about a minute's work.
    assert errors(res)[0] == (f"error: {big}: too large (209,715,200 bytes > 10,485,760 bytes, "
                              "the default: about a minute of work); split it or raise "
                              "--max-bytes")  # fmt: skip


def test_max_bytes_flag(runner, tmp_path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    res = run(runner, "extract", str(f), "--max-bytes", "10")
    assert res.exit_code == 1
    assert errors(res)[0].startswith(f"error: {f}: too large ({len(GOOD)} bytes > 10 bytes)")
    assert run(runner, "extract", str(f), "--max-bytes", "100000").exit_code == 0
    res = run(runner, "extract", str(f), "--max-bytes", "0")
    assert res.exit_code == 2 and "'--max-bytes'" in res.stderr


def test_stdin_too_large_and_stdin_ok(runner) -> None:
    res = run(runner, "extract", "-", "--max-bytes", "20", stdin=GOOD.encode())
    expected = "error: <stdin>: too large (more > 20 bytes); split it or raise --max-bytes"
    assert errors(res)[0] == expected
    res = run(runner, "extract", "-", "--format", "json", stdin=GOOD.encode("utf-16"))
    assert res.exit_code == 0 and "London" in res.stdout


def test_folder_of_many_files(runner, tmp_path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:04d}.txt").write_text(f"Police patrol London, item {i}.\n")
    (folder / "notes.csv").write_text("ignored")
    (folder / ".hidden.txt").write_text("ignored")
    res = run(runner, "extract", str(folder), "--format", "jsonl")
    assert res.exit_code == 0, res.stderr
    assert len(res.stdout.splitlines()) == 2000


def test_symlink_loops_and_broken_links(runner, tmp_path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    broken = tmp_path / "gone.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "up").symlink_to(folder)  # a folder loop: walked once
    (folder / "again.txt").symlink_to(folder / "a.txt")  # the same file twice: read once
    res = run(runner, "extract", str(loop), str(broken), str(folder), "--format", "jsonl")
    assert res.exit_code == 1
    assert errors(res) == [f"error: {loop}: symbolic link loop",
                           f"error: {broken}: broken symbolic link",
                           "error: 2 input(s) could not be read"]  # fmt: skip
    assert len(res.stdout.splitlines()) == 1


def test_empty_folder_and_special_files(runner, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    res = run(runner, "extract", str(empty), str(fifo), str(tmp_path / "missing.txt"))
    assert errors(res) == [f"error: {empty}: no *.txt or *.md files in this folder",
                           f"error: {fifo}: not a regular file",
                           f"error: {tmp_path / 'missing.txt'}: no such file or directory",
                           "error: no readable input documents"]  # fmt: skip


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_chmod(runner, tmp_path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text(GOOD)
    f.chmod(0)
    res = run(runner, "extract", str(f))
    assert errors(res)[0] == f"error: {f}: permission denied"


def test_unreadable_file(runner, tmp_path, monkeypatch) -> None:
    """As root chmod 000 does not stop a read, so the read itself is made to fail."""
    f = tmp_path / "secret.txt"
    f.write_text(GOOD)
    real = geomap.sources.inputs._read

    def read(path: Path, limit: int) -> bytes:
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        if path.name == "eio.txt":
            raise OSError(5, "Input/output error", str(path))
        return real(path, limit)

    monkeypatch.setattr(geomap.sources.inputs, "_read", read)
    (tmp_path / "eio.txt").write_text(GOOD)
    res = run(runner, "extract", str(f), str(tmp_path / "eio.txt"))
    assert errors(res) == [f"error: {f}: permission denied",
                           f"error: {tmp_path / 'eio.txt'}: cannot read: Input/output error",
                           "error: no readable input documents"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "geojson", "csv", "jsonl"])
def test_good_and_bad_mixed(runner, tmp_path, fmt) -> None:
    (tmp_path / "good1.txt").write_text(GOOD)
    (tmp_path / "good2.md").write_text("Armed police cordon Westminster.\n")
    bad = {"empty.txt": b"", "bin.txt": b"\x00\x01\x02", "latin.txt": b"caf\xe9 London"}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out" / f"x.{fmt}"
    out.parent.mkdir()
    res = run(runner, "extract", str(tmp_path), "--format", fmt, "-o", str(out))
    assert res.exit_code == 1
    lines = errors(res)
    assert len(lines) == len(bad) + 1 and lines[-1] == "error: 3 input(s) could not be read"
    for name in bad:
        assert sum(f"{tmp_path / name}:" in ln for ln in lines) == 1
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert {d["id"] for d in json.loads(text)["documents"]} == {"good1", "good2"}
    elif fmt == "jsonl":
        assert len(text.splitlines()) == 2
    elif fmt == "geojson":
        assert json.loads(text)["features"]
    else:
        assert list(csv.DictReader(io.StringIO(text)))


def test_map_good_and_bad_mixed(runner, tmp_path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.txt").write_bytes(b"\xff\x00\xfe")
    out = tmp_path / "m.html"
    res = run(runner, "map", str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "-o", str(out))
    assert res.exit_code == 1 and out.stat().st_size > 0
    bad = tmp_path / "bad.txt"
    assert errors(res) == [f"error: {bad}: binary file (contains NUL bytes), not text",
                           "error: 1 input(s) could not be read"]  # fmt: skip


# ---- outputs ----


@pytest.mark.parametrize("command, extra", [("map", []), ("report", []),
                                            ("extract", ["--format", "geojson"])])  # fmt: skip
def test_output_never_overwritten_silently(runner, tmp_path, command, extra) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    out = tmp_path / "existing.out"
    out.write_text("precious")
    res = run(runner, command, str(src), "-o", str(out), *extra)
    assert res.exit_code == 1
    assert errors(res) == [f"error: {out}: already exists; pass --overwrite to replace it"]
    assert out.read_text() == "precious"
    res = run(runner, command, str(src), "-o", str(out), "--overwrite", *extra)
    assert res.exit_code == 0, res.stderr
    assert out.read_text() != "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "existing.out"]


def test_unwritable_outputs_are_one_line_and_leave_nothing(runner, tmp_path, monkeypatch) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    cases = {
        str(tmp_path / "no" / "such" / "m.html"): "folder {d} does not exist",
        str(src / "m.html"): "folder {d} does not exist",  # a file as a folder
    }
    for out, msg in cases.items():
        res = run(runner, "map", str(src), "-o", out)
        assert res.exit_code == 1
        assert errors(res) == [f"error: {out}: " + msg.format(d=Path(out).parent)]
    # a folder in the way, even with --overwrite
    (tmp_path / "dir.html").mkdir()
    res = run(runner, "map", str(src), "-o", str(tmp_path / "dir.html"), "--overwrite")
    assert res.exit_code == 1
    assert errors(res) == [f"error: {tmp_path / 'dir.html'}: cannot write: Is a directory"]
    # the disk fills up while writing
    import geomap.cli.common

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geomap.cli.common.os, "fsync", full)
    res = run(runner, "report", str(src), "-o", str(tmp_path / "r.html"))
    assert errors(res) == [f"error: {tmp_path / 'r.html'}: cannot write: No space left on device"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "dir.html"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(runner, tmp_path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    res = run(runner, "map", str(src), "-o", str(ro / "m.html"))
    assert errors(res) == [f"error: {ro / 'm.html'}: cannot write: Permission denied"]
    assert list(ro.iterdir()) == []


# ---- hostile article text ----

HOSTILE_ARTICLE = """Armed police guard Buckingham Palace <script>window.__pwned=1</script>.
Troops patrol Downing Street "><img src=x onerror="window.__pwned=1"> on 24 May 2017.
Officers cordon Westminster: see javascript:alert(1), "</script><script>window.__pwned=1</script>".
A bomb attack at Manchester Arena <svg onload="window.__pwned=1"> killed 22 people.
London <a href="javascript:window.__pwned=1">click</a> ' onmouseover='window.__pwned=1
"""
RAW = ["<script>window.__pwned", 'onerror="window', "<svg onload", 'href="javascript:',
       "<img src=x"]  # fmt: skip


def _inline_scripts(page: str) -> str:
    """The page with its <script> bodies removed, so only markup is left."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "<script></script>", page, flags=re.S | re.I)


def assert_no_raw_markup(page: str) -> None:
    outside = _inline_scripts(page)
    for raw in RAW:
        assert raw not in outside, raw
    # inside scripts, a hostile string may only appear as escaped JSON data
    for body in re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S | re.I):
        assert "__pwned" not in body or "<script" not in body.lower().replace("\\u003c", "")
        assert "</script" not in body.lower()


HOSTILE_NAMES = ['evil"<b>name.txt', "javascript:window.__pwned=1;a.txt", "<svg onload=x>.md"]


@pytest.fixture(params=HOSTILE_NAMES)
def hostile_file(tmp_path, request) -> Path:
    f = tmp_path / request.param
    f.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return f


@pytest.mark.parametrize("title", [[], ["--title", "<script>window.__pwned=1</script>"]])
def test_hostile_text_map_and_report(runner, tmp_path, hostile_file, title) -> None:
    for command in ("map", "report"):
        out = tmp_path / f"{command}.html"
        res = run(runner, command, str(hostile_file), "-o", str(out), "--overwrite", *title)
        assert res.exit_code == 0, res.stderr
        page = out.read_text(encoding="utf-8")
        assert "__pwned" in _inline_scripts(page) or "\\u003cscript\\u003ewindow.__pwned" in page
        assert_no_raw_markup(page)
        assert 'href="javascript' not in page.lower() and "href='javascript" not in page.lower()


@pytest.mark.parametrize("fmt", ["json", "geojson", "csv", "jsonl"])
def test_hostile_text_exports_are_data(runner, hostile_file, fmt) -> None:
    res = run(runner, "extract", str(hostile_file), "--format", fmt)
    assert res.exit_code == 0, res.stderr
    if fmt in ("json", "geojson"):
        json.loads(res.stdout)
    elif fmt == "jsonl":
        [json.loads(ln) for ln in res.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        assert rows
        for row in rows:  # no spreadsheet formula injection from quoted text
            assert not any(v.startswith(("=", "+", "@")) for v in row.values() if v)


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_never_runs_in_a_browser(runner, tmp_path, hostile_file, offline_page) -> None:
    page = offline_page.page
    for command in ("map", "report"):
        out = tmp_path / f"{command}.html"
        res = run(runner, command, str(hostile_file), "-o", str(out))
        assert res.exit_code == 0, res.stderr
        offline_page.open(out)
        page.wait_for_timeout(300)
        markers = page.locator(".leaflet-marker-icon, path.leaflet-interactive")
        if command == "map":
            assert markers.count() > 0
        opened = 0
        for i in range(min(markers.count(), 25)):
            try:
                markers.nth(i).click(timeout=1000, force=True)
                page.wait_for_timeout(50)
                opened += page.locator(".leaflet-popup-content").count()
            except Exception:
                pass
        if command == "map":
            assert opened > 0
        # Read every link in one step: popups open and close, so a list of locators taken
        # earlier may point at links that are gone.
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert hrefs is not None
        assert not [h for h in hrefs if (h or "").lower().strip().startswith("javascript")]
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined", command
        assert not [e for e in offline_page.errors if "pwned" in e]


# ---- geocoder faults through the CLI ----


@pytest.mark.parametrize("fault", ["timeout", "unavailable", "rate"])
def test_geocoder_faults_are_warnings(runner, tmp_path, monkeypatch, fault) -> None:
    import geomap.geocode.geocoder as gc
    from geomap.errors import GeocodeRateLimited, GeocodeTimeout, GeocodeUnavailable

    exc = {"timeout": GeocodeTimeout("geocoder timed out after 3 tries"),
           "unavailable": GeocodeUnavailable("geocoder unreachable"),
           "rate": GeocodeRateLimited("geocoder rate limited")}[fault]  # fmt: skip
    calls: list[str] = []

    class Broken:
        def __init__(self, config) -> None:
            assert config == {"enabled": True}  # --geocode turns the geocoder on

        def geocode(self, name: str, **kw):
            calls.append(name)
            raise exc

    monkeypatch.setattr(gc, "Geocoder", Broken)
    monkeypatch.setattr(gc.GeocoderConfig, "from_env", classmethod(lambda cls, **kw: kw))
    src = tmp_path / "a.txt"
    src.write_text(GOOD + "Soldiers were seen outside Qwertz Street and at Zyxbury Stadium.\n")
    out = tmp_path / "m.html"
    res = run(runner, "map", str(src), "-o", str(out), "--geocode")
    assert res.exit_code == 0, res.stderr
    assert out.exists() and calls
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("warning: ")]
    assert warnings and all(str(exc) in ln for ln in warnings), res.stderr


def test_geocode_flag_without_user_agent_is_one_line(runner, tmp_path, monkeypatch) -> None:
    for var in ("GEOMAP_GEOCODER", "GEOMAP_GEOCODER_URL", "GEOMAP_USER_AGENT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GEOMAP_CONFIG", os.devnull)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    res = run(runner, "extract", str(src), "--geocode")
    assert res.exit_code == 1
    [line] = errors(res)
    assert line.startswith("error: user_agent is required for Nominatim")


@pytest.mark.slow
def test_folder_of_20000_files_in_parallel(runner, tmp_path) -> None:
    folder = tmp_path / "corpus"
    for i in range(20000):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(f"Police patrol London, item {i}.\n")
    res = run(runner, "extract", str(folder), "--format", "jsonl", "--jobs", "4")
    assert res.exit_code == 0, res.stderr
    assert len(res.stdout.splitlines()) == 20000


# ---- concurrent writers ----


def test_concurrent_writers_leave_one_whole_file(tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from geomap.cli.common import write_output

    out = tmp_path / "m.html"
    bodies = [chr(ord("a") + i) * 200_000 for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda b: write_output(out, b, overwrite=True), bodies * 4))
    assert out.read_text() in bodies  # one writer's whole file, never a mix
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_a_text_without_full_stops_keeps_quotes_short() -> None:
    """A 'sentence' of a whole file is read as windows around each mention."""
    from geomap.pipeline import MAX_SENTENCE, extract_document

    text = "troops guard Downing Street and patrol London " * 1_000
    doc = extract_document(text, "no-stops")
    assert len(doc.mentions) == 2_000
    assert max(len(m.sentence) for m in doc.mentions) <= MAX_SENTENCE
    assert {m.role for m in doc.mentions if m.text == "Downing Street"} == {"guard"}
