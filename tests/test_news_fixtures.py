"""Fresh news articles written for geomap's tests, scored against their hand-made gold.

``fixtures/news`` holds articles in the ways local crime news, police releases, wire copy,
live blogs, protest and closure reports and court reports are written (see its README).
They were written in batches of eight: each batch was scored once untouched (a held-out
figure), then batches 1 to 4 were used to fix the rules; batch 5 is held out. The
floors below are each batch's figures when they were set; in-sample for batches 1 to 4.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.evaluate import evaluate_gold, read_gold

NEWS = Path(__file__).parent / "fixtures" / "news"
DOCS = NEWS / "docs"
GOLD = NEWS / "gold.json"

# batch: (role accuracy by map layer, share of event places in the right layer).
FLOORS = {
    "b1": (0.936, 0.9),  # 0.9367, 0.9
    "b2": (0.914, 0.891),  # 0.9143, 0.8919
    # Held out at 0.7568 / 0.6829 (scored once, after the tuning on b1 and b2); in-sample
    # since its misses were used to fix general causes.
    "b3": (0.932, 0.902),  # 0.9324, 0.9024
    # Held out at 0.7708 / 0.8333 (scored once, after the tuning on b3); in-sample since
    # its misses were used to fix general causes.
    "b4": (0.937, 1.0),  # 0.9375, 1.0
    # Held out at 0.625 / 0.6452 (scored once, after the tuning on b4); in-sample since
    # its misses were used to fix general causes.
    "b5": (0.75, 0.645),  # 0.75, 0.6452
}


def test_every_span_is_its_text() -> None:
    gold = read_gold(GOLD)
    names = {p.name for p in DOCS.glob("*.txt")}
    assert names == {d["doc"] for d in gold["documents"]}
    for d in gold["documents"]:
        text = (DOCS / d["doc"]).read_text(encoding="utf-8")
        assert 150 <= len(text.split()) <= 450, d["doc"]
        for m in d["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"], (d["doc"], m)
            assert m["why"], (d["doc"], m)
            assert (m["role"] == "context") == (m["event_type"] is None), (d["doc"], m)


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_each_batch_keeps_its_floor(batch: str, tmp_path: Path) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gold["documents"] = [d for d in gold["documents"] if d["doc"].startswith(batch + "_")]
    part = tmp_path / "gold.json"
    part.write_text(json.dumps(gold), encoding="utf-8")
    r = evaluate_gold(part, docs_dir=DOCS)
    layer, events = FLOORS[batch]
    assert r["role_accuracy_layer"] >= layer, r["misses"]
    assert r["event_layer_recall"] >= events, r["misses"]
