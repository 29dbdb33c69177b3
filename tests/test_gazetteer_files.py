"""Gazetteer files keep the permissions a person expects when they are rewritten."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from geomap.gazetteer.edit import write_entries
from geomap.gazetteer.record import GazetteerEntry

ENTRY = GazetteerEntry(id="x", name="X", kind="site", lat=1, lon=2)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask, existing, expected", [
    (0o022, None, 0o644),  # a new file: the folder's usual mode
    (0o002, None, 0o664),
    (0o022, 0o640, 0o640),  # a rewritten file keeps its own
    (0o077, 0o664, 0o664),
])  # fmt: skip
def test_written_files_keep_the_usual_mode(
    tmp_path: Path, umask: int, existing: int | None, expected: int
) -> None:
    path = tmp_path / "user.geojson"
    if existing is not None:
        path.write_text("{}")
        path.chmod(existing)
    old = os.umask(umask)
    try:
        write_entries(path, [ENTRY])
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == expected


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [ENTRY],
        [ENTRY, GazetteerEntry(id="z", name="Zürich HB", kind="site", lat=47.378, lon=8.54,
                               aliases=["Zurich main station"], note='a "quoted"\nnote')],
    ],
    ids=["none", "one", "two"],
)  # fmt: skip
def test_a_written_file_has_one_feature_a_line_and_reads_back(
    tmp_path: Path, entries: list[GazetteerEntry]
) -> None:
    from geomap.gazetteer.entries import read_entries

    path = write_entries(tmp_path / "user.geojson", entries)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == (1 if not entries else len(entries) + 2)
    assert read_entries(path) == entries
    assert "Zürich" in path.read_text(encoding="utf-8") or len(entries) < 2
