"""Score geomap on one-paragraph conflict-event descriptions (ACLED "notes" style).

Each line of the fixture (``tests/fixtures/event_descriptions.jsonl``) is one description
with its gold ACLED ``event_type`` and ``sub_event_type``, the actor's class (geomap's:
protesters and rioters are one crowd, ``protesters``; ``target`` says whom the event hit)
and the place the event is at (name, lat, lon); a line whose ``event_type`` is null
tells no event (a report, a meeting, the weather). The figures are in-sample: the
fixture was written by the people who wrote the rules.

- **event**: an event description gets at least one mention with a role other than context;
- **near**: geomap has some mention within 25 km of the true point;
- **placed**: of the near ones, the event's place is within 25 km — the event's place is
  its narrowest non-context mention, the first of equals, as a map reader would take it;
- **every**: of the near ones, every place given the event is within 25 km (one marker
  where the event is, none at its province or country);
- **type / sub-type / actor**: agreement of that mention, of the ones that got an event;
- **quiet**: a counter-example gets no event.

Usage: ``python scripts/eval_descriptions.py [FIXTURE] [--misses]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this tree's geomap, not an installed one

from geomap.api import extract_texts  # noqa: E402
from geomap.gazetteer.index import haversine_km  # noqa: E402
from geomap.models import KINDS, Mention  # noqa: E402

__all__ = ["FIXTURE", "event_mention", "load_fixture", "score"]

FIXTURE = ROOT / "tests" / "fixtures" / "event_descriptions.jsonl"
NEAR_KM = 25.0


def load_fixture(path: Path = FIXTURE) -> list[dict[str, Any]]:
    """The fixture's lines, as dictionaries."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def event_mention(mentions: list[Mention]) -> Mention | None:
    """The mention that places the description's event: the narrowest, the first of equals."""
    told = [m for m in mentions if m.role != "context" and m.place is not None]
    if not told:
        return None
    return min(told, key=lambda m: KINDS.index(m.place.kind) if m.place else len(KINDS))


def _near(m: Mention, gold: dict[str, Any]) -> bool:
    p = m.place
    return p is not None and haversine_km(p.lat, p.lon, gold["lat"], gold["lon"]) <= NEAR_KM


def _judge(gold: dict[str, Any], mentions: list[Mention]) -> dict[str, Any]:
    m = event_mention(mentions)
    row: dict[str, Any] = {"id": gold["id"], "event": m is not None}
    if gold["event_type"] is None:
        return row
    row["near"] = any(_near(x, gold) for x in mentions)
    row["placed"] = m is not None and _near(m, gold)
    told = [x for x in mentions if x.role != "context" and x.place is not None]
    row["every"] = bool(told) and all(_near(x, gold) for x in told)
    if m is not None:
        row["type"] = m.event_type == gold["event_type"]
        row["sub_type"] = m.sub_event_type == gold["sub_event_type"]
        row["actor"] = m.actor == gold["actor"]
        row["got"] = (m.text, m.event_type, m.sub_event_type, m.actor)
    return row


def _share(rows: list[dict[str, Any]], key: str, among: str | None = None) -> float:
    pool = [r for r in rows if among is None or r.get(among)]
    return sum(bool(r.get(key)) for r in pool) / len(pool) if pool else 0.0


def score(path: Path = FIXTURE) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The figures over the fixture, and one judged row per line."""
    lines = load_fixture(path)
    ex = extract_texts({g["id"]: g["text"] for g in lines})
    by_id = {d.id: d.mentions for d in ex.documents}
    rows = [_judge(g, by_id[g["id"]]) for g in lines]
    events = [r for r in rows if "near" in r]
    quiet = [r for r in rows if "near" not in r]
    figures = {
        "descriptions": float(len(events)),
        "event": _share(events, "event"),
        "near": _share(events, "near"),
        "placed": _share([r for r in events if r["near"]], "placed"),
        "every": _share([r for r in events if r["near"]], "every"),
        "type": _share(events, "type", among="event"),
        "sub_type": _share(events, "sub_type", among="event"),
        "actor": _share(events, "actor", among="event"),
        "quiet": 1.0 - _share(quiet, "event"),
    }
    return figures, rows


def _misses(lines: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    for g, r in zip(lines, rows, strict=True):
        if g["event_type"] is None:
            if r["event"]:
                print(f"{g['id']}: an event in a counter-example")
            continue
        wrong = [k for k in ("event", "placed", "type", "sub_type", "actor") if not r.get(k)]
        if r["near"] is False:
            wrong.append("(no mention near)")
        if wrong:
            want = (g["place"], g["event_type"], g["sub_event_type"], g["actor"])
            print(f"{g['id']}: {' '.join(wrong)}\n  want {want}\n  got  {r.get('got')}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fixture", nargs="?", default=str(FIXTURE))
    ap.add_argument("--misses", action="store_true", help="list every line that is wrong")
    args = ap.parse_args(argv)
    figures, rows = score(Path(args.fixture))
    if args.misses:
        _misses(load_fixture(Path(args.fixture)), rows)
    for key, value in figures.items():
        print(f"{key:14} {value:.3f}" if key != "descriptions" else f"{key:14} {value:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
