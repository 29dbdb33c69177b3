"""Text as it arrives: other Unicode forms and encodings read right, or refused in one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.pipeline import extract_document

GOOD = "Troops guard Buckingham Palace in London.\n"


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be", "utf-16"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, codec: str) -> None:
    bom = {"utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    f = tmp_path / "a.txt"
    f.write_bytes(bom + GOOD.encode(codec))
    res = CliRunner().invoke(main, ["extract", str(f), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "Buckingham Palace" in res.stdout


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_mark_are_named_in_one_line(tmp_path, codec: str) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(GOOD.encode(codec))
    res = CliRunner().invoke(main, ["extract", str(f)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {f}: looks like {codec.upper()} without a byte-order mark; "
        f"pass --encoding {codec}",
        "error: no readable input documents",
    ]


@pytest.mark.parametrize("codec", ["punycode", "undefined", "base64", "rot13"])
def test_an_encoding_that_cannot_read_text_is_one_line(tmp_path, codec: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f), "--encoding", codec])
    # One flag error before any file is read (it was one error per file; issue 16).
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1].startswith(
        f"Error: Invalid value for '--encoding': {codec}: not an encoding of text files; "
    )
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    "text, name",
    [
        ("Police were deployed in Man\u200bchester.", "Manchester"),  # zero-width space
        ("Police were deployed in Man\u00adchester.", "Manchester"),  # soft hyphen
        ("Troops were sent to Zu\u0308rich.", "Zürich"),  # decomposed accent
        ("Troops were sent to Zürich.", "Zürich"),
    ],
)
def test_invisible_and_decomposed_characters_keep_the_name(text: str, name: str) -> None:
    [m] = extract_document(text, "d").mentions
    assert m.place is not None and m.place.name == name
    # Offsets stay those of the text as given.
    assert text[m.start : m.end] == m.text


def test_a_newline_in_a_file_name_forges_no_error_line(tmp_path) -> None:
    bad = tmp_path / "a\nerror: all good\x1b[32m.txt"
    bad.write_bytes(b"\xff\xfe\x00")  # unreadable, so its name reaches an error line
    good = tmp_path / "b.txt"
    good.write_text(GOOD, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(bad), str(good), "--format", "csv"])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"error: {tmp_path}/a\\x0aerror: all good\\x1b[32m.txt: not valid UTF-16",
        "error: 1 input(s) could not be read",
    ]
    assert "\x1b" not in res.stderr
    assert "Buckingham Palace" in res.stdout  # the good file is still written
