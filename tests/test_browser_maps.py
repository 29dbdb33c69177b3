"""The real output of ``geomap map`` and ``geomap report``, read in headless Chromium offline.

Two corpora go through the whole pipeline and the command line: the seeds (London and
Manchester, May 2017) and the multi-country articles of ``tests/fixtures/beyond``
(Barcelona, Brussels, Washington, Kabul, Beirut, Paris…). What the browser shows is
checked against what :func:`geomap.extract` says of the same files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from click.testing import CliRunner

import geomap
from geomap.cli.commands import main
from geomap.models import LAYERS
from geomap.output.records import site_layers

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
BEYOND = ROOT / "tests" / "fixtures" / "beyond"
MB = 1024 * 1024
SIZES = [(1200, 800), (768, 600), (390, 844), (750, 500)]

COUNT = """key => {
  const pane = document.querySelector('.leaflet-marker-pane');
  let n = pane.querySelectorAll('.gm-marker.gm-' + key).length;
  for (const badge of pane.querySelectorAll('.gm-cluster.gm-' + key + ' .gm-badge')) n += +badge.textContent;
  return n;
}"""
SHOW_ALL = """() => {
  const sites = geomap.data().sites;
  geomap.map.fitBounds(L.latLngBounds(sites.map(s => [s.lat, s.lon])).pad(0.2), {animate: false});
}"""
VIEW = """() => {
  const m = geomap.map, b = m.getBounds(), circles = [];
  m.eachLayer(l => { if (l instanceof L.Circle) circles.push(l.getRadius()); });
  return {zoom: m.getZoom(), circles: circles,
          contains: pts => pts.every(p => b.contains(p)),
          bounds: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]};
}"""
PANELS = """() => {
  const boxes = [...document.querySelectorAll('.gm-panel, .leaflet-control-layers, .leaflet-control-zoom')]
    .filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect();
                return {id: e.id || e.className.split(' ')[0], l: r.left, t: r.top, r: r.right, b: r.bottom}; });
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) out.push(a.id + ' x ' + b.id);
  }
  return out;
}"""
# A marker whose centre is inside the window and is what a tap there would hit.
MARKERS_ON_TOP = """() => [...document.querySelectorAll('.gm-marker, .gm-cluster')].filter(e => {
  const r = e.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (!r.width || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const top = document.elementFromPoint(x, y);
  return top && e.contains(top);
}).length"""
LABELS = """() => {
  const shown = [...document.querySelectorAll('.gm-site-label')];
  const boxes = shown.map(e => e.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
  }
  return {names: shown.map(e => e.textContent), overlaps: overlaps};
}"""


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """The commands' own output: seeds read from the repository (outside the maps' folder)
    and from a copy inside it, the multi-country corpus, and a report."""
    out = tmp_path_factory.mktemp("maps")
    inside = out / "articles"
    shutil.copytree(ROOT / "seeds", inside / "seeds")
    shutil.copytree(BEYOND, inside / "beyond", ignore=shutil.ignore_patterns("*.json"))
    paths = {name: out / f"{name}.html" for name in
             ("seeds", "offline", "inside", "world", "report")}  # fmt: skip
    run("map", str(ROOT / "seeds"), "-o", str(paths["seeds"]))
    run("map", str(ROOT / "seeds"), "-o", str(paths["offline"]), "--no-tiles")
    run("map", str(inside / "seeds"), "-o", str(paths["inside"]), "--no-tiles")
    run("map", str(inside / "beyond"), "-o", str(paths["world"]), "--no-tiles")
    run("report", str(ROOT / "seeds"), "-o", str(paths["report"]))
    paths["world-inputs"] = inside / "beyond"
    return paths


@pytest.fixture
def page_at(browser):
    """Open a page at a viewport size, offline; yields an opener and what it requested."""
    contexts = []

    def open_(path: Path, width: int = 1200, height: int = 800):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:")) else r.abort())  # fmt: skip
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        frame = page.frames[-1]
        frame.wait_for_function("window.geomapReady === true && window.geomapBasemapReady")
        frame.wait_for_timeout(300)
        return page, frame, requests, errors

    yield open_
    for context in contexts:
        context.close()


def layer_counts(frame) -> dict[str, int]:
    frame.evaluate(SHOW_ALL)
    frame.wait_for_timeout(400)
    return {key: frame.evaluate(COUNT, key) for key in LAYERS}


def expected_counts(inputs: list[str]) -> dict[str, int]:
    ex = geomap.extract(inputs)
    counts = dict.fromkeys(LAYERS, 0)
    for site in ex.sites:
        for key in site_layers(site):
            counts[key] += 1
    counts["context"] = 0  # the context layer starts hidden
    return counts


# ---- the seeds ----


@pytest.mark.parametrize("width, height", SIZES)
def test_first_view_holds_london_and_manchester_and_no_big_circle(page_at, written, width, height):
    page, frame, _, errors = page_at(written["seeds"], width, height)
    view = frame.evaluate(VIEW)
    inside = frame.evaluate(
        "() => [[51.507, -0.128], [53.48, -2.24]].every(p => geomap.map.getBounds().contains(p))"
    )
    assert errors == [] and inside and view["zoom"] >= 5
    assert max(view["circles"]) <= 300_000  # countries are shaded, continents get no circle
    page.screenshot(path=f"/tmp/geomap-first-view-{width}x{height}.png")


@pytest.mark.parametrize("width, height", SIZES)
def test_no_two_panels_overlap(page_at, written, width, height):
    page, frame, _, _ = page_at(written["seeds"], width, height)
    assert frame.evaluate(PANELS) == []
    assert frame.evaluate(MARKERS_ON_TOP) >= 1


def test_phone_panels_fold_and_unfold(page_at, written):
    page, frame, _, _ = page_at(written["seeds"], 390, 844)
    assert frame.locator("#geomap-legend").get_attribute("open") is None  # folded
    assert frame.evaluate(MARKERS_ON_TOP) >= 1
    frame.locator("#geomap-legend summary").click()
    assert frame.locator("#geomap-legend").get_attribute("open") is not None
    frame.locator(".leaflet-control-layers-toggle").click()
    assert frame.locator(".leaflet-control-layers-expanded").count() == 1


def test_westminster_at_zoom_15_is_labelled_without_hovering(page_at, written):
    page, frame, _, _ = page_at(written["offline"])
    frame.evaluate("() => { geomap.map.setView([51.5010, -0.1330], 15, {animate: false}); }")
    frame.wait_for_timeout(300)
    labels = frame.evaluate(LABELS)
    famous = {"Buckingham Palace", "Downing Street", "Palace of Westminster"}
    assert len(famous & set(labels["names"])) >= 2 and labels["overlaps"] == 0
    page.screenshot(path="/tmp/geomap-westminster-z15.png")


def test_the_offline_basemap_draws_the_thames_and_town_names(page_at, written):
    page, frame, _, _ = page_at(written["offline"])
    frame.evaluate("() => { geomap.map.setView([51.48, -0.2], 10, {animate: false}); }")
    frame.wait_for_timeout(300)
    # The water canvas is painted where the Thames runs through London (Natural Earth 50m).
    blue = frame.evaluate("""() => {
      const c = document.querySelector('.leaflet-gmWater-pane canvas');
      const ctx = c.getContext('2d'), m = geomap.map;
      let hits = 0;
      for (let lon = -0.45; lon <= 0.1; lon += 0.05) for (let lat = 51.40; lat <= 51.55; lat += 0.005) {
        const p = m.latLngToLayerPoint([lat, lon]).subtract(L.DomUtil.getPosition(c));
        const d = ctx.getImageData(Math.round(p.x * devicePixelRatio), Math.round(p.y * devicePixelRatio), 1, 1).data;
        if (d[3] > 0 && d[2] > d[0]) { hits++; break; }
      }
      return hits;
    }""")  # fmt: skip
    assert blue >= 8  # the river crosses most columns of the box
    towns = frame.evaluate(
        "() => [...document.querySelectorAll('.gm-town')].map(e => e.textContent)"
    )
    assert {"Croydon", "Reading"} & set(towns) or len(towns) >= 5
    page.screenshot(path="/tmp/geomap-thames-z10.png")


def test_no_tiles_makes_no_request(page_at, written):
    page, frame, requests, errors = page_at(written["offline"])
    frame.evaluate("() => { geomap.map.setView([51.5, -0.13], 14, {animate: false}); }")
    frame.wait_for_timeout(500)
    assert errors == [] and requests == [written["offline"].as_uri()]
    assert "the map requests nothing" in frame.locator("#geomap-title").inner_text()


def test_tiles_are_requested_only_from_the_source_the_map_names(page_at, written):
    page, frame, requests, _ = page_at(written["seeds"])
    outside = [u for u in requests if not u.startswith("file:")]
    assert outside and all(u.startswith("https://tile.openstreetmap.org/") for u in outside)
    assert "requested from tile.openstreetmap.org" in frame.locator("#geomap-title").inner_text()


def links(frame) -> list[str]:
    return frame.evaluate(
        "() => geomap.data().sites.flatMap(s => (s.evidence || []).map(e => e.href)).filter(Boolean)"
    )


@pytest.mark.parametrize("name", ["seeds", "inside"])
def test_every_evidence_link_opens_an_existing_file(page_at, written, name):
    page, frame, _, _ = page_at(written[name])
    hrefs = links(frame)
    assert hrefs
    for href in hrefs:
        url = urljoin(written[name].as_uri(), href)
        assert Path(unquote(urlparse(url).path)).is_file(), href
    relative = all(not h.startswith("file:") for h in hrefs)
    assert relative is (name == "inside")  # under the map's folder: relative, else absolute
    page.goto(urljoin(written[name].as_uri(), hrefs[0]))
    assert "London" in page.content() or "Manchester" in page.content()


def test_maps_stay_under_two_megabytes(written):
    for name in ("seeds", "offline", "world"):
        assert written[name].stat().st_size < 2 * MB, name


def test_a_popup_tells_the_place_apart_and_names_each_role_once(page_at, written):
    page, frame, _, _ = page_at(written["offline"])
    text = frame.evaluate("""() => {
      const s = geomap.data().sites.find(s => s.name === 'Palace of Westminster');
      return geomap.popupHtml(s);
    }""")
    assert "City of Westminster" in text and "GB" in text and "51.49" in text and "°N" in text
    assert "about 100 m" in text and "key_sites.csv" in text
    roles = text[text.index('<ul class="gm-roles">') : text.index("</ul>")]
    assert roles.count("closure") == roles.count("closure (police)") == 1


def test_the_slider_says_what_it_hides_and_undated_places_can_go(page_at, written):
    page, frame, _, _ = page_at(written["offline"])
    panel = frame.locator("#geomap-time").inner_text()
    assert "Hides places dated outside the range." in panel
    assert re.search(
        r"Show \d+ undated places \((Europe|Nice|Paris|Munich|Belgium|France|Germany)", panel
    )
    dated = frame.evaluate(
        "() => geomap.data().sites.filter(s => s.layers.includes('incidents') && s.t0 != null).length"
    )
    assert layer_counts(frame)["incidents"] > dated
    frame.locator("#geomap-time-undated").uncheck()
    assert layer_counts(frame)["incidents"] == dated


def test_jump_to_puts_the_busiest_places_first(page_at, written):
    page, frame, _, _ = page_at(written["seeds"])
    frame.locator("#geomap-jump summary").wait_for()
    names = frame.locator("#geomap-jump button").all_inner_texts()
    assert names[:2] == ["London", "Manchester"]


def test_seeds_layer_counts_match_extract(page_at, written):
    page, frame, _, _ = page_at(written["offline"])
    assert layer_counts(frame) == expected_counts([str(ROOT / "seeds")])


# ---- the multi-country corpus ----


def test_multi_country_map_matches_extract_and_opens_on_current_events(page_at, written):
    page, frame, _, errors = page_at(written["world"])
    data = frame.evaluate(
        "() => geomap.data().sites.map(s => [s.name, s.kind, s.layers, !!s.past, s.lat, s.lon])"
    )
    current = [(lat, lon) for _, kind, layers, past, lat, lon in data
               if kind in ("site", "district", "city") and layers != ["context"] and not past]  # fmt: skip
    assert len({round(lon) for _, lon in current}) > 3  # places far apart: several countries
    inside = frame.evaluate("pts => pts.every(p => geomap.map.getBounds().contains(p))", current)
    assert errors == [] and inside and max(frame.evaluate(VIEW)["circles"] or [0]) <= 300_000
    assert frame.evaluate(PANELS) == []
    assert layer_counts(frame) == expected_counts([str(written["world-inputs"])])
    page.screenshot(path="/tmp/geomap-world.png")


@pytest.mark.parametrize("width, height", [(390, 844), (768, 600)])
def test_multi_country_map_on_small_screens(page_at, written, width, height):
    page, frame, _, _ = page_at(written["world"], width, height)
    assert frame.evaluate(PANELS) == [] and frame.evaluate(MARKERS_ON_TOP) >= 1


# ---- embedded ----


def test_a_750_px_embed_keeps_its_panels_apart(page_at, written, tmp_path):
    from geomap.output.render import build_map, embed_html

    ex = geomap.extract([str(ROOT / "seeds")])
    frame_html = embed_html(build_map(ex.sites, documents=ex.documents, title="seeds", tiles=False),
                            height="500px")  # fmt: skip
    host = tmp_path / "host.html"
    host.write_text(f'<!DOCTYPE html><div style="width:750px">{frame_html}</div>', encoding="utf-8")
    page, frame, requests, errors = page_at(host, 1280, 800)
    assert errors == [] and frame.evaluate(PANELS) == [] and frame.evaluate(MARKERS_ON_TOP) >= 1
    assert frame.evaluate(
        "() => [[51.507, -0.128], [53.48, -2.24]].every(p => geomap.map.getBounds().contains(p))"
    )
    assert [u for u in requests if not u.startswith(("file:", "about:"))] == []


# ---- the report ----


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_report_and_its_map_read_at_desk_and_phone_sizes(page_at, written, width, height):
    page, frame, _, errors = page_at(written["report"], width, height)
    assert errors == [] and frame.evaluate(PANELS) == [] and frame.evaluate(MARKERS_ON_TOP) >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        if href.startswith("#"):
            assert page.locator(href).count() == 1, href
        else:
            url = urljoin(written["report"].as_uri(), href)
            assert Path(unquote(urlparse(url).path)).is_file(), href
    page.screenshot(path=f"/tmp/geomap-report-{width}.png", full_page=True)
