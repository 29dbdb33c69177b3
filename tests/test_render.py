"""Fast tests of the map and report HTML: structure, offline assets, escaping, sizes."""

from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser

import pytest
import shapely

from geomap.errors import GeomapError, OutputError
from geomap.models import Event, Site
from geomap.output.render import (
    AREA_RADIUS_M,
    LAYER_TITLES,
    BrowserUnavailable,
    build_map,
    embed_html,
    map_html,
    render_png,
    safe_href,
    site_layers,
)
from geomap.output.report import build_report

MB = 1024 * 1024


class Tags(HTMLParser):
    """Every tag with its attributes, outside script and style text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def data_of(page: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="geomap-data">(.*?)</script>', page, re.S
    )
    assert match, "no geomap-data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def seeds_html(seed_sites, seed_documents) -> str:
    return map_html(build_map(seed_sites, documents=seed_documents, title="Operation Temperer"))


@pytest.fixture(scope="module")
def seeds_data(seeds_html) -> dict:
    return data_of(seeds_html)


@pytest.fixture(scope="module")
def hostile_html(hostile, hostile_strings) -> str:
    sites, docs = hostile
    return map_html(build_map(sites, documents=docs, title=" ".join(hostile_strings)))


def by_name(data: dict) -> dict[str, dict]:
    return {site["name"]: site for site in data["sites"]}


# ---- layers ----


def test_every_layer_is_a_feature_group_in_the_layer_control(seed_sites):
    m = build_map(seed_sites)
    groups = {
        title: child
        for child in m._children.values()
        for title in LAYER_TITLES.values()
        if html.escape(title, quote=False) + "<" in getattr(child, "layer_name", "")
    }
    assert set(groups) == set(LAYER_TITLES.values())
    assert [title for title, g in groups.items() if not g.show] == ["Context"]
    page = map_html(m)
    assert "L.control.layers(" in page and '"collapsed": false' in page


@pytest.mark.parametrize(
    "name, layers",
    [
        ("Buckingham Palace", ["guarded", "patrols"]),
        ("Manchester Arena", ["incidents"]),
        ("Westminster", ["guarded"]),
        ("Wembley", ["standby"]),
        ("Palace of Westminster", ["guarded", "closures"]),
        ("London", ["patrols"]),  # context does not count next to a real role
        ("Nice", ["incidents"]),
        ("Paris", ["context"]),
    ],
)
def test_site_goes_into_the_layer_of_each_role(seeds_data, name, layers):
    assert by_name(seeds_data)[name]["layers"] == layers


@pytest.mark.parametrize(
    "roles, events, expected",
    [
        (["guard", "cordon"], [], ["guarded"]),
        (["context"], [], ["context"]),
        ([], [], ["context"]),
        (["closure"], ["incident"], ["incidents", "closures"]),
    ],
)
def test_site_layers(roles, events, expected):
    site = Site(id="s", name="S", kind="site", lat=0, lon=0, roles=roles,
                events=[Event(id=f"e{i}", role=r) for i, r in enumerate(events)])  # fmt: skip
    assert site_layers(site) == expected


def test_legend_counts_sites_per_layer(seeds_data):
    counts = {layer["key"]: layer["count"] for layer in seeds_data["layers"]}
    assert counts == {"incidents": 2, "guarded": 5, "patrols": 3, "standby": 1,
                      "closures": 1, "protests": 0, "context": 2}  # fmt: skip


# ---- symbols, areas, cordons, jump-to, time ----


def test_each_layer_has_its_own_svg_symbol_and_colour(seeds_data):
    symbols = seeds_data["symbols"]
    colours = [layer["colour"] for layer in seeds_data["layers"]]
    assert len(set(symbols.values())) == len(LAYER_TITLES) == len(set(colours))
    assert all(body.startswith(("<path", "<circle")) for body in symbols.values())


def test_no_icon_fonts_or_default_markers(seeds_html):
    for banned in ("font-awesome", "fontawesome", "glyphicon", "awesome-markers", "bootstrap",
                   "jquery", "awesome_markers"):  # fmt: skip
        assert banned not in seeds_html.lower()


def test_marker_size_grows_with_documents(seeds_data):
    sites = by_name(seeds_data)
    assert (
        sites["Manchester Arena"]["size"]
        > sites["Buckingham Palace"]["size"]
        > sites["Wembley"]["size"]
    )


@pytest.mark.parametrize("name, radius", [("London", 10_000), ("Wembley", 2_000)])
def test_areas_are_circles_scaled_by_kind(seeds_data, name, radius):
    assert (
        by_name(seeds_data)[name]["radius"]
        == radius
        == AREA_RADIUS_M[by_name(seeds_data)[name]["kind"]]
    )
    assert "radius" not in by_name(seeds_data)["Buckingham Palace"]


@pytest.mark.parametrize(
    "kind, country, expected",
    [
        ("country", "FR", {"shade": "FR", "areas": ["incidents"]}),
        ("continent", None, {}),  # its symbol alone: a circle of 1,500 km says nothing
        ("country", None, {}),  # no outline to shade without a country code
        ("region", "FR", {"radius": 100_000, "areas": ["incidents"]}),
    ],
)
def test_countries_are_shaded_and_continents_get_no_circle(kind, country, expected):
    site = Site(id="x", name="X", kind=kind, lat=46, lon=2, country=country, roles=["incident"])
    (rec,) = data_of(map_html(build_map([site], tiles=False)))["sites"]
    got = {k: rec[k] for k in ("shade", "radius", "areas") if k in rec}
    assert got == expected
    assert max(AREA_RADIUS_M.values()) <= 300_000


def test_westminster_cordon_encloses_the_guarded_sites_around_it(seeds_data):
    (cordon,) = seeds_data["cordons"]
    ring = shapely.Polygon([(lon, lat) for lat, lon in cordon["ring"]])
    sites = by_name(seeds_data)
    inside = {name for name, s in sites.items() if ring.contains(shapely.Point(s["lon"], s["lat"]))}
    assert {"Palace of Westminster", "St Stephen's Entrance", "Downing Street", "Buckingham Palace",
            "Westminster"} <= inside  # fmt: skip
    assert "Wembley" not in inside and "Manchester Arena" not in inside
    assert ring.is_valid and ring.area < 0.001  # a few km², not a city
    assert "guarded" not in sites["Westminster"]["areas"]  # the polygon replaces the circle


def test_jump_to_buttons_for_far_apart_groups(seeds_html, seeds_data):
    assert [group["label"] for group in seeds_data["jump"]] == ["London", "Manchester", "Nice"]
    assert 'id="geomap-jump"' in seeds_html


def test_no_jump_to_when_everything_is_close(seed_sites):
    london = [s for s in seed_sites if s.id in ("buckingham-palace", "downing-street")]
    assert data_of(map_html(build_map(london)))["jump"] == []


def test_time_slider_spans_the_event_dates(seeds_html):
    assert 'id="geomap-time-from"' in seeds_html
    assert "2016-08-03 – 2017-05-24" in seeds_html


def test_popup_data_carries_numbers_dates_and_quotes(seeds_data):
    arena = by_name(seeds_data)["Manchester Arena"]
    assert arena["events"] == [{"role": "incident", "killed": 22, "injured": 59,
                                "first": "2017-05-22", "last": "2017-05-22"}]  # fmt: skip
    palace = by_name(seeds_data)["Buckingham Palace"]
    assert palace["roles"] == [["guard", "military"], ["deployment", "police"]]
    quote = palace["evidence"][0]
    assert (
        quote["doc"] == "000_9d5c6bd36721f7e0" and quote["href"] == "seeds/000_9d5c6bd36721f7e0.txt"
    )
    assert quote["quote"].startswith("The military will guard key London sites")
    assert quote["title"] == "Military to guard key London sites"


# ---- offline, self-contained ----


# The only absolute URLs a saved map may contain, none of them fetched on load.
ALLOWED_URLS = (
    "https://tile.openstreetmap.org/",  # the tile URL template, used only online
    "https://www.openstreetmap.org/copyright",  # attribution link
    "https://leafletjs.com",  # Leaflet's attribution link, inside its source
    "https://bugzilla.mozilla.org/",  # a comment inside Leaflet's source
    "http://www.w3.org/2000/svg",  # SVG namespace
)


def test_no_external_src_or_stylesheet(seeds_html):
    for tag, attrs in Tags(seeds_html).tags:
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    urls = re.findall(r"https?://[^\s\"')]+", seeds_html)
    assert urls and all(url.startswith(ALLOWED_URLS) for url in urls), set(urls)
    assert "markerClusterGroup" in seeds_html  # markercluster is inlined


def test_basemap_is_bundled_and_tiles_optional(seed_sites):
    with_tiles = map_html(build_map(seed_sites))
    without = map_html(build_map(seed_sites, tiles=False))
    assert 'id="geomap-basemap"' in with_tiles and 'id="geomap-basemap"' in without
    assert "tile.openstreetmap.org" in with_tiles and "tile.openstreetmap.org" not in without
    assert "United Kingdom" in without


def test_cdn_mode_is_small_and_links_pinned_versions(seed_sites):
    page = map_html(build_map(seed_sites, cdn=True))
    srcs = [a["src"] for tag, a in Tags(page).tags if tag == "script" and a.get("src")]
    assert srcs == [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js",
    ]
    assert len(page) < 60_000


def test_seeds_map_size(seeds_html):
    assert 300_000 < len(seeds_html.encode()) <= 1.5 * MB


# ---- escaping ----


def test_hostile_strings_never_become_markup(hostile_html, hostile_strings):
    tags = Tags(hostile_html).tags
    assert not [a for t, a in tags if t == "img"]
    assert not [a for t, a in tags for k in a if k.startswith("on")]
    for text in hostile_strings:
        assert (text in hostile_html) == (not re.search(r"[<>]", text)), text  # tags never survive
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;" in hostile_html
    # folium re-parses rendered templates as Jinja: the data must come through verbatim.
    data = data_of(hostile_html)
    assert data["sites"][3]["name"] == hostile_strings[3] and "49jinja" not in hostile_html
    assert not [e for s in data["sites"] for e in s["evidence"] if "href" in e]


def test_hostile_strings_in_jump_and_legend_are_escaped(hostile):
    sites, docs = hostile
    far = sites[0].model_copy(update={"lat": 43.7, "lon": 7.27})
    page = map_html(build_map([far, *sites[1:]], documents=docs))
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;</button>" in page


@pytest.mark.parametrize(
    "target, expected",
    [
        ("seeds/000_x.txt", "seeds/000_x.txt"),
        ("/srv/news/a b.txt", "file:///srv/news/a%20b.txt"),
        ("https://example.org/x?y=1", "https://example.org/x?y=1"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("  java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ('"><img src=x onerror=alert(1)>', "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"),
        ("", None),
        (None, None),
    ],
)
def test_safe_href(target, expected):
    assert safe_href(target) == expected


def test_embed_html_escapes_the_whole_page(seed_sites):
    m = build_map(seed_sites, title='Quotes " and <tags>')
    fragment = embed_html(m)
    assert fragment.startswith("<iframe") and fragment.endswith("</iframe>")
    assert fragment.count("<") == 2  # the iframe's own tags: everything else is escaped
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', fragment).group(1))
    assert srcdoc.startswith("<!DOCTYPE html>") and 'id="geomap-data"' in srcdoc
    with pytest.raises(ValueError, match="height"):
        embed_html(m, height="1px;background:url(x)")


# ---- report ----


def test_report_has_map_summary_timeline_and_evidence(seed_sites, seed_documents):
    page = build_report(seed_sites, seed_documents, title="Operation Temperer")
    assert "<iframe" in page and "srcdoc=" in page
    for text in ("<h2>Summary</h2>", "<h2>Timeline</h2>", '<svg class="timeline"',
                 "special forces", "22 killed, 59 injured", "ring of steel around Westminster",
                 "the UK&#39;s terror threat being raised to"):  # fmt: skip
        assert text in page, text
    chronology = page[page.index('class="chronology"') :]
    assert (
        chronology.index("2016-08-03")
        < chronology.index("2017-05-22")
        < chronology.index("2017-05-23")
    )
    assert not [
        a for t, a in Tags(page).tags if t in ("script", "link") and a.get("src", a.get("href"))
    ]


def test_report_escapes_hostile_strings(hostile, hostile_strings):
    sites, docs = hostile
    page = build_report(sites, docs, title=hostile_strings[0])
    outside = re.sub(r'srcdoc="[^"]*"', "", page)
    assert "<script" not in outside and "<img" not in outside and "javascript:" not in outside
    assert "<h1>&lt;script&gt;window.__pwned=1&lt;/script&gt;</h1>" in page


def test_report_without_dates(seed_sites):
    page = build_report(seed_sites[-2:], [], title="Context only")
    assert "No dated events" in page


# ---- speed and errors ----


def many_sites(n: int) -> list[Site]:
    roles = ["incident", "guard", "cordon", "patrol", "standby", "closure", "context"]
    return [
        Site(id=f"s{i}", name=f"Site {i}", kind="city" if i % 10 == 0 else "site",
             lat=50 + (i * 7919 % 6000) / 1000, lon=-5 + (i * 104729 % 6500) / 1000,
             roles=[roles[i % len(roles)]], documents=[f"d{i % 300}"])
        for i in range(n)
    ]  # fmt: skip


def test_ten_thousand_sites_build_quickly():
    sites = many_sites(10_000)
    start = time.perf_counter()
    page = map_html(build_map(sites))
    assert time.perf_counter() - start < 3.0
    assert len(data_of(page)["sites"]) == 10_000


@pytest.mark.slow
def test_hundred_thousand_sites_build_within_ten_seconds():
    sites = many_sites(100_000)
    start = time.perf_counter()
    m = build_map(sites)
    assert time.perf_counter() - start < 10.0
    assert len(m._children) < 20  # one data array, not 100,000 folium objects


def test_render_png_without_a_browser_says_how_to_fix(tmp_path):
    page = tmp_path / "map.html"
    page.write_text("<p>x</p>")
    with pytest.raises(BrowserUnavailable, match="apt-get install chromium") as info:
        render_png(page, tmp_path / "map.png", executable=str(tmp_path / "no-chromium"))
    assert isinstance(info.value, OutputError) and isinstance(info.value, GeomapError)


def test_the_same_sites_write_the_same_page(seed_sites, seed_documents, seeds_html) -> None:
    # folium names elements with random ids; a map file must not change between runs.
    again = map_html(build_map(seed_sites, documents=seed_documents, title="Operation Temperer"))
    assert again == seeds_html
    ids = set(re.findall(r"\b(?:map|feature_group|tile_layer)_([0-9a-f]{32})\b", again))
    assert len(ids) >= 7
    # Another title, other ids: two maps pasted into one page do not collide.
    other = map_html(build_map(seed_sites, documents=seed_documents, title="Other"))
    assert not ids & set(re.findall(r"\bmap_([0-9a-f]{32})\b", other))
