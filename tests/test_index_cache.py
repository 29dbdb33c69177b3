"""The index cache is data: a planted or damaged file runs nothing and is rebuilt."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from geomap.gazetteer.index import build_index, read_cache, write_cache
from tests.records import record

RECORDS = [
    record("bp", "Buckingham Palace", "site", 51.5014, -0.1419, "GB", 0, curated=True),
    record("london", "London", "city", 51.5, -0.12, "GB", 8_000_000),
]


class _Planted:
    """Unpickling this would create a file: what a hostile cache would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _warned(caplog: pytest.LogCaptureFixture, path: Path, what: str) -> bool:
    """The cache is refused, with one warning that names the file and says why."""
    with caplog.at_level(logging.WARNING, logger="geomap"):
        refused = read_cache(path) is None
    [message] = [r.getMessage() for r in caplog.records]
    return refused and message.startswith(f"{path}: ") and what in message


def _cached(tmp_path: Path) -> Path:
    path = tmp_path / "index-test.cache"
    write_cache(path, build_index(RECORDS))
    return path


def test_a_written_cache_reads_back_the_same_index(tmp_path: Path) -> None:
    path = _cached(tmp_path)
    idx = read_cache(path)
    assert idx is not None
    assert idx.get("bp") == build_index(RECORDS).get("bp")
    assert idx.names == build_index(RECORDS).names
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("with_header", [False, True])
def test_a_planted_pickle_runs_nothing(tmp_path: Path, with_header: bool, caplog) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps({"rows": [_Planted(marker)]})
    path = tmp_path / "index-test.cache"
    if with_header:
        # Even behind a valid header and checksum, a class or function is refused.
        import hashlib

        from geomap.gazetteer.index import _MAGIC

        payload = _MAGIC + hashlib.sha256(payload).digest() + payload
    path.write_bytes(payload)
    assert _warned(caplog, path, "index cache is damaged")
    assert not marker.exists()


@pytest.mark.parametrize("offset", [-1, -20, 60])
def test_one_changed_byte_is_caught(tmp_path: Path, offset: int, caplog) -> None:
    path = _cached(tmp_path)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    assert _warned(caplog, path, "checksum mismatch")


def test_another_valid_value_is_refused(tmp_path: Path, caplog) -> None:
    import hashlib

    from geomap.gazetteer.index import _MAGIC

    payload = pickle.dumps([1, 2, 3])
    path = tmp_path / "index-test.cache"
    path.write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)
    assert _warned(caplog, path, "unexpected contents")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_at_the_cache_path_is_neither_read_nor_replaced(tmp_path: Path, caplog) -> None:
    path = tmp_path / "index-test.cache"
    os.mkfifo(path)
    # Returns at once: opening a FIFO would hang.
    assert _warned(caplog, path, "not a regular file")
    write_cache(path, build_index(RECORDS))
    assert path.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_unwritable_folder_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("geomap.gazetteer.index.os.replace", full)
    write_cache(tmp_path / "index-test.cache", build_index(RECORDS))
    assert list(tmp_path.iterdir()) == []
