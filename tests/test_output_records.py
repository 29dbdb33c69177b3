"""What one site says on the map and in the report (geomap.output.records, mapdata, report)."""

from __future__ import annotations

import os
import re
from datetime import date
from types import SimpleNamespace

import pytest

from geomap.cli.commands import default_title
from geomap.models import Document, Event, Evidence, Mention, Place, Site
from geomap.output.mapdata import plan
from geomap.output.records import is_past_context, link_target, role_rows, site_record
from geomap.output.report import build_report, threat_timeline


def site(kind="site", roles=(), events=(), **more) -> Site:
    fields = {"id": "x", "name": "X", "kind": kind, "lat": 51.5, "lon": -0.12}
    return Site(**{**fields, "roles": list(roles), "events": list(events), **more})


def event(role, actor=None, day=None, i=0, **more) -> Event:
    return Event(id=f"e{role}{actor}{day}{i}", role=role, actor=actor, date=day, **more)


# ---- links: relative to the written page, else absolute ----


@pytest.mark.parametrize(
    "source, base, expected",
    [
        ("maps/in/a.txt", "maps", "in/a.txt"),  # under the page's folder: relative to it
        ("maps/a b.txt", "maps", "a b.txt"),
        ("seeds/a.txt", "maps", os.path.abspath("seeds/a.txt")),  # beside it: absolute
        ("../elsewhere/a.txt", "maps", os.path.abspath("../elsewhere/a.txt")),
        ("/srv/news/a.txt", "/srv/news", "a.txt"),
        ("/srv/news/a.txt", "/srv/maps", "/srv/news/a.txt"),
        ("https://example.org/a", "maps", "https://example.org/a"),  # a URL stays
        ("seeds/a.txt", None, "seeds/a.txt"),  # no page folder known: as given
        (None, "maps", None),
    ],
)
def test_link_target(source, base, expected):
    assert link_target(source, base) == expected


def test_evidence_links_in_the_map_follow_the_page_folder(tmp_path):
    article = tmp_path / "news" / "a.txt"
    ev = Evidence(document="a", start=0, end=4, quote="Quote", path=str(article))
    rec = site_record(site(roles=["guard"], evidence=[ev]), {}, base=tmp_path)
    assert rec["evidence"][0]["href"] == "news/a.txt"
    outside = site_record(site(roles=["guard"], evidence=[ev]), {}, base=tmp_path / "maps")
    assert outside["evidence"][0]["href"] == article.as_uri()


# ---- each role once, with its actors ----


@pytest.mark.parametrize(
    "roles, events, expected",
    [
        # "closure (police)" and "closure": one role, the police named once.
        (["closure"], [("closure", "police"), ("closure", None)], [["closure", "police"]]),
        (["guard"], [("guard", "military"), ("guard", "police")], [["guard", "military, police"]]),
        (["guard", "context"], [("context", "police"), ("guard", None)], [["guard", None]]),
        (["context"], [("context", None)], [["context", None]]),
        ([], [], [["context", None]]),
        (["patrol", "incident"], [], [["incident", None], ["patrol", None]]),
    ],
)
def test_each_role_once_with_its_actors(roles, events, expected):
    s = site(roles=roles, events=[event(r, a, i=i) for i, (r, a) in enumerate(events)])
    assert site_record(s, {})["roles"] == expected


def test_role_rows_span_dates_and_keep_distinct_numbers():
    s = site(roles=["incident"], events=[
        event("incident", day=date(2017, 3, 22), killed=5),
        event("incident", day=date(2017, 5, 22), killed=22, injured=59, i=1),
        event("incident", day=date(2017, 5, 22), killed=22, injured=59, i=2),
    ])  # fmt: skip
    (row,) = role_rows(s)
    assert (row["first"], row["last"]) == (date(2017, 3, 22), date(2017, 5, 22))
    assert row["numbers"] == [(5, None, None), (22, 59, None)]


# ---- past events named in passing ----


