"""The shapes of the answers Nominatim, Photon and Pelias send, checked before geopy reads them.

geopy trusts an answer: ``[1]`` or ``{"features": ["x"]}`` make it raise ``AttributeError``
or ``TypeError`` deep inside. Each service's answer is checked here against the fields
geomap and geopy read; fields they do not read may be anything (the services add fields
over time), and a field they read of the wrong type makes the whole answer a bad one.

Examples
--------
>>> answer_problem("nominatim", [{"lat": "51.5", "lon": "-0.1", "osm_type": "way",
...                               "osm_id": 1, "address": {"country_code": "gb"}}]) is None
True
>>> answer_problem("nominatim", [1])
'[0]: Input should be a valid dictionary or instance of NominatimPlace'
>>> answer_problem("photon", {"features": [{"geometry": {"coordinates": [0]}}]})
'features[0].geometry.coordinates: List should have at least 2 items after validation, not 1'
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

__all__ = ["answer_problem"]

Text = str | None


class _Loose(BaseModel):
    # Unread fields may hold anything; read ones are checked, with no coercion from lists.
    model_config = ConfigDict(extra="allow", strict=False)


class NominatimPlace(_Loose):
    """One result of Nominatim's ``/search`` (format json or jsonv2)."""

    lat: float  # sent as a string; one that is not a number is a bad answer
    lon: float
    osm_type: str
    osm_id: int
    name: Text = None
    display_name: Text = None
    category: Text = None
    type: Text = None
    addresstype: Text = None
    place_rank: int | None = None
    address: dict[str, str] | None = None


class _Geometry(_Loose):
    coordinates: list[float] = Field(min_length=2)


class PhotonProperties(_Loose):
    """The properties geomap reads of a Photon feature."""

    osm_type: str
    osm_id: int
    name: Text = None
    label: Text = None
    osm_key: Text = None
    osm_value: Text = None
    type: Text = None
    countrycode: Text = None


class PeliasProperties(_Loose):
    """The properties geomap reads of a Pelias feature."""

    gid: str
    name: Text = None
    label: Text = None
    layer: Text = None
    source: Text = None
    country_code: Text = None
    country_a: Text = None
    category: list[str] | None = None


class PhotonFeature(_Loose):
    geometry: _Geometry
    properties: PhotonProperties


class PeliasFeature(_Loose):
    geometry: _Geometry
    properties: PeliasProperties


class PhotonAnswer(_Loose):
    features: list[PhotonFeature]


class PeliasAnswer(_Loose):
    features: list[PeliasFeature]


_ANSWERS: dict[str, TypeAdapter[Any]] = {
    "nominatim": TypeAdapter(list[NominatimPlace]),
    "photon": TypeAdapter(PhotonAnswer),
    "pelias": TypeAdapter(PeliasAnswer),
}


def answer_problem(service: str, answer: Any) -> str | None:
    """The first way ``answer`` is not what ``service`` sends (``where: what``), else None."""
    try:
        _ANSWERS[service].validate_python(answer)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        return f"{where.lstrip('.') or 'answer'}: {err['msg']}"
    except RecursionError:
        return "answer: nested too deeply"
    return None
