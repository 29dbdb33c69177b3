"""The memory-mapped index file: look-ups, layered changes, and damaged or planted files."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import GazetteerError
from geomap.gazetteer import index as index_module
from geomap.gazetteer.compact import MAGIC, read_compact, write_compact
from geomap.gazetteer.index import build_index, read_cache, write_cache
from geomap.gazetteer.layered import Layered, LazyRows
from tests.records import record
from tests.test_overlay_cache import users

NAMES = {
    "london": (3, 1),
    "new york": (0,),
    "zürich hb": (2,),
    "": (4,),
    "st stephen's entrance": (),
    "a" * 300: (1, 2, 3, 4),
    "nul\0inside": (5,),
}
COUNTS = {"london": 2, "new": 3, "x": 0}


def _view(tables: dict, rows: list | None = None):
    buf = io.BytesIO()
    write_compact(buf, tables, {"note": "n"}, rows or [])
    return read_compact(buf.getvalue(), "test.cache")


@pytest.mark.parametrize(
    "table, key, expected",
    [
        ("names", "london", (3, 1)),
        ("names", "zürich hb", (2,)),
        ("names", "", (4,)),
        ("names", "st stephen's entrance", ()),  # a key with no places left is still a key
        ("names", "a" * 300, (1, 2, 3, 4)),
        ("names", "nul\0inside", (5,)),
        ("names", "nul", None),
        ("names", "London", None),  # keys are exact: normalising is the caller's
        ("names", "londo", None),
        ("names", "london ", None),
        ("counts", "new", 3),
        ("counts", "x", 0),  # a zero value is found, not taken for a miss
        ("counts", "york", None),
    ],
)
def test_a_key_finds_its_value_and_only_its_own(table: str, key: str, expected) -> None:
    t = _view({"names": NAMES, "counts": COUNTS}).table(table)
    assert t.get(key) == expected
    assert (key in t) is (expected is not None)
    assert t.get(key) == t.get(key)  # remembered, the same the second time


@pytest.mark.parametrize("key", [3, None, b"london", ("london",)])
def test_a_key_that_is_no_string_is_absent(key) -> None:
    t = _view({"names": NAMES}).table("names")
    assert key not in t and t.get(key, "none") == "none"
    with pytest.raises(KeyError):
        t[key]


def test_a_table_iterates_in_the_order_it_was_written() -> None:
    t = _view({"names": NAMES, "counts": COUNTS}).table("names")
    assert list(t) == list(NAMES)
    assert list(t.items()) == list(NAMES.items())
    assert len(t) == len(NAMES) and t == NAMES


def test_an_empty_table_reads_back_empty() -> None:
    t = _view({"names": {}}).table("names")
    assert len(t) == 0 and list(t) == [] and "x" not in t


def test_records_read_back_with_their_tuples() -> None:
    rows = [
        ("a", 0.1 + 0.2, None, True, ("A", "Ä"), ()),
        ("b", -1e-300, "x", False, ("B",), ("c",)),
    ]
    v = _view({"names": NAMES}, rows)
    assert [v.row(i) for i in range(2)] == rows
    assert repr(v.row(0)[1]) == repr(0.1 + 0.2)  # floats survive to the last bit


# One change to a mapping, as the overlay makes them: set a key, or delete one.
ops = st.lists(
    st.tuples(st.sampled_from(["set", "del", "copy"]), st.sampled_from([*NAMES, "paris", "rome"])),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(ops)
def test_changes_laid_over_a_table_behave_as_on_a_dict_copy(changes) -> None:
    base = _view({"names": NAMES}).table("names")
    laid, plain = base.copy(), dict(NAMES)
    for n, (op, key) in enumerate(changes):
        if op == "set":
            laid[key] = plain[key] = (n,)
        elif op == "del":
            assert (key in laid) is (key in plain)
            if key in plain:
                del laid[key], plain[key]
            else:
                with pytest.raises(KeyError):
                    del laid[key]
        else:
            laid = laid.copy()
    assert list(laid.items()) == list(plain.items())
    assert list(laid) == list(plain) and len(laid) == len(plain)
    assert all(laid.get(k) == plain.get(k) for k in [*NAMES, "paris", "rome"])
    assert list(base.items()) == list(NAMES.items())  # the file's table is untouched


@pytest.mark.parametrize(
    "left, right",
    [(COUNTS, {"new": 9, "y": 1}), (COUNTS, {}), ({}, {"y": 1})],
)
def test_a_union_with_a_table_is_the_dicts_union(left: dict, right: dict) -> None:
    t = _view({"c": left, "d": right})
    assert dict(t.table("c") | right) == left | right
    assert dict(left | t.table("d")) == left | right
    assert isinstance(t.table("c") | right, Layered)


def test_lazy_rows_decode_on_iteration_and_keep_their_loader_when_copied() -> None:
    rows = LazyRows([None, ("b",), None], lambda i: (f"row{i}",))
    copied = rows.copy()
    copied.append(("d",))
    assert list(rows) == [("row0",), ("b",), ("row2",)]
    assert list(copied) == [("row0",), ("b",), ("row2",), ("d",)]
    assert copied.row(-1) == ("d",)


RECORDS = [
    record("bp", "Buckingham Palace", "site", 51.5014, -0.1419, "GB", 0, curated=True),
    record("london", "London", "city", 51.5, -0.12, "GB", 8_000_000, "Londres"),
    record("zh", "Zürich", "city", 47.37, 8.54, "CH", 400_000, demonyms=("Zürcher",)),
    record("wembley", "Wembley", "district", 51.55, -0.30, "GB", 90_000),
    record(
        "ws", "Wembley Stadium", "site", 51.556, -0.2796, "GB", 0, curated=True, category="stadium"
    ),
    record("x", "St. Stephen’s Entrance", "site", 51.4994, -0.1249, "GB", 0)._replace(
        events=("State Opening",)
    ),
]


def test_every_field_of_the_index_reads_back_as_built(tmp_path: Path) -> None:
    built = build_index(RECORDS)
    built.problems = ["a.csv: row 2: bad"]
    write_cache(tmp_path / "index-t.cache", built)
    read = read_cache(tmp_path / "index-t.cache")
    assert read is not None
    assert list(read.records) == list(built.records)
    for name in ("names", "demonyms", "events", "by_id", "venues", "first_max"):
        assert list(getattr(read, name).items()) == list(getattr(built, name).items()), name
    assert (read.max_words, read.problems) == (built.max_words, built.problems)
    assert read.venues == {3: (4,)}


def _planted(path: Path, head: object, body: bytes = b"") -> None:
    """A file with a valid magic line and checksum around contents of our choosing."""
    raw = json.dumps(head).encode()
    rest = len(raw).to_bytes(8, "little") + raw + b"\0" * (-(len(MAGIC) + 40 + len(raw)) % 8) + body
    path.write_bytes(MAGIC + hashlib.sha256(rest).digest() + rest)


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "index-t.cache"
    write_cache(path, build_index(RECORDS))
    return path


def _head(path: Path) -> dict:
    data = path.read_bytes()
    size = int.from_bytes(data[len(MAGIC) + 32 : len(MAGIC) + 40], "little")
    return json.loads(data[len(MAGIC) + 40 : len(MAGIC) + 40 + size])


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:10]),
        lambda p: p.write_bytes(p.read_bytes()[: len(MAGIC) + 5]),
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
        lambda p: p.write_bytes(p.read_bytes()[:-1]),
        lambda p: p.write_bytes(bytes(range(256)) * 100),
        lambda p: p.write_bytes(MAGIC + b"\0" * 100),
        lambda p: _planted(p, ["not", "a", "header"]),
        lambda p: _planted(p, _head(p)),  # sections past the end of the file
        lambda p: _planted(p, _head(p) | {"byteorder": "middle"}),
        lambda p: _planted(p, _head(p) | {"rows": 10**12}),
    ],
    ids=[
        "empty", "10 bytes", "no checksum", "half", "one byte short", "garbage", "zeros",
        "another header", "sections past the end", "another byte order", "rows miscounted",
    ],
)  # fmt: skip
def test_a_damaged_or_planted_file_is_refused_with_one_warning(
    tmp_path: Path, damage, caplog
) -> None:
    path = _good(tmp_path)
    damage(path)
    with caplog.at_level(logging.WARNING, logger="geomap"):
        assert read_cache(path) is None
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(f"{path}: the index cache is damaged (") and message.endswith(
        "; rebuilt"
    )


def _replant(path: Path, section: str, fill: bytes) -> None:
    """Overwrite one section, then make the checksum valid again: a planted file."""
    data = bytearray(path.read_bytes())
    head = _head(path)
    at = len(MAGIC) + 40 + len(json.dumps(head).encode())
    at += -at % 8
    off, length, _ = head["sections"][section]
    data[at + off : at + off + length] = (fill * length)[:length]
    rest = bytes(data[len(MAGIC) + 32 :])
    path.write_bytes(MAGIC + hashlib.sha256(rest).digest() + rest)


@pytest.mark.parametrize(
    "section, fill",
    [
        ("names.koff", b"\xff"),
        ("names.voff", b"\xff"),
        ("names.vals", b"\x7f"),  # record positions past the last record
        ("names.slots", b"\x01"),  # every slot taken: a probe must still stop
        ("names.keys", b"\xc3"),  # not UTF-8
        ("by_id.vals", b"\x7f"),
        ("rows.off", b"\x10\x00"),
        ("rows.blob", b"{"),
        ("rows.blob", b"7"),
    ],
)
def test_planted_arrays_behind_a_valid_checksum_fail_as_one_error(
    tmp_path: Path, section: str, fill: bytes
) -> None:
    """Whatever a look-up reaches gives a value or a GazetteerError (one line), never a crash."""
    path = _good(tmp_path)
    _replant(path, section, fill)
    idx = read_cache(path, own_rows=True)
    if idx is None:  # refused on opening (with one warning) is as good
        return
    reads = [
        lambda: list(idx.names.items()),
        lambda: [idx.lookup(k) for k in ("london", "wembley", "zh", "nowhere")],
        lambda: [idx.get(i) for i in ("bp", "london", "x")],
        lambda: list(idx.records),
    ]
    for read in reads:
        try:
            read()
        except GazetteerError as exc:
            assert "the index cache is damaged" in str(exc)


def test_a_truncated_base_cache_is_rebuilt_on_the_next_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(index_module, "world_records", lambda: list(RECORDS))
    monkeypatch.setattr(index_module, "world_fingerprint", lambda: "test-world")
    monkeypatch.setattr(index_module, "bundled_dir", lambda: tmp_path / "none")
    monkeypatch.setattr(index_module, "_LOADED", {})
    first = index_module._base_index(True)
    [path] = (tmp_path / "cache").glob("index-*.cache")
    path.write_bytes(path.read_bytes()[:1000])
    monkeypatch.setattr(index_module, "_LOADED", {})
    with caplog.at_level(logging.WARNING, logger="geomap"):
        again = index_module._base_index(True)
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        f"{path}: the index cache is damaged"
    ]
    assert list(again.records) == list(first.records) and dict(again.names) == dict(first.names)
    monkeypatch.setattr(index_module, "_LOADED", {})
    assert read_cache(path) is not None  # and written back whole


@pytest.fixture(scope="module")
def cached_base(tmp_path_factory: pytest.TempPathFactory):
    from tests.test_overlay_cache import BASE

    path = tmp_path_factory.mktemp("base") / "index-t.cache"
    write_cache(path, build_index(BASE))
    return read_cache(path, own_rows=True)


def _fields(idx) -> tuple:
    return (
        list(idx.records),
        *(list(getattr(idx, k).items()) for k in ("names", "by_id", "events", "first_max")),
        idx.max_words,
    )


@settings(max_examples=100, deadline=None)
@given(users)
def test_an_overlay_on_the_mapped_index_is_the_overlay_on_dicts(cached_base, extra) -> None:
    """The user's records laid over the cache file's tables, or over a delta read back."""
    from geomap.gazetteer.index import Index, _Records, overlay_index
    from geomap.gazetteer.overlay import apply_delta, delta_fields
    from tests.test_overlay_cache import BASE

    on_dicts = overlay_index(build_index(BASE), extra)
    laid = overlay_index(cached_base, extra)
    assert _fields(laid) == _fields(on_dicts)
    fields = delta_fields(cached_base, laid, [r.id for r in extra])
    delta = Index(records=_Records(fields.pop("rows")), **fields)
    again = apply_delta(cached_base, delta)
    assert list(again.records) == list(on_dicts.records)
    for k in ("names", "by_id", "events", "first_max"):
        assert dict(getattr(again, k)) == dict(getattr(on_dicts, k)), k
    assert len(cached_base.records) == len(BASE)  # the base is left as it was


@pytest.mark.parametrize("pread", [True, False], ids=["pread", "through the mapping"])
def test_records_read_the_same_with_or_without_pread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pread: bool
) -> None:
    if not pread:
        monkeypatch.delattr(index_module.os, "pread", raising=False)
    path = _good(tmp_path)
    read = read_cache(path, own_rows=True)
    assert read is not None
    assert list(read.records) == list(build_index(RECORDS).records)


@pytest.mark.parametrize(
    "change",
    [
        {4: "51.5"},  # a latitude as text
        {8: 1.5},  # a population as a float
        {11: 1},  # curated as a number
        {12: ("London", 3)},  # a name that is no string
        {0: None},
    ],
)
def test_a_planted_record_of_the_wrong_shape_fails_as_one_error(tmp_path: Path, change) -> None:
    idx = build_index(RECORDS)
    row = list(idx.records.rows[1])
    for at, value in change.items():
        row[at] = value
    idx.records.rows[1] = tuple(row)
    write_cache(tmp_path / "index-t.cache", idx)  # a valid checksum around it
    read = read_cache(tmp_path / "index-t.cache", own_rows=True)
    assert read is not None
    assert read.records[0] == idx.records[0]
    with pytest.raises(GazetteerError, match="the index cache is damaged \\(record 1\\)"):
        read.records[1]


def _flip_in_place(p: Path) -> None:
    """One byte changed in place, the modification time put back: only ctime tells."""
    st = p.stat()
    with p.open("r+b") as fh:
        fh.seek(-7, 2)
        b = fh.read(1)
        fh.seek(-7, 2)
        fh.write(bytes([b[0] ^ 1]))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize(
    "damage, why",
    [
        (_flip_in_place, "checksum mismatch"),
        (lambda p: p.write_bytes(p.read_bytes()[:-1]), "checksum mismatch"),
        (lambda p: p.write_bytes(p.read_bytes() + b"\0"), "checksum mismatch"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(MAGIC) + 3]), "checksum mismatch"),
        (lambda p: p.write_bytes(b"x" * 100), "not a geomap index cache"),
    ],
    ids=["a byte in place", "one byte short", "one byte more", "truncated", "garbage"],
)
def test_a_sealed_file_is_hashed_again_once_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage, why: str, caplog
) -> None:
    from geomap.gazetteer import compact

    path = _good(tmp_path)
    assert read_cache(path, own_rows=True) is not None
    assert path.with_suffix(".seal").exists()
    hashed = []
    real = compact.hashlib.file_digest
    monkeypatch.setattr(compact.hashlib, "file_digest", lambda *a: hashed.append(1) or real(*a))
    assert read_cache(path, own_rows=True) is not None and hashed == []  # sealed: not hashed
    damage(path)
    with caplog.at_level(logging.WARNING, logger="geomap"):
        assert read_cache(path, own_rows=True) is None
    [message] = [r.getMessage() for r in caplog.records]
    assert message == f"{path}: the index cache is damaged ({why}); rebuilt"


def test_a_seal_made_with_another_key_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geomap.gazetteer import compact

    path = _good(tmp_path)
    assert read_cache(path, own_rows=True) is not None
    (tmp_path / ".seal-key").write_bytes(b"k" * 32)
    hashed = []
    real = compact.hashlib.file_digest
    monkeypatch.setattr(compact.hashlib, "file_digest", lambda *a: hashed.append(1) or real(*a))
    assert read_cache(path, own_rows=True) is not None and hashed == [1]
    assert read_cache(path, own_rows=True) is not None and hashed == [1]  # sealed anew


def test_a_new_cache_leaves_no_older_file_or_seal_behind(tmp_path: Path) -> None:
    old = _good(tmp_path)
    assert read_cache(old, own_rows=True) is not None
    new = tmp_path / "index-u.cache"
    write_cache(new, build_index(RECORDS))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".seal-key", new.name]