@pytest.mark.parametrize(
    "roles, events, past",
    [
        (["incident"], [], True),  # "lessons from Nice": an attack named, no date
        (["incident"], [("incident", date(2017, 5, 22))], False),  # dated: an event of its own
        (["incident", "guard"], [], False),  # guarded now
        (["closure"], [], False),  # a closure is now, dated or not
        (["context"], [], False),
    ],
)
def test_is_past_context(roles, events, past):
    s = site(roles=roles, events=[event(r, day=d) for r, d in events])
    assert is_past_context(s) is past
    assert site_record(s, {}).get("past", False) is past


# ---- the region in a popup ----


def place(id, kind, name, parent=None, source="test"):
    return Place(id=id, name=name, kind=kind, lat=0, lon=0, parent=parent, source=source)


def docs_naming(*places) -> dict[str, Document]:
    mentions = [Mention(start=0, end=1, text="x", place=p) for p in places]
    return {"d": Document(id="d", mentions=mentions)}


@pytest.mark.parametrize(
    "places, index, kind, country, expected",
    [
        # A site in a district: the district.
        ([place("x", "site", "X", "dist"), place("dist", "district", "City of Westminster")], {},
         "site", "GB", "City of Westminster"),
        # A site inside another site inside a district: the first area, not the building.
        ([place("x", "site", "X", "palace"), place("palace", "site", "Palace", "dist"),
          place("dist", "district", "Westminster")], {}, "site", "GB", "Westminster"),
        # A town whose parent is its country: its first-level division, from the index.
        ([place("x", "city", "Paris", "country:FR")], {"x": SimpleNamespace(parent="country:FR",
         admin1="11")}, "city", "FR", "Île-de-France"),
        ([place("x", "city", "Paris", "country:US")], {"x": SimpleNamespace(parent="country:US",
         admin1="TX")}, "city", "US", "Texas"),
        # A country names no region above it.
        ([place("x", "country", "France", "continent:EU")], {}, "country", "FR", None),
    ],
)  # fmt: skip
def test_region_names_the_area_above_a_place(places, index, kind, country, expected):
    s = site(kind=kind, roles=["guard"], country=country)
    layout = plan([s], docs_naming(*places), places=index)
    assert layout["records"][0].get("region") == expected
    assert layout["records"][0]["source"] == "test"


# ---- the first view and jump-to ----


LONDON = dict(lat=51.507, lon=-0.128)
MANCHESTER = dict(lat=53.48, lon=-2.24)
NICE = dict(lat=43.7, lon=7.27)
FRANCE = dict(lat=46.0, lon=2.0)


def sited(i, kind, where, roles, events=()) -> Site:
    return Site(id=f"s{i}", name=f"{kind}{i}", kind=kind, roles=roles, events=list(events),
                documents=["d"], **where)  # fmt: skip


@pytest.mark.parametrize(
    "sites, inside, outside",
    [
        # Current events in two towns, a past attack and a country named in passing.
        ([sited(0, "site", LONDON, ["guard"]), sited(1, "city", MANCHESTER, ["deployment"]),
          sited(2, "city", NICE, ["incident"]), sited(3, "country", FRANCE, ["incident"]),
          sited(4, "continent", dict(lat=48.7, lon=9.1), ["incident"])],
         [LONDON, MANCHESTER], [NICE, FRANCE]),
        # Nothing more specific than countries: the countries set the view.
        ([sited(0, "country", FRANCE, ["patrol"]), sited(1, "country", dict(lat=51.2, lon=10.4),
          ["patrol"])], [FRANCE], [LONDON]),
        # Only past events: they set the view rather than nothing.
        ([sited(0, "city", NICE, ["incident"])], [NICE], [LONDON]),
        # A region only when no site, district or town has a current event.
        ([sited(0, "region", dict(lat=52.8, lon=-2.3), ["patrol"]),
          sited(1, "site", LONDON, ["closure"])], [LONDON], [MANCHESTER]),
    ],
)  # fmt: skip
def test_first_view_fits_current_events_most_specific_first(sites, inside, outside):
    (south, west), (north, east) = plan(sites, {})["bounds"]

    def within(p):
        return south <= p["lat"] <= north and west <= p["lon"] <= east

    assert all(within(p) for p in inside) and not any(within(p) for p in outside)


