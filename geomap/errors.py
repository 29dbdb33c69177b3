"""The exceptions geomap raises: one root, leaves that also inherit a builtin.

Callers may catch ``GeomapError`` for everything, or the builtin they already handle.

Examples
--------
>>> issubclass(GeocodeTimeout, TimeoutError) and issubclass(GeocodeTimeout, GeomapError)
True
"""

from __future__ import annotations

__all__ = [
    "GeomapError",
    "InputError",
    "GazetteerError",
    "GeocodeError",
    "GeocodeTimeout",
    "GeocodeUnavailable",
    "GeocodeRateLimited",
    "GeocodeBadResponse",
    "GeocodeConfigError",
    "OutputError",
    "BrowserUnavailable",
    "RulesError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input document cannot be read (missing, binary, bad encoding, too large)."""


class GazetteerError(GeomapError, ValueError):
    """A gazetteer file or entry is malformed; the message lists every problem, one a line."""


class GeocodeError(GeomapError):
    """The online geocoder failed.

    ``repeat`` is True when the error only repeats an earlier one: a name not asked during
    the cooldown after a failure. A caller that warns once per failure skips those.
    """

    repeat: bool = False


class GeocodeTimeout(GeocodeError, TimeoutError):
    """The geocoder did not answer in time."""


class GeocodeUnavailable(GeocodeError, ConnectionError):
    """The geocoder cannot be reached or answered with a server error."""


class GeocodeRateLimited(GeocodeError):
    """The geocoder refused the request for too many requests (HTTP 429)."""


class GeocodeBadResponse(GeocodeError, ValueError):
    """The geocoder answered with something that is not a valid answer (e.g. malformed JSON)."""


class GeocodeConfigError(GeocodeError, ValueError):
    """The geocoder settings (config file or environment) are invalid."""


class OutputError(GeomapError, OSError):
    """An output file cannot be written, or exists and ``--overwrite`` was not given."""


class BrowserUnavailable(OutputError):
    """No usable headless Chromium (or Playwright) to render a PNG with."""


class RulesError(GeomapError, ValueError):
    """A rule file (cue words) is malformed; the message names the file and the key."""
