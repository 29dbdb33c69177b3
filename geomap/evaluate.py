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

import datetime as dt
import json
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from geomap.batch import extract_source, texts_year
from geomap.errors import InputError
from geomap.gazetteer.index import haversine_km, load_index
from geomap.models import Document, Mention, layer_of
from geomap.sources.inputs import Source

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


class _Gold(BaseModel):
    # Keys the scores read are checked; notes such as "why" may be added freely.
    model_config = ConfigDict(extra="allow")


class _GoldPlace(_Gold):
    name: str
    lat: float
    lon: float
    tolerance_km: float = 161


class _GoldMention(_Gold):
    start: int
    end: int
    text: str
    place: str | None = None
    role: str | None = None
    actor: str | None = None
    event_type: str | None = None
    literal: bool = True


class _GoldDoc(_Gold):
    doc: str
    mentions: list[_GoldMention]


class _GoldFile(_Gold):
    places: dict[str, _GoldPlace]
    documents: list[_GoldDoc]

    @model_validator(mode="after")
    def _places_known(self) -> _GoldFile:
        for i, d in enumerate(self.documents):
            for j, m in enumerate(d.mentions):
                if m.place is not None and m.place not in self.places:
                    raise ValueError(
                        f"documents.{i}.mentions.{j}.place: {m.place!r} is not in places"
                    )
        return self


