"""The events table: ACLED's columns, one row per event, cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import io

import pytest

import geomap
from geomap.output.table import COLUMNS, safe_cell


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        # Numbers and ordinary text stay as they are.
        ("-0.14190", "-0.14190"),
        ("+44", "+44"),
        ("Buckingham Palace", "Buckingham Palace"),
        ("", ""),
        (None, ""),
        (22, "22"),
    ],
)
def test_a_cell_that_would_run_is_quoted(value, cell) -> None:
    assert safe_cell(value) == cell


def _rows(texts: dict[str, str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(geomap.extract_texts(texts).to_csv())))


def test_one_row_per_event_with_acled_columns() -> None:
    rows = _rows({"a": "On 3 May 2019 gunmen fired on a patrol in Kidal, killing two officers.\n"
                       "Police guarded the mayor's office in Gao."})  # fmt: skip
    assert list(rows[0]) == list(COLUMNS)
    got = {(r["location"], r["role"], r["event_type"], r["sub_event_type"]) for r in rows}
    assert ("Kidal", "incident", "Battles", "Armed clash") in got
    assert all(r["role"] != "context" for r in rows)
    [kidal] = [r for r in rows if r["location"] == "Kidal"]
    assert (kidal["event_date"], kidal["year"], kidal["fatalities"]) == ("2019-05-03", "2019", "2")


def test_text_from_an_article_cannot_become_a_formula() -> None:
    rows = _rows({"=HYPERLINK(1)": '=HYPERLINK("http://evil") Troops guard Downing Street.'})
    [row] = rows
    assert row["source"] == "'=HYPERLINK(1)" and row["document"] == "'=HYPERLINK(1)"
    assert row["notes"].startswith("'=HYPERLINK")
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
