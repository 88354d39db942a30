"""Indexing speed and peak memory: Mirsad's pipeline, the same without extraction, and plain Whoosh.

    $ python bench/bench_index.py ../shared/corpus/hespress_stories_partial.jsonl.xz [--repeat 1]

Each variant runs in its own process (peak RSS is per process) on the same articles:
- mirsad: read → clean → extract → analyze → index, as `mirsad index` does;
- mirsad-no-extract: the same with entity extraction switched off (its cost is the difference);
- whoosh-default: plain Whoosh, `StemmingAnalyzer` on title and body, what a Python developer gets
  out of the box (articles read by the same reader, no cleaning).
Prints a table and writes bench/results/index-<corpus>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("mirsad", "mirsad-no-extract", "whoosh-default")


def run_variant(variant: str, corpus: str, out: str, procs: int = 2) -> dict:
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    if variant.startswith("mirsad"):
        import search.indexer as indexer
        import search.prepare as prepare
        from search.extract import Entities

        if variant == "mirsad-no-extract":
            no_extract = lambda a, *_: Entities(year=a.published.year if a.published else None)  # noqa: E731
            prepare.extract = no_extract  # type: ignore
        report = indexer.build_index(corpus, out, procs=procs)
        count = report.indexed
    else:
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema

        from search.read import ReadReport, iter_corpus

        schema = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        )
        os.makedirs(out, exist_ok=True)
        ix = index.create_in(out, schema)
        # With several processes: Whoosh's multiprocessing writer, its segments kept as they are
        # (as Mirsad keeps its workers' segments).
        many = {"procs": procs, "multisegment": True} if procs > 1 else {}
        writer = ix.writer(limitmb=256 // procs, **many)
        count = 0
        for raw in iter_corpus(corpus, ReadReport()):
            writer.add_document(id=raw.record_id, title=str(raw.fields.get("title", "")), body=raw.text)
            count += 1
        writer.commit(optimize=False)
    seconds = time.perf_counter() - start
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    size = sum(f.stat().st_size for f in Path(out).rglob("*") if f.is_file())
    # The largest of this process and its (joined) analysing processes.
    peak_mb = (
        max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        / 1024
    )
    return {
        "variant": variant,
        "articles": count,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(count / seconds, 1),
        "peak_rss_mb": round(peak_mb),
        "index_mb": round(size / 2**20, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--procs", type=int, default=2, help="processes for every variant (the same for all)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_variant(args.child, args.corpus, args.out, args.procs)))
        return 0
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    variants = args.variants.split(",")
    runs: dict[str, list[dict]] = {v: [] for v in variants}
    for _ in range(args.repeat):  # interleaved: a busy moment of the machine hits every variant
        for variant in variants:
            tmp = tempfile.mkdtemp(prefix="mirsad-bench-")
            try:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        args.corpus,
                        "--child",
                        variant,
                        "--out",
                        f"{tmp}/ix",
                        "--procs",
                        str(args.procs),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                runs[variant].append(json.loads(out.strip().splitlines()[-1]))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for variant in variants:
        row = dict(runs[variant][0])
        for key in ("seconds", "cpu_seconds", "articles_per_s", "peak_rss_mb"):
            row[key] = statistics.median(r[key] for r in runs[variant])
        row["runs"] = [r["seconds"] for r in runs[variant]]
        rows.append(row)
        print(
            f"{variant:20} {row['articles']:7} articles {row['seconds']:8.1f} s "
            f"(CPU {row['cpu_seconds']:6.1f} s; runs {', '.join(str(s) for s in row['runs'])}) "
            f"{row['articles_per_s']:7.1f}/s peak {row['peak_rss_mb']:5} MB index {row['index_mb']:6} MB",
            flush=True,
        )
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    name = Path(args.corpus).name.split(".")[0]
    out_json = {"corpus": args.corpus, "procs": args.procs, "rows": rows}
    (results / f"index-{name}.json").write_text(json.dumps(out_json, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
