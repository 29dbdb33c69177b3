"""The map page's elements (geomap.output.elements), one at a time and as build_map lays them."""

from __future__ import annotations

import re

import pytest

from geomap.models import LAYERS
from geomap.output.assets import asset_bundle
from geomap.output.elements import (
    Assets,
    Basemap,
    Cordons,
    GeomapElement,
    GeomapMap,
    JumpTo,
    Legend,
    SiteLayers,
    TileLayer,
    TimeSlider,
    TitlePanel,
)
from geomap.output.ids import stable_ids
from geomap.output.render import build_map, map_html

TIME = {"min": 17000, "max": 17010, "first": "2016-07-18", "last": "2016-07-28"}
LAYER = {"key": "incidents", "title": "Incidents", "count": 3}


def parts(element: GeomapElement) -> dict[str, str]:
    """Render one element on an empty map; what it put in the head, body and script."""
    with stable_ids("parts"):
        m = GeomapMap(location=[0, 0], tiles=None)
        element.add_to(m)
    figure = m.get_root()
    figure.render()
    name = element.get_name()
    return {
        part: (child.render() if (child := getattr(figure, part)._children.get(name)) else "")
        for part in ("header", "html", "script")
    }


@pytest.mark.parametrize(
    "make, header, html, script",
    [
        (lambda: TitlePanel("A & B", n_sites=1, n_docs=2), "<title>A &amp; B</title>",
         "1 place · 2 documents", 'geomap.panel(map_'),
        (lambda: TitlePanel("x", n_sites=0, n_docs=1), "<title>x</title>", "0 places · 1 document<",
         "L.control.zoom("),
        (lambda: Legend([LAYER]), "", '<span class="gm-count">3</span>', '"geomap-legend", "bottomleft"'),
        (lambda: JumpTo([{"label": "<b>Nice</b>", "bounds": [[0, 0], [1, 1]]}]),
         'data-asset="geomap-jump"', "&lt;b&gt;Nice&lt;/b&gt;</button>", 'geomap.jumpTo(map_'),
        (lambda: TimeSlider(TIME), 'data-asset="geomap-time"', 'min="17000" max="17010"',
         'geomap.timeSlider(map_'),
        (lambda: SiteLayers({"sites": [{"name": "</script><b>"}]}), 'data-asset="geomap-sites"',
         '"name":"\\u003c/script\\u003e\\u003cb\\u003e"', "geomap.drawSites(map_"),
        (lambda: Cordons(2), 'data-asset="geomap-cordons"', "", "geomap.addCordons();"),
        (lambda: Basemap('{"a":"</x>"}', tiles=None, attribution="NE & co"),
         'data-asset="geomap-basemap"', '{"a":"<\\/x>"}', ', null, "NE \\u0026 co");'),
        (lambda: Assets(asset_bundle(True)), 'href="https://cdn.jsdelivr.net/npm/leaflet@', "", ""),
    ],
)  # fmt: skip
def test_each_element_draws_its_own_parts(make, header, html, script):
    got = parts(make())
    for part, expected in (("header", header), ("html", html), ("script", script)):
        assert expected in got[part], (part, got[part][:300])
        if not expected:
            assert expected == got[part].strip(), part


@pytest.mark.parametrize(
    "make",
    [
        lambda: JumpTo([]),
        lambda: TimeSlider(None),
        lambda: Cordons(0),
    ],
)
def test_an_element_with_nothing_to_show_draws_nothing(make):
    assert {part: text.strip() for part, text in parts(make()).items()} == {
        "header": "", "html": "", "script": ""
    }  # fmt: skip


def test_a_basemap_left_out_still_watches_the_tiles():
    with stable_ids("tiles"):
        tiles = TileLayer("OpenStreetMap")
    got = parts(Basemap(None, tiles=tiles, attribution="x"))
    assert 'id="geomap-basemap"' not in got["html"]
    assert "geomap.basemap(map_" in got["script"]
    assert tiles.get_name() in got["script"]


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# gone #}"])
def test_rendered_parts_are_not_parsed_as_jinja_again(text):
    page = map_html(build_map([], title=text, tiles=False))
    assert f"<title>{text}</title>" in page and "49" not in page.split("<title>")[1][:20]


def test_build_map_lays_out_one_element_per_part_in_order(seed_sites):
    m = build_map(seed_sites)
    kinds = [type(child).__name__ for child in m._children.values()]
    assert kinds == [
        "TileLayer", "FeatureGroup", *["FeatureGroup"] * len(LAYERS), "Assets", "Basemap", "TitlePanel",
        "JumpTo", "Legend", "TimeSlider", "Cordons", "SiteLayers", "LayerControl", "Layout",
    ]  # fmt: skip


def test_every_element_id_is_stable_and_seeded_by_the_title(seed_sites):
    first = build_map(seed_sites, title="T")
    again = build_map(seed_sites, title="T")
    names = [child.get_name() for child in first._children.values()]
    assert names == [child.get_name() for child in again._children.values()]
    prefix = first.get_name().removeprefix("map_")[:24]
    assert all(re.search(rf"_{prefix}[0-9a-f]{{8}}$", name) for name in names)


@pytest.mark.parametrize("tiles, cdn, basemap", [(True, False, True), (False, False, True),
                                                 (True, True, False), (False, True, True)])  # fmt: skip
def test_the_basemap_is_inlined_unless_a_cdn_map_has_tiles(seed_sites, tiles, cdn, basemap):
    page = map_html(build_map(seed_sites[:3], tiles=tiles, cdn=cdn))
    assert ('id="geomap-basemap"' in page) == basemap


def test_build_map_takes_keywords_after_the_sites():
    with pytest.raises(TypeError):
        build_map([], [], "title")  # type: ignore[misc]
