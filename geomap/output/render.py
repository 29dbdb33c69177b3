"""Draw sites as a layered, offline, interactive Leaflet map (folium).

The map is a folium ``Map`` with one ``FeatureGroup`` per layer and one small element per
part of the page (:mod:`geomap.output.elements`): assets, basemap, title, jump-to, legend,
time slider, site layers and cordons, each with its own template and script. Python
prepares plain data (:func:`~geomap.output.mapdata.plan`) and the scripts draw it:
markers clustered per layer, our own SVG symbols, escaped popups and tooltips, and the
bundled Natural Earth basemap under the OpenStreetMap tiles. Leaflet and
Leaflet.markercluster are inlined, so the page needs no network. 100,000 sites build in
a few seconds.

Examples
--------
>>> from geomap.models import Site
>>> site = Site(id="nice", name="Nice <b>", kind="city", lat=43.7, lon=7.27, roles=["incident"])
>>> html = map_html(build_map([site], title="Attack & aftermath"))
>>> "<title>Attack &amp; aftermath</title>" in html, "Nice <b>" in html
(True, False)
"""

from __future__ import annotations

import os
from typing import Any

import folium

from geomap.errors import BrowserUnavailable
from geomap.models import LAYERS, Document, Site
from geomap.output.assets import asset_bundle, basemap_json, environment, features_json
from geomap.output.elements import (
    Assets,
    Basemap,
    Cordons,
    FeatureGroup,
    GeomapMap,
    JumpTo,
    LayerControl,
    Layout,
    Legend,
    SiteLayers,
    TileLayer,
    TimeSlider,
    TitlePanel,
)
from geomap.output.ids import stable_ids
from geomap.output.mapdata import (
    AREA_RADIUS_M,
    CSS_SIZE,
    FIT_PADDING,
    LAYER_OF,
    LAYER_TITLES,
    marker_size,
    plan,
    safe_href,
    site_dates,
    site_layers,
)
from geomap.output.records import Places
from geomap.output.snapshot import CHROMIUM, CHROMIUM_ARGS, render_png
from geomap.output.tiles import OSM, TileSource, tile_source

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
    "tile_note",
]

BASEMAP_ATTRIBUTION = "Basemap: Natural Earth (public domain), towns: GeoNames (CC-BY 4.0)"


def _add_tiles(m: folium.Map, source: TileSource) -> TileLayer:
    """The tiles as the base layer, with the bundled basemap alone as the other choice."""
    tiles = TileLayer(source.url, name=source.name, attr=source.attribution,
                      max_zoom=source.max_zoom)  # fmt: skip
    tiles.add_to(m)
    FeatureGroup(name="Bundled basemap only", overlay=False, show=False).add_to(m)
    return tiles


def _tiles(tiles: bool | str | TileSource | None, base: Any) -> TileSource | None:
    if isinstance(tiles, TileSource) or tiles is None:
        return tiles
    if isinstance(tiles, bool):
        return OSM if tiles else None
    return tile_source(tiles, base)


def tile_note(source: TileSource | None) -> str:
    """What the map says about the tiles it requests.

    >>> tile_note(None)
    'No tiles: the bundled basemap only; the map requests nothing.'
    """
    if source is None:
        return "No tiles: the bundled basemap only; the map requests nothing."
    where = "requested from " + source.url.split("/")[2] if source.online else "read from disk"
    return f"Tiles: {source.name}, {where}."


def _add_layers(m: folium.Map, counts: dict[str, int]) -> list[dict[str, Any]]:
    """One ``FeatureGroup`` per layer, in legend order; context starts hidden."""
    symbols: Any = environment().get_template("symbols.j2").module
    layers = []
    for key, layer_title in LAYER_TITLES.items():
        label = str(symbols.layer_label(key, layer_title))
        group = FeatureGroup(name=label, show=key != "context").add_to(m)
        layers.append({"key": key, "title": layer_title, "group": group.get_name(),
                       "colour": symbols.COLOURS[key], "dash": symbols.DASHES[key],
                       "count": counts[key]})  # fmt: skip
    return layers


def _site_data(layout: dict[str, Any], layers: list[dict[str, Any]]) -> dict[str, Any]:
    """What the page's scripts read from ``#geomap-data``."""
    symbols: Any = environment().get_template("symbols.j2").module
    return {
        "layers": layers,
        "roleLayers": LAYER_OF,
        "symbols": {k: str(symbols.symbol_body(k)) for k in LAYERS},
        "sites": layout["records"],
        "cordons": layout["cordons"],
        "jump": layout["jump"],
        "padding": FIT_PADDING,
        "bounds": layout["bounds"],
    }


def build_map(
    sites: list[Site],
    *,
    documents: list[Document] | None = None,
    title: str = "geomap",
    cdn: bool = False,
    tiles: bool | str | TileSource | None = True,
    places: Places | None = None,
    base: str | os.PathLike[str] | None = None,
) -> folium.Map:
    """Build a layered interactive map of sites, self-contained and offline by default.

    Parameters
    ----------
    sites : list of Site
        What to draw. Each site goes into the layer of each of its roles.
    documents : list of Document, optional
        Source documents, for titles and links next to evidence quotes.
    title : str
        Shown on the map and as the page title (escaped). It also seeds the elements'
        ids: the same sites and title write the same page, byte for byte.
    cdn : bool
        Load Leaflet from a CDN and leave out the bundled basemap: a small file that needs
        the network. The default inlines everything.
    tiles : bool, str or TileSource
        ``True``: OpenStreetMap tiles (falling back to the bundled basemap when they fail);
        ``False``: only the bundled basemap, and no request at all; a URL template or a
        folder of z/x/y tiles (see :func:`~geomap.output.tiles.tile_source`).
    places : gazetteer index, optional
        Names the region of each place in its popup.
    base : path, optional
        The folder the page will be written to: evidence links and local tiles are made
        relative to it (or absolute when outside it). Without it, paths stay as given.

    Examples
    --------
    No sites at all still give a map, of Great Britain, with no jump-to or time panel:

    >>> html = map_html(build_map([], title="Nothing yet", tiles=False))
    >>> "tile.openstreetmap.org" in html, 'id="geomap-jump"' in html, "0 places" in html
    (False, False, True)
    >>> html == map_html(build_map([], title="Nothing yet", tiles=False))
    True
    """
    docs = {d.id: d for d in documents or []}
    layout = plan(sites, docs, places=places, base=base)
    source = _tiles(tiles, base)
    with stable_ids(title):
        m = GeomapMap(
            location=layout["centre"], zoom_start=5, tiles=None, zoom_control=False,
            control_scale=True, maxZoom=19, minZoom=2,
        )  # fmt: skip
        m.title = title
        tile_layer = _add_tiles(m, source) if source else None
        layers = _add_layers(m, layout["counts"])
        n_docs = len(docs or {d for s in sites for d in s.documents})
        bundled = not cdn or source is None
        for element in (
            Assets(asset_bundle(cdn)),
            Basemap(basemap_json() if bundled else None, features_json() if bundled else None,
                    tiles=tile_layer, attribution=BASEMAP_ATTRIBUTION),
            TitlePanel(title, n_sites=len(sites), n_docs=n_docs, tiles=tile_note(source)),
            JumpTo(layout["jump"]),
            Legend(layers),
            TimeSlider(layout["time"]),
            Cordons(len(layout["cordons"])),
            SiteLayers(_site_data(layout, layers)),
            LayerControl(position="topright", collapsed=False),
            Layout(),
        ):  # fmt: skip
            element.add_to(m)
    return m


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