def read_gold(path: str | Path) -> dict[str, Any]:
    """A gold file as plain data, checked: each problem is one line of an InputError."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; give --gold the path of a gold file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except ValueError as exc:
        raise InputError(f"{path}: not JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: not a gold file: nested too deeply") from None
    try:
        _GoldFile.model_validate(raw)
    except ValidationError as exc:
        lines = [f"{path}: {_gold_problem(e)}" for e in exc.errors()[:20]]
        raise InputError("\n".join(lines)) from None
    except RecursionError:
        raise InputError(f"{path}: not a gold file: nested too deeply") from None
    return dict(raw)


def _gold_problem(e: Any) -> str:
    if e["type"] == "model_type" and not e["loc"]:
        return 'not a gold file: it must be an object with "places" and "documents"'
    where = ".".join(map(str, e["loc"]))
    msg = e["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _gold_texts(gold: dict[str, Any], docs_dir: str | Path) -> tuple[dict[str, str], list[str]]:
    """The text of each document the gold file names, and a line per one that cannot be read."""
    if not Path(docs_dir).is_dir():
        raise InputError(f"{docs_dir}: no such folder; give --docs the folder of the documents")
    texts: dict[str, str] = {}
    problems: list[str] = []
    for d in gold["documents"]:
        path = Path(docs_dir) / d["doc"]
        try:
            texts[d["doc"]] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(f"{path}: no such file (named in the gold file)")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    return texts, problems


def evaluate_gold(
    gold_path: str | Path, *, docs_dir: str | Path, gazetteer: str | None = None
) -> dict[str, Any]:
    """Detection, resolution and role scores against a gold file, with the misses.

    A document that cannot be read is left out of the scores and named in ``problems``
    (present only then); a gold file that cannot be read raises :class:`InputError`.
    """
    gold = read_gold(gold_path)
    texts, problems = _gold_texts(gold, docs_dir)
    idx = load_index(gazetteer)
    year = texts_year(texts.values())
    tally = _GoldTally()
    for d in gold["documents"]:
        if d["doc"] not in texts:
            continue
        src = Source(Path(d["doc"]).stem, None, texts[d["doc"]])
        doc = extract_source(src, index=idx, year=year)
        tally.add(d, doc, gold["places"])
    extra = {"problems": problems} if problems else {}
    return {"kind": "gold", "documents": len(texts), **tally.scores(), **extra}


def _match(preds: list[Mention], used: set[int], g: dict[str, Any]) -> int | None:
    """The first unused prediction that overlaps the gold span ``g``."""
    return next(
        (
            i
            for i, m in enumerate(preds)
            if i not in used and overlaps((m.start, m.end), (g["start"], g["end"]))
        ),
        None,
    )


class _GoldTally:
    """The counts behind :func:`evaluate_gold`, one document at a time."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.resolved = self.res_total = 0
        self.layer_ok = self.strict_ok = self.role_total = 0
        # Where something happens (gold role other than context): layer, actor, event type.
        self.event_ok = self.event_total = self.actor_ok = 0
        self.type_ok = self.type_total = 0
        self.misses: list[str] = []

    def add(self, d: dict[str, Any], doc: Document, places: dict[str, Any]) -> None:
        preds = [m for m in doc.mentions if m.literal]
        golds = [g for g in d["mentions"] if g.get("literal", True) and g.get("place")]
        used: set[int] = set()
        for g in golds:
            match = _match(preds, used, g)
            if match is None:
                self.fn += 1
                self.misses.append(f"{d['doc']}:{g['start']} missed {g['text']!r}")
                continue
            used.add(match)
            self.tp += 1
            self._resolution(d["doc"], g, preds[match], places[g["place"]])
            if g.get("role"):
                self._role(d["doc"], g, preds[match])
        for i, m in enumerate(preds):
            if i in used:
                continue
            # A prediction overlapping a non-literal gold mention is not a false positive.
            if any(overlaps((m.start, m.end), (g["start"], g["end"])) for g in d["mentions"]):
                continue
            self.fp += 1
            self.misses.append(f"{d['doc']}:{m.start} spurious {m.text!r}")

    def _resolution(self, name: str, g: dict[str, Any], m: Mention, gp: dict[str, Any]) -> None:
        self.res_total += 1
        if m.place and haversine_km(m.place.lat, m.place.lon, gp["lat"], gp["lon"]) <= gp.get(
            "tolerance_km", 161
        ):
            self.resolved += 1
        else:
            self.misses.append(
                f"{name}:{g['start']} {g['text']!r} resolved to "
                f"{m.place.name if m.place else None} (gold {gp['name']})"
            )

    def _role(self, name: str, g: dict[str, Any], m: Mention) -> None:
        self.role_total += 1
        if g["role"] != "context":
            self.event_total += 1
            self.event_ok += layer_of(m.role) == layer_of(g["role"])
            self.actor_ok += m.actor == g.get("actor")
        if g.get("event_type"):
            self.type_total += 1
            self.type_ok += m.event_type == g["event_type"]
        self.strict_ok += m.role == g["role"]
        if layer_of(m.role) == layer_of(g["role"]):
            self.layer_ok += 1
        else:
            self.misses.append(
                f"{name}:{g['start']} {g['text']!r} role {m.role} (gold {g['role']})"
            )

    def scores(self) -> dict[str, Any]:
        return {
            "detection": _prf(self.tp, self.fp, self.fn)
            | {"tp": self.tp, "fp": self.fp, "fn": self.fn},
            "resolution_accuracy": _ratio(self.resolved, self.res_total),
            "role_accuracy_layer": _ratio(self.layer_ok, self.role_total),
            "role_accuracy_strict": _ratio(self.strict_ok, self.role_total),
            "event_layer_recall": _ratio(self.event_ok, self.event_total),
            "actor_accuracy": _ratio(self.actor_ok, self.event_total),
            "event_type_accuracy": (
                _ratio(self.type_ok, self.type_total) if self.type_total else None
            ),
            "misses": self.misses,
        }


