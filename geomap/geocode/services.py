"""One small class per online geocoding service, over one base class, as geopy has them.

A service knows its geopy class, the path queries go to, how to ask (Photon cannot
filter by country, so it is asked for more and one is picked), how to read an answer
into a :class:`~geomap.models.Place`, and which of our errors an HTTP status means
(:data:`STATUS_ERRORS`, as geopy's ``ERROR_CODE_MAP``).

Examples
--------
>>> from geomap.geocode.config import GeocoderConfig
>>> s = service_for(GeocoderConfig(service="photon", endpoint="http://127.0.0.1:2322"))
>>> type(s).__name__, s.api
('PhotonService', 'http://127.0.0.1:2322/api')
>>> status_error(503).__name__, status_error(418).__name__  # any 5xx: the server is down
('GeocodeUnavailable', 'GeocodeError')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, ClassVar, cast
from urllib.parse import urlsplit
from urllib.request import proxy_bypass

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError
from geopy.geocoders import Nominatim, Pelias, Photon

from geomap.errors import (
    GeocodeBadResponse,
    GeocodeError,
    GeocodeRateLimited,
    GeocodeTimeout,
    GeocodeUnavailable,
)
from geomap.geocode.config import GeocoderConfig
from geomap.geocode.transport import (
    AnswerRefused,
    BadAnswer,
    Guard,
    GuardedAdapter,
    RedirectRefused,
)
from geomap.models import Kind, Place

__all__ = [
    "STATUS_ERRORS",
    "NominatimService",
    "PeliasService",
    "PhotonService",
    "Service",
    "clean",
    "osm_kind",
    "service_for",
    "status_error",
]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_ODBL = "OpenStreetMap contributors, ODbL"
# HTTP status -> our exception; any other 5xx is GeocodeUnavailable, any other 4xx a
# GeocodeError (408, a timeout, is told by the exception geopy raises, not the status).
STATUS_ERRORS: dict[int, type[GeocodeError]] = {
    403: GeocodeError,
    429: GeocodeRateLimited,
    500: GeocodeUnavailable,
    502: GeocodeUnavailable,
    503: GeocodeUnavailable,
    504: GeocodeUnavailable,
}
# What to do about a status that fails at once.
_STATUS_FIX = {403: "set user_agent (GEOMAP_USER_AGENT) to one naming your application"}


def status_error(status: int) -> type[GeocodeError]:
    """Our exception class for an HTTP error status of a service."""
    return STATUS_ERRORS.get(status) or (GeocodeUnavailable if status >= 500 else GeocodeError)


def clean(text: str) -> str:
    """``text`` without control and bidirectional-override characters, spaces collapsed.

    A service's answer is printed and stored: an escape code or a right-to-left override
    in a name must not reach a terminal, a CSV file or the map.

    >>> clean("Wembley\\x1b[31m Stadium\\u202e\\n")
    'Wembley[31m Stadium'
    """
    kept = "".join(" " if ch in "\t\n\r" else ch for ch in text if not _hidden(ch))
    return " ".join(kept.split())


def _hidden(ch: str) -> bool:
    return ch not in "\t\n\r" and (
        unicodedata.category(ch) == "Cc" or unicodedata.bidirectional(ch) in _BIDI_CONTROLS
    )


_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def _table(**words: str) -> dict[str, Kind]:
    return {word: cast(Kind, kind) for kind, line in words.items() for word in line.split()}


_SITE_CLASSES = _table(
    site="aeroway amenity bridge building craft emergency healthcare highway historic landuse "
    "leisure man_made military natural office power public_transport railway shop sport tourism"
)
_WATER_TYPES = _table(water="water bay strait sea ocean lake river canal reservoir")
_KIND_OF_TYPE = _table(
    continent="continent",
    country="country",
    region="state province region county state_district",
    city="city town village hamlet municipality",
    district="suburb neighbourhood quarter city_district borough district city_block locality",
    site="house street road",
    water=" ".join(_WATER_TYPES),
)
_KIND_OF_LAYER = _table(  # Pelias layers
    site="venue address street postalcode",
    district="neighbourhood borough macrohood microhood",
    city="locality localadmin",
    region="county macrocounty region macroregion",
    country="country dependency",
    continent="continent",
    water="ocean marinearea",
)


def osm_kind(
    osm_class: str | None,
    osm_type: str | None,
    addresstype: str | None = None,
    place_rank: int | None = None,
) -> Kind:
    """Return the kind of place an OpenStreetMap class/type (and Nominatim extras) describe.

    Examples
    --------
    >>> osm_kind("leisure", "stadium")
    'site'
    >>> osm_kind("place", "suburb"), osm_kind("boundary", "administrative", "state")
    ('district', 'region')
    >>> osm_kind("waterway", "river"), osm_kind("natural", "peak")
    ('water', 'site')
    >>> osm_kind("boundary", "administrative", place_rank=16)  # no better clue: by rank
    'city'
    """
    if osm_class == "waterway" or (osm_class in ("natural", "place") and osm_type in _WATER_TYPES):
        return "water"
    if osm_class in _SITE_CLASSES:
        return "site"
    for key in (osm_type, addresstype):
        if key in _KIND_OF_TYPE:
            return _KIND_OF_TYPE[key]
    if place_rank is None:
        return "site"
    ranks: list[tuple[int, Kind]] = [
        (3, "continent"),
        (4, "country"),
        (12, "region"),
        (16, "city"),
        (25, "district"),
    ]
    return next((kind for top, kind in ranks if place_rank <= top), "site")


class Service:
    """One online geocoding service: how to reach it, ask it and read its answers."""

    name: ClassVar[str]
    path: ClassVar[str]
    geopy_class: ClassVar[type[Any]]

    def __init__(self, config: GeocoderConfig) -> None:
        self.config = config
        self.guard = Guard(self.name, config.max_bytes)
        self._client: Any = None

    @property
    def api(self) -> str:
        """The URL queries go to, e.g. ``https://nominatim.openstreetmap.org/search``."""
        return f"{self.config.scheme}://{self.config.domain}{self.path}"

    def client(self) -> Any:
        """The geopy geocoder, made on first use."""
        if self._client is None:
            c = self.config
            host = urlsplit(f"//{c.domain}").hostname or ""
            proxies: dict[str, str] | None = {} if host in _LOOPBACK or proxy_bypass(host) else None
            adapter = functools.partial(GuardedAdapter, guard=self.guard)
            self._client = self.geopy_class(
                domain=c.domain,
                scheme=c.scheme,
                timeout=c.timeout,
                proxies=proxies,
                user_agent=c.user_agent or "geomap",
                adapter_factory=adapter,
            )
        return self._client

    def ask(self, query: str, countries: list[str]) -> dict[str, Any] | None:
        """One request through geopy; the raw answer or None."""
        raise NotImplementedError

    def fields(self, raw: dict[str, Any], query: str) -> tuple[str, dict[str, Any]]:
        """The answer's reference (for the place id) and the Place fields it gives."""
        raise NotImplementedError

    def place(self, raw: dict[str, Any], query: str) -> Place:
        """Map one raw answer to a Place; raise GeocodeBadResponse if it is not one."""
        try:
            ref, fields = self.fields(raw, query)
            country = fields["country"]
            fields["country"] = (
                country.upper() if isinstance(country, str) and len(country) == 2 else None
            )
            fields["source"] = f"{self.name} ({fields['source']})"
            fields = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()}
            ref = re.sub(r"[^A-Za-z0-9_.:\-]", "-", ref)  # an id: no escape code, no space
            return Place(id=f"geocoded:{self.name}:{ref}", **fields)
        except (KeyError, TypeError, ValueError, IndexError) as e:  # ValidationError too
            raise GeocodeBadResponse(
                f"{self.name} answered {query!r} with a result geomap cannot read "
                f"({type(e).__name__}: {str(e).splitlines()[0]}); "
                f"check that the endpoint runs {self.name}"
            ) from e

    def diagnose(self, e: Exception, query: str, tries: int) -> tuple[GeocodeError, float | None]:
        """The error to raise for ``e``, and how long to wait before a retry (None: do not)."""
        c = self.config
        status = e.__cause__.status_code if isinstance(e.__cause__, AdapterHTTPError) else None
        backoff = min(c.backoff_seconds * 2 ** (tries - 1), c.max_retry_after)
        head = f"{self.name} geocoding of {query!r} failed"
        where = f"{self.api} ({tries} {'try' if tries == 1 else 'tries'})"
        if isinstance(e, geopy_exc.GeocoderRateLimited):
            status = 429
        if status is not None and status != 408:
            return self._http_error(e, status, f"{head}: HTTP {status}", where, backoff)
        if isinstance(e, geopy_exc.GeocoderTimedOut):
            return GeocodeTimeout(
                f"{head}: no answer within {c.timeout:g} s from {where}; raise timeout or "
                "check that the server is up"
            ), backoff
        if isinstance(e, geopy_exc.GeocoderUnavailable):
            reason = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(e))
            return GeocodeUnavailable(
                f"{head}: cannot connect to {where}: "
                f"{reason.group(1).strip() if reason else 'connection failed'}; check endpoint "
                "(GEOMAP_GEOCODER_URL) and the network"
            ), backoff
        if isinstance(e, BadAnswer | AnswerRefused):  # the same answer again: no retry
            return GeocodeBadResponse(
                f"{head}: {clean(str(e))} from {where}; check that the endpoint runs {self.name}"
            ), None
        if isinstance(e, RedirectRefused):
            return GeocodeError(
                f"{head}: {clean(str(e))} from {where}; set endpoint (GEOMAP_GEOCODER_URL) "
                "to the address the service answers on"
            ), None
        if isinstance(e, geopy_exc.GeocoderParseError) or not isinstance(e, geopy_exc.GeopyError):
            return GeocodeBadResponse(
                f"{head}: malformed answer from {where}; check that the endpoint runs {self.name}"
            ), backoff
        first = clean(str(e).splitlines()[0]) if str(e).strip() else type(e).__name__
        return GeocodeError(f"{head}: {first} from {where}; check the query and endpoint"), None

    def _http_error(
        self, e: Exception, status: int, head: str, where: str, backoff: float
    ) -> tuple[GeocodeError, float | None]:
        c, error = self.config, status_error(status)
        if error is GeocodeRateLimited:
            after = getattr(e, "retry_after", None)
            if after is not None and after > c.max_retry_after:
                return error(
                    f"{head} too many requests from {where}, asked to wait {after:g} s "
                    f"(more than max_retry_after={c.max_retry_after:g}); try again later"
                ), None
            return error(
                f"{head} too many requests from {where}; try again later or raise "
                f"min_delay_seconds (now {c.min_delay_seconds:g} s)"
            ), backoff if after is None else float(after)
        if error is GeocodeUnavailable:
            return error(
                f"{head} server error from {where}; try again later or set "
                "endpoint (GEOMAP_GEOCODER_URL) to another server"
            ), backoff
        fix = _STATUS_FIX.get(status, "check the endpoint (GEOMAP_GEOCODER_URL)")
        return error(f"{head} from {where}; {fix}"), None


