"""Indexing and search at growing archive sizes (issue 6): about 6k, 20k and 80k Arabic articles.

    $ python bench/bench_scale.py [--shared ../shared] [--sizes 6k,20k,80k]

Each size is a folder of links to ../shared corpora; `mirsad index` builds it in a child process
(time, peak RSS, index size), then bench_search.py measures latency with and without facets.
Writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "6k": ["hespress_stories_partial"],
    "20k": ["hespress_stories_partial", "ant_v1.1_jawharafm", "moroccan_news_corpus_sample"],
    "80k": [
        "hespress_stories_partial",
        "ant_v1.1_jawharafm",
        "moroccan_news_corpus_sample",
        "ant_multisource_v2.1",
        "saudinewsnet",
    ],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sizes", default="6k,20k,80k")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="mirsad-scale-") as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            for name in SIZES[size]:
                (corpus / f"{name}.jsonl.xz").symlink_to(Path(args.shared) / "corpus" / f"{name}.jsonl.xz")
            index = Path(tmp) / "index"
            start = time.monotonic()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            done = subprocess.run(
                [sys.executable, "-m", "search.cli", "index", str(corpus), "--index", str(index), "--quiet"],
                env=env,
                capture_output=True,
                text=True,
            )
            seconds = time.monotonic() - start
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            summary = done.stdout.strip().splitlines()
            manifest = json.loads((index / "manifest.json").read_text())
            size_mb = sum(f.stat().st_size for f in index.resolve().rglob("*") if f.is_file()) / 2**20
            search = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "bench_search.py"), str(index)],
                env=env,
                capture_output=True,
                text=True,
            ).stdout
            row = {
                "size": size,
                "articles": manifest["documents"],
                "index_seconds": round(seconds, 1),
                "articles_per_s": round(manifest["documents"] / seconds, 1),
                "peak_rss_mb_max_child": round(peak),
                "index_mb": round(size_mb, 1),
                "summary": summary[:2],
                "search": search.strip().splitlines(),
            }
            results.append(row)
            print(json.dumps(row, ensure_ascii=False, indent=1), flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
