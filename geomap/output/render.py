"""Draw sites as a layered, offline, interactive Leaflet map (folium).

The map is a folium ``Map`` whose CDN assets are replaced by Leaflet and
Leaflet.markercluster inlined from their ``xstatic`` packages. Python prepares plain data
(one JSON array of sites, cordon polygons, jump-to groups) and ``templates/map.js`` draws
it: one folium ``FeatureGroup`` per layer, markers clustered per layer, our own SVG symbols,
escaped popups and tooltips, a legend, a time slider and the bundled Natural Earth basemap
under the OpenStreetMap tiles. 100,000 sites build in a few seconds.

Examples
--------
>>> from geomap.models import Site
>>> site = Site(id="nice", name="Nice <b>", kind="city", lat=43.7, lon=7.27, roles=["incident"])
>>> html = map_html(build_map([site], title="Attack & aftermath"))
>>> "<title>Attack &amp; aftermath</title>" in html, "Nice <b>" in html
(True, False)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from markupsafe import Markup

from geomap.errors import BrowserUnavailable
from geomap.models import LAYERS, Document, Site
from geomap.output.assets import asset_bundle, basemap_json, environment, static_text
from geomap.output.mapdata import (
    AREA_RADIUS_M,
    CSS_SIZE,
    FIT_PADDING,
    LAYER_OF,
    LAYER_TITLES,
    marker_size,
    plan,
    safe_href,
    script_json,
    site_dates,
    site_layers,
)
from geomap.output.snapshot import CHROMIUM, CHROMIUM_ARGS, render_png

__all__ = [
    "LAYER_TITLES",
    "AREA_RADIUS_M",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "BrowserUnavailable",
    "GeomapMap",
    "build_map",
    "map_html",
    "embed_html",
    "render_png",
    "site_layers",
    "site_dates",
    "safe_href",
    "marker_size",
]


class _Raw(Element):
    """Text inserted as is: folium re-parses rendered macros as Jinja, which data must avoid."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _Page(MacroElement):
    """Head assets, panels, data and ``map.js`` for one geomap page."""

    def __init__(self, context: dict[str, Any]):
        super().__init__()
        self._name = "Geomap"
        self.context = context

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map through its Figure"
        module: Any = environment().get_template("map.html.j2").module
        figure.header.add_child(_Raw(str(module.head(self.context))), name="geomap_head")
        figure.html.add_child(_Raw(str(module.body(self.context))), name="geomap_body")
        figure.script.add_child(_Raw(static_text("map.js")), name="geomap_script")
        return ""


