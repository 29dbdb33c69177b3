"""Optional online geocoding through geopy, for names the bundled gazetteer lacks.

Off by default. When on, each name goes to one service (Nominatim, Photon or a self-hosted
Pelias) through the real geopy class, at most one request per ``min_delay_seconds`` per
endpoint (across processes), and every answer — "not found" too — is kept in an sqlite
cache in ``cache_dir`` so a name is never asked twice. Faults (timeout, HTTP 429, 5xx,
malformed JSON, refused connection) are retried a bounded number of times, then raised
as a :class:`~geomap.errors.GeocodeError` leaf whose one-line message says what failed,
where, and how to fix it. Answers become :class:`~geomap.models.Place` objects with ids
such as ``geocoded:nominatim:W4244999`` (OSM type letter and id, as Nominatim's ``/lookup``
takes them), a kind from the OSM class and type (:func:`osm_kind`) and a ``source`` that
credits the data (OpenStreetMap, ODbL).

Settings: :mod:`geomap.geocode.config`.

Examples
--------
>>> config = GeocoderConfig(enabled=True, service="photon", endpoint="http://127.0.0.1:2322")
>>> config.scheme, config.endpoint
('http', '127.0.0.1:2322')
>>> Geocoder(GeocoderConfig()).geocode("Wembley Stadium") is None  # off: nothing is asked
True
"""

from __future__ import annotations

import functools
import json
import logging
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit
from urllib.request import proxy_bypass

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError, RequestsAdapter, URLLibAdapter
from geopy.geocoders import Nominatim, Pelias, Photon

from geomap.errors import (
    GeocodeBadResponse,
    GeocodeConfigError,
    GeocodeError,
    GeocodeRateLimited,
    GeocodeTimeout,
    GeocodeUnavailable,
)
from geomap.geocode.config import SERVICES, GeocoderConfig
from geomap.models import Kind, Place

__all__ = [
    "SERVICES",
    "GeocodeBadResponse",
    "GeocodeConfigError",
    "GeocodeResult",
    "Geocoder",
    "GeocoderConfig",
    "osm_kind",
]

log = logging.getLogger(__name__)

_CLASSES = {"nominatim": Nominatim, "photon": Photon, "pelias": Pelias}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_ODBL = "OpenStreetMap contributors, ODbL"


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


def _place(service: str, raw: dict[str, Any], query: str) -> Place:
    """Map one raw answer of a service to a Place; raise GeocodeBadResponse if it is not one."""
    try:
        if service == "nominatim":
            cls, typ = raw.get("class") or raw.get("category"), raw.get("type")
            ref = f"{str(raw['osm_type'])[:1].upper()}{raw['osm_id']}"
            fields: dict[str, Any] = {
                "name": raw.get("name") or str(raw.get("display_name", query)).split(",")[0],
                "kind": osm_kind(cls, typ, raw.get("addresstype"), raw.get("place_rank")),
                "lat": float(raw["lat"]),
                "lon": float(raw["lon"]),
                "category": raw.get("addresstype") if typ == "administrative" else typ,
                "country": (raw.get("address") or {}).get("country_code"),
                "source": _ODBL,
            }
        else:
            props, (lon, lat) = raw["properties"], raw["geometry"]["coordinates"][:2]
            fields = {"name": props.get("name") or props.get("label") or query}
            fields.update(lat=lat, lon=lon)
            if service == "photon":
                ref = f"{props['osm_type']}{props['osm_id']}"
                fields.update(
                    kind=osm_kind(props.get("osm_key"), props.get("osm_value"), props.get("type")),
                    category=props.get("osm_value"),
                    country=props.get("countrycode"),
                    source=_ODBL,
                )
            else:
                ref = re.sub(r"[^A-Za-z0-9_.:\-]", "-", props["gid"])
                fields.update(
                    kind=_KIND_OF_LAYER.get(props.get("layer"), "site"),
                    category=(props.get("category") or [props.get("layer")])[0],
                    country=props.get("country_code"),
                    source=props.get("source"),
                )
        country = fields["country"]
        fields["country"] = (
            country.upper() if isinstance(country, str) and len(country) == 2 else None
        )
        fields["source"] = f"{service} ({fields['source']})"
        return Place(id=f"geocoded:{service}:{ref}", **fields)
    except (KeyError, TypeError, ValueError, IndexError) as e:  # ValidationError is a ValueError
        raise GeocodeBadResponse(
            f"{service} answered {query!r} with a result geomap cannot read "
            f"({type(e).__name__}: {str(e).splitlines()[0]}); check that the endpoint runs {service}"  # noqa: E501
        ) from e


