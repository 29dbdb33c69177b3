"""The CLI through click's runner: outputs, exit codes and exact error lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geomap.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = str(ROOT / "seeds")


def test_extract_json_follows_contract(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", SEEDS, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["documents"]) == 5 and data["sites"]
    for doc in data["documents"]:
        text = (ROOT / "seeds" / f"{doc['id']}.txt").read_text(encoding="utf-8")
        for m in doc["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
            assert m["role"] in {
                "incident",
                "guard",
                "cordon",
                "patrol",
                "deployment",
                "standby",
                "closure",
                "context",
            }
            if m["place"]:
                assert {"id", "name", "kind", "lat", "lon"} <= set(m["place"])
    published = {d["id"]: d["published"] for d in data["documents"]}
    assert published["002_fc6b348fff37537c"] == "2017-05-24"


def test_extract_gives_each_document_its_headline(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Raids in Moss Side\ndate: 2017-05-25\n---\nPolice raided homes.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Police arrest three more in Manchester bomb investigation\n\nOfficers said.\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text("Officers searched a flat in Wigan.\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    titles = {d["id"]: d["title"] for d in json.loads(res.stdout)["documents"]}
    assert titles == {
        "a": "Raids in Moss Side",
        "b": "Police arrest three more in Manchester bomb investigation",
        "c": None,
    }


def test_extract_geojson_follows_contract(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", SEEDS, "--format", "geojson"])
    assert res.exit_code == 0
    fc = json.loads(res.stdout)
    assert fc["type"] == "FeatureCollection"
    props = fc["features"][0]["properties"]
    assert {"id", "name", "kind", "roles", "mentions", "documents", "evidence"} <= set(props)
    assert {"document", "start", "end", "quote"} <= set(props["evidence"][0])
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_extract_csv_has_acled_columns(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", SEEDS, "--format", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {
        "event_date",
        "time_precision",
        "event_type",
        "actor",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
    } <= set(rows[0])
    assert any(r["role"] == "incident" and r["event_date"] == "2017-05-22" for r in rows)


def test_map_writes_html_and_refuses_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    res = runner.invoke(main, ["map", SEEDS, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "Incidents" in html and "Guarded sites" in html
    res = runner.invoke(main, ["map", SEEDS, "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: {out}: already exists; pass --overwrite to replace it"
    assert runner.invoke(main, ["map", SEEDS, "-o", str(out), "--overwrite"]).exit_code == 0


def test_stdin_input(runner: CliRunner) -> None:
    res = runner.invoke(
        main,
        ["extract", "-", "--format", "json"],
        input="Soldiers were stationed at Buckingham Palace.",
    )
    assert res.exit_code == 0
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["id"] == "stdin"
    assert doc["mentions"][0]["role"] == "guard"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty document"),
        (
            b"caf\xe9 in Paris",
            "not valid UTF-8 (byte 0xe9 at offset 3); convert it or pass --encoding latin-1",
        ),
        (b"\x00\x01\x02binary", "binary file (contains NUL bytes), not text"),
    ],
)
def test_bad_inputs_are_reported_and_good_ones_kept(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Troops guard Downing Street.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(good), str(bad), "--format", "json"])
    assert res.exit_code == 1
    assert f"error: {bad}: {message}" in res.stderr.splitlines()
    assert json.loads(res.stdout)["documents"][0]["id"] == "good"


def test_missing_input(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", "nope.txt"])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: nope.txt: no such file or directory"


def test_bad_flag_names_the_flag(runner: CliRunner) -> None:
    res = runner.invoke(main, ["extract", SEEDS, "--date", "yesterday"])
    assert res.exit_code == 2
    assert "Invalid value for '--date': 'yesterday' is not a date like 2017-05-24" in res.stderr
    res = runner.invoke(main, ["extract", SEEDS, "--format", "xml"])
    assert res.exit_code == 2 and "'--format'" in res.stderr


def test_unwritable_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "missing-dir" / "m.html"
    res = runner.invoke(main, ["map", SEEDS, "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: {out}: folder {out.parent} does not exist"


def _commands(group, prefix=""):  # type: ignore[no-untyped-def]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # lazily loaded groups included
        cmd = group.get_command(ctx, name)
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix}{name} ")


@pytest.mark.parametrize("name, cmd", list(_commands(main)))
def test_every_command_has_help_with_example_and_is_in_readme(name: str, cmd: object) -> None:
    help_text = cmd.help or ""  # type: ignore[attr-defined]
    assert help_text.strip(), name
    if not hasattr(cmd, "commands"):
        assert "Example:" in help_text, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"geomap {name.split()[0]}" in readme


def test_evaluate_gold(runner: CliRunner) -> None:
    res = runner.invoke(
        main,
        [
            "evaluate",
            "--gold",
            str(ROOT / "tests/fixtures/seeds.gold.json"),
            "--docs",
            SEEDS,
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["detection"]["f1"] > 0.9


def test_country_option_is_checked_and_used(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Police in London said a man was hurt.\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(article), "--country", "XX"])
    assert res.exit_code == 2
    assert "'XX' is not an ISO 3166 country code such as GB or CA" in res.output
    res = runner.invoke(main, ["extract", str(article), "--format", "json", "--country", "ca"])
    assert res.exit_code == 0, res.output
    [mention] = json.loads(res.stdout)["documents"][0]["mentions"]
    assert mention["place"]["country"] == "CA"


CORPUS = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <dltime>2017-05-24</dltime>
    <text><![CDATA[Moscow denied it. Troops were sent to Manchester by the British army.]]></text>
    <toponyms>
      <toponym><start>0</start><end>6</end><phrase>Moscow</phrase>
        <gaztag geonameid="524901"><lat>55.75222</lat><lon>37.61556</lon></gaztag></toponym>
      <toponym><start>38</start><end>48</end><phrase>Manchester</phrase>
        <gaztag geonameid="2643123"><lat>53.48095</lat><lon>-2.23743</lon></gaztag></toponym>
      <toponym><start>56</start><end>63</end><phrase>British</phrase>
        <gaztag geonameid="2635167"><lat>54.75844</lat><lon>-2.69531</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_evaluate_a_corpus_with_and_without_non_literal_uses(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus = tmp_path / "tiny.xml"
    corpus.write_text(CORPUS, encoding="utf-8")
    res = runner.invoke(main, ["evaluate", "--corpus", str(corpus), "--format", "json"])
    assert res.exit_code == 0, res.output
    every = json.loads(res.stdout)
    res = runner.invoke(
        main, ["evaluate", "--corpus", str(corpus), "--format", "json", "--literal-only"]
    )
    literal = json.loads(res.stdout)
    # "Moscow denied" (metonymic) and "British" (a demonym) count only by default.
    assert (every["detection"]["tp"], literal["detection"]["tp"]) == (3, 1)
    assert every["acc_at_161"] == 1.0 and literal["literal_only"] is True
    res = runner.invoke(main, ["evaluate", "--corpus", str(corpus), "--literal-only"])
    assert "counting             literal uses only" in res.output
