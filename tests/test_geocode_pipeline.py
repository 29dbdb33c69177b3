"""--geocode end to end: a name the gazetteer lacks, found by pattern, placed by Nominatim.

The real geopy Nominatim class talks to a local server on 127.0.0.1 that answers from
recorded JSON in the service's format; nothing leaves the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.commands import main

try:
    from geocoder_server import GeocoderServer
except ImportError:  # tests/ became a package
    from tests.geocoder_server import GeocoderServer


def test_a_street_the_gazetteer_lacks_is_geocoded_once_and_mapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Soldiers were posted outside Horseferry Road on Monday.", encoding="utf-8")
    with GeocoderServer() as server:
        monkeypatch.setenv("GEOMAP_CONFIG", str(tmp_path / "none.toml"))
        (tmp_path / "none.toml").write_text(
            f'[geocoder]\ncache_dir = "{tmp_path / "cache"}"\nmin_delay_seconds = 0\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("GEOMAP_GEOCODER", "nominatim")
        monkeypatch.setenv("GEOMAP_GEOCODER_URL", server.url)
        monkeypatch.setenv("GEOMAP_USER_AGENT", "geomap-tests/1.0 (tests@example.org)")
        runner = CliRunner()
        for _ in range(2):  # the second run answers from the cache
            res = runner.invoke(main, ["extract", str(article), "--geocode", "--format", "geojson"])
            assert res.exit_code == 0, res.output
        assert server.count() == 1
    (feature,) = json.loads(res.stdout)["features"]
    props = feature["properties"]
    assert props["name"] == "Horseferry Road"
    assert props["id"] == "geocoded:nominatim:W4256412"
    assert props["roles"] == ["guard"]
    assert feature["geometry"]["coordinates"] == pytest.approx([-0.1297473, 51.4950861])
