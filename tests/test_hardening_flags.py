"""Bad flags, bad rule files and bad evaluation inputs: one line each, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.errors import RulesError
from geomap.sources.inputs import MAX_BYTES, read_inputs

try:
    from cli_helpers import run
except ImportError:  # tests/ became a package
    from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Troops guard Buckingham Palace in London on 24 May 2017. Police patrol Manchester.\n"


# ---- --encoding ----


@pytest.mark.parametrize(
    "encoding, why",
    [
        ("no-such-codec", "unknown encoding"),
        ("punycode", "not an encoding of text files"),  # a codec, but of domain names
        ("undefined", "not an encoding of text files"),
        ("unicode_escape", "not an encoding of text files"),  # it would decode "\\n"
        ("Raw-Unicode-Escape", "not an encoding of text files"),
        ("rot13", "not an encoding of text files"),  # str to str
        ("base64", "not an encoding of text files"),  # bytes to bytes
        ("utf-8\x00", "unknown encoding"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "map", "report"])
def test_unknown_encoding_is_one_line(runner, tmp_path, encoding, why, command) -> None:
    # One line for the flag, before any file is read (not one per file, as it was).
    f = tmp_path / "a.txt"
    f.write_text(GOOD)
    res = run(runner, command, str(f), "--encoding", encoding, "-o", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--encoding': {encoding}: {why}; use one such as latin-1, "
        "cp1252, utf-16 or shift_jis"
    )
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("encoding", ["punycode", "unicode_escape", "nope"])
def test_the_library_refuses_a_bad_encoding_once(tmp_path, encoding) -> None:
    from geomap.errors import InputError
    from geomap.sources.inputs import read_inputs

    (tmp_path / "a.txt").write_text(GOOD)
    with pytest.raises(InputError, match=f"^--encoding {encoding}: "):
        read_inputs([str(tmp_path)], encoding=encoding)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "UTF8", "shift_jis"])
def test_text_encodings_are_taken(runner, tmp_path, encoding) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(GOOD.encode(encoding))
    res = run(runner, "extract", str(f), "--encoding", encoding)
    assert res.exit_code == 0, res.stderr
    assert "Buckingham Palace" in res.stdout


# ---- user rule files ----

BAD_RULES = [
    ("roles.toml", '[cues]\nguard = ["(unclosed"]\n',
     "cues.guard: '(unclosed' is not a valid regular expression: missing ), unterminated "
     "subpattern at position 0"),
    ("roles.toml", '[scope]\nnegation = ["[a-"]\n',
     "scope.negation: '[a-' is not a valid regular expression: unterminated character set "
     "at position 0"),
    ("roles.toml", '[actors]\npolice = ["a{2,1}"]\n',
     "actors.police: 'a{2,1}' is not a valid regular expression: min repeat greater than "
     "max repeat at position 2"),
    ("roles.toml", '[scope]\nviolence = ["(?i)riot"]\n',  # fine alone, not in an alternation
     "scope.violence: '(?i)riot' is not a valid regular expression: global flags not at the "
     "start of the expression at position 3"),
    ("roles.toml", "[cues]\nclosure = ['*shut']\n",
     "cues.closure: '*shut' is not a valid regular expression: nothing to repeat at position 0"),
    ("roles.toml", '[cues]\nguard = "guarded"\n', "cues.guard: Input should be a valid list"),
    ("roles.toml", '[cues]\nguards = ["x"]\n', "cues.guards: Extra inputs are not permitted"),
    ("events.toml", '[relations]\napart = ["(?<=a+)b"]\n',
     "relations.apart: '(?<=a+)b' is not a valid regular expression: look-behind requires "
     "fixed-width pattern"),
    ("events.toml", '[relations]\napart = ["(?i)beside"]\n',  # a traceback at scan before
     "relations.apart: '(?i)beside' is not a valid regular expression: global flags not at "
     "the start of the expression at position 3"),
    ("events.toml", '[actors]\nprotesters = ["\\\\"]\n',
     "actors.protesters: '\\\\' is not a valid regular expression: bad escape (end of pattern) "
     "at position 0"),
    ("roles.toml", "x = " + "[" * 50_000 + "]" * 50_000 + "\n", "nested too deeply"),
    ("recognize.toml", "never_places = 1\n", "never_places: Input should be a valid list"),
]  # fmt: skip


@pytest.mark.parametrize("name, toml, message", BAD_RULES)
def test_a_bad_user_rule_file_is_one_line_naming_file_and_key(
    runner, tmp_path, monkeypatch, name, toml, message
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_text(toml)
    monkeypatch.setenv("GEOMAP_RULES", str(rules))
    (tmp_path / "a.txt").write_text(GOOD)
    res = run(runner, "extract", str(tmp_path / "a.txt"))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"error: {rules / name}: {message}"]


def test_every_bad_pattern_of_a_file_is_named_at_once(tmp_path, monkeypatch) -> None:
    from geomap.events.rules import load_role_rules

    (tmp_path / "roles.toml").write_text('[cues]\nguard = ["(a"]\npatrol = ["b)"]\n')
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    with pytest.raises(RulesError) as e:
        load_role_rules()
    assert [line.split(": ")[1] for line in str(e.value).splitlines()] == [
        "cues.guard",
        "cues.patrol",
    ]


@pytest.mark.parametrize(
    "toml",
    [
        "[cues]\nguard = ['\\bminded\\b', '\\bwatch(ed)? over\\b']\n",
        "[scope]\narea_roles = ['(']\n",  # words, not patterns
        "candidate_heads = ['Stadium (new)']\n",
    ],
)
def test_good_user_rules_still_load(runner, tmp_path, monkeypatch, toml) -> None:
    name = "recognize.toml" if toml.startswith("candidate") else "roles.toml"
    (tmp_path / name).write_text(toml)
    monkeypatch.setenv("GEOMAP_RULES", str(tmp_path))
    (tmp_path / "a.txt").write_text(GOOD)
    res = run(runner, "extract", str(tmp_path / "a.txt"))
    assert res.exit_code == 0, res.stderr
    assert "Buckingham Palace" in res.stdout


# ---- evaluate ----

SEEDS_GOLD = ROOT / "tests" / "fixtures" / "seeds.gold.json"


def gold_with(tmp_path: Path, change) -> Path:
    gold = json.loads(SEEDS_GOLD.read_text())
    change(gold)
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    return path


def _set(path: list, value):
    def change(gold):
        node = gold
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


BAD_GOLD = [
    (b'{"places": {}', "not JSON: Expecting ',' delimiter: line 1 column 14 (char 13)"),
    (b"", "not JSON: Expecting value: line 1 column 1 (char 0)"),
    (b"\xff\xfe{}", "cannot read: 'utf-8' codec can't decode byte 0xff in position 0: "
                    "invalid start byte"),
    (b"[1, 2]", 'not a gold file: it must be an object with "places" and "documents"'),
    (b'{"places": {}}', "documents: Field required"),
    (b'{"places": [], "documents": []}', "places: Input should be a valid dictionary"),
    (b'{"places": {}, "documents": [{"doc": "a.txt", "mentions": [1]}]}',
     "documents.0.mentions.0: Input should be a valid dictionary or instance of _GoldMention"),
    (b"[" * 100_000 + b"]" * 100_000, "not a gold file: nested too deeply"),
    (b'{"places": {}, "documents": [{"doc": "a.txt", "mentions": [{"start": 0, "end": 1, '
     b'"text": "L", "place": "atlantis"}]}]}',
     "documents.0.mentions.0.place: 'atlantis' is not in places"),
]  # fmt: skip


@pytest.mark.parametrize("data, message", BAD_GOLD)
def test_a_bad_gold_file_is_one_line(runner, tmp_path, data, message) -> None:
    gold = tmp_path / "gold.json"
    gold.write_bytes(data)
    res = run(runner, "evaluate", "--gold", str(gold), "--docs", str(ROOT / "seeds"))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"error: {gold}: {message}"]
    assert res.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--gold", "missing.json"], "missing.json: no such file; give --gold the path of a "
         "gold file"),
        (["--gold", str(SEEDS_GOLD), "--docs", "no-such-folder"],
         "no-such-folder: no such folder; give --docs the folder of the documents"),
        (["--corpus", "../shared/eval/corpora/TR-News.xml"],  # README's path, in a fresh clone
         "../shared/eval/corpora/TR-News.xml: no such file; the corpora are not in the "
         "repository: download TR-News, LGL or GeoWebNews (see README, Evaluation) and give "
         "its path"),
    ],
)  # fmt: skip
def test_a_missing_evaluation_input_is_one_line(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)  # no ../shared here
    res = run(runner, "evaluate", *args)
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"error: {message}"]


@pytest.mark.parametrize(
    "xml, message",
    [
        (b"<articles><article>", "not a corpus XML file: no element found: line 1, column 19"),
        (b"", "not a corpus XML file: no element found: line 1, column 0"),
        (b"<html><body>busy</body></html>", "not a corpus XML file: no <article> element"),
        (b"\x00\x01", "not a corpus XML file: not well-formed (invalid token): line 1, column 0"),
    ],
)
def test_a_bad_corpus_is_one_line(runner, tmp_path, xml, message) -> None:
    corpus = tmp_path / "c.xml"
    corpus.write_bytes(xml)
    res = run(runner, "evaluate", "--corpus", str(corpus))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"error: {corpus}: {message}"]


def test_a_corpus_position_that_is_no_number_is_unlocated(runner, tmp_path) -> None:
    corpus = tmp_path / "c.xml"
    corpus.write_text(
        "<articles><article docid='1'><text>Police patrol London.</text><toponyms><toponym>"
        "<start>14</start><end>20</end><phrase>London</phrase><gaztag><lat>north</lat>"
        "<lon>x</lon></gaztag></toponym></toponyms></article></articles>"
    )
    res = run(runner, "evaluate", "--corpus", str(corpus), "--format", "json")
    assert res.exit_code == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["detection"]["tp"] == 1 and report["acc_at_161"] == 0


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_missing_document_is_named_and_the_rest_scored(runner, tmp_path, fmt) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    gold = json.loads(SEEDS_GOLD.read_text())
    for d in gold["documents"][1:]:
        (docs / d["doc"]).write_bytes((ROOT / "seeds" / d["doc"]).read_bytes())
    res = run(runner, "evaluate", "--gold", str(SEEDS_GOLD), "--docs", str(docs),
              "--format", fmt)  # fmt: skip
    assert res.exit_code == 1
    missing = docs / gold["documents"][0]["doc"]
    assert res.stderr.splitlines() == [f"error: {missing}: no such file (named in the gold file)"]
    if fmt == "json":
        report = json.loads(res.stdout)
        assert report["documents"] == len(gold["documents"]) - 1
        assert report["detection"]["tp"] > 0
    else:
        assert "detection P/R/F1" in res.stdout


def test_the_seeds_still_score(runner) -> None:
    res = run(runner, "evaluate", "--gold", str(SEEDS_GOLD), "--docs", str(ROOT / "seeds"),
              "--format", "json")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert "problems" not in json.loads(res.stdout)


# ---- the default size limit ----


@pytest.mark.parametrize(
    "size, refused",
    [(MAX_BYTES - 1, False), (MAX_BYTES, False), (MAX_BYTES + 1, True), (40 * 2**20, True)],
)
@pytest.mark.parametrize("stdin", [False, True])
def test_the_default_limit(tmp_path, monkeypatch, size, refused, stdin) -> None:
    line = b"Police patrol London after the attack.\n"
    data = (line * (size // len(line) + 1))[:size]
    if stdin:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        where, amount = "<stdin>", "more"
    else:
        (tmp_path / "big.txt").write_bytes(data)
        where, amount = str(tmp_path / "big.txt"), f"{size:,} bytes"
    sources, problems = read_inputs(["-" if stdin else where])
    if refused:
        assert sources == []
        assert problems == [
            f"{where}: too large ({amount} > 10,485,760 bytes, the default: about a minute of "
            "work); split it or raise --max-bytes"
        ]
    else:
        assert problems == [] and len(sources[0].text) == size


@pytest.mark.slow
def test_a_file_at_the_default_limit_takes_under_a_minute(tmp_path) -> None:
    import time

    import geomap

    corpora = Path("/tmp/geomap-golden-corpora")
    texts = sorted(corpora.glob("*/*.txt")) or sorted((ROOT / "seeds").glob("*.txt"))
    news = b"\n\n".join(p.read_bytes() for p in texts)
    (tmp_path / "big.txt").write_bytes((news * (MAX_BYTES // len(news) + 1))[:MAX_BYTES])
    geomap.extract(["seeds/000_9d5c6bd36721f7e0.txt"])  # the index, outside the timing
    start = time.process_time()  # CPU time: the machine's other work does not count
    result = geomap.extract([str(tmp_path / "big.txt")])
    assert time.process_time() - start < 60
    assert result.documents


# ---- the user gazetteer ----


@pytest.mark.parametrize(
    "data",
    [
        '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"type": "FeatureCollection", "features": [{"properties": '
        + '{"a": ' * 50_000
        + "1"
        + "}" * 50_000
        + "}]}",
    ],
)
@pytest.mark.parametrize("command", ["extract", "map"])
def test_a_deeply_nested_user_gazetteer_is_one_warning(runner, tmp_path, data, command) -> None:
    gaz = tmp_path / "gaz"
    gaz.mkdir()
    (gaz / "user.geojson").write_text(data)
    (tmp_path / "a.txt").write_text(GOOD)
    out = tmp_path / "out"
    res = run(runner, command, str(tmp_path / "a.txt"), "--gazetteer", str(gaz), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert res.stderr.splitlines()[0] == (
        f"warning: {gaz / 'user.geojson'}: not valid JSON: nested too deeply to be a gazetteer file"
    )
    assert "Buckingham Palace" in out.read_text()


def _full_disk(monkeypatch) -> None:
    import geomap.gazetteer.edit

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geomap.gazetteer.edit, "_write_atomic", full)


@pytest.mark.parametrize("command", ["add", "import"])
@pytest.mark.parametrize("where", ["under a file", "full disk"])
def test_a_gazetteer_folder_that_cannot_be_written_is_one_line(
    runner, tmp_path, monkeypatch, command, where
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    gaz = tmp_path / "a.txt" / "gaz" if where == "under a file" else tmp_path / "gaz"
    if where == "full disk":
        gaz.mkdir()
        (gaz / "user.geojson").write_text('{"type": "FeatureCollection", "features": []}\n')
        _full_disk(monkeypatch)
    entries = tmp_path / "new.csv"
    entries.write_text("id,name,lat,lon,kind\ncamp-x,Camp X,31.86,64.22,site\n")
    args = (["add", "Camp X", "--lat", "31.86", "--lon", "64.22", "--kind", "site"]
            if command == "add" else ["import", str(entries)])  # fmt: skip
    res = run(runner, "gazetteer", *args, "--gazetteer", str(gaz))
    assert res.exit_code == 1
    expected = (
        f"error: {gaz}: cannot create the gazetteer folder (Not a directory)"
        if where == "under a file"
        else f"error: {gaz / 'user.geojson'}: cannot write (No space left on device);"
        " the file is unchanged"
    )
    assert res.stderr.splitlines() == [expected]
    if where == "full disk":
        assert "camp-x" not in (gaz / "user.geojson").read_text()
