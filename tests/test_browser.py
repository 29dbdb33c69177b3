"""The map and report in a real headless Chromium, offline, as a reader would use them.

Screenshots land in /tmp/geomap-*.png for a person to look at.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from geomap.models import Site
from geomap.output.render import build_map, map_html, render_png
from geomap.output.report import build_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SHOTS = Path("/tmp")
EXPECTED = {"incidents": 2, "guarded": 5, "patrols": 3, "standby": 1, "closures": 1, "context": 0}
# What a reader sees of a layer: its single markers plus the counts on its cluster icons.
COUNT = """key => {
  const pane = document.querySelector('.leaflet-marker-pane');
  let n = pane.querySelectorAll('.gm-marker.gm-' + key).length;
  const badges = pane.querySelectorAll('.gm-cluster.gm-' + key + ' .gm-badge');
  for (const badge of badges) n += +badge.textContent;
  return n;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory, seed_sites, seed_documents, hostile):
    folder = tmp_path_factory.mktemp("pages")
    sites, docs = hostile
    files = {
        "seeds": map_html(
            build_map(seed_sites, documents=seed_documents, title="Operation Temperer")
        ),
        "basemap": map_html(build_map(seed_sites, documents=seed_documents, tiles=False)),
        "hostile": map_html(build_map(sites, documents=docs, title=sites[0].name)),
        "report": build_report(seed_sites, seed_documents, title="Operation Temperer, May 2017"),
        "hostile-report": build_report(sites, docs, title=sites[1].name),
    }
    for name, text in files.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    return folder


def open_map(offline_page, path: Path):
    offline_page.open(path)
    offline_page.page.wait_for_function("window.geomapReady === true", timeout=15_000)
    offline_page.page.wait_for_timeout(300)  # cluster fade-in
    return offline_page.page


# The first view fits current events only; to count every layer, bring every site into view.
SHOW_ALL = """() => {
  const sites = geomap.data().sites;
  if (sites.length) geomap.map.fitBounds(L.latLngBounds(sites.map(s => [s.lat, s.lon])).pad(0.2),
                                         {animate: false});
}"""


def counts(page) -> dict[str, int]:
    page.evaluate(SHOW_ALL)
    page.wait_for_timeout(300)  # clusters re-form
    return {key: page.evaluate(COUNT, key) for key in EXPECTED}


def test_seeds_map_draws_every_layer_offline(offline_page, pages):
    page = open_map(offline_page, pages / "seeds.html")
    page.screenshot(path=str(SHOTS / "geomap-seeds.png"))
    assert offline_page.errors == []
    assert [(kind, url) for kind, url in offline_page.external if kind != "image"] == []
    assert offline_page.external, "the page should have tried its OpenStreetMap tiles"
    assert all(
        url.startswith("https://tile.openstreetmap.org/") for _, url in offline_page.external
    )
    assert counts(page) == EXPECTED
    assert page.locator("#geomap-offline").is_visible()  # tiles failed: says so
    assert page.locator(".leaflet-gmBasemap-pane path").count() > 100  # the bundled basemap


def test_layer_control_hides_and_shows_a_layer(offline_page, pages):
    page = open_map(offline_page, pages / "seeds.html")
    overlays = page.locator(".leaflet-control-layers-overlays label")
    incidents = overlays.filter(has_text="Incidents").locator("input")
    incidents.uncheck()
    assert counts(page) == {**EXPECTED, "incidents": 0}
    incidents.check()
    overlays.filter(has_text="Context").locator("input").check()
    page.wait_for_timeout(300)
    assert counts(page) == {**EXPECTED, "context": 2}


def test_clicking_buckingham_palace_opens_its_quotes(offline_page, pages):
    page = open_map(offline_page, pages / "seeds.html")
    page.evaluate("() => { geomap.map.setView([51.5005, -0.133], 16, {animate: false}); }")
    marker = page.locator(".gm-guarded [aria-label='Buckingham Palace']")
    marker.hover()
    assert "guard (military)" in page.locator(".leaflet-tooltip").inner_text()
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "The military will guard key London sites including Buckingham Palace" in text
    assert "000_9d5c6bd36721f7e0" in text and "deployment (police)" in text
    link = popup.locator("a").first
    assert link.get_attribute("href") == "seeds/000_9d5c6bd36721f7e0.txt"
    page.wait_for_timeout(500)  # let the popup fade in and pan clear of the title
    page.screenshot(path=str(SHOTS / "geomap-popup.png"))


