"""Optional online geocoding through geopy, for names the bundled gazetteer lacks.

Off by default. When on, each name goes to one service (Nominatim, Photon or a self-hosted
Pelias) through the real geopy class, at most one request per ``min_delay_seconds`` per
endpoint (across processes), and every answer — "not found" too — is kept in an sqlite
cache in ``cache_dir`` so a name is never asked twice. Faults (timeout, HTTP 429, 5xx,
malformed JSON, refused connection) are retried a bounded number of times, then raised
as a :class:`~geomap.errors.GeocodeError` leaf whose one-line message says what failed,
where, and how to fix it; an answer of the wrong shape, one over ``max_bytes`` or a
redirect to another host fails at once (:mod:`geomap.geocode.transport`). After any
failure nothing new is asked for ``cooldown_seconds``, and a run waits for the service
``run_timeout`` seconds at most. Answers become :class:`~geomap.models.Place` objects with ids
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

import json
import logging
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy import exc as geopy_exc

from geomap.errors import (
    GeocodeBadResponse,
    GeocodeConfigError,
    GeocodeError,
    GeocodeTimeout,
)
from geomap.geocode.config import SERVICES, GeocoderConfig
from geomap.geocode.services import osm_kind, service_for
from geomap.models import Place

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
        with self._sql() as con:
            row = con.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        try:
            return (False, None) if row is None else (True, json.loads(row[0]))
        except (ValueError, TypeError, RecursionError):  # a damaged answer: ask again
            return False, None

    @contextmanager
    def _sql(self) -> Iterator[sqlite3.Connection]:
        """A connection; an sqlite error (a full disk, a damaged file) is a GeocodeError."""
        try:
            with closing(self._connect()) as con:
                yield con
        except sqlite3.Error as e:
            raise GeocodeError(
                f"cannot use the geocoder cache {self.path}: {e}; set cache_dir to a writable "
                "folder or delete the file to start afresh"
            ) from None

    def put(self, key: str, service: str, endpoint: str, query: str, answer: Any) -> None:
        with self._sql() as con:
            con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (key, service, endpoint, query, json.dumps(answer), time.time()),
            )

    def reserve(self, endpoint: str, delay: float) -> float:
        """Book the next request slot of ``endpoint``; return the seconds to wait for it."""
        with self._sql() as con:
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
        with suppress(GeocodeError), self._sql() as con:  # the slot's start still holds
            con.execute(
                "UPDATE slots SET last = max(last, ?) WHERE endpoint = ?", (time.time(), endpoint)
            )


def _repeated(name: str, later: str, err: GeocodeError) -> GeocodeError:
    """The error of a name not asked because of an earlier failure (``repeat`` set)."""
    repeat = type(err)(f"{name!r} not asked {later} after: {err}")
    repeat.repeat = True
    return repeat


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
        self.service = service_for(self.config)
        self._down: tuple[float, GeocodeError] | None = None  # (until, why) the service is down
        self._spent = 0.0  # seconds this run has waited for the service (run_timeout)
        self._no_cache: GeocodeError | None = None

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, enabled: bool | None = None
    ) -> Geocoder:
        """A geocoder with the settings of :meth:`GeocoderConfig.from_env`.

        Examples
        --------
        >>> import os
        >>> env = {"GEOMAP_GEOCODER": "photon", "GEOMAP_CONFIG": os.devnull}
        >>> Geocoder.from_env(env).config.service, Geocoder.from_env(env, enabled=False).api
        ('photon', 'https://photon.komoot.io/api')
        """
        return cls(GeocoderConfig.from_env(environ, enabled=enabled))

    @property
    def api(self) -> str:
        """The URL queries go to, e.g. ``https://nominatim.openstreetmap.org/search``."""
        return self.service.api

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
            When the service still fails after ``max_retries`` retries, or answers
            something that is not an answer of its kind. Nothing is cached then, and names
            not in the cache fail at once (without a request, ``repeat`` set) for
            ``cooldown_seconds``; once the run has waited ``run_timeout`` seconds for the
            service in all, for the rest of the run.

        Examples
        --------
        >>> Geocoder(GeocoderConfig(enabled=False)).geocode("   ") is None
        True
        """
        if self._no_cache:  # said once; the other names fail quietly
            raise _repeated(name, "in this run", self._no_cache)
        try:
            found, place = self._lookup(name, country_hint)
        except GeocodeError as e:  # the cache cannot be opened or read
            self._no_cache = e
            raise
        if found or not self.config.enabled:
            return place
        if self._down and time.monotonic() < self._down[0]:
            err, wait = self._down[1], self._down[0] - time.monotonic()
            later = "in this run" if wait == float("inf") else f"for another {wait:.0f} s"
            raise _repeated(name, later, err)
        query, countries, key = self._key(name, country_hint)
        try:
            raw = self._fetch(query, countries, key)
            place = None if raw is None else self.service.place(raw, query)
            self._store.put(key, self.config.service, self.api, query, raw)
        except GeocodeError as e:  # a bad answer too: the next name would get one as well
            spent = self._spent >= self.config.run_timeout
            until = float("inf") if spent else time.monotonic() + self.config.cooldown_seconds
            self._down = (until, e)
            raise
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
        return found, None if raw is None else self.service.place(raw, query)

    def _fetch(self, query: str, countries: list[str], key: str) -> dict[str, Any] | None:
        """Ask with bounded retries within the run's budget; the raw answer, or raise."""
        start = time.monotonic()
        try:
            return self._attempts(query, countries, key, start)
        finally:
            self._spent += time.monotonic() - start

    def _left(self, start: float, query: str, wait: float = 0.0) -> float:
        """Seconds left of the run's budget after ``wait``; raise once it is spent."""
        c = self.config
        left = c.run_timeout - self._spent - (time.monotonic() - start)
        if left - wait <= 0.01:
            self._spent = c.run_timeout
            raise GeocodeTimeout(
                f"{c.service} geocoding of {query!r} not asked: this run spent its "
                f"run_timeout={c.run_timeout:g} s on {self.api}; the rest come from the cache "
                "only (raise run_timeout, or run again to ask for them)"
            )
        return left

    def _attempts(
        self, query: str, countries: list[str], key: str, start: float
    ) -> dict[str, Any] | None:
        c, attempts = self.config, self.config.max_retries + 1
        for attempt in range(attempts):
            delay = self._store.reserve(self.api, c.min_delay_seconds)
            self._left(start, query, delay)
            time.sleep(delay)
            found, raw = self._store.get(key)  # another process may have asked meanwhile
            if found:
                return raw
            self.service.guard.run_end = time.monotonic() + self._left(start, query)
            try:
                return self.service.ask(query, countries)
            except (geopy_exc.GeopyError, KeyError, TypeError, ValueError, IndexError) as e:
                error, wait = self.service.diagnose(e, query, attempt + 1)
            finally:
                self._store.release(self.api)
            if isinstance(error, GeocodeTimeout):
                self._left(start, query)  # cut short by the budget: say so
            if wait is None or attempt + 1 == attempts:
                raise error from None
            self._left(start, query, wait)
            log.info("%s; retrying in %.1f s", error, wait)  # the last failure is the warning
            time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover
