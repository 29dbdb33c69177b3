"""A hostile or broken geocoding service cannot hang a run, flood memory or crash it.

Every request goes to ``GeocoderServer`` on 127.0.0.1 through the real geopy classes: a
server that drips its answer, sends too much, redirects elsewhere or answers something
that is not an answer of its service.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from geomap.cli.commands import main
from geomap.errors import GeocodeBadResponse, GeocodeError, GeocodeTimeout
from geomap.gazetteer.index import load_index
from geomap.geocode.geocoder import GeocoderConfig

try:
    from geocoder_server import AGENT, FIXTURES, GeocoderServer, make
except ImportError:  # tests/ became a package
    from tests.geocoder_server import AGENT, FIXTURES, GeocoderServer, make

WEMBLEY = json.loads((FIXTURES / "nominatim" / "wembley-stadium.json").read_text())


@pytest.fixture
def server():
    with GeocoderServer() as s:
        yield s


# -- deadlines -----------------------------------------------------------------------------


@pytest.mark.slow  # waits out real deadlines
def test_a_dripping_answer_ends_at_the_request_deadline(server, tmp_path):
    server.drip(0.1)  # the status line arrives, a byte every 0.1 s: no read ever times out
    geocoder = make(server.url, tmp_path, timeout=0.5, max_retries=1)
    start = time.monotonic()
    with pytest.raises(GeocodeTimeout, match=r"no answer within 0.5 s .* \(2 tries\)"):
        geocoder.geocode("Wembley Stadium")
    assert time.monotonic() - start < 3
    assert server.count() == 2


@pytest.mark.slow  # waits out real deadlines
@pytest.mark.parametrize(
    "timeout, retries, run_timeout, bound",
    [
        (0.5, 2, 1.2, 3.0),  # the budget ends the retries of the first name
        (5.0, 0, 0.6, 2.5),  # the budget cuts one request short
        (0.3, 5, 1.0, 3.0),
    ],
)
def test_a_dripping_service_releases_the_run(
    server, tmp_path, timeout, retries, run_timeout, bound
):
    server.drip(0.2)
    geocoder = make(
        server.url,
        tmp_path,
        timeout=timeout,
        max_retries=retries,
        run_timeout=run_timeout,
        cooldown_seconds=0,  # only the run's budget stops the asking
    )
    names = ["Wembley Stadium", "France", "Paris", "Stade de France", "Wembley"]
    start = time.monotonic()
    result = geocoder.geocode_many(names)
    assert time.monotonic() - start < bound
    assert result.places == dict.fromkeys(names)
    assert all(isinstance(e, GeocodeTimeout) for e in result.errors.values())
    assert "run_timeout" in str(result.errors["Wembley"])
    assert server.count() <= retries + 2


def test_the_budget_counts_only_waiting_for_the_service(server, tmp_path):
    geocoder = make(server.url, tmp_path, run_timeout=5)
    geocoder.geocode("France")
    time.sleep(0.3)  # the run's own work between two names costs nothing
    assert geocoder.geocode("Paris") is not None
    assert geocoder._spent < 2


@pytest.mark.parametrize(
    "toml, message",
    [
        ("run_timeout = 0", "run_timeout: Input should be greater than 0"),
        ("max_bytes = 10", "max_bytes: Input should be greater than or equal to 1000"),
        ("timeout = 301", "timeout: Input should be less than or equal to 300"),
        ("x = " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ],
)
def test_bad_limits_are_named(tmp_path, toml, message):
    from geomap.errors import GeocodeConfigError

    config = tmp_path / "config.toml"
    config.write_text(f"[geocoder]\n{toml}\n")
    with pytest.raises(GeocodeConfigError) as e:
        GeocoderConfig.from_env({}, path=config)
    assert str(e.value).endswith(message)
    assert str(e.value).startswith(str(config))


# -- size, redirects -----------------------------------------------------------------------


@pytest.mark.parametrize("length", [True, False])  # Content-Length, or read until close
def test_an_answer_over_max_bytes_is_refused_once(server, tmp_path, length):
    big = json.dumps([{**WEMBLEY[0], "extratags": {"note": "x" * 3_000_000}}]).encode()
    server.send(big, length=length)
    with pytest.raises(GeocodeBadResponse, match=r"over max_bytes=1,000,000"):
        make(server.url, tmp_path).geocode("Wembley Stadium")
    assert server.count() == 1  # the same answer again would not help: no retry


def test_an_answer_under_max_bytes_is_read(server, tmp_path):
    padded = json.dumps([{**WEMBLEY[0], "extratags": {"note": "x" * 500_000}}]).encode()
    server.send(padded)
    assert make(server.url, tmp_path).geocode("Wembley Stadium").name == "Wembley Stadium"


@pytest.mark.parametrize(
    "where",
    [
        "/search?q=Wembley+Stadium&format=json&addressdetails=1&limit=1",  # a relative path
        "{url}/search?q=Wembley+Stadium&format=json&addressdetails=1&limit=1",
    ],
)
def test_a_redirect_on_the_same_host_is_followed(server, tmp_path, where):
    server.redirect(where.format(url=server.url), times=1)
    assert make(server.url, tmp_path).geocode("Wembley Stadium").kind == "site"
    assert server.count() == 2


@pytest.mark.parametrize(
    "target",
    [
        "{other}/search",  # another port of the same machine
        "http://localhost:{port}/search",  # another name: another host
        "https://127.0.0.1:{port}/search",  # another scheme
        "http://10.0.0.1/search",
        "http://[::1]:{port}/search",
    ],
)
def test_a_redirect_elsewhere_is_refused(server, tmp_path, target):
    port = server.url.rsplit(":", 1)[1]
    with GeocoderServer() as other:
        server.redirect(target.format(other=other.url, port=port))
        with pytest.raises(GeocodeError, match="another host; only redirects on the endpoint"):
            make(server.url, tmp_path).geocode("Wembley Stadium")
        assert other.count() == 0
    assert server.count() == 1


# -- answers that are not answers ------------------------------------------------------------

BAD_ANSWERS = [
    ("nominatim", b"[1]", "[0]: Input should be a valid dictionary"),
    ("nominatim", b'["x"]', "[0]: Input should be a valid dictionary"),
    ("nominatim", b'{"lat": 1}', "answer: Input should be a valid list"),
    ("nominatim", json.dumps([{**WEMBLEY[0], "address": [1]}]).encode(), "[0].address"),
    ("nominatim", json.dumps([{**WEMBLEY[0], "lat": "north"}]).encode(), "[0].lat"),
    ("nominatim", json.dumps([{**WEMBLEY[0], "osm_id": [4]}]).encode(), "[0].osm_id"),
    ("nominatim", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    ("nominatim", b'[{"a": ' * 50_000 + b"1" + b"}]" * 50_000, "nested too deeply"),
    ("photon", b'{"features": ["x"]}', "features[0]: Input should be a valid dictionary"),
    ("photon", b'{"features": [{"geometry": {"coordinates": [1]}, "properties": {}}]}',
     "features[0].geometry.coordinates"),
    ("photon", b"[1]", "answer: Input should be a valid dictionary"),
    ("pelias", b'{"features": [{"geometry": {"coordinates": [0, 0]}, "properties": []}]}',
     "features[0].properties"),
    ("pelias", b'{"type": "FeatureCollection"}', "features: Field required"),
]  # fmt: skip


@pytest.mark.parametrize("service, body, problem", BAD_ANSWERS)
def test_an_answer_of_the_wrong_shape_is_one_error_and_a_cooldown(
    server, tmp_path, service, body, problem
):
    server.send(body)
    geocoder = make(server.url, tmp_path, service)
    result = geocoder.geocode_many(["Wembley Stadium", "Paris", "France"])
    assert result.places == {"Wembley Stadium": None, "Paris": None, "France": None}
    first = result.errors["Wembley Stadium"]
    assert isinstance(first, GeocodeBadResponse) and not first.repeat
    assert problem in str(first)
    assert "\n" not in str(first)
    assert [e.repeat for e in result.errors.values()] == [False, True, True]
    assert server.count() == 1  # no retry of the same answer, no request during the cooldown


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Wembley\x1b[2J\x1b]0;owned\x07 Stadium", "Wembley[2J]0;owned Stadium"),
        ("\u202eWembley Stadium\u2066", "Wembley Stadium"),
        ("Wembley\r\nerror: forged\tStadium", "Wembley error: forged Stadium"),
        ("Wembley\x85Stadium\x9b", "WembleyStadium"),  # C1 controls
        ("Stade de France", "Stade de France"),
        ("Zürich Hauptbahnhof", "Zürich Hauptbahnhof"),
    ],
)
def test_control_characters_are_stripped_from_answers(server, tmp_path, name, expected):
    server.send(json.dumps([{**WEMBLEY[0], "name": name}]).encode(), times=1)
    geocoder = make(server.url, tmp_path)
    assert geocoder.geocode("Wembley Stadium").name == expected
    assert make(server.url, tmp_path).geocode("Wembley Stadium").name == expected  # cached


@pytest.mark.parametrize(
    "osm_type, expected",
    [("way", "geocoded:nominatim:W4244999"), ("\x1b[31m", "geocoded:nominatim:-4244999"),
     (" node", "geocoded:nominatim:-4244999")],
)  # fmt: skip
def test_a_place_id_holds_no_control_character(server, tmp_path, osm_type, expected):
    server.send(json.dumps([{**WEMBLEY[0], "osm_type": osm_type}]).encode())
    assert make(server.url, tmp_path).geocode("Wembley Stadium").id == expected


# -- through the CLI -----------------------------------------------------------------------

ARTICLE = (
    "Troops guard Buckingham Palace in London. Soldiers were seen outside Qwertz Street and "
    "at Zyxbury Stadium.\n"
)
CLI_FAULTS = [
    ("wrong shape", lambda s: s.send(b'[1]')),
    ("drip", lambda s: s.drip(0.2)),
    ("too large", lambda s: s.send(b"[" + b" " * 2_000_000 + b"]", length=False)),
    ("redirect", lambda s: s.redirect("http://10.0.0.1/search")),
    ("not JSON", lambda s: s.send(b"<html>busy</html>")),
]  # fmt: skip


@pytest.mark.slow  # waits out real deadlines
@pytest.mark.parametrize("fault, setup", CLI_FAULTS, ids=[f for f, _ in CLI_FAULTS])
@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl"])
def test_a_broken_service_is_one_warning_and_the_gazetteer_results_stay(
    server, tmp_path, monkeypatch, fault, setup, fmt
):
    config = tmp_path / "config.toml"
    config.write_text(
        "[geocoder]\ntimeout = 0.5\nrun_timeout = 2\nmin_delay_seconds = 0\n"
        f"backoff_seconds = 0.01\ncache_dir = {json.dumps(str(tmp_path / 'cache'))}\n"
    )
    monkeypatch.setenv("GEOMAP_CONFIG", str(config))
    monkeypatch.setenv("GEOMAP_GEOCODER_URL", server.url)
    monkeypatch.setenv("GEOMAP_USER_AGENT", AGENT)
    monkeypatch.setenv("GEOMAP_CACHE", os.environ.get("GEOMAP_CACHE", str(tmp_path / "idx")))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    load_index(None)  # built once, outside the timing
    setup(server)
    start = time.monotonic()
    res = CliRunner().invoke(main, ["extract", str(article), "--geocode", "--format", fmt])
    assert time.monotonic() - start < 20
    assert res.exit_code == 0, res.stderr
    assert "Traceback" not in res.output
    [warning] = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert warning.startswith("warning: nominatim geocoding of "), warning
    assert "London" in res.stdout and "Buckingham Palace" in res.stdout


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(os.urandom(4096)),  # not a database
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),  # a broken one
    ],
)
def test_a_damaged_cache_is_one_error_then_quiet(server, tmp_path, damage):
    damage(tmp_path / "geocode.sqlite3")
    result = make(server.url, tmp_path).geocode_many(["Paris", "France", "Wembley"])
    assert result.places == {"Paris": None, "France": None, "Wembley": None}
    assert "geocoder cache" in str(result.errors["Paris"])
    assert [e.repeat for e in result.errors.values()] == [False, True, True]
    assert server.count() == 0


@pytest.mark.parametrize("stored", ["{", "[" * 100_000, "null"])
def test_a_damaged_answer_in_the_cache_is_asked_again(server, tmp_path, stored):
    import sqlite3

    make(server.url, tmp_path).geocode("France")
    with sqlite3.connect(tmp_path / "geocode.sqlite3") as con:
        con.execute("UPDATE answers SET answer = ?", (stored,))
    place = make(server.url, tmp_path).geocode("France")
    assert (place is None) == (stored == "null")  # null is a stored "not found"
    assert server.count() == (1 if stored == "null" else 2)


def test_a_cache_that_cannot_be_written_is_one_error_and_a_cooldown(server, tmp_path, monkeypatch):
    import sqlite3

    import geomap.geocode.geocoder as geocoder_module

    make(server.url, tmp_path).geocode("France")  # the file exists, with its tables
    path = tmp_path / "geocode.sqlite3"
    monkeypatch.setattr(  # as on a full disk or a read-only mount: reads work, writes fail
        geocoder_module._Store,
        "_connect",
        lambda self: sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None),
    )
    result = make(server.url, tmp_path).geocode_many(["France", "Paris", "Wembley"])
    assert result.places["France"].kind == "country"  # the cache still answers
    assert result.places["Paris"] is None and result.places["Wembley"] is None
    assert "cannot use the geocoder cache" in str(result.errors["Paris"])
    assert "readonly database" in str(result.errors["Paris"])
    assert result.errors["Wembley"].repeat
