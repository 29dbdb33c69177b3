"""Shared fixtures: hand-built seeds-like sites, hostile strings, an offline headless Chromium."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.models import Document, Event, Evidence, Site, ThreatLevel
from geomap.output.snapshot import CHROMIUM as SNAPSHOT_CHROMIUM
from geomap.output.snapshot import CHROMIUM_ARGS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = Path(SNAPSHOT_CHROMIUM)
D0, D1, D2, D3, D4 = (
    "000_9d5c6bd36721f7e0",
    "001_7555127c1e6556b3",
    "002_fc6b348fff37537c",
    "003_d64b466f13a34b0b",
    "004_c2937f40d8c1f43a",
)
MAY22, MAY23, MAY24 = date(2017, 5, 22), date(2017, 5, 23), date(2017, 5, 24)
AUG3_2016 = date(2016, 8, 3)

# The seeds as the pipeline should see them, by hand. id: (name, kind, lat, lon, country)
PLACES = {
    "buckingham-palace": ("Buckingham Palace", "site", 51.5014, -0.14189, "GB"),
    "downing-street": ("Downing Street", "site", 51.5033, -0.1276, "GB"),
    "palace-of-westminster": ("Palace of Westminster", "site", 51.4995, -0.1248, "GB"),
    "st-stephens-entrance": ("St Stephen's Entrance", "site", 51.4994, -0.1257, "GB"),
    "westminster": ("Westminster", "district", 51.4975, -0.1357, "GB"),
    "manchester-arena": ("Manchester Arena", "site", 53.4885, -2.2439, "GB"),
    "manchester": ("Manchester", "city", 53.48095, -2.23743, "GB"),
    "wembley": ("Wembley", "district", 51.554, -0.288, "GB"),
    "london": ("London", "city", 51.50853, -0.12574, "GB"),
    "nice": ("Nice", "city", 43.70313, 7.26608, "FR"),
    "paris": ("Paris", "city", 48.85341, 2.3488, "FR"),
    "europe": ("Europe", "continent", 48.69096, 9.14062, None),
}
Q_GUARD = "The military will guard key London sites including Buckingham Palace and Downing Street"
Q_ARENA = (
    "This followed a suspected terror attack on Manchester arena which killed 22 people and "
    "injured 59 on Monday night (May 22)."
)
# (place, event id, role, actor, date, numbers, [(document, quote), ...])
EVENTS = [
    ("buckingham-palace", "bp-guard", "guard", "military", MAY24, {}, [
        (D0, Q_GUARD),
        (D1, "Military forces are stationed at static posts such as at Parliament, Downing "
             "Street, and Buckingham Palace"),
    ]),
    ("buckingham-palace", "bp-police", "deployment", "police", None, {}, [
        (D0, "An armed police officer outside Buckingham Palace"),
    ]),
    ("downing-street", "ds-guard", "guard", "military", MAY24, {}, [(D0, Q_GUARD), (D1, None)]),
    ("palace-of-westminster", "pw-guard", "guard", "military", None, {}, [
        (D0, "military personnel also stationed at the Palace of Westminster"),
    ]),
    ("palace-of-westminster", "pw-closed", "closure", None, MAY24, {}, [
        (D4, "The Palace of Westminster is also closed today after advice from police"),
    ]),
    ("st-stephens-entrance", "sse-guard", "guard", "military", MAY24, {"personnel": 30}, [
        (D4, "About 30 soldiers were seen walking into the grounds through the St Stephen’s "
             "Entrance"),
    ]),
    ("westminster", "wm-cordon", "cordon", "military", MAY24, {}, [
        (D4, "as they create a ring of steel around Westminster"),
    ]),
    ("manchester-arena", "ma-attack", "incident", None, MAY22, {"killed": 22, "injured": 59}, [
        (D0, Q_ARENA), (D1, None), (D4, None),
    ]),
    ("manchester", "m-sf", "deployment", "special_forces", MAY24, {}, [
        (D4, "Special Forces have already been\u00a0deployed to Manchester"),
    ]),
    ("wembley", "w-standby", "standby", "military", MAY24, {}, [
        (D1, "additional troops could be deployed at locations such as Twickenham and Wembley"),
    ]),
    ("london", "l-police", "patrol", "police", AUG3_2016, {"personnel": 600}, [
        (D3, "will work across London, both on foot and in vehicles"),
    ]),
    ("london", "l-troops", "patrol", "military", MAY24, {"personnel": 984}, [
        (D4, "will predominantly patrol the London area"),
    ]),
    ("nice", "n-attack", "incident", None, None, {}, [
        (D3, "we are learning the lessons from Europe, from Nice"),
    ]),
]  # fmt: skip
EXTRA_ROLES = {"london": ["context"], "paris": ["context"], "europe": ["context"]}


def ev(doc: str, quote: str, role: str) -> Evidence:
    """Evidence whose offsets are those of ``quote`` in ``seeds/<doc>.txt``."""
    start = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8").index(quote)
    end = start + len(quote)
    return Evidence(
        document=doc, start=start, end=end, quote=quote, role=role, path=f"seeds/{doc}.txt"
    )


@pytest.fixture(scope="session")
def world_index():
    """The bundled gazetteer and world layer, as every command loads them."""
    from geomap.gazetteer.index import load_index

    return load_index()


@pytest.fixture(scope="session")
def seed_sites() -> list[Site]:
    """Sites as the pipeline makes them from seeds/ (roles as in the gold file)."""
    events: dict[str, list[Event]] = {place: [] for place in PLACES}
    for place, ident, role, actor, when, numbers, quotes in EVENTS:
        evidence = [ev(doc, quote, role) for doc, quote in quotes if quote]
        docs = [doc for doc, _ in quotes]
        event = Event(id=ident, role=role, actor=actor, date=when, documents=docs,
                      evidence=evidence, **numbers)  # fmt: skip
        events[place].append(event)
    sites = []
    for ident, (name, kind, lat, lon, country) in PLACES.items():
        told = events[ident]
        sites.append(Site(
            id=ident, name=name, kind=kind, lat=lat, lon=lon, country=country, events=told,
            roles=sorted({e.role for e in told} | set(EXTRA_ROLES.get(ident, []))),
            actors=sorted({e.actor for e in told if e.actor}),
            documents=sorted({d for e in told for d in e.documents}),
        ))  # fmt: skip
    return sites


@pytest.fixture(scope="session")
def seed_documents() -> list[Document]:
    critical = ThreatLevel(
        level="critical", changed=True, date=MAY23, start=0, end=0,
        quote='the UK\'s terror threat being raised to "critical"',
    )  # fmt: skip
    severe = ThreatLevel(
        level="severe", changed=False, date=AUG3_2016, start=0, end=0,
        quote='The terror threat level in the UK remains at "severe"',
    )  # fmt: skip
    levels = {D0: critical, D1: critical, D2: critical, D3: severe, D4: critical}
    titles = {D0: "Military to guard key London sites"}
    return [
        Document(
            id=doc,
            path=f"seeds/{doc}.txt",
            title=titles.get(doc),
            threat_levels=[level],
            published=level.date if doc == D3 else MAY24,
        )  # fmt: skip
        for doc, level in levels.items()
    ]


# Strings that must never run, nor become markup or a link, wherever they appear.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "{{ 7*7 }}{% if 1 %}jinja{% endif %}{# c #}",
    "' onmouseover='window.__pwned=1",
]


@pytest.fixture(scope="session")
def hostile_strings() -> list[str]:
    return list(HOSTILE)


@pytest.fixture(scope="session")
def hostile() -> tuple[list[Site], list[Document]]:
    bad = " ".join(HOSTILE)
    sites = []
    for i, text in enumerate(HOSTILE):
        quote = Evidence(document=text, start=0, end=1, quote=bad, role="incident",
                         path="javascript:window.__pwned=1")  # fmt: skip
        sites.append(Site(
            id=f"bad-{i}", name=text, kind="site" if i % 2 else "district", lat=51.5 + i / 500,
            lon=-0.1, category=text, roles=["incident", "cordon", "guard"][i % 3 : i % 3 + 1],
            documents=[text], evidence=[quote],
            events=[Event(id=text, role="incident", actor="police", evidence=[quote],
                          date=date(2017, 5, 20 + i))],
        ))  # fmt: skip
    docs = [Document(id=text, title=text, url=" javascript:window.__pwned=1") for text in HOSTILE]
    return sites, docs


# ---- headless Chromium, offline ----


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; never downloads a browser."""
    if not CHROMIUM.exists():
        why = f"{CHROMIUM} is missing: apt-get install chromium to run browser tests"
        if os.environ.get("GEOMAP_REQUIRE_BROWSER"):  # CI installs one: a skip would hide it
            pytest.fail(why)
        pytest.skip(why)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A page whose context aborts every request not to file://, data: or about:.

    ``external`` lists every outside request the page tried, frames included, as
    ``(resource_type, url)``; ``errors`` lists uncaught page errors.
    """

    LOCAL = ("file:", "data:", "about:")

    def __init__(self, context):
        self.errors: list[str] = []
        self.external: list[tuple[str, str]] = []
        context.route("**/*", self._route)
        context.on("request", self._seen)
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        if route.request.url.startswith(self.LOCAL):
            route.continue_()
        else:
            route.abort()

    def _seen(self, request):
        if not request.url.startswith(self.LOCAL):
            self.external.append((request.resource_type, request.url))

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri(), wait_until="load")


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield OfflinePage(context)
    context.close()


@pytest.fixture()
def runner() -> CliRunner:
    """A click runner for the CLI tests."""
    return CliRunner()
