"""Odd file names, in and out: every format writes them, or refuses them with one line."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geomap.paths import long_part, shown
from geomap.sources.inputs import read_inputs
from geomap.text import printable

try:
    from cli_helpers import run as invoke
except ImportError:  # tests/ became a package
    from tests.cli_helpers import run as invoke

GOOD = "Troops guard Buckingham Palace in London on 24 May 2017. Police patrol Manchester.\n"
ODD = "Armed police cordon Westminster after an attack in Birmingham.\n"
ERROR_LINE = re.compile(r"^(error|warning): \S")

# Names as bytes: a file system takes any byte but "/" and NUL, and at most 255 of them.
ODD_NAMES = [
    b"a:b.txt",
    b"caf\xe9 (latin-1).txt",  # not UTF-8
    b"\xff\xfe.txt",
    b"line\nerror: forged.txt",
    b"esc\x1b[31mred.txt",
    b"tab\tand\rreturn.txt",
    b"-rf.txt",
    b"=HYPERLINK(1).txt",
    "über–Straße.txt".encode(),
    b"x" * 251 + b".txt",  # 255 bytes
    "é".encode() * 125 + b".txt",  # 254 bytes in 129 characters
]
FORMATS = ["json", "geojson", "csv", "jsonl"]


def run(runner: CliRunner, *args: str) -> Result:
    res = invoke(runner, *args)
    assert all(ERROR_LINE.match(ln) for ln in res.stderr.splitlines()), res.stderr
    return res


def folder(tmp_path: Path, name: bytes) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(GOOD)
    Path(os.fsdecode(os.fsencode(docs) + b"/" + name)).write_text(ODD)
    return docs


def odd_id(name: bytes) -> str:
    return printable(shown(os.fsdecode(name)).rsplit(".", 1)[0])


@pytest.mark.parametrize("name", ODD_NAMES, ids=lambda n: repr(n)[:40])
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_odd_input_name_in_every_format(runner, tmp_path, name, fmt) -> None:
    docs = folder(tmp_path, name)
    out = tmp_path / f"out.{fmt}"
    res = run(runner, "extract", str(docs), "--format", fmt, "-o", str(out))
    assert res.exit_code == 0, res.stderr
    text = out.read_text(encoding="utf-8")  # valid UTF-8, whatever the names were
    if fmt == "json":
        ids = {d["id"] for d in json.loads(text)["documents"]}
    elif fmt == "jsonl":
        ids = {json.loads(line)["id"] for line in text.splitlines()}
    elif fmt == "geojson":
        ids = {d for f in json.loads(text)["features"] for d in f["properties"]["documents"]}
    else:
        ids = {row["document"].lstrip("'") for row in csv.DictReader(io.StringIO(text))}
    assert ids == {"good", odd_id(name)}


@pytest.mark.parametrize("name", ODD_NAMES, ids=lambda n: repr(n)[:40])
@pytest.mark.parametrize("command", ["map", "report"])
def test_an_odd_input_name_on_a_map_and_a_report(runner, tmp_path, name, command) -> None:
    docs = folder(tmp_path, name)
    out = tmp_path / "out.html"
    res = run(runner, command, str(docs), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert "Westminster" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [b"line\nerror: forged.txt", b"esc\x1b]0;title\x07.txt",
                                  b"caf\xe9.txt", b"cr\rerror: x.txt"])  # fmt: skip
def test_a_bad_file_with_an_odd_name_is_one_safe_line(runner, tmp_path, name) -> None:
    docs = folder(tmp_path, b"unused.txt")
    bad = Path(os.fsdecode(os.fsencode(docs) + b"/" + name))
    bad.write_bytes(b"")
    out = tmp_path / "out.json"
    res = run(runner, "extract", str(docs), "-o", str(out))
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 2 and lines[0].endswith(": empty document"), lines
    assert not re.search(r"[\x00-\x1f\x7f]", res.stderr.replace("\n", ""))
    assert len(json.loads(out.read_text())["documents"]) == 2


@pytest.mark.parametrize(
    "name",
    [
        "x" * 251 + ".out",  # 255 bytes: the temporary file's name must not pass 255
        "é" * 125 + ".out",  # 254 bytes, 129 characters
        "€" * 83 + ".out",  # 253 bytes in three-byte characters
    ],
)
@pytest.mark.parametrize(
    "command, extra",
    [("extract", ["--format", "json"]), ("extract", ["--format", "jsonl"]),
     ("extract", ["--format", "csv"]), ("map", []), ("report", [])],
)  # fmt: skip
def test_an_output_name_of_up_to_255_bytes_is_written(runner, tmp_path, name, command, extra):
    (tmp_path / "a.txt").write_text(GOOD)
    out = tmp_path / name
    res = run(runner, command, str(tmp_path / "a.txt"), "-o", str(out), *extra)
    assert res.exit_code == 0, res.stderr
    assert out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", name])


@pytest.mark.parametrize(
    "name, size",
    [("x" * 252 + ".out", 256), ("é" * 126 + ".out", 256), ("y" * 400, 400)],
)
@pytest.mark.parametrize(
    "command, extra",
    [("extract", ["--format", "json"]), ("extract", ["--format", "jsonl"]), ("map", []),
     ("report", []), ("map", ["--png", "{out}.png"])],
)  # fmt: skip
def test_an_output_name_over_255_bytes_is_one_line(runner, tmp_path, name, size, command, extra):
    (tmp_path / "a.txt").write_text(GOOD)
    out = tmp_path / name
    if "--png" in extra:  # the map's own name is fine, the PNG's is not
        extra, out, size = ["--png", str(out)], tmp_path / "m.html", size
        target = extra[1]
    else:
        target = str(out)
    res = run(runner, command, str(tmp_path / "a.txt"), "-o", str(out), *extra)
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {target}: file name too long ({size} bytes; at most 255); choose a shorter name"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_an_input_name_over_255_bytes_is_one_line_and_the_rest_written(runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    long = tmp_path / ("z" * 300 + ".txt")
    out = tmp_path / "o.json"
    res = run(runner, "extract", str(long), str(tmp_path / "a.txt"), "-o", str(out))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {long}: file name too long (over 255 bytes)",
        "error: 1 input(s) could not be read",
    ]
    assert [d["id"] for d in json.loads(out.read_text())["documents"]] == ["a"]


@pytest.mark.parametrize(
    "name, path",
    [(b"caf\xe9.txt", "caf\\xe9.txt"), (b"ok.txt", "ok.txt"), ("é.txt".encode(), "é.txt")],
)
def test_the_library_keeps_names_as_text(tmp_path, name, path) -> None:
    f = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + name))
    f.write_text(GOOD)
    [source], problems = read_inputs([str(tmp_path)])
    assert problems == []
    assert source.path == f"{tmp_path}/{path}"
    assert source.id == path.removesuffix(".txt")
    source.path.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize(
    "path, part",
    [("a/b.txt", None), ("x" * 255, None), ("x" * 256, "x" * 256),
     ("d/" + "é" * 128 + "/f", "é" * 128), (os.fsdecode(b"\xff" * 256), os.fsdecode(b"\xff" * 256))],
)  # fmt: skip
def test_long_part(path, part) -> None:
    assert long_part(path) == part


@pytest.mark.parametrize(
    "sidecar",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"published": ' * 50_000 + b"1" + b"}" * 50_000,
        b'{"published": [1]}',
        b'{"published": "2017-99-99"}',
        b"\xff\xfe",
        b"",
    ],
)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_broken_sidecar_dates_nothing_and_loses_nothing(runner, tmp_path, sidecar, fmt):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "a.json").write_bytes(sidecar)
    (tmp_path / "b.txt").write_text(ODD)
    out = tmp_path / "out" / f"o.{fmt}"
    out.parent.mkdir()
    res = run(runner, "extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
              "--format", fmt, "-o", str(out))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert "Westminster" in out.read_text() and "Buckingham Palace" in out.read_text()


@pytest.mark.parametrize(
    "text, expected",
    [("plain.txt", "plain.txt"), ("é.txt", "é.txt"), (os.fsdecode(b"\xff.txt"), "\\xff.txt"),
     ("a\ud800b", "a\\ud800b"), (os.fsdecode(b"\xe2\x82.txt"), "\\xe2\\x82.txt")],
)  # fmt: skip
def test_shown(text, expected) -> None:
    assert shown(text) == expected


@pytest.mark.parametrize("command", ["extract", "map", "report"])
def test_an_existing_output_with_a_name_that_is_not_utf8_is_one_line(runner, tmp_path, command):
    (tmp_path / "a.txt").write_text(GOOD)
    out = Path(os.fsdecode(os.fsencode(tmp_path) + b"/o\xff.out"))
    out.write_text("precious")
    res = run(runner, command, str(tmp_path / "a.txt"), "-o", str(out))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {tmp_path}/o\\xff.out: already exists; pass --overwrite to replace it"
    ]
    assert out.read_text() == "precious"


@pytest.mark.parametrize("name", ODD_NAMES, ids=lambda n: repr(n)[:40])
def test_the_python_api_takes_odd_names(tmp_path, name) -> None:
    import geomap

    docs = folder(tmp_path, name)
    result = geomap.extract(docs)  # a PathLike: one path
    assert sorted(d.id for d in result.documents) == sorted(["good", odd_id(name)])
    assert result.problems == []
    for doc in result.documents:
        doc.model_dump_json()  # serialisable: no lone surrogate in an id or a path


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda g, d: g.extract(d, encoding="punycode"), "--encoding punycode: not an encoding"),
        (lambda g, d: g.extract(d, encoding="nope"), "--encoding nope: unknown encoding"),
    ],
)
def test_the_python_api_refuses_a_bad_encoding(tmp_path, call, error) -> None:
    import geomap
    from geomap.errors import InputError

    docs = folder(tmp_path, b"b.txt")
    with pytest.raises(InputError, match=error):
        call(geomap, docs)


@pytest.mark.parametrize(
    "gold, error",
    [("missing.json", "missing.json: no such file"), ("bad.json", "bad.json: not JSON")],
)
def test_the_python_api_evaluate_raises_one_line(tmp_path, gold, error) -> None:
    from geomap.errors import InputError
    from geomap.evaluate import evaluate_corpus, evaluate_gold

    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(InputError, match=error) as e:
        evaluate_gold(tmp_path / gold, docs_dir=tmp_path)
    assert "\n" not in str(e.value)
    with pytest.raises(InputError, match="no such file; the corpora are not in the repository"):
        evaluate_corpus(tmp_path / "TR-News.xml")
