"""Settings of the optional online geocoder: defaults, a TOML file and the environment.

Configuration
-------------
:meth:`GeocoderConfig.from_env` reads, later sources winning:

1. the defaults below;
2. the ``[geocoder]`` table of a TOML file: ``$GEOMAP_CONFIG`` if set, else ``config.toml``
   in the user config dir (``~/.config/geomap/config.toml`` on Linux);
3. ``GEOMAP_GEOCODER`` (``nominatim``, ``photon`` or ``pelias`` turns geocoding on with
   that service, ``off`` turns it off), ``GEOMAP_GEOCODER_URL`` (the endpoint) and
   ``GEOMAP_USER_AGENT``.

The keys of ``[geocoder]`` are the fields of :class:`GeocoderConfig`; an unknown key is an
error::

    [geocoder]
    enabled = true              # default false: no request is ever made
    service = "nominatim"       # "nominatim" | "photon" | "pelias"
    endpoint = "http://127.0.0.1:8080"  # host[:port][/path] or URL; default: public server
    scheme = "https"            # used when endpoint has no scheme
    user_agent = "newsdesk-maps/1.0 (maps@example.org)"  # required for Nominatim
    timeout = 10.0              # seconds per request, whole: connecting, waiting, reading
    run_timeout = 60.0          # seconds one run may spend on the service; then the cache only
    max_bytes = 1000000         # the largest answer read; a larger one is a bad answer
    min_delay_seconds = 1.0     # between two requests to one endpoint (public Nominatim: >= 1)
    max_retries = 2             # after a timeout, 429, 5xx, malformed answer, refused connection
    backoff_seconds = 1.0       # first wait between retries, doubled each retry
    max_retry_after = 30.0      # longest Retry-After honoured; a longer one fails at once
    cooldown_seconds = 60.0     # after the service failed, ask nothing new for this long
    cache_dir = "/path/to/dir"  # default: the user cache dir + /geomap/geocode
    country_codes = ["gb"]      # only accept answers in these ISO 3166-1 alpha-2 countries
    language = "en"             # preferred language of the names returned

Examples
--------
>>> GeocoderConfig().enabled
False
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, ValidationError, field_validator, model_validator

from geomap.errors import GeocodeConfigError
from geomap.models import Strict

__all__ = ["PUBLIC_SERVERS", "SERVICES", "GeocoderConfig", "Service"]

Service = Literal["nominatim", "photon", "pelias"]
# Keyless services whose terms allow keeping answers (ArcGIS's keyless API forbids storing).
SERVICES: tuple[str, ...] = ("nominatim", "photon", "pelias")
PUBLIC_SERVERS = {"nominatim": "nominatim.openstreetmap.org", "photon": "photon.komoot.io"}
# geopy's documented sample agents, which Nominatim's usage policy rejects.
_SAMPLE_AGENTS = {"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}


class GeocoderConfig(Strict):
    """Settings of the online geocoder; see the module docstring for every key."""

    enabled: bool = False
    service: Service = "nominatim"
    endpoint: str | None = None
    scheme: Literal["http", "https"] = "https"
    user_agent: str | None = None
    timeout: float = Field(10.0, gt=0, le=300)
    run_timeout: float = Field(60.0, gt=0)
    max_bytes: int = Field(1_000_000, ge=1000)
    min_delay_seconds: float = Field(1.0, ge=0)
    max_retries: int = Field(2, ge=0, le=10)
    backoff_seconds: float = Field(1.0, ge=0)
    max_retry_after: float = Field(30.0, ge=0)
    cooldown_seconds: float = Field(60.0, ge=0)
    cache_dir: Path = Field(
        default_factory=lambda: platformdirs.user_cache_path("geomap") / "geocode"
    )
    country_codes: list[str] = Field(default_factory=list)
    language: str | None = "en"

    @model_validator(mode="before")
    @classmethod
    def _split_url(cls, data: Any) -> Any:
        if isinstance(data, dict) and "://" in str(data.get("endpoint") or ""):
            url = urlsplit(data["endpoint"])
            if url.scheme not in ("http", "https") or not url.netloc:
                raise ValueError(f"endpoint: {data['endpoint']!r} is not an http(s) URL")
            if data.get("scheme", url.scheme) != url.scheme:
                raise ValueError(
                    f"endpoint: URL scheme {url.scheme!r} contradicts scheme={data['scheme']!r}"
                )
            data = {**data, "scheme": url.scheme, "endpoint": url.netloc + url.path.rstrip("/")}
        return data

    @field_validator("country_codes", mode="before")
    @classmethod
    def _split_codes(cls, value: Any) -> Any:
        return value.split(",") if isinstance(value, str) else value

    @field_validator("country_codes")
    @classmethod
    def _check_codes(cls, codes: list[str]) -> list[str]:
        bad = [c for c in codes if not re.fullmatch(r"[A-Za-z]{2}", c.strip())]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-2 codes such as 'gb': {bad}")
        return [c.strip().lower() for c in codes]

    @field_validator("user_agent")
    @classmethod
    def _check_agent(cls, agent: str | None) -> str | None:
        if agent is not None and (agent.strip() in _SAMPLE_AGENTS or agent.startswith("geopy/")):
            raise ValueError(
                f"{agent!r} is a geopy sample; set user_agent (GEOMAP_USER_AGENT) "
                "to one naming your application and a contact, e.g. "
                "'newsdesk-maps/1.0 (maps@example.org)'"
            )
        return agent

    @model_validator(mode="after")
    def _check_service(self) -> GeocoderConfig:
        if not self.enabled:
            return self
        if self.service == "nominatim" and not (self.user_agent or "").strip():
            raise ValueError(
                "user_agent is required for Nominatim (its usage policy): set user_agent "
                "(GEOMAP_USER_AGENT) to one naming your application and a contact, e.g. "
                "'newsdesk-maps/1.0 (maps@example.org)'"
            )
        if self.service == "pelias" and not self.endpoint:
            raise ValueError(
                "pelias has no public keyless server: set endpoint (GEOMAP_GEOCODER_URL) "
                "to your Pelias server"
            )
        if self.domain == PUBLIC_SERVERS["nominatim"] and self.min_delay_seconds < 1:
            raise ValueError(
                "min_delay_seconds must be >= 1.0 for the public Nominatim "
                "(1 request/s, its usage policy); use your own endpoint to go faster"
            )
        return self

    @property
    def domain(self) -> str:
        """The host[:port][/path] requests go to (the service's public server by default)."""
        return self.endpoint or PUBLIC_SERVERS.get(self.service, "")

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        path: Path | None = None,
        enabled: bool | None = None,
    ) -> GeocoderConfig:
        """Read the settings from a TOML file and ``GEOMAP_*`` environment variables.

        Parameters
        ----------
        environ
            The environment (``os.environ`` by default).
        path
            The TOML file; default ``$GEOMAP_CONFIG``, else ``config.toml`` in the user
            config dir. A default file that does not exist is skipped.
        enabled
            If given, overrides every other source (e.g. a CLI ``--geocode`` flag).

        Raises
        ------
        GeocodeConfigError
            Naming each bad setting and where it came from, one a line.

        Examples
        --------
        >>> c = GeocoderConfig.from_env({"GEOMAP_GEOCODER": "photon",
        ...                              "GEOMAP_GEOCODER_URL": "http://127.0.0.1:2322"},
        ...                             path=Path("no-such-dir/config.toml"))
        Traceback (most recent call last):
        ...
        geomap.errors.GeocodeConfigError: no-such-dir/config.toml: no such file
        >>> c = GeocoderConfig.from_env({"GEOMAP_GEOCODER": "google",
        ...                              "GEOMAP_CONFIG": os.devnull})
        Traceback (most recent call last):
        ...
        geomap.errors.GeocodeConfigError: GEOMAP_GEOCODER: 'google' is not one of nominatim, ...
        """
        env = os.environ if environ is None else environ
        explicit = path or (Path(env["GEOMAP_CONFIG"]) if env.get("GEOMAP_CONFIG") else None)
        default = platformdirs.user_config_path("geomap") / "config.toml"
        values, origin = _from_file(explicit or default, explicit=explicit is not None)
        env_values, env_origin = _from_environ(env)  # the environment wins over the file
        values.update(env_values)
        origin.update(env_origin)
        if enabled is not None:
            values["enabled"] = enabled
            origin.pop("enabled", None)
        try:
            return cls(**values)
        except ValidationError as e:
            raise _config_error(e, origin) from None


