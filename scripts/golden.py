#!/usr/bin/env python3
"""Golden outputs: JSON, GeoJSON and CSV of three corpora, to prove a refactor changes nothing.

The corpora are the seeds, TR-News (read from ``../shared``, never copied into the
repository) and 1,000 articles generated from it by ``bench/run.py``'s generator. Each is
extracted by the ``geomap`` command of this source tree, one file per format.

Usage::

    python scripts/golden.py write /tmp/golden-before   # before the change
    python scripts/golden.py write /tmp/golden-after    # after it
    python scripts/golden.py compare /tmp/golden-before /tmp/golden-after

``compare`` prints each file that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import TR_NEWS, make_corpus  # noqa: E402

# Fixed paths, outside any checkout: the JSON output names each input file, so runs from two
# work trees must read the same ones.
CORPORA = Path("/tmp/geomap-golden-corpora")
FORMATS = {"json": "json", "geojson": "geojson", "csv": "csv"}


def corpora() -> dict[str, Path]:
    """The corpora as folders of articles, written once."""
    from geomap.evaluate import read_corpus

    seeds = CORPORA / "seeds"
    if not seeds.exists():
        shutil.copytree(ROOT / "seeds", seeds)
    found = {"seeds": seeds}
    if not TR_NEWS.exists():
        print(f"warning: {TR_NEWS} not found; TR-News corpora skipped", file=sys.stderr)
        return found
    texts = [a["text"] for a in read_corpus(TR_NEWS)]
    trnews = CORPORA / "trnews"
    if not trnews.exists():
        trnews.mkdir(parents=True)
        for i, text in enumerate(texts):
            (trnews / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    generated = CORPORA / "generated"
    if not generated.exists():
        make_corpus(generated, 1000, [t for t in texts if t.strip()])
    return found | {"trnews": trnews, "generated": generated}


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, folder in corpora().items():
        for ext, fmt in FORMATS.items():
            target = out / f"{name}.{ext}"
            cmd = [sys.executable, "-m", "geomap", "extract", str(folder), "--format", fmt]
            subprocess.run([*cmd, "-o", str(target), "--overwrite", "--jobs", "2"], check=True)
            print(f"wrote {target}")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    bad = [n for n in names if not filecmp.cmp(before / n, after / n, shallow=False)]
    for n in bad:
        print(f"differs: {n}")
    print(f"{len(names) - len(bad)} of {len(names)} files identical")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("write").add_argument("out", type=Path)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "write":
        write(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
