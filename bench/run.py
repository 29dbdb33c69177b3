"""Measure geomap's speed, memory and map size on this machine, in one run.

Usage::

    python bench/run.py [--docs 10000] [--quick] [--jobs 2] [--keep DIR]

Every figure is measured in this run, on this machine; comparisons are printed as ratios
so they travel between machines. ``bench/README.md`` explains each row and its target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TR_NEWS = ROOT.parent / "shared" / "eval" / "corpora" / "TR-News.xml"

__all__ = ["make_corpus", "time_process", "synthetic_sites", "main"]

# Whole-process runs of the other extractors: import, read every file, extract.
GEOTEXT = """
import sys, pathlib
from geotext import GeoText
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    g = GeoText(p.read_text(encoding="utf-8"))
    n += len(g.cities) + len(g.countries)
print(n)
"""
FLASHGEOTEXT = """
import sys, pathlib
from flashgeotext.geotext import GeoText
gt = GeoText()
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    r = gt.extract(input_text=p.read_text(encoding="utf-8"))
    n += sum(len(v["found_as"]) for k in r.values() for v in k.values())
print(n)
"""


@dataclass
class Run:
    """One subprocess: wall seconds and peak resident memory in MB."""

    seconds: float
    rss_mb: float
    ok: bool
    cpu: float = 0.0  # user + system seconds of the process and its children


def base_texts() -> tuple[str, list[str]]:
    """News texts to cycle: TR-News when present, else ``seeds/``."""
    if TR_NEWS.exists():
        sys.path.insert(0, str(ROOT))
        from geomap.evaluate import read_corpus

        texts = [a["text"] for a in read_corpus(TR_NEWS) if a["text"].strip()]
        if texts:
            return "TR-News", texts
    return "seeds", [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def make_corpus(folder: Path, n: int, texts: list[str], seed: int = 0) -> int:
    """Write ``n`` lightly varied articles into ``folder``; return the total bytes.

    Article ``i`` is base text ``i % len(texts)`` with its paragraphs rotated and a
    dateline added, so no two files are identical but the language stays real news.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    day0 = dt.date(2017, 1, 1)
    for i in range(n):
        paras = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
        k = (i // len(texts)) % max(1, len(paras))
        paras = paras[k:] + paras[:k]
        day = day0 + dt.timedelta(days=rng.randrange(365))
        body = f"Report {i}, {day:%B} {day.day}, {day.year}.\n\n" + "\n\n".join(paras) + "\n"
        data = body.encode("utf-8")
        (folder / f"{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def time_process(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion, output discarded; wall time and its peak RSS.

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest child so far, so each measured
    command runs in a fresh ``python`` that reports its own children's peak.
    """
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "sys.stderr.write(r.stderr.decode(errors='replace')[-2000:] if r.returncode else '')\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(dt, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], env=env, capture_output=True, text=True, check=False
    )
    if out.stderr.strip():
        sys.stderr.write(out.stderr)
    secs, rss_kb, rc, cpu = out.stdout.split()
    return Run(float(secs), int(rss_kb) / 1024, rc == "0", float(cpu))


def synthetic_sites(n: int, seed: int = 0) -> list:
    """``n`` Sites with one or two events each, scattered over Great Britain."""
    from geomap.models import Event, Evidence, Site

    rng = random.Random(seed)
    roles = ["incident", "guard", "cordon", "patrol", "deployment", "standby", "closure", "context"]
    actors = ["military", "police", "special_forces", "emergency_services", None]
    out = []
    for i in range(n):
        events = []
        for j in range(rng.choice((1, 1, 2))):
            role = rng.choice(roles)
            doc = f"doc{rng.randrange(max(1, n // 10)):05d}"
            day = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(365))
            quote = f"Officers were sent to site {i} on {day:%B %d}."
            events.append(Event(
                id=f"e{i}-{j}", role=role, actor=rng.choice(actors), date=day,
                documents=[doc],
                evidence=[Evidence(document=doc, start=0, end=len(quote), quote=quote,
                                   role=role)],
            ))  # fmt: skip
        out.append(Site(
            id=f"s{i}", name=f"Site {i}", kind="site", lat=rng.uniform(50.0, 58.5),
            lon=rng.uniform(-5.5, 1.7), country="GB", events=events,
            roles=sorted({e.role for e in events}),
            actors=sorted({e.actor for e in events if e.actor}),
            documents=sorted({d for e in events for d in e.documents}),
            mentions=len(events),
        ))  # fmt: skip
    return out


def bench_map(n: int, out: Path) -> tuple[float, float]:
    """Seconds to build and render a map of ``n`` sites, and its HTML size in MB."""
    from geomap.output.render import build_map, map_html

    sites = synthetic_sites(n)
    t = time.perf_counter()
    html = map_html(build_map(sites, title=f"{n} sites"))
    secs = time.perf_counter() - t
    out.write_text(html, encoding="utf-8")
    return secs, len(html.encode("utf-8")) / 1e6


def first_marker_seconds(html: Path) -> float | None:
    """Seconds from navigation to the first marker drawn, in headless Debian Chromium.

    None when Chromium or Playwright is missing. Every network request is refused, so the
    figure is the offline one.
    """
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    from geomap.output.snapshot import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route(
                "**/*",
                lambda r: (
                    r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                ),
            )
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector(".leaflet-marker-icon", state="attached", timeout=60_000)
            return float(page.evaluate("performance.now()")) / 1000
        finally:
            browser.close()


def bench_hostile(work: Path, env: dict[str, str]) -> list[tuple[str, str, str]]:
    """Rows for texts built to be slow: each at two sizes, CPU seconds and their ratio.

    Linear work doubles with the text: a ratio near 2 (target <= 2.5).
    """
    texts = {
        "'London ' x N": lambda n: "London " * n,
        "N one-letter words, no spaces": lambda n: "a," * (5 * n),
        "N newlines": lambda n: "Troops in London" + "\n" * (5 * n) + "guard Paris",
    }
    rows = []
    for name, make in texts.items():
        cpu = []
        for n in (10_000, 20_000):
            path = work / "hostile.txt"
            path.write_text(make(n), encoding="utf-8")
            r = time_process(geomap_cmd("extract", str(path), "--format", "jsonl"), env)
            cpu.append(r.cpu)
        rows.append((
            f"hostile: {name}, N = 20,000",
            f"{cpu[1]:.1f} s CPU",
            f"{cpu[1] / cpu[0]:.2f}x N = 10,000 (target <= 2.5, under 20 s); peak RSS "
            f"{r.rss_mb:,.0f} MB",
        ))  # fmt: skip
    return rows


def geomap_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "geomap", *args]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="articles in the corpus")
    ap.add_argument(
        "--quick", action="store_true", help="1,000 articles and maps of 1k/10k sites only"
    )
    ap.add_argument("--jobs", type=int, default=2, help="also time extract --jobs N (0: skip)")
    ap.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    a = ap.parse_args(argv)
    n_docs = 1_000 if a.quick and a.docs == 10_000 else a.docs
    map_sizes = [1_000, 10_000] if a.quick else [1_000, 10_000, 100_000]
    rows: list[tuple[str, str, str]] = []

    def row(name: str, value: str, note: str = "") -> None:
        rows.append((name, value, note))
        print(f"  {name:<44} {value:>14}  {note}", file=sys.stderr, flush=True)

    load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    corpus = a.keep or work / "corpus"
    env = dict(
        os.environ,
        GEOMAP_CACHE=str(work / "cache"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    try:
        source, texts = base_texts()
        nbytes = make_corpus(corpus, n_docs, texts)
        mb = nbytes / 1e6
        print(
            f"corpus: {n_docs} articles from {source} ({len(texts)} texts), {mb:.1f} MB, "
            f"{os.cpu_count()} CPUs (load {load:.1f}), Python {sys.version.split()[0]}",
            file=sys.stderr,
        )

        # (c) index: cold build into an empty cache, then a warm load from it.
        probe = (
            "import time; t=time.perf_counter(); from geomap.gazetteer.index import load_index; "
            "load_index(); print(time.perf_counter()-t)"
        )
        cold = float(
            subprocess.run(
                [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        warm = float(
            subprocess.run(
                [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        row("index build (cold cache)", f"{cold:.2f} s")
        row("index load (warm cache)", f"{warm:.3f} s", f"{cold / warm:.0f}x faster than cold")

        # (e) the everyday command: a map of seeds/ with a warm cache.
        out_html = work / "seeds.html"
        r = time_process(geomap_cmd("map", str(SEEDS), "-o", str(out_html), "--overwrite"), env)
        row(
            "geomap map seeds/ (warm, whole process)",
            f"{r.seconds:.2f} s",
            "target <= 1 s"
            + ("" if r.ok else " FAILED")
            + f"; peak RSS {r.rss_mb:,.0f} MB"
            + " (target <= 400 MB)",
        )
        first = first_marker_seconds(out_html) if r.ok else None
        row(
            "seeds map: first marker in Chromium",
            "no browser" if first is None else f"{first:.2f} s",
            f"target <= 1 s; {out_html.stat().st_size / 1e6:.2f} MB HTML (target <= 1.5 MB)"
            if r.ok
            else "",
        )

        # (a, d) whole-process extraction of the corpus.
        ext = geomap_cmd("extract", str(corpus), "--format", "jsonl")
        g1 = time_process(ext, env)
        row(
            "geomap extract (1 process)",
            f"{n_docs / g1.seconds:,.0f} docs/s",
            f"{mb / g1.seconds:.2f} MB/s, {g1.seconds:.1f} s wall, {g1.cpu:.1f} s CPU"
            + ("" if g1.ok else " FAILED"),
        )
        row("geomap extract peak RSS", f"{g1.rss_mb:,.0f} MB")
        if a.jobs > 1:
            gj = time_process([*ext, "--jobs", str(a.jobs)], env)
            row(
                f"geomap extract --jobs {a.jobs}",
                f"{n_docs / gj.seconds:,.0f} docs/s",
                f"{g1.seconds / gj.seconds:.2f}x the 1-process run, {gj.cpu:.1f} s CPU, peak RSS "
                f"{gj.rss_mb:,.0f} MB (largest process)",
            )

        # One long file: extraction must stay linear in a document's length.
        big = work / "one-long-article.txt"
        with big.open("w", encoding="utf-8") as fh:
            for f in sorted(corpus.glob("*.txt"))[:1500]:
                fh.write(f.read_text(encoding="utf-8") + "\n\n")
        big_mb = big.stat().st_size / 1e6
        gb = time_process(geomap_cmd("extract", str(big), "--format", "jsonl"), env)
        row(
            f"geomap extract, one {big_mb:.1f} MB file",
            f"{big_mb / gb.seconds:.2f} MB/s",
            f"{gb.seconds:.1f} s wall, peak RSS {gb.rss_mb:,.0f} MB; compare the MB/s above"
            + ("" if gb.ok else " FAILED"),
        )

        for hostile in bench_hostile(work, env):
            row(*hostile)

        # (b) the same files through geotext and flashgeotext, whole process.
        for name, script in (("geotext", GEOTEXT), ("flashgeotext", FLASHGEOTEXT)):
            try:
                __import__(name)
            except ImportError:
                row(f"{name}", "not installed", "pip install -e '.[bench]'")
                continue
            o = time_process([sys.executable, "-c", script, str(corpus)], env)
            target = "target >= 1.0" if name == "geotext" else ""
            row(
                f"{name} (1 process)",
                f"{n_docs / o.seconds:,.0f} docs/s",
                f"{mb / o.seconds:.2f} MB/s, {o.cpu:.1f} s CPU, RSS {o.rss_mb:,.0f} MB",
            )
            row(
                f"  throughput geomap / {name}",
                f"{o.seconds / g1.seconds:.3f}",
                f"per CPU second {o.cpu / g1.cpu:.3f}; {target}",
            )

        # (f) map build + render for synthetic sites, in this process.
        for n in map_sizes:
            secs, size = bench_map(n, work / f"map-{n}.html")
            row(
                f"map of {n:,} sites: build + HTML",
                f"{secs:.2f} s",
                f"{size:.1f} MB HTML" + ("; target <= 10 s" if n == 100_000 else ""),
            )
            if n == 10_000:
                first = first_marker_seconds(work / f"map-{n}.html")
                row(
                    f"map of {n:,} sites: first marker in Chromium",
                    "no browser" if first is None else f"{first:.2f} s",
                    "target <= 3 s",
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print("| figure | value | note |\n|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name.strip()} | {value} | {note} |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