def test_time_slider_and_jump_to(offline_page, pages):
    page = open_map(offline_page, pages / "seeds.html")
    day = (date(2017, 5, 23) - date(1970, 1, 1)).days
    page.evaluate(
        """day => { const el = document.getElementById('geomap-time-from');
                    el.value = day; el.dispatchEvent(new Event('input')); }""",
        day,
    )
    page.wait_for_timeout(300)
    assert page.locator("#geomap-time-label").inner_text() == "2017-05-23 – 2017-05-24"
    # Manchester Arena (22 May) and London's 2016 patrols go; undated Nice stays.
    assert counts(page)["incidents"] == 1
    page.locator("#geomap-jump").get_by_role("button", name="Manchester").click()
    page.wait_for_timeout(600)
    centre = page.evaluate(
        "() => { const c = geomap.map.getCenter(); return {lat: c.lat, lng: c.lng}; }"
    )
    assert abs(centre["lat"] - 53.48) < 0.3 and abs(centre["lng"] + 2.24) < 0.5
    page.screenshot(path=str(SHOTS / "geomap-manchester.png"))


def test_basemap_only_map(offline_page, pages):
    page = open_map(offline_page, pages / "basemap.html")
    assert offline_page.errors == [] and offline_page.external == []
    assert page.locator(".leaflet-tile").count() == 0
    assert counts(page) == EXPECTED
    page.screenshot(path=str(SHOTS / "geomap-basemap-only.png"))


OPEN_ALL = """() => {
  const shown = [];
  for (const layer of Object.values(geomap.markers)) for (const m of layer) {
    geomap.map.addLayer(m);  // out of its cluster, as a reader zoomed in would see it
    m.openTooltip(); m.openPopup();
    shown.push(document.querySelector('.leaflet-popup-content').innerHTML);
    m.closePopup(); m.closeTooltip();
  }
  return shown;
}"""


@pytest.mark.parametrize("name", ["hostile", "hostile-report"])
def test_hostile_strings_never_run(offline_page, pages, name):
    offline_page.open(pages / f"{name}.html")
    frame = offline_page.page.frames[-1]  # the map itself, or the report's map iframe
    frame.wait_for_function("window.geomapReady === true", timeout=15_000)
    if name == "hostile":  # a real click and hover first
        frame.evaluate("() => { geomap.map.setView([51.504, -0.1], 15, {animate: false}); }")
        marker = frame.locator(".gm-incidents[role=button]").first
        marker.hover()
        marker.click()
        assert "__pwned" in frame.locator(".leaflet-popup-content").inner_text()
        frame.wait_for_timeout(500)
        offline_page.page.screenshot(path=str(SHOTS / "geomap-hostile.png"))
    popups = frame.evaluate(OPEN_ALL)
    assert len(popups) == 8 and all(
        "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in p for p in popups
    )
    for context in offline_page.page.frames:
        assert context.evaluate("window.__pwned") is None
        assert (
            context.locator("a[href^='javascript' i], a[href*='pwned'], img[src='x']").count() == 0
        )
    assert offline_page.errors == []
    assert not [url for _, url in offline_page.external if not url.startswith("https://tile.")]


def test_report_loads_with_its_map(offline_page, pages, seed_sites):
    offline_page.open(pages / "report.html")
    page = offline_page.page
    frame = page.frames[-1]
    frame.wait_for_function("window.geomapReady === true", timeout=15_000)
    frame.wait_for_timeout(300)
    assert offline_page.errors == []
    assert [kind for kind, _ in offline_page.external if kind != "image"] == []
    assert counts(frame) == EXPECTED
    dated = [e for s in seed_sites for e in s.events if e.date]
    assert page.locator("svg.timeline rect.tick").count() == len(dated) == 10
    assert "22 killed, 59 injured" in page.locator("#sites").inner_text()
    page.screenshot(path=str(SHOTS / "geomap-report.png"), full_page=True)


def test_first_marker_of_ten_thousand_sites_within_three_seconds(offline_page, tmp_path):
    roles = ["incident", "guard", "patrol", "standby", "closure"]
    sites = [
        Site(id=f"s{i}", name=f"Site {i}", kind="site", lat=50 + (i * 7919 % 6000) / 1000,
             lon=-5 + (i * 104729 % 6500) / 1000, roles=[roles[i % 5]], documents=["d"])
        for i in range(10_000)
    ]  # fmt: skip
    path = tmp_path / "many.html"
    path.write_text(map_html(build_map(sites, tiles=False)), encoding="utf-8")
    page = offline_page.page
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector(".gm-marker, .gm-cluster", timeout=10_000)
    elapsed = time.perf_counter() - start
    page.screenshot(path=str(SHOTS / "geomap-10k.png"))
    assert elapsed < 3.0, f"first marker after {elapsed:.2f} s"
    assert offline_page.errors == []


def test_render_png_of_a_saved_map(pages, tmp_path, browser):
    png = tmp_path / "seeds.png"
    assert render_png(pages / "seeds.html", png, width=900, height=600) == png
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    assert [p.name for p in tmp_path.iterdir()] == ["seeds.png"]  # no temporary file left
