"""Tests of geomap.geocode.geocoder: the real geopy classes against a local fake service.

Nothing here touches the network: every request goes to ``GeocoderServer`` on 127.0.0.1
(or to a closed local port), and every cache lives in ``tmp_path``.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

import geomap.geocode.geocoder as geocode_module
from geomap.errors import (
    GeocodeError,
    GeocodeRateLimited,
    GeocodeTimeout,
    GeocodeUnavailable,
    GeomapError,
)
from geomap.geocode.geocoder import (
    GeocodeBadResponse,
    GeocodeConfigError,
    Geocoder,
    GeocoderConfig,
    osm_kind,
)

try:
    from geocoder_server import AGENT, GeocoderServer, closed_url, make
except ImportError:  # tests/ became a package
    from tests.geocoder_server import AGENT, GeocoderServer, closed_url, make

PATHS = {"nominatim": "/search", "photon": "/api", "pelias": "/v1/search"}


@pytest.fixture
def server():
    with GeocoderServer() as s:
        yield s


# -- happy path, per service ---------------------------------------------------------------


@pytest.mark.parametrize(
    "service, name, expected",
    [
        ("nominatim", "Wembley Stadium",
         ("geocoded:nominatim:W4244999", "Wembley Stadium", "site", "stadium", "GB",
          51.556, -0.2796, "nominatim (OpenStreetMap contributors, ODbL)")),
        ("nominatim", "Stade de France",
         ("geocoded:nominatim:W26385011", "Stade de France", "site", "stadium", "FR",
          48.9245, 2.3601, "nominatim (OpenStreetMap contributors, ODbL)")),
        ("photon", "Wembley Stadium",
         ("geocoded:photon:W4244999", "Wembley Stadium", "site", "stadium", "GB",
          51.556, -0.2796, "photon (OpenStreetMap contributors, ODbL)")),
        ("photon", "Stade de France",
         ("geocoded:photon:W26385011", "Stade de France", "site", "stadium", "FR",
          48.9245, 2.3601, "photon (OpenStreetMap contributors, ODbL)")),
        ("pelias", "Wembley Stadium",
         ("geocoded:pelias:openstreetmap:venue:way-4244999", "Wembley Stadium", "site",
          "entertainment", "GB", 51.556, -0.2796, "pelias (openstreetmap)")),
        ("pelias", "Stade de France",
         ("geocoded:pelias:openstreetmap:venue:way-26385011", "Stade de France", "site",
          "entertainment", "FR", 48.9245, 2.3601, "pelias (openstreetmap)")),
    ],
)  # fmt: skip
def test_geocode_finds_place(server, tmp_path, service, name, expected):
    place = make(server.url, tmp_path, service).geocode(name)
    assert place is not None
    got = (place.id, place.name, place.kind, place.category, place.country)
    assert got == expected[:5]
    assert (place.lat, place.lon) == pytest.approx(expected[5:7], abs=1e-3)
    assert place.source == expected[7]
    assert server.count(PATHS[service]) == 1


@pytest.mark.parametrize("service", ["nominatim", "photon", "pelias"])
def test_geocode_unknown_name_is_none(server, tmp_path, service):
    assert make(server.url, tmp_path, service).geocode("Nonexistent Place") is None
    assert server.count() == 1


def test_nominatim_request_is_what_geopy_sends(server, tmp_path):
    make(server.url, tmp_path).geocode("Wembley  Stadium ", country_hint="GB")
    (request,) = server.requests
    assert request.path == "/search"
    assert request.params == {
        "q": "Wembley Stadium",
        "format": "json",
        "limit": "1",
        "countrycodes": "gb",
        "addressdetails": "1",
        "accept-language": "en",
    }
    assert request.headers["User-Agent"] == AGENT


@pytest.mark.parametrize(
    "name, kind, category",
    [
        ("Wembley Stadium", "site", "stadium"),  # leisure=stadium
        ("Wembley", "district", "suburb"),  # place=suburb
        ("Saint-Denis", "city", "town"),  # boundary=administrative, addresstype town
        ("Île-de-France", "region", "state"),
        ("France", "country", "country"),
        ("River Thames", "water", "river"),  # waterway=river
    ],
)
def test_nominatim_kind_mapping(server, tmp_path, name, kind, category):
    place = make(server.url, tmp_path).geocode(name)
    assert (place.kind, place.category) == (kind, category)


@pytest.mark.parametrize(
    "args, expected",
    [
        (("leisure", "stadium"), "site"),
        (("amenity", "townhall", "amenity", 30), "site"),
        (("place", "neighbourhood"), "district"),
        (("place", "village"), "city"),
        (("boundary", "administrative", "county", 12), "region"),
        (("place", "continent", None, 2), "continent"),
        (("natural", "bay"), "water"),
        (("place", "sea"), "water"),
        (("boundary", "administrative", None, 4), "country"),
        (("boundary", "administrative", None, 20), "district"),
        (("unknown", "unknown"), "site"),
    ],
)
def test_osm_kind(args, expected):
    assert osm_kind(*args) == expected


@pytest.mark.parametrize("service", ["nominatim", "photon"])
@pytest.mark.parametrize("hint, country", [(None, "FR"), ("us", "US"), ("FR", "FR")])
def test_country_hint_picks_the_country(server, tmp_path, service, hint, country):
    place = make(server.url, tmp_path, service).geocode("Paris", country_hint=hint)
    assert (place.name, place.country) == ("Paris", country)


def test_country_hint_without_match_is_none(server, tmp_path):
    assert make(server.url, tmp_path, "photon").geocode("Paris", country_hint="de") is None
    assert server.requests[0].params["limit"] == "10"  # Photon filters here, from 10 answers


def test_config_country_codes_restrict_answers(server, tmp_path):
    geocoder = make(server.url, tmp_path, country_codes="us,ca")
    assert geocoder.geocode("Paris").country == "US"
    assert server.requests[0].params["countrycodes"] == "us,ca"


def test_bad_country_hint_is_refused(server, tmp_path):
    with pytest.raises(ValueError, match="country_hint: 'France' is not an alpha-2 code"):
        make(server.url, tmp_path).geocode("Paris", country_hint="France")


# -- cache ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Wembley Stadium", "Nonexistent Place"])
def test_cache_answers_second_call_and_new_instance(server, tmp_path, name):
    first = make(server.url, tmp_path).geocode(name)
    again = make(server.url, tmp_path).geocode(name.upper())  # new instance, other case
    assert again == first
    assert server.count() == 1


def test_cache_is_keyed_by_hint_and_endpoint(server, tmp_path):
    make(server.url, tmp_path).geocode("Paris")
    make(server.url, tmp_path).geocode("Paris", country_hint="us")
    make(server.url, tmp_path, "photon").geocode("Paris")
    assert server.count() == 3


def test_cache_is_read_by_a_new_process(server, tmp_path):
    make(server.url, tmp_path).geocode("Stade de France")
    code = (
        "from geomap.geocode.geocoder import Geocoder, GeocoderConfig\n"
        f"c = GeocoderConfig(enabled=True, endpoint={server.url!r}, user_agent={AGENT!r},"
        f" cache_dir={str(tmp_path)!r})\n"
        "print(Geocoder(c).geocode('Stade de France').id)\n"
    )
    root = str(Path(geocode_module.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "geocoded:nominatim:W26385011"
    assert server.count() == 1


def test_failures_are_not_cached_and_cached_answers_survive(server, tmp_path):
    geocoder = make(server.url, tmp_path, max_retries=0, cooldown_seconds=0)
    assert geocoder.geocode("Wembley Stadium") is not None
    server.fail(500)
    assert geocoder.geocode("Wembley Stadium") is not None  # from the cache
    with pytest.raises(GeocodeUnavailable):
        geocoder.geocode("Stade de France")
    server.behave()
    assert geocoder.geocode("Stade de France").name == "Stade de France"
    assert server.count() == 3


def test_disabled_geocoder_asks_nothing_and_writes_nothing(server, tmp_path):
    geocoder = make(server.url, tmp_path / "cache", enabled=False)
    assert geocoder.geocode("Wembley Stadium") is None
    assert server.count() == 0
    assert not (tmp_path / "cache").exists()


# -- rate limit ----------------------------------------------------------------------------


def gaps(server) -> list[float]:
    times = [r.at for r in server.requests]
    return [b - a for a, b in itertools.pairwise(times)]


def test_requests_are_min_delay_apart(server, tmp_path):
    geocoder = make(server.url, tmp_path, min_delay_seconds=0.2)
    for name in ("Wembley Stadium", "Stade de France", "Wembley Stadium", "France"):
        geocoder.geocode(name)
    assert server.count() == 3  # the repeated name came from the cache
    assert min(gaps(server)) >= 0.2


def test_min_delay_holds_across_instances_sharing_a_cache(server, tmp_path):
    one = make(server.url, tmp_path, min_delay_seconds=0.2)
    two = make(server.url, tmp_path, min_delay_seconds=0.2)
    one.geocode("Wembley Stadium")
    two.geocode("Stade de France")
    assert min(gaps(server)) >= 0.2


def test_retry_after_is_honoured(server, tmp_path):
    server.fail(429, times=1, retry_after="1")
    assert make(server.url, tmp_path).geocode("France").kind == "country"
    assert server.count() == 2
    assert gaps(server)[0] >= 1.0


# -- faults --------------------------------------------------------------------------------


def test_timeout_is_retried_then_raised(server, tmp_path):
    server.delay(1.0)
    geocoder = make(server.url, tmp_path, timeout=0.2, max_retries=1)
    with pytest.raises(GeocodeTimeout) as e:
        geocoder.geocode("Wembley Stadium")
    assert str(e.value) == (
        f"nominatim geocoding of 'Wembley Stadium' failed: no answer within 0.2 s from "
        f"{server.url}/search (2 tries); raise timeout or check that the server is up"
    )
    assert server.count() == 2
    assert isinstance(e.value, TimeoutError)


@pytest.mark.parametrize(
    "status, error, tries, message",
    [
        (500, GeocodeUnavailable, 3, ("HTTP 500 server error from {url}/search (3 tries); "
         "try again later or set endpoint (GEOMAP_GEOCODER_URL) to another server")),
        (503, GeocodeUnavailable, 3, ("HTTP 503 server error from {url}/search (3 tries); "
         "try again later or set endpoint (GEOMAP_GEOCODER_URL) to another server")),
        (429, GeocodeRateLimited, 3, ("HTTP 429 too many requests from {url}/search (3 tries); "
         "try again later or raise min_delay_seconds (now 0 s)")),
        (403, GeocodeError, 1, ("HTTP 403 from {url}/search (1 try); "
         "set user_agent (GEOMAP_USER_AGENT) to one naming your application")),
        (400, GeocodeError, 1, ("HTTP 400 from {url}/search (1 try); "
         "check the endpoint (GEOMAP_GEOCODER_URL)")),
    ],
)  # fmt: skip
def test_http_errors(server, tmp_path, status, error, tries, message):
    server.fail(status)
    with pytest.raises(error) as e:
        make(server.url, tmp_path).geocode("Wembley Stadium")
    expected = "nominatim geocoding of 'Wembley Stadium' failed: " + message
    assert str(e.value) == expected.format(url=server.url)
    assert type(e.value) is error
    assert server.count() == tries


def test_long_retry_after_fails_at_once(server, tmp_path):
    server.fail(429, retry_after="120")
    with pytest.raises(GeocodeRateLimited, match=r"asked to wait 120 s \(more than max_retry_af"):
        make(server.url, tmp_path, max_retry_after=5).geocode("Wembley Stadium")
    assert server.count() == 1


@pytest.mark.parametrize("service", ["nominatim", "photon", "pelias"])
def test_malformed_json(server, tmp_path, service):
    server.malformed()
    with pytest.raises(GeocodeBadResponse) as e:
        make(server.url, tmp_path, service).geocode("Wembley Stadium")
    assert str(e.value).endswith(f"(3 tries); check that the endpoint runs {service}")
    assert server.count() == 3


def test_transient_fault_recovers(server, tmp_path):
    server.fail(502, times=1)
    server.malformed(times=1)
    assert make(server.url, tmp_path).geocode("Wembley Stadium").kind == "site"
    assert server.count() == 3


def test_connection_refused(tmp_path):
    url = closed_url()
    with pytest.raises(GeocodeUnavailable) as e:
        make(url, tmp_path, max_retries=1).geocode("Wembley Stadium")
    assert str(e.value).startswith(
        f"nominatim geocoding of 'Wembley Stadium' failed: cannot connect to {url}/search "
        "(2 tries): "
    )
    assert str(e.value).endswith("; check endpoint (GEOMAP_GEOCODER_URL) and the network")
    assert "\n" not in str(e.value)
    assert isinstance(e.value, ConnectionError) and isinstance(e.value, GeomapError)


def test_down_service_is_not_asked_again_during_cooldown(server, tmp_path):
    geocoder = make(server.url, tmp_path, max_retries=0)
    geocoder.geocode("France")
    server.fail(503, times=1)
    with pytest.raises(GeocodeUnavailable):
        geocoder.geocode("Wembley")
    with pytest.raises(GeocodeUnavailable, match=r"^'Paris' not asked for another \d+ s after: "):
        geocoder.geocode("Paris")
    assert geocoder.geocode("France").kind == "country"  # the cache still answers
    assert server.count() == 2
    assert make(server.url, tmp_path).geocode("Paris") is not None  # a new run asks again


# -- geocode_many --------------------------------------------------------------------------


def test_geocode_many_completes_when_the_service_goes_down(server, tmp_path):
    geocoder = make(server.url, tmp_path, max_retries=1)
    geocoder.geocode("Wembley Stadium")
    server.fail(500)
    names = ["Wembley Stadium", "Stade de France", "France", "Stade de France", " "]
    result = geocoder.geocode_many(names)
    assert result.places["Wembley Stadium"].kind == "site"  # cached before the outage
    assert result.places["Stade de France"] is None and result.places["France"] is None
    assert result.places[" "] is None
    assert set(result.errors) == {"Stade de France", "France"}
    assert isinstance(result.errors["France"], GeocodeUnavailable)
    assert str(result.errors["France"]).startswith(
        "'France' not asked for another 60 s after: nominatim geocoding of 'Stade de France' "
        "failed: HTTP 500"
    )
    assert server.count() == 1 + 2  # France was not asked once the service was down


def test_geocode_many_goes_on_after_a_bad_answer(server, tmp_path):
    server.malformed(times=3)
    geocoder = make(server.url, tmp_path, cooldown_seconds=0)  # a bad answer starts a cooldown
    result = geocoder.geocode_many(["Wembley", "France", "Nonexistent Place"])
    assert isinstance(result.errors["Wembley"], GeocodeBadResponse)
    assert result.places["France"].kind == "country"
    assert result.places["Nonexistent Place"] is None
    assert list(result.errors) == ["Wembley"]


def test_geocode_many_with_refused_connection(tmp_path):
    result = make(closed_url(), tmp_path, max_retries=0).geocode_many(["Paris", "Lyon"])
    assert result.places == {"Paris": None, "Lyon": None}
    assert [type(e) for e in result.errors.values()] == [GeocodeUnavailable] * 2


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"user_agent": "my-application"}, "'my-application' is a geopy sample"),
        ({"user_agent": "geopy/2.5.0"}, "'geopy/2.5.0' is a geopy sample"),
        ({"enabled": True}, "user_agent is required for Nominatim"),
        ({"enabled": True, "service": "pelias"}, "pelias has no public keyless server"),
        ({"enabled": True, "user_agent": AGENT, "min_delay_seconds": 0.5},
         "min_delay_seconds must be >= 1.0 for the public Nominatim"),
        ({"endpoint": "ftp://example.org"}, "endpoint: 'ftp://example.org' is not an http"),
        ({"endpoint": "http://h", "scheme": "https"}, "URL scheme 'http' contradicts"),
        ({"country_codes": ["GBR"]}, "not ISO 3166-1 alpha-2 codes"),
        ({"servce": "photon"}, "Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_config_refuses(settings, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        GeocoderConfig(**settings)


def test_config_endpoint_url_sets_scheme():
    config = GeocoderConfig(endpoint="http://localhost:8080/nominatim/", country_codes="GB, fr")
    assert (config.scheme, config.endpoint, config.country_codes) == (
        "http",
        "localhost:8080/nominatim",
        ["gb", "fr"],
    )
    assert Geocoder(config).api == "http://localhost:8080/nominatim/search"
    assert Geocoder(GeocoderConfig(service="photon")).api == "https://photon.komoot.io/api"


def test_from_env_reads_file_then_environment(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[geocoder]\nenabled = true\nservice = "photon"\ntimeout = 3.5\n'
        f'cache_dir = "{tmp_path.as_posix()}"\nuser_agent = "from-file/1.0"\n'
    )
    env = {"GEOMAP_GEOCODER": "nominatim", "GEOMAP_USER_AGENT": AGENT,
           "GEOMAP_GEOCODER_URL": "http://127.0.0.1:9"}  # fmt: skip
    config = GeocoderConfig.from_env(env, path=path)
    assert (config.service, config.user_agent, config.timeout) == ("nominatim", AGENT, 3.5)
    assert (config.scheme, config.domain, config.cache_dir) == ("http", "127.0.0.1:9", tmp_path)
    assert GeocoderConfig.from_env({"GEOMAP_GEOCODER": "off"}, path=path).enabled is False
    assert GeocoderConfig.from_env({"GEOMAP_CONFIG": str(path)}).service == "photon"
    off = {"GEOMAP_GEOCODER": "off", "GEOMAP_CONFIG": str(path)}
    assert GeocoderConfig.from_env(off, enabled=True).enabled is True  # e.g. --geocode


@pytest.mark.parametrize(
    "toml, env, message",
    [
        ("[geocoder]\ntimout = 3\n", {}, "{path}: [geocoder] timout: Extra inputs are not permitted"),
        ("[geocoder]\ntimeout = -1\n", {},
         "{path}: [geocoder] timeout: Input should be greater than 0"),
        ("[geocoder\n", {}, "{path}: Expected ']' at the end of a table declaration (at line 1, column 10)"),
        ("", {"GEOMAP_GEOCODER": "nominatim"},
         ("user_agent is required for Nominatim (its usage policy): set "
         "user_agent (GEOMAP_USER_AGENT) to one naming your application and a contact, e.g. "
         "'newsdesk-maps/1.0 (maps@example.org)'")),
        ("", {"GEOMAP_USER_AGENT": "my-application"},
         ("GEOMAP_USER_AGENT: 'my-application' is a geopy sample; set user_agent "
         "(GEOMAP_USER_AGENT) to one naming your application and a contact, e.g. "
         "'newsdesk-maps/1.0 (maps@example.org)'")),
    ],
)  # fmt: skip
def test_from_env_errors_name_the_setting(tmp_path, toml, env, message):
    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(GeocodeConfigError) as e:
        GeocoderConfig.from_env(env, path=path)
    assert str(e.value) == message.format(path=path)