def test_jump_to_is_ordered_by_how_much_happens_there():
    busy = [sited(i, "site", dict(lat=53.48 + i / 1000, lon=-2.24), ["guard"],
                  [event("guard", i=i), event("patrol", i=i)]) for i in range(3)]  # fmt: skip
    sites = [sited(9, "city", NICE, ["incident"]), sited(8, "city", LONDON, ["guard"]), *busy]
    assert [g["label"] for g in plan(sites, {})["jump"]] == ["site0", "city8", "city9"]


# ---- time ----


def test_time_slider_says_how_many_undated_places_stay():
    sites = [sited(0, "city", NICE, ["incident"]),
             sited(1, "site", LONDON, ["guard"], [event("guard", day=date(2017, 5, 23))]),
             sited(2, "site", MANCHESTER, ["guard"], [event("guard", day=date(2017, 5, 25))])]  # fmt: skip
    time = plan(sites, {})["time"]
    assert (time["undated"], time["examples"]) == (1, ["city0"])


@pytest.mark.parametrize("levels", [True, False])
def test_threat_level_axis_only_when_threat_levels_were_read(levels):
    from geomap.models import ThreatLevel

    stated = [ThreatLevel(level="severe", changed=False, quote="q", start=0, end=1)]
    doc = Document(id="d", published=date(2017, 5, 1), threat_levels=stated if levels else [])
    s = sited(0, "site", LONDON, ["guard"], [event("guard", day=date(2017, 5, 3))])
    line = threat_timeline([s], [doc])
    assert bool(line["levels"]) is levels and bool(line["points"]) is levels
    assert line["ticks"] and line["ticks"][0]["y"] < line["axis_y"] < line["height"]


# ---- the report ----


def test_report_quotes_each_excerpt_once_under_the_most_specific_place():
    ev = Evidence(document="d", start=0, end=9, quote="A bomb at the Arena.", role="incident")
    arena = Site(id="a", name="Arena", kind="site", **MANCHESTER, roles=["incident"],
                 events=[event("incident", evidence=[ev])], documents=["d"])  # fmt: skip
    town = Site(id="m", name="Manchester", kind="city", **MANCHESTER, roles=["incident"],
                events=[event("incident", i=1, evidence=[ev])], documents=["d"])  # fmt: skip
    page = build_report([town, arena], [Document(id="d", path="d.txt")], title="t")
    places = page[page.index('id="sites"') : page.index('id="documents"')]
    assert places.count("A bomb at the Arena.") == 1
    assert "Quoted under Arena." in places
    assert page[page.index('id="documents"') :].count("A bomb at the Arena.") == 1  # excerpts


def test_report_orders_places_by_events_then_sources():
    quiet = Site(id="b", name="Belgium", kind="country", lat=50.8, lon=4.4, country="BE",
                 roles=["incident"], documents=["d"])  # fmt: skip
    busy = sited(1, "site", LONDON, ["guard"], [event("guard"), event("closure", i=1)])
    page = build_report([quiet, busy], [], title="t")
    names = re.findall(r'<span class="name">([^<]+)</span>', page)
    assert names == ["site1", "Belgium"]


# ---- titles ----


@pytest.mark.parametrize(
    "inputs, expected",
    [
        (["../articles/"], "articles"),
        (["seeds"], "seeds"),
        (["seeds/000_x.txt"], "000_x"),
        (["notes.md"], "notes"),
        (["a/", "b/", "c/"], "a and 2 more"),
        (["-"], "geomap"),
        (["news.v2"], "news.v2"),  # a folder's dot is part of its name
    ],
)
def test_default_title_is_the_input_name(inputs, expected):
    assert default_title(inputs) == expected
