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
