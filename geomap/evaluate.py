"""Score extraction against gold annotations and standard geoparsing corpora.

Gold files follow ``tests/fixtures/seeds.gold.json``; corpora the TR-News / LGL /
GeoWebNews XML format. Definitions: ../shared/eval/README.md and corpora/README.md.

Examples
--------
>>> overlaps((3, 8), (7, 12)), overlaps((3, 8), (8, 12))
(True, False)
>>> round(haversine_km(51.5, -0.12, 48.85, 2.35))
343
"""

from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from geomap.gazetteer.index import haversine_km, load_index
from geomap.models import layer_of
from geomap.pipeline import extract_document

__all__ = [
    "evaluate_gold",
    "evaluate_corpus",
    "read_corpus",
    "format_report",
    "overlaps",
    "haversine_km",
]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate_gold(
    gold_path: str | Path, docs_dir: str | Path, *, gazetteer: str | None = None
) -> dict[str, Any]:
    """Detection, resolution and role scores against a gold file, with the misses."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    places = gold["places"]
    idx = load_index(gazetteer)
    from geomap.api import batch_year
    from geomap.sources.dates import publication_date

    texts = {
        d["doc"]: (Path(docs_dir) / d["doc"]).read_text(encoding="utf-8") for d in gold["documents"]
    }
    year = batch_year(publication_date(t) for t in texts.values())
    tp = fp = fn = 0
    resolved = res_total = 0
    layer_ok = strict_ok = role_total = 0
    misses: list[str] = []
    for d in gold["documents"]:
        text = texts[d["doc"]]
        doc = extract_document(text, Path(d["doc"]).stem, index=idx, year=year)
        preds = [m for m in doc.mentions if m.literal]
        golds = [g for g in d["mentions"] if g.get("literal", True) and g.get("place")]
        used: set[int] = set()
        for g in golds:
            match = next(
                (
                    i
                    for i, m in enumerate(preds)
                    if i not in used and overlaps((m.start, m.end), (g["start"], g["end"]))
                ),
                None,
            )
            if match is None:
                fn += 1
                misses.append(f"{d['doc']}:{g['start']} missed {g['text']!r}")
                continue
            used.add(match)
            tp += 1
            m = preds[match]
            gp = places[g["place"]]
            res_total += 1
            if m.place and haversine_km(m.place.lat, m.place.lon, gp["lat"], gp["lon"]) <= gp.get(
                "tolerance_km", 161
            ):
                resolved += 1
            else:
                misses.append(
                    f"{d['doc']}:{g['start']} {g['text']!r} resolved to "
                    f"{m.place.name if m.place else None} (gold {gp['name']})"
                )
            if g.get("role"):
                role_total += 1
                strict_ok += m.role == g["role"]
                if layer_of(m.role) == layer_of(g["role"]):
                    layer_ok += 1
                else:
                    misses.append(
                        f"{d['doc']}:{g['start']} {g['text']!r} role {m.role} (gold {g['role']})"
                    )
        for i, m in enumerate(preds):
            if i in used:
                continue
            # A prediction overlapping a non-literal gold mention is not a false positive.
            if any(overlaps((m.start, m.end), (g["start"], g["end"])) for g in d["mentions"]):
                continue
            fp += 1
            misses.append(f"{d['doc']}:{m.start} spurious {m.text!r}")
    return {
        "kind": "gold",
        "documents": len(gold["documents"]),
        "detection": _prf(tp, fp, fn) | {"tp": tp, "fp": fp, "fn": fn},
        "resolution_accuracy": round(resolved / res_total, 4) if res_total else 0.0,
        "role_accuracy_layer": round(layer_ok / role_total, 4) if role_total else 0.0,
        "role_accuracy_strict": round(strict_ok / role_total, 4) if role_total else 0.0,
        "misses": misses,
    }


def _reanchor(text: str, phrase: str, start: int) -> tuple[int, int] | None:
    """Gold offsets drift: find the phrase near its start, then anywhere."""
    if text[start : start + len(phrase)] == phrase:
        return start, start + len(phrase)
    for delta in range(1, 40):
        for s in (start - delta, start + delta):
            if s >= 0 and text[s : s + len(phrase)] == phrase:
                return s, s + len(phrase)
    s = text.find(phrase)
    return (s, s + len(phrase)) if s >= 0 else None


def read_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Articles of a TR-News / LGL / GeoWebNews XML file, gold toponyms re-anchored."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            phrase = (t.findtext("phrase") or "").strip()
            try:
                start = int(t.findtext("start") or -1)
            except ValueError:
                continue
            span = _reanchor(text, phrase, start) if phrase else None
            if span is None:
                continue
            gaz = t.find("gaztag")
            lat = lon = None
            if gaz is not None and gaz.findtext("lat"):
                lat, lon = float(gaz.findtext("lat") or 0), float(gaz.findtext("lon") or 0)
            tops.append(
                {"start": span[0], "end": span[1], "phrase": phrase, "lat": lat, "lon": lon}
            )
        out.append(
            {
                "id": art.get("docid"),
                "text": text,
                "date": (art.findtext("dltime") or "").strip(),
                "toponyms": tops,
            }
        )
    return out


def evaluate_corpus(
    path: str | Path,
    *,
    gazetteer: str | None = None,
    limit: int | None = None,
    literal_only: bool = False,
) -> dict[str, Any]:
    """Detection P/R/F1 (overlap and exact), end-to-end acc@161, error km, throughput.

    The corpora annotate metonymic uses ("Moscow denied") and demonyms too, so both count
    unless ``literal_only``.
    """
    import datetime as dt

    articles = read_corpus(path)[:limit]
    idx = load_index(gazetteer)
    tp = fp = fn = 0
    etp = efp = efn = 0
    with_coords = hits = 0
    errors: list[float] = []
    misses: list[str] = []
    t0 = time.perf_counter()
    chars = 0
    for art in articles:
        chars += len(art["text"])
        try:
            pub = dt.date.fromisoformat(art["date"][:10]) if art["date"] else None
        except ValueError:
            pub = None
        doc = extract_document(art["text"], art["id"], index=idx, published=pub)
        # The corpora annotate every toponym, metonymic uses and demonyms included, so
        # every mention that names a place counts; organisations' names do not.
        preds = [
            m
            for m in doc.mentions
            if m.place is not None
            and (m.literal or (not literal_only and m.use in ("metonymic", "demonym")))
        ]
        golds = art["toponyms"]
        used: set[int] = set()
        exact_pred = {(m.start, m.end) for m in preds}
        exact_gold = {(g["start"], g["end"]) for g in golds}
        etp += len(exact_pred & exact_gold)
        efp += len(exact_pred - exact_gold)
        efn += len(exact_gold - exact_pred)
        for g in golds:
            match = next(
                (
                    i
                    for i, m in enumerate(preds)
                    if i not in used and overlaps((m.start, m.end), (g["start"], g["end"]))
                ),
                None,
            )
            if g["lat"] is not None:
                with_coords += 1
            if match is None:
                fn += 1
                misses.append(f"{art['id']}: missed {g['phrase']!r}")
                continue
            used.add(match)
            tp += 1
            m = preds[match]
            if g["lat"] is not None and m.place is not None:
                err = haversine_km(m.place.lat, m.place.lon, g["lat"], g["lon"])
                errors.append(err)
                if err <= 161:
                    hits += 1
                else:
                    misses.append(
                        f"{art['id']}: {g['phrase']!r} -> {m.place.name} "
                        f"({m.place.country}) off by {err:.0f} km"
                    )
        for i, m in enumerate(preds):
            if i not in used:
                fp += 1
                misses.append(
                    f"{art['id']}: spurious {m.text!r} ({m.place.name if m.place else '-'})"
                )
    elapsed = time.perf_counter() - t0
    return {
        "kind": "corpus",
        "literal_only": literal_only,
        "corpus": Path(path).name,
        "documents": len(articles),
        "toponyms": sum(len(a["toponyms"]) for a in articles),
        "detection": _prf(tp, fp, fn) | {"tp": tp, "fp": fp, "fn": fn},
        "detection_exact": _prf(etp, efp, efn),
        "acc_at_161": round(hits / with_coords, 4) if with_coords else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "docs_per_second": round(len(articles) / elapsed, 1) if elapsed else None,
        "mb_per_second": round(chars / 1e6 / elapsed, 3) if elapsed else None,
        "misses": misses,
    }


def format_report(r: dict[str, Any], *, misses: bool = True) -> str:
    """A plain-text table of the scores, after the list of misses."""
    det = r["detection"]
    lines = []
    if r["kind"] == "gold":
        lines += [
            f"documents            {r['documents']}",
            f"detection P/R/F1     {det['precision']:.3f} / {det['recall']:.3f} / {det['f1']:.3f}"
            f"   (tp {det['tp']}, fp {det['fp']}, fn {det['fn']})",
            f"resolution accuracy  {r['resolution_accuracy']:.3f}",
            f"role accuracy        layer {r['role_accuracy_layer']:.3f}, strict "
            f"{r['role_accuracy_strict']:.3f}",
        ]
    else:
        ex = r["detection_exact"]
        lines += [
            f"corpus               {r['corpus']} ({r['documents']} documents, "
            f"{r['toponyms']} toponyms)",
            "counting             "
            + ("literal uses only" if r.get("literal_only") else "literal, metonymic, demonyms"),
            f"detection P/R/F1     {det['precision']:.3f} / {det['recall']:.3f} / {det['f1']:.3f}"
            f"   (overlap)",
            f"detection exact F1   {ex['f1']:.3f}",
            f"acc@161 (end-to-end) {r['acc_at_161']:.3f}",
            f"error km mean/median {r['mean_error_km']} / {r['median_error_km']}",
            f"throughput           {r['docs_per_second']} docs/s, {r['mb_per_second']} MB/s",
        ]
    if misses and r["misses"]:
        # The misses first and the scores last, so that the end of the output (a terminal's
        # last screen, `| tail`) always shows the scores.
        shown = r["misses"][:200]
        more = len(r["misses"]) - len(shown)
        head = [f"misses ({len(r['misses'])}):", *(f"  {m}" for m in shown)]
        if more:
            head.append(f"  … and {more} more (--format json lists them all)")
        lines = [*head, "", *lines]
    return "\n".join(lines)
