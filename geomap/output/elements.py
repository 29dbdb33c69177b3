"""The parts of a geomap page as small folium elements, one class and one template each.

As in folium's plugins, an element is a ``MacroElement`` whose template has up to three
macros – ``header``, ``html`` and ``script`` – that land in the page's head, body and
closing script. Templates live in ``geomap/templates/map/`` (``<part>.html.j2``), next to
each element's own script (``<part>.js``); ``common.js`` holds the helpers they share in
``window.geomap``. Every class mixes in :class:`~geomap.output.ids.StableId`, so a map
built inside :func:`~geomap.output.ids.stable_ids` names its elements the same way twice.

Examples
--------
>>> from geomap.output.ids import stable_ids
>>> with stable_ids("a title"):
...     m = GeomapMap(location=[0, 0], tiles=None)
...     _ = TimeSlider(None).add_to(m)  # no dates: the element draws nothing
>>> html = m.get_root().render()
>>> "geomap-time" in html, m.get_name()
(False, 'map_46a939301ca2b16d4eabdd7600000001')
"""

from __future__ import annotations

from typing import Any, ClassVar

import folium
from branca.element import Element, Figure, MacroElement
from markupsafe import Markup

from geomap.output.assets import AssetBundle, environment, static_text
from geomap.output.ids import StableId
from geomap.output.mapdata import script_json

__all__ = [
    "Assets",
    "Basemap",
    "Cordons",
    "FeatureGroup",
    "GeomapElement",
    "GeomapMap",
    "JumpTo",
    "LayerControl",
    "Layout",
    "Legend",
    "SiteLayers",
    "TileLayer",
    "TimeSlider",
    "TitlePanel",
]


class GeomapMap(StableId, folium.Map):
    """A folium ``Map`` that links no CDN: :class:`Assets` inlines Leaflet itself."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []
    title = "geomap"


class TileLayer(StableId, folium.TileLayer):
    """folium's ``TileLayer`` with a stable id."""


class FeatureGroup(StableId, folium.FeatureGroup):
    """folium's ``FeatureGroup`` with a stable id: one per map layer."""


class LayerControl(StableId, folium.LayerControl):
    """folium's ``LayerControl`` with a stable id."""


class _Raw(Element):
    """Text inserted as is: folium re-parses rendered macros as Jinja, which data must avoid."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _script(name: str) -> Markup:
    return Markup(static_text(f"map/{name}"))


class GeomapElement(StableId, MacroElement):
    """An element drawn by ``templates/map/<template>`` through geomap's autoescaping Jinja."""

    template: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self._name = type(self).__name__

    @property
    def map(self) -> str:
        """The JavaScript name of the map this element belongs to."""
        assert self._parent is not None, "add the element to a map first"
        return self._parent.get_name()

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map through its Figure"
        module = environment().get_template(f"map/{self.template}").module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                text = str(macro(self, kwargs))
                getattr(figure, part).add_child(_Raw(text), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""  # what the element draws went into the figure's head, body and script


class Assets(GeomapElement):
    """Leaflet and markercluster (inline or from a CDN), page styles and shared helpers."""

    template = "assets.html.j2"

    def __init__(self, bundle: AssetBundle):
        super().__init__()
        self.bundle = bundle
        self.css = [(name, Markup(text)) for name, text in bundle.css]
        self.css.append(("geomap", Markup(static_text("map.css"))))
        self.js = [(name, Markup(text)) for name, text in bundle.js]
        self.js.append(("geomap", _script("common.js")))
        self.js.append(("geomap-labels", _script("labels.js")))
        self.js.append(("geomap-layout", _script("layout.js")))


class Basemap(GeomapElement):
    """The bundled basemap under the tiles; failed tiles let it show through.

    ``land`` is the countries' GeoJSON text and ``features`` the rivers, lakes and town
    names, or ``None`` to leave them out (a CDN map online).
    """

    template = "basemap.html.j2"
    js = _script("basemap.js")

    def __init__(
        self,
        land: str | None,
        features: str | None = None,
        *,
        tiles: TileLayer | None,
        attribution: str,
    ):
        super().__init__()
        # The JSON holds no "<" but in a closing tag; inside <script> that is the one risk.
        self.land = Markup(land.replace("</", "<\\/")) if land is not None else None
        self.features = Markup(features.replace("</", "<\\/")) if features is not None else None
        self.tile_layer = tiles
        self.attribution = script_json(attribution)

    @property
    def tiles(self) -> Markup:
        """The tile layer's JavaScript name, or ``null``."""
        return Markup(self.tile_layer.get_name() if self.tile_layer else "null")


class TitlePanel(GeomapElement):
    """The page title, and a panel with it, the number of places and documents."""

    template = "title.html.j2"

    def __init__(self, title: str, *, n_sites: int, n_docs: int, tiles: str = ""):
        super().__init__()
        self.tiles = tiles
        self.title = title
        self.n_sites = n_sites
        self.n_docs = n_docs


class Legend(GeomapElement):
    """Each layer's symbol, title and count of sites, and how to read areas and sizes."""

    template = "legend.html.j2"

    def __init__(self, layers: list[dict[str, Any]]):
        super().__init__()
        self.layers = layers


class JumpTo(GeomapElement):
    """Buttons that fit the map to each far-apart group of places (none: no panel)."""

    template = "jump.html.j2"
    js = _script("jump.js")

    def __init__(self, groups: list[dict[str, Any]]):
        super().__init__()
        self.groups = groups


class TimeSlider(GeomapElement):
    """Two ranges over the sites' days that hide places outside them (no dates: no panel)."""

    template = "time.html.j2"
    js = _script("time.js")

    def __init__(self, time: dict[str, Any] | None):
        super().__init__()
        self.time = time


class SiteLayers(GeomapElement):
    """The sites as one JSON block, drawn as clustered markers and areas per layer group."""

    template = "sites.html.j2"
    js = [("geomap-popup", _script("popup.js")), ("geomap-sites", _script("sites.js"))]

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self.data = script_json(data)


class Cordons(GeomapElement):
    """Cordon polygons from the site data, for :class:`SiteLayers` to draw into the guarded layer.

    Add it before :class:`SiteLayers`: the polygons go on top of the guarded layer's circles
    and under the next layer's, as one group drawn in order.
    """

    template = "cordons.html.j2"
    js = _script("cordons.js")

    def __init__(self, count: int):
        super().__init__()
        self.count = count


class Layout(GeomapElement):
    """Folds the panels on a small map and fits the first view; add it last."""

    template = "layout.html.j2"