class NominatimService(Service):
    """OpenStreetMap's Nominatim; the public server asks for a named user agent."""

    name, path, geopy_class = "nominatim", "/search", Nominatim

    def ask(self, query: str, countries: list[str]) -> dict[str, Any] | None:
        loc = self.client().geocode(
            query,
            addressdetails=True,
            country_codes=countries or None,
            language=self.config.language or False,
        )
        return None if loc is None else dict(loc.raw)

    def fields(self, raw: dict[str, Any], query: str) -> tuple[str, dict[str, Any]]:
        cls, typ = raw.get("class") or raw.get("category"), raw.get("type")
        ref = f"{str(raw['osm_type'])[:1].upper()}{raw['osm_id']}"
        return ref, {
            "name": raw.get("name") or str(raw.get("display_name", query)).split(",")[0],
            "kind": osm_kind(cls, typ, raw.get("addresstype"), raw.get("place_rank")),
            "lat": float(raw["lat"]),
            "lon": float(raw["lon"]),
            "category": raw.get("addresstype") if typ == "administrative" else typ,
            "country": (raw.get("address") or {}).get("country_code"),
            "source": _ODBL,
        }


def _feature(raw: dict[str, Any], query: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The properties of a GeoJSON answer (Photon, Pelias) and its name and position."""
    props, (lon, lat) = raw["properties"], raw["geometry"]["coordinates"][:2]
    return props, {"name": props.get("name") or props.get("label") or query, "lat": lat, "lon": lon}


class PhotonService(Service):
    """komoot's Photon, over OpenStreetMap data; it cannot filter by country."""

    name, path, geopy_class = "photon", "/api", Photon

    def ask(self, query: str, countries: list[str]) -> dict[str, Any] | None:
        client, lang = self.client(), self.config.language or False
        if countries:  # ask for more and pick
            locs = client.geocode(query, exactly_one=False, limit=10, language=lang) or []
            wanted = (
                x for x in locs if str(x.raw["properties"].get("countrycode")).lower() in countries
            )
            loc = next(wanted, None)
        else:
            loc = client.geocode(query, language=lang)
        return None if loc is None else dict(loc.raw)

    def fields(self, raw: dict[str, Any], query: str) -> tuple[str, dict[str, Any]]:
        props, fields = _feature(raw, query)
        fields.update(
            kind=osm_kind(props.get("osm_key"), props.get("osm_value"), props.get("type")),
            category=props.get("osm_value"),
            country=props.get("countrycode"),
            source=_ODBL,
        )
        return f"{props['osm_type']}{props['osm_id']}", fields


class PeliasService(Service):
    """A self-hosted Pelias (it has no public keyless server)."""

    name, path, geopy_class = "pelias", "/v1/search", Pelias

    def ask(self, query: str, countries: list[str]) -> dict[str, Any] | None:
        loc = self.client().geocode(
            query, countries=countries or None, language=self.config.language or None
        )
        return None if loc is None else dict(loc.raw)

    def fields(self, raw: dict[str, Any], query: str) -> tuple[str, dict[str, Any]]:
        props, fields = _feature(raw, query)
        fields.update(
            kind=_KIND_OF_LAYER.get(props.get("layer") or "", "site"),
            category=(props.get("category") or [props.get("layer")])[0],
            country=props.get("country_code"),
            source=props.get("source"),
        )
        return re.sub(r"[^A-Za-z0-9_.:\-]", "-", props["gid"]), fields


_SERVICES: dict[str, type[Service]] = {
    s.name: s for s in (NominatimService, PhotonService, PeliasService)
}


def service_for(config: GeocoderConfig) -> Service:
    """The service ``config.service`` names, set up with ``config``."""
    return _SERVICES[config.service](config)