class GeomapMap(folium.Map):
    """A folium ``Map`` that links no CDN: geomap inlines Leaflet itself."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []
    title = "geomap"


def _assets(cdn: bool) -> dict[str, Any]:
    bundle = asset_bundle(cdn)
    return {
        "css": [(name, Markup(text)) for name, text in bundle.css],
        "js": [(name, Markup(text)) for name, text in bundle.js],
        "css_urls": bundle.css_urls,
        "js_urls": bundle.js_urls,
    }


def build_map(
    sites: list[Site],
    *,
    documents: list[Document] | None = None,
    title: str = "geomap",
    cdn: bool = False,
    tiles: bool = True,
) -> folium.Map:
    """Build a layered interactive map of sites, self-contained and offline by default.

    Parameters
    ----------
    sites : list of Site
        What to draw. Each site goes into the layer of each of its roles.
    documents : list of Document, optional
        Source documents, for titles and links next to evidence quotes.
    title : str
        Shown on the map and as the page title (escaped).
    cdn : bool
        Load Leaflet from a CDN and leave out the bundled basemap: a small file that needs
        the network. The default inlines everything.
    tiles : bool
        Add OpenStreetMap tiles (falling back to the bundled basemap when they fail). With
        ``False`` the map shows only the bundled Natural Earth basemap.

    Examples
    --------
    >>> m = build_map([], title="Nothing yet", tiles=False)
    >>> "tile.openstreetmap.org" in map_html(m)
    False
    """
    docs = {d.id: d for d in documents or []}
    layout = plan(sites, docs)
    ids = _StableIds(title)
    m = GeomapMap(
        location=layout["centre"], zoom_start=5, tiles=None, zoom_control=False,
        control_scale=True, maxZoom=19, minZoom=2,
    )  # fmt: skip
    m._id = next(ids)
    m.title = title
    tile_layer = None
    if tiles:
        tile_layer = folium.TileLayer("OpenStreetMap", name="OpenStreetMap", max_zoom=19)
        tile_layer._id = next(ids)
        tile_layer.add_to(m)
        basemap_only = folium.FeatureGroup(name="Bundled basemap only", overlay=False, show=False)
        basemap_only._id = next(ids)
        basemap_only.add_to(m)
    symbols: Any = environment().get_template("symbols.j2").module
    layers = []
    for key, layer_title in LAYER_TITLES.items():
        label = str(symbols.layer_label(key, layer_title))
        group = folium.FeatureGroup(name=label, show=key != "context")
        group._id = next(ids)
        group.add_to(m)
        layers.append({"key": key, "title": layer_title, "group": group.get_name(),
                       "colour": symbols.COLOURS[key], "dash": symbols.DASHES[key],
                       "count": layout["counts"][key]})  # fmt: skip
    config = {
        "map": m.get_name(),
        "tiles": tile_layer.get_name() if tile_layer else None,
        "layers": layers,
        "roleLayers": LAYER_OF,
        "symbols": {k: str(symbols.symbol_body(k)) for k in LAYERS},
        "sites": layout["records"],
        "cordons": layout["cordons"],
        "jump": layout["jump"],
        "basemapAttribution": "Basemap: Natural Earth (public domain)",
        "padding": FIT_PADDING,
        "bounds": layout["bounds"],
    }
    basemap = None
    if not cdn or not tiles:
        basemap = Markup(basemap_json().replace("</", "<\\/"))
    context = {
        "title": title, "assets": _assets(cdn), "css": Markup(static_text("map.css")),
        "layers": layers, "jump": layout["jump"], "time": layout["time"], "n_sites": len(sites),
        "n_docs": len(docs or {d for s in sites for d in s.documents}),
        "data_json": script_json(config), "basemap": basemap,
    }  # fmt: skip
    _Page(context).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    m.fit_bounds(layout["bounds"], max_zoom=14, padding_top_left=FIT_PADDING[0],
                 padding_bottom_right=FIT_PADDING[1])  # fmt: skip
    # What folium added on its own gets a stable id too: the same input writes the same
    # file, byte for byte, so maps diff cleanly and cache well.
    for element in _tree(m.get_root()):
        if not element._id.startswith(ids.prefix):  # type: ignore[attr-defined]
            element._id = next(ids)
    return m


class _StableIds(Iterator[str]):
    """Element ids from the map's title and a counter, in place of folium's random ones."""

    def __init__(self, title: str) -> None:
        self.prefix = hashlib.sha1(title.encode("utf-8")).hexdigest()[:24]
        self.n = 0

    def __next__(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:08x}"


def _tree(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _tree(child)


def map_html(m: folium.Map) -> str:
    """Return the full, self-contained HTML page of a map."""
    return m.get_root().render()


def embed_html(m: folium.Map, *, height: str = "600px") -> str:
    """Return an ``<iframe>`` that carries the whole map page in ``srcdoc``, escaped.

    Examples
    --------
    >>> fragment = embed_html(build_map([], title='"quoted"', tiles=False))
    >>> fragment.startswith('<iframe class="geomap-embed" title="&#34;quoted&#34;"')
    True
    """
    if not CSS_SIZE.match(height):
        raise ValueError(f"height={height!r}: give a CSS length such as '600px' or '80vh'")
    template = environment().get_template("embed.html.j2")
    title = getattr(m, "title", "Map")
    return template.render(html=map_html(m), title=title, height=height).strip()