def _ratio(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


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
    root = _corpus_root(path)
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
                try:
                    lat, lon = float(gaz.findtext("lat") or 0), float(gaz.findtext("lon") or 0)
                except ValueError:  # a position that is no number: scored as unlocated
                    lat = lon = None
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


def _corpus_root(path: str | Path) -> ET.Element:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file; the corpora are not in the repository: download "
            "TR-News, LGL or GeoWebNews (see README, Evaluation) and give its path"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ET.ParseError, UnicodeError, RecursionError) as exc:
        raise InputError(f"{path}: not a corpus XML file: {exc or 'nested too deeply'}") from None
    if root.find(".//article") is None and root.tag != "article":
        raise InputError(f"{path}: not a corpus XML file: no <article> element")
    return root


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
    articles = read_corpus(path)[:limit]
    idx = load_index(gazetteer)
    tally = _CorpusTally()
    t0 = time.perf_counter()
    for art in articles:
        src = Source(art["id"], None, art["text"])
        doc = extract_source(src, index=idx, published=_article_date(art["date"]))
        tally.add(art, _counted(doc, literal_only=literal_only))
    elapsed = time.perf_counter() - t0
    chars = sum(len(art["text"]) for art in articles)
    return {
        "kind": "corpus",
        "literal_only": literal_only,
        "corpus": Path(path).name,
        "documents": len(articles),
        "toponyms": sum(len(a["toponyms"]) for a in articles),
        **tally.scores(),
        "docs_per_second": round(len(articles) / elapsed, 1) if elapsed else None,
        "mb_per_second": round(chars / 1e6 / elapsed, 3) if elapsed else None,
        "misses": tally.misses,
    }


def _article_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _counted(doc: Document, *, literal_only: bool) -> list[Mention]:
    # The corpora annotate every toponym, metonymic uses and demonyms included, so
    # every mention that names a place counts; organisations' names do not.
    return [
        m
        for m in doc.mentions
        if m.place is not None
        and (m.literal or (not literal_only and m.use in ("metonymic", "demonym")))
    ]


class _CorpusTally:
    """The counts behind :func:`evaluate_corpus`, one article at a time."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.etp = self.efp = self.efn = 0
        self.with_coords = self.hits = 0
        self.errors: list[float] = []
        self.misses: list[str] = []

    def add(self, art: dict[str, Any], preds: list[Mention]) -> None:
        golds = art["toponyms"]
        exact_pred = {(m.start, m.end) for m in preds}
        exact_gold = {(g["start"], g["end"]) for g in golds}
        self.etp += len(exact_pred & exact_gold)
        self.efp += len(exact_pred - exact_gold)
        self.efn += len(exact_gold - exact_pred)
        used: set[int] = set()
        for g in golds:
            match = _match(preds, used, g)
            if g["lat"] is not None:
                self.with_coords += 1
            if match is None:
                self.fn += 1
                self.misses.append(f"{art['id']}: missed {g['phrase']!r}")
                continue
            used.add(match)
            self.tp += 1
            self._distance(art["id"], g, preds[match])
        for i, m in enumerate(preds):
            if i not in used:
                self.fp += 1
                self.misses.append(
                    f"{art['id']}: spurious {m.text!r} ({m.place.name if m.place else '-'})"
                )

    def _distance(self, name: str, g: dict[str, Any], m: Mention) -> None:
        if g["lat"] is None or m.place is None:
            return
        err = haversine_km(m.place.lat, m.place.lon, g["lat"], g["lon"])
        self.errors.append(err)
        if err <= 161:
            self.hits += 1
        else:
            self.misses.append(
                f"{name}: {g['phrase']!r} -> {m.place.name} ({m.place.country}) off by {err:.0f} km"
            )

    def scores(self) -> dict[str, Any]:
        errors = self.errors
        return {
            "detection": _prf(self.tp, self.fp, self.fn)
            | {"tp": self.tp, "fp": self.fp, "fn": self.fn},
            "detection_exact": _prf(self.etp, self.efp, self.efn),
            "acc_at_161": _ratio(self.hits, self.with_coords),
            "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_error_km": round(statistics.median(errors), 1) if errors else None,
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
            f"where events happen  layer {r['event_layer_recall']:.3f}, actor "
            f"{r['actor_accuracy']:.3f}, event type "
            + (f"{r['event_type_accuracy']:.3f}" if r["event_type_accuracy"] is not None else "—"),
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
