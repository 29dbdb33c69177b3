"""Tests of geomap.geocode.services: one class per service, one status→error table."""

from __future__ import annotations

import pytest

from geomap.errors import GeocodeBadResponse, GeocodeError, GeocodeRateLimited, GeocodeUnavailable
from geomap.geocode.config import GeocoderConfig
from geomap.geocode.services import (
    NominatimService,
    PeliasService,
    PhotonService,
    service_for,
    status_error,
)


@pytest.mark.parametrize(
    "status, error",
    [
        (400, GeocodeError),
        (403, GeocodeError),
        (404, GeocodeError),
        (429, GeocodeRateLimited),
        (500, GeocodeUnavailable),
        (503, GeocodeUnavailable),
        (599, GeocodeUnavailable),
    ],
)
def test_status_error(status: int, error: type[GeocodeError]) -> None:
    assert status_error(status) is error


@pytest.mark.parametrize(
    "service, endpoint, cls, api",
    [
        ("nominatim", None, NominatimService, "https://nominatim.openstreetmap.org/search"),
        ("photon", None, PhotonService, "https://photon.komoot.io/api"),
        ("photon", "http://127.0.0.1:2322", PhotonService, "http://127.0.0.1:2322/api"),
        ("pelias", "http://10.0.0.5:4000", PeliasService, "http://10.0.0.5:4000/v1/search"),
    ],
)
def test_service_for(service: str, endpoint: str | None, cls: type, api: str) -> None:
    s = service_for(GeocoderConfig(service=service, endpoint=endpoint))  # type: ignore[arg-type]
    assert (type(s), s.api) == (cls, api)


PHOTON = {
    "geometry": {"coordinates": [-0.13, 51.5]},
    "properties": {
        "osm_type": "W",
        "osm_id": 1,
        "osm_key": "leisure",
        "osm_value": "stadium",
        "name": "Wembley Stadium",
        "countrycode": "gb",
    },
}


@pytest.mark.parametrize(
    "raw, expected",
    [
        (PHOTON, ("geocoded:photon:W1", "site", "GB", "photon (OpenStreetMap contributors, ODbL)")),
        ({"geometry": {}}, None),  # not a GeoJSON feature: a bad response
    ],
)
def test_photon_answers(raw: dict, expected: tuple | None) -> None:
    s = PhotonService(GeocoderConfig(service="photon"))
    if expected is None:
        with pytest.raises(GeocodeBadResponse, match="photon answered 'Wembley'"):
            s.place(raw, "Wembley")
        return
    p = s.place(raw, "Wembley")
    assert (p.id, p.kind, p.country, p.source) == expected