Settings = tuple[dict[str, Any], dict[str, str]]  # values, and where each came from


def _from_file(file: Path, *, explicit: bool) -> Settings:
    """The ``[geocoder]`` table of a TOML file; a default file that is missing is skipped."""
    if explicit and not file.is_file() and str(file) != os.devnull:
        raise GeocodeConfigError(f"{file}: no such file")
    if not file.is_file():
        return {}, {}
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8")).get("geocoder", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise GeocodeConfigError(f"{file}: {e}") from e
    except RecursionError:
        raise GeocodeConfigError(f"{file}: nested too deeply") from None
    if not isinstance(table, dict):
        raise GeocodeConfigError(f"{file}: [geocoder] must be a table")
    return dict(table), {key: f"{file}: [geocoder] {key}" for key in table}


def _from_environ(env: Mapping[str, str]) -> Settings:
    """``GEOMAP_GEOCODER``, ``GEOMAP_GEOCODER_URL`` and ``GEOMAP_USER_AGENT``."""
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    service = env.get("GEOMAP_GEOCODER", "").strip().lower()
    if service in ("off", "none", "false", "0"):
        values["enabled"] = False
    elif service:
        if service not in SERVICES:
            raise GeocodeConfigError(
                f"GEOMAP_GEOCODER: {service!r} is not one of {', '.join(SERVICES)}, off"
            )
        values.update(enabled=True, service=service)
        origin.update(enabled="GEOMAP_GEOCODER", service="GEOMAP_GEOCODER")
    for var, key in (("GEOMAP_GEOCODER_URL", "endpoint"), ("GEOMAP_USER_AGENT", "user_agent")):
        if env.get(var):
            values[key] = env[var]
            origin[key] = var
    return values, origin


def _config_error(e: ValidationError, origin: Mapping[str, str]) -> GeocodeConfigError:
    """One line per bad setting, each naming where the setting came from."""
    lines = []
    for err in e.errors():
        msg = err["msg"].removeprefix("Value error, ")
        key = str(err["loc"][0]) if err["loc"] else re.split(r"[ :]", msg)[0]
        if not err["loc"] and key in origin:  # "key must be ..." -> "<origin>: must be"
            msg = msg[len(key) :].lstrip(": ")
        where = origin.get(key, key if err["loc"] else "")
        lines.append(f"{where}: {msg}" if where else msg)
    return GeocodeConfigError("\n".join(lines))