class _Store:
    """The sqlite cache of answers, and the request slots that space requests across processes.

    Every write is one sqlite transaction, so a crash never leaves a half-written answer.
    """

    _SCHEMA = """
        CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, service TEXT, endpoint TEXT,
                                            query TEXT, answer TEXT, fetched REAL);
        CREATE TABLE IF NOT EXISTS slots (endpoint TEXT PRIMARY KEY, last REAL NOT NULL);
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            if not self._ready:
                con.executescript(self._SCHEMA)
                self._ready = True
            return con
        except (OSError, sqlite3.Error) as e:
            raise GeocodeError(
                f"cannot open the geocoder cache {self.path}: {e}; set cache_dir to a writable folder"  # noqa: E501
            ) from e

    def get(self, key: str) -> tuple[bool, dict[str, Any] | None]:
        with closing(self._connect()) as con:
            row = con.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return (False, None) if row is None else (True, json.loads(row[0]))

    def put(self, key: str, service: str, endpoint: str, query: str, answer: Any) -> None:
        with closing(self._connect()) as con:
            con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (key, service, endpoint, query, json.dumps(answer), time.time()),
            )

    def reserve(self, endpoint: str, delay: float) -> float:
        """Book the next request slot of ``endpoint``; return the seconds to wait for it."""
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT last FROM slots WHERE endpoint = ?", (endpoint,)).fetchone()
            now = time.time()
            # A slot far ahead means the clock went back: start again from now.
            slot = now if row is None or row[0] > now + 600 else max(now, row[0] + delay)
            con.execute("INSERT OR REPLACE INTO slots VALUES (?, ?)", (endpoint, slot))
            con.execute("COMMIT")
        return slot - now

    def release(self, endpoint: str) -> None:
        """Count the delay from the end of a request, not only from its start."""
        with closing(self._connect()) as con:
            con.execute(
                "UPDATE slots SET last = max(last, ?) WHERE endpoint = ?", (time.time(), endpoint)
            )


@dataclass
class GeocodeResult:
    """What :meth:`Geocoder.geocode_many` found: a place (or None) per name, and the errors.

    A name whose query failed maps to None in ``places`` and to its error in ``errors``.
    """

    places: dict[str, Place | None] = field(default_factory=dict)
    errors: dict[str, GeocodeError] = field(default_factory=dict)


class Geocoder:
    """Ask one online geocoding service for places, politely and through a cache.

    Parameters
    ----------
    config
        The settings; ``GeocoderConfig.from_env()`` by default. A disabled config makes
        :meth:`geocode` return None without touching the network or the disk.
    """

    def __init__(self, config: GeocoderConfig | None = None) -> None:
        self.config = GeocoderConfig.from_env() if config is None else config
        self.cache_path = self.config.cache_dir / "geocode.sqlite3"
        self._store = _Store(self.cache_path)
        self._client: Any = None
        self._down: tuple[float, GeocodeError] | None = None  # (until, why) the service is down

    @property
    def api(self) -> str:
        """The URL queries go to, e.g. ``https://nominatim.openstreetmap.org/search``."""
        path = {"nominatim": "/search", "photon": "/api", "pelias": "/v1/search"}
        return f"{self.config.scheme}://{self.config.domain}{path[self.config.service]}"

    def geocode(self, name: str, *, country_hint: str | None = None) -> Place | None:
        """Return the place the service finds for ``name``, or None if it finds none.

        Parameters
        ----------
        name
            A place name as written in the text.
        country_hint
            An ISO 3166-1 alpha-2 code; only answers in that country are accepted.
            Default: the config's ``country_codes``.

        Raises
        ------
        GeocodeTimeout, GeocodeRateLimited, GeocodeUnavailable, GeocodeBadResponse, GeocodeError
            When the service still fails after ``max_retries`` retries. Nothing is cached
            then; after a timeout, 429, 5xx or refused connection, names not in the cache
            fail at once (without a request) for ``cooldown_seconds``.

        Examples
        --------
        >>> Geocoder(GeocoderConfig(enabled=False)).geocode("   ") is None
        True
        """
        found, place = self._lookup(name, country_hint)
        if found or not self.config.enabled:
            return place
        if self._down and time.monotonic() < self._down[0]:
            err, wait = self._down[1], self._down[0] - time.monotonic()
            raise type(err)(f"{name!r} not asked for another {wait:.0f} s after: {err}")
        query, countries, key = self._key(name, country_hint)
        try:
            raw = self._fetch(query, countries, key)
        except (GeocodeTimeout, GeocodeUnavailable, GeocodeRateLimited) as e:
            self._down = (time.monotonic() + self.config.cooldown_seconds, e)
            raise
        place = None if raw is None else _place(self.config.service, raw, query)
        self._store.put(key, self.config.service, self.api, query, raw)
        return place

    def geocode_many(
        self, names: Iterable[str], *, country_hint: str | None = None
    ) -> GeocodeResult:
        """Geocode every name; a failure is recorded in ``errors``, never raised.

        Once the service is down (timeout, refused connection, 5xx, 429 after retries), the
        remaining names are answered from the cache only (see ``cooldown_seconds``), so a
        run ends quickly with what the gazetteer and the cache know.

        Examples
        --------
        >>> result = Geocoder(GeocoderConfig()).geocode_many(["Atlantis", "Atlantis"])
        >>> result.places, result.errors
        ({'Atlantis': None}, {})
        """
        result = GeocodeResult()
        for name in names:
            if name not in result.places:
                try:
                    result.places[name] = self.geocode(name, country_hint=country_hint)
                except GeocodeError as e:
                    result.places[name], result.errors[name] = None, e
        return result

    def _key(self, name: str, country_hint: str | None) -> tuple[str, list[str], str]:
        query = " ".join(unicodedata.normalize("NFC", name).split())
        if country_hint is not None and not re.fullmatch(r"[A-Za-z]{2}", country_hint):
            raise ValueError(f"country_hint: {country_hint!r} is not an alpha-2 code like 'gb'")
        countries = [country_hint.lower()] if country_hint else self.config.country_codes
        c = self.config
        key = json.dumps([c.service, self.api, c.language, countries, query.casefold()])
        return query, countries, key

    def _lookup(self, name: str, country_hint: str | None) -> tuple[bool, Place | None]:
        """Return (True, answer) if the answer is known without asking, else (False, None)."""
        query, _, key = self._key(name, country_hint)
        if not query or not self.config.enabled:
            return True, None
        found, raw = self._store.get(key)
        return found, None if raw is None else _place(self.config.service, raw, query)

    def _connect(self) -> Any:
        if self._client is None:
            c = self.config
            host = urlsplit(f"//{c.domain}").hostname or ""
            proxies: dict[str, str] | None = {} if host in _LOOPBACK or proxy_bypass(host) else None
            adapter = (
                functools.partial(RequestsAdapter, max_retries=0)  # we retry, not urllib3
                if RequestsAdapter.is_available
                else URLLibAdapter
            )
            self._client = _CLASSES[c.service](
                domain=c.domain,
                scheme=c.scheme,
                timeout=c.timeout,
                proxies=proxies,
                user_agent=c.user_agent or "geomap",
                adapter_factory=adapter,
            )
        return self._client

    def _ask(self, query: str, countries: list[str]) -> dict[str, Any] | None:
        """One request through geopy; the raw answer or None."""
        client, lang = self._connect(), self.config.language or False
        if self.config.service == "nominatim":
            loc = client.geocode(
                query, addressdetails=True, country_codes=countries or None, language=lang
            )
        elif self.config.service == "pelias":
            loc = client.geocode(query, countries=countries or None, language=lang or None)
        elif countries:  # Photon cannot filter by country: ask for more and pick.
            locs = client.geocode(query, exactly_one=False, limit=10, language=lang) or []
            wanted = (
                x for x in locs if str(x.raw["properties"].get("countrycode")).lower() in countries
            )
            loc = next(wanted, None)
        else:
            loc = client.geocode(query, language=lang)
        return None if loc is None else dict(loc.raw)

    def _fetch(self, query: str, countries: list[str], key: str) -> dict[str, Any] | None:
        """Ask with bounded retries; the raw answer, or raise the right GeocodeError."""
        c, attempts = self.config, self.config.max_retries + 1
        for attempt in range(attempts):
            time.sleep(self._store.reserve(self.api, c.min_delay_seconds))
            found, raw = self._store.get(key)  # another process may have asked meanwhile
            if found:
                return raw
            try:
                return self._ask(query, countries)
            except (geopy_exc.GeopyError, KeyError, TypeError, ValueError, IndexError) as e:
                error, wait = self._diagnose(e, query, attempt + 1)
            finally:
                self._store.release(self.api)
            if wait is None or attempt + 1 == attempts:
                raise error from None
            log.warning("%s; retrying in %.1f s", error, wait)
            time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _diagnose(self, e: Exception, query: str, tries: int) -> tuple[GeocodeError, float | None]:
        """The error to raise for ``e``, and how long to wait before a retry (None: do not)."""
        c = self.config
        status = e.__cause__.status_code if isinstance(e.__cause__, AdapterHTTPError) else None
        backoff = min(c.backoff_seconds * 2 ** (tries - 1), c.max_retry_after)
        head = f"{c.service} geocoding of {query!r} failed"
        where = f"{self.api} ({tries} {'try' if tries == 1 else 'tries'})"
        if isinstance(e, geopy_exc.GeocoderRateLimited) or status == 429:
            after = getattr(e, "retry_after", None)
            if after is not None and after > c.max_retry_after:
                return GeocodeRateLimited(
                    f"{head}: HTTP 429 too many requests from {where}, asked to wait {after:g} s "
                    f"(more than max_retry_after={c.max_retry_after:g}); try again later"
                ), None
            return GeocodeRateLimited(
                f"{head}: HTTP 429 too many requests from {where}; try again later or raise "
                f"min_delay_seconds (now {c.min_delay_seconds:g} s)"
            ), backoff if after is None else float(after)
        if status is not None and status >= 500:
            return GeocodeUnavailable(
                f"{head}: HTTP {status} server error from {where}; try again later or set "
                "endpoint (GEOMAP_GEOCODER_URL) to another server"
            ), backoff
        if status is not None and status != 408:
            fix = "check the endpoint (GEOMAP_GEOCODER_URL)"
            if status == 403:
                fix = "set user_agent (GEOMAP_USER_AGENT) to one naming your application"
            return GeocodeError(f"{head}: HTTP {status} from {where}; {fix}"), None
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
        if isinstance(e, geopy_exc.GeocoderParseError) or not isinstance(e, geopy_exc.GeopyError):
            return GeocodeBadResponse(
                f"{head}: malformed answer from {where}; check that the endpoint runs {c.service}"
            ), backoff
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return GeocodeError(f"{head}: {first} from {where}; check the query and endpoint"), None
