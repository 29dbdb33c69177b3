"""The files a map page needs: Leaflet, markercluster, our templates and the basemap.

Leaflet and Leaflet.markercluster are read from the installed ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` packages and inlined into the page, so a saved map works
with no network at all; ``cdn=True`` swaps them for jsDelivr links of the same versions.
Images that Leaflet's CSS refers to are inlined as ``data:`` URIs, and source-map comments
are dropped, so the page asks nothing of the network.

Examples
--------
>>> bundle = asset_bundle()
>>> [name for name, _ in bundle.js]
['leaflet', 'markercluster']
>>> "url(images/" in bundle.css[0][1]
False
>>> asset_bundle(cdn=True).js_urls[0]
'https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js'
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import jinja2

__all__ = [
    "AssetBundle",
    "asset_bundle",
    "basemap_json",
    "environment",
    "features_json",
    "leaflet_version",
    "markercluster_version",
    "static_text",
]

_SOURCE_MAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_CSS_IMAGE = re.compile(r"url\((?:'|\")?images/([\w.-]+\.png)(?:'|\")?\)")
_CDN = "https://cdn.jsdelivr.net/npm"


@dataclass(frozen=True)
class AssetBundle:
    """Stylesheets and scripts for the page head: inline texts or CDN links."""

    css: list[tuple[str, str]] = field(default_factory=list)
    js: list[tuple[str, str]] = field(default_factory=list)
    css_urls: list[str] = field(default_factory=list)
    js_urls: list[str] = field(default_factory=list)


def _xstatic_dir(module: str, dist: str) -> Path:
    try:
        package = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    except ImportError as exc:  # a broken install; the package is a hard dependency
        raise ImportError(f"geomap needs {dist} for its maps: pip install {dist}") from exc
    return Path(package.BASE_DIR)


def leaflet_version() -> str:
    """Return the version of the installed Leaflet (``xstatic-leaflet``)."""
    from xstatic.pkg import leaflet

    return str(leaflet.VERSION)


def markercluster_version() -> str:
    """Return the version of the installed Leaflet.markercluster."""
    from xstatic.pkg import leaflet_markercluster

    return str(leaflet_markercluster.VERSION)


def _read_js(path: Path) -> str:
    return _SOURCE_MAP.sub("", path.read_text(encoding="utf-8")).strip()


def _inline_images(css: str, images: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        png = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{png})"

    return _CSS_IMAGE.sub(data_uri, css)


@lru_cache(maxsize=2)
def asset_bundle(cdn: bool = False) -> AssetBundle:
    """Return Leaflet and markercluster, inlined (default) or as CDN links.

    Parameters
    ----------
    cdn : bool
        Link the same versions on jsDelivr instead of inlining them (a small file that
        needs the network).
    """
    if cdn:
        leaflet = f"{_CDN}/leaflet@{leaflet_version()}/dist"
        cluster = f"{_CDN}/leaflet.markercluster@{markercluster_version()}/dist"
        return AssetBundle(
            css_urls=[f"{leaflet}/leaflet.css", f"{cluster}/MarkerCluster.css"],
            js_urls=[f"{leaflet}/leaflet.js", f"{cluster}/leaflet.markercluster.js"],
        )
    leaflet_dir = _xstatic_dir("leaflet", "xstatic-leaflet")
    cluster_dir = _xstatic_dir("leaflet_markercluster", "xstatic-leaflet-markercluster")
    leaflet_css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    return AssetBundle(
        css=[
            ("leaflet", _inline_images(leaflet_css, leaflet_dir / "images")),
            ("markercluster", (cluster_dir / "MarkerCluster.css").read_text(encoding="utf-8")),
        ],
        js=[
            ("leaflet", _read_js(leaflet_dir / "leaflet.js")),
            ("markercluster", _read_js(cluster_dir / "leaflet.markercluster.js")),
        ],
    )


@lru_cache(maxsize=1)
def basemap_json() -> str:
    """Return the bundled Natural Earth countries as compact GeoJSON text.

    Examples
    --------
    >>> basemap_json().startswith('{"type":"FeatureCollection"')
    True
    """
    return resources.files("geomap").joinpath("basemap/countries.geojson").read_text("utf-8")


@lru_cache(maxsize=1)
def features_json() -> str:
    """Return the bundled rivers, lakes and town names (``basemap/features.json``).

    Examples
    --------
    >>> features_json().startswith('{"source":"Natural Earth')
    True
    """
    return resources.files("geomap").joinpath("basemap/features.json").read_text("utf-8")


@cache
def static_text(name: str) -> str:
    """Return a file from ``geomap/templates`` verbatim (JS and CSS that Jinja must not parse)."""
    return resources.files("geomap").joinpath("templates", *name.split("/")).read_text("utf-8")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment for ``geomap/templates``, autoescaping everything.

    Examples
    --------
    >>> environment().from_string("{{ x }}").render(x="<b>")
    '&lt;b&gt;'
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geomap", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["quoted"] = quoted
    return env


def quoted(text: str) -> str:
    """Wrap ``text`` in typographic quotes; quotes within become single quotes.

    >>> quoted('"We will not be cowed," he said'), quoted('raised to "critical"')
    ('“‘We will not be cowed,’ he said”', '“raised to ‘critical’”')
    >>> quoted('"Stay safe."')
    '“Stay safe.”'
    """
    inner = text.strip()
    marks = sum(inner.count(c) for c in '"“”')
    if marks == 2 and len(inner) > 1 and inner[0] in '"“' and inner[-1] in '"”':
        inner = inner[1:-1]
    inner = _OPENING_QUOTE.sub("‘", inner)
    return "“" + inner.replace('"', "’").replace("”", "’") + "”"


# A double quote at the start or after a space or bracket opens a quotation.
_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[]))["“]')
